/**
 * The Firefox build in a real Firefox. A share link on a web page gets its badge (the content
 * script's texts go to the background, which finds the link: issue 11). Then issue 9, "tokens
 * nowhere but where they belong": signed in
 * through the options page, one file downloaded from the viewer and read back from disk; then
 * Firefox quits and every file of its profile — HTTP cache, storage, session files — is searched
 * for every refresh token the fake ever issued to the user, live or spent, compressed cache bodies
 * and mozLz4 files decoded (profile-scan.ts). None may be there, except the web app's own session
 * in www.alipan.com's storage. Before that, "Import from alipan.com" twice: the second import
 * finds the token the extension already used and is refused (headless Firefox grants the optional
 * permission the import asks for without a prompt, where headless Chromium cannot).
 */
import { mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../must';
import { driveLeftovers, file, filesOf, filesOnDisk } from './downloads-kit.ts';
import { type FakeAlipan, type FakeUser, startFakeAlipan } from './fake-alipan/server.ts';
import { type FirefoxExtension, launchFirefoxExtension } from './firefox-harness.ts';
import { newAccount, type PageServer, startPageServer, viewerPath } from './harness.ts';
import { filesHolding } from './profile-scan.ts';

const SHARE = {
  shareId: 'ffSingle001',
  name: 'Firefox share',
  tree: [
    file('report 2024.pdf', 200_000),
    file('notes.txt', 2_000),
    // 你好，世界\n中文 in GBK: the preview pane reads it from the CDN through the host permission.
    { name: 'gbk.txt', type: 'file' as const, content: Buffer.from('c4e3bac3a3accac0bde70ad6d0cec4', 'hex') },
  ],
};
/** Waits on a page are bounded by the test's timeout; a busy 2-core machine is slow, never stuck. */
const PATIENT = { timeout: 45_000 };

let fake: FakeAlipan;
let pages: PageServer | undefined;
let ff: FirefoxExtension | undefined;
let downloadsDir: string;
/** Every account the run signed in: the profile may hold none of their refresh tokens. */
const accounts: FakeUser[] = [];
/** The session the web app keeps in its own localStorage (put there by the import test): the site's, not ours. */
let webAppSession: { token: string; where: string } | undefined;

beforeAll(async () => {
  fake = await startFakeAlipan();
  fake.addShare(SHARE);
  pages = await startPageServer(['forum.test']);
  pages.set(
    'forum.test',
    '/thread',
    `<!doctype html><meta charset="utf-8"><p>资源：https://www.alipan.com/s/${SHARE.shareId} 谢谢</p>`,
  );
  downloadsDir = realpathSync(mkdtempSync(join(tmpdir(), 'alipan-ff-downloads-')));
  ff = await launchFirefoxExtension({ fake, pages, downloadsDir });
});
afterAll(async () => {
  await ff?.dispose();
  await pages?.close();
  await fake?.close();
  if (downloadsDir) rmSync(downloadsDir, { recursive: true, force: true });
});

async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForSelector(selector, PATIENT);
  await page.locator(selector).fill(value);
}

/** Signs in at www.alipan.com as the web app does: its session goes to `localStorage.token` (§0). */
async function webAppSignedIn(user: FakeUser): Promise<Page> {
  const tab = await must(ff).browser.newPage();
  await tab.goto('https://www.alipan.com/drive/file/all', PATIENT);
  const session = JSON.stringify({
    access_token: 'web-app-own-access',
    refresh_token: user.webRefreshToken,
    user_id: user.userId,
  });
  await tab.evaluate((value) => localStorage.setItem('token', value), session);
  return tab;
}

const ALREADY_USED = 'This token was already used by the extension; you are still signed in.';

