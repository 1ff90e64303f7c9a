/**
 * The Firefox build in a real Firefox (issue 9, "tokens nowhere but where they belong"): signed in
 * through the options page, one file downloaded from the viewer and read back from disk; then
 * Firefox quits and every file of its profile — HTTP cache, storage, session files — is searched
 * for every refresh token the fake ever issued to the user, live or spent, compressed cache bodies
 * and mozLz4 files decoded (profile-scan.ts). None may be there.
 */
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { file, filesOf, filesOnDisk } from './downloads-kit.ts';
import { startFakeAlipan, type FakeAlipan } from './fake-alipan/server.ts';
import { launchFirefoxExtension, type FirefoxExtension } from './firefox-harness.ts';
import { newAccount, viewerPath } from './harness.ts';
import { filesHolding } from './profile-scan.ts';

const SHARE = { shareId: 'ffSingle001', name: 'Firefox share', tree: [file('report 2024.pdf', 200_000), file('notes.txt', 2_000)] };
/** Waits on a page are bounded by the test's timeout; a busy 2-core machine is slow, never stuck. */
const PATIENT = { timeout: 45_000 };

let fake: FakeAlipan;
let ff: FirefoxExtension | undefined;
let downloadsDir: string;

beforeAll(async () => {
  fake = await startFakeAlipan();
  fake.addShare(SHARE);
  downloadsDir = realpathSync(mkdtempSync(join(tmpdir(), 'alipan-ff-downloads-')));
  ff = await launchFirefoxExtension({ fake, downloadsDir });
});
afterAll(async () => {
  await ff?.dispose();
  await fake?.close();
  if (downloadsDir) rmSync(downloadsDir, { recursive: true, force: true });
});

async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector, PATIENT);
  await page.locator(selector).fill(value);
}

describe('Firefox', () => {
  it('signs in, downloads a file, and leaves no refresh token in any file of the profile', async () => {
    const user = newAccount(fake);
    const options = await ff!.openPage('options.html');
    await fill(options, 'input[name="webRefreshToken"]', user.webRefreshToken);
    await fill(options, 'input[name="openRefreshToken"]', user.openRefreshToken);
    await options.click('button[type="submit"]');
    await options.waitForSelector('[data-account-state="ok"]', PATIENT);

    const viewer = await ff!.openPage(viewerPath(SHARE.shareId));
    await viewer.waitForSelector(`[data-folder-id="root"][data-total-items="${SHARE.tree.length}"]`, PATIENT);
    await viewer.click('[data-name="report 2024.pdf"] button[data-action="download"]');
    await viewer.waitForSelector('[data-job-state="done"]', PATIENT);
    expect(filesOnDisk(downloadsDir)).toEqual(
      new Map([['Firefox share/report 2024.pdf', filesOf(SHARE.tree).get('report 2024.pdf')]]),
    );

    // Both tokens were used and rotated: what the profile must not hold is live and spent ones alike.
    const tokens = user.issuedRefreshTokens;
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    await ff!.quit();
    // The HTTP cache is in the profile (a -profile folder keeps it there) and in use: the search covers it.
    expect(readdirSync(join(ff!.profileDir, 'cache2', 'entries'))).not.toEqual([]);
    expect(filesHolding(ff!.profileDir, tokens)).toEqual([]);
  });
});