describe('Firefox', () => {
  it('badges a share link on a web page: the content script sends the text, the background finds the link', async () => {
    const tab = await must(ff).browser.newPage();
    await tab.goto('http://forum.test/thread', PATIENT);
    const badge = `alipan-share-badge[data-share-id="${SHARE.shareId}"][data-state="valid"]`;
    await tab.waitForSelector(badge, PATIENT);
    expect(await tab.$eval('p', (p) => p.textContent)).toBe(`资源：https://www.alipan.com/s/${SHARE.shareId} 谢谢`);
    expect(await tab.$$eval('alipan-share-badge', (badges) => badges.length)).toBe(1);
    // Drawn by the badge sheet (a <style> in Firefox): its icon and label are generated text
    // (Firefox gives the label's computed content as written, `attr(data-label)`).
    expect(
      await tab.$eval(badge, (b) => [
        getComputedStyle(b).display,
        getComputedStyle(b, '::before').content,
        getComputedStyle(b, '::after').content,
        b.getAttribute('data-label'),
      ]),
    ).toEqual(['inline-flex', '"\u2713"', 'attr(data-label)', 'Valid']);
    await tab.close();
  });

  it('"Import from alipan.com" signs in; importing again the token that tab still holds is refused and the account stays ok', async () => {
    const user = newAccount(fake);
    accounts.push(user);
    const imported = user.webRefreshToken;
    webAppSession = { token: imported, where: join('storage', 'default', 'https+++www.alipan.com') };
    await webAppSignedIn(user);
    const options = await must(ff).openPage('options.html');
    await fill(options, 'input[name="openRefreshToken"]', user.openRefreshToken);
    await options.click('button[type="submit"]');
    await options.waitForSelector('[data-account-state="error"]', PATIENT); // the web token is still missing
    await options.click('button[data-action="import-web-session"]');
    await options.waitForSelector('[data-account-state="ok"]', PATIENT);
    // The web app's tab still holds the token the extension just used (and rotated).
    expect(user.webRefreshToken).not.toBe(imported);

    await options.click('button[data-action="import-web-session"]');
    await options.waitForFunction(
      (text) => document.querySelector('[role="alert"]')?.textContent === text,
      PATIENT,
      ALREADY_USED,
    );
    expect(await options.$eval('[data-account-state]', (e) => e.getAttribute('data-account-state'))).toBe('ok');
    // The spent token was sent once, never again; the working one still works.
    expect(fake.log.filter((r) => r.path === '/v2/account/token' && r.body.refresh_token === imported)).toHaveLength(1);
    fake.expireAccessTokens();
    await options.locator('::-p-text(Check again)').click();
    await options.waitForSelector('[data-account-state="ok"]', PATIENT);
    expect(fake.log.filter((r) => r.code === 'InvalidParameter.RefreshToken')).toEqual([]);
    await options.close();
  });

  it('signs in, downloads a file, previews a GBK text, and leaves no refresh token in any file of the profile', async () => {
    const user = newAccount(fake);
    accounts.push(user);
    const options = await must(ff).openPage('options.html');
    await fill(options, 'input[name="webRefreshToken"]', user.webRefreshToken);
    await fill(options, 'input[name="openRefreshToken"]', user.openRefreshToken);
    await options.click('button[type="submit"]');
    await options.waitForSelector('[data-account-state="ok"]', PATIENT);

    const viewer = await must(ff).openPage(viewerPath(SHARE.shareId));
    await viewer.waitForSelector(`[data-folder-id="root"][data-total-items="${SHARE.tree.length}"]`, PATIENT);
    await viewer.click('[data-name="report 2024.pdf"] button[data-action="download"]');
    await viewer.waitForSelector('[data-job-state="done"]', PATIENT);
    expect(filesOnDisk(downloadsDir)).toEqual(
      new Map([['Firefox share/report 2024.pdf', filesOf(SHARE.tree).get('report 2024.pdf')]]),
    );

    // Firefox grants MV3 host permissions its own way: the pane's read of the CDN (no CORS there) must work here too.
    await viewer.click('[data-name="gbk.txt"] button[data-action="preview"]');
    await viewer.waitForSelector('[data-preview="ready"][data-preview-kind="text"]', PATIENT);
    expect(await viewer.$eval('pre.preview-text', (pre) => pre.textContent)).toBe('你好，世界\n中文');
    await viewer.click('button[data-action="close-preview"]');
    await expect
      .poll(() => driveLeftovers(user).filter((f) => !f.trashed && f.name === 'gbk.txt'), PATIENT)
      .toEqual([]);

    // Both tokens were used and rotated: what the profile must not hold is live and spent ones alike.
    expect(user.issuedRefreshTokens.length).toBeGreaterThanOrEqual(4);
    const tokens = accounts.flatMap((a) => a.issuedRefreshTokens);
    await must(ff).quit();
    // The HTTP cache is in the profile (a -profile folder keeps it there) and in use: the search covers it.
    expect(readdirSync(join(must(ff).profileDir, 'cache2', 'entries'))).not.toEqual([]);
    const ours = (hit: string) =>
      !(webAppSession && hit.startsWith(webAppSession.where) && hit.endsWith(` holds ${webAppSession.token}`));
    expect(filesHolding(must(ff).profileDir, tokens).filter(ours)).toEqual([]);
  });
});
