/**
 * An account that never logs the user out (issue 9), on the production build against the strict
 * fake: a spent token pasted again, a token answer that is an HTML page, the relay
 * overloaded during a download, "Check again" during a job, and sign-out while copies are held.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must';
import { driveLeftovers, file, jobEnd } from './downloads-kit.ts';
import { type FakeAlipan, type FakeUser, startFakeAlipan } from './fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signedInViewer, signIn } from './harness.ts';

let fake: FakeAlipan;
let ext: ExtensionBrowser | undefined;
let downloadsDir: string;

const SHARE = {
  shareId: 'acSafety001',
  name: 'Safety',
  tree: [file('a.bin', 200_000), file('b.bin', 200_000), file('c.bin', 200_000)],
};
/** Each throttled download lasts about 2 s: long enough to act while the job runs. */
const THROTTLE_BYTES_PER_SEC = 100_000;
const SLOW = { timeout: 120_000 };

beforeAll(async () => {
  fake = await startFakeAlipan();
  fake.addShare(SHARE);
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.clearLog();
  fake.clearFaults();
  downloadsDir = realpathSync(mkdtempSync(join(tmpdir(), 'alipan-account-')));
  ext = await launchExtension({ fake, downloadsDir });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
  rmSync(downloadsDir, { recursive: true, force: true });
});

/** The options page once its state is settled (not `checking`). */
async function settledState(page: Page): Promise<string | null> {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-account-state]')?.getAttribute('data-account-state');
    return s && s !== 'checking';
  });
  return page.getAttribute('[data-account-state]', 'data-account-state');
}

/** What the extension stores as the web refresh token (read in the worker, as only it can). */
async function storedWebToken(): Promise<string | undefined> {
  const worker = await must(ext).worker();
  return worker.evaluate(async () => {
    const { storage } = (
      globalThis as unknown as {
        chrome: { storage: { local: { get(k: string): Promise<Record<string, { refreshToken?: string }>> } } };
      }
    ).chrome;
    return (await storage.local.get('secret.web'))['secret.web']?.refreshToken;
  });
}

/** Every key the extension has in storage.local (read in the worker). */
async function storedKeys(): Promise<string[]> {
  const worker = await must(ext).worker();
  return worker.evaluate(async () => {
    const { storage } = (
      globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } } }
    ).chrome;
    return Object.keys(await storage.local.get(null));
  });
}

const refused = () =>
  fake.log.filter((r) => r.code === 'InvalidParameter.RefreshToken' || /invalid or expired/.test(String(r.code)));

const viewerOf = (user: FakeUser): Promise<Page> => signedInViewer(must(ext), user, SHARE);

describe('tokens the extension already used', () => {
  it('refuses the original web token pasted again: the working one stays, still ok', async () => {
    const user = newAccount(fake);
    const original = user.webRefreshToken;
    await signIn(must(ext), user);
    const page = await must(ext).openPage('options.html');
    expect(await settledState(page)).toBe('ok');
    const working = await storedWebToken();
    expect(working).toBe(user.webRefreshToken);

    await page.fill('input[name="webRefreshToken"]', original);
    await page.click('button[type="submit"]');
    await expect
      .poll(() => page.textContent('[role="alert"]'))
      .toBe('This token was already used by the extension; you are still signed in.');
    expect(await settledState(page)).toBe('ok');
    expect(await storedWebToken()).toBe(working);
    expect(fake.log.filter((r) => r.path === '/v2/account/token' && r.body.refresh_token === original)).toHaveLength(1);

    fake.expireAccessTokens();
    await page.click('text=Check again');
    expect(await settledState(page)).toBe('ok');
    expect(refused()).toEqual([]);
  });
  // "Import from alipan.com" again: tests/e2e/firefox.e2e.test.ts (the import asks for `scripting`
  // at the click, a prompt headless Chromium cannot answer; headless Firefox can be set to allow it).
});

describe('token answers', () => {
  it('an HTML page answering the web token call never reaches storage; the form stays, the account recovers', async () => {
    const user = newAccount(fake);
    await signIn(must(ext), user);
    const page = await must(ext).openPage('options.html');
    const working = await storedWebToken();
    fake.expireAccessTokens();
    fake.htmlNext({ host: 'auth.alipan.com', path: '/v2/account/token' });
    await page.click('text=Check again');
    await page.waitForSelector('[data-account-retrying="web"]');
    expect(await page.getAttribute('[data-account-state]', 'data-account-state')).toBe('ok');
    expect(await page.textContent('[data-account-state]')).toContain('unreachable, retrying');
    expect(await storedWebToken()).toBe(working);
    // Whatever is stored, the form is there.
    await page.reload();
    await page.waitForSelector('form input[name="webRefreshToken"]');
    // The retry comes by itself, with the token that was never spent.
    await page.waitForSelector('[data-account-state="ok"]:not([data-account-retrying])', { timeout: 30_000 });
    expect(await storedWebToken()).toBe(user.webRefreshToken);
    expect(refused()).toEqual([]);
  });
});

describe('jobs and the account', () => {
  it(
    'the relay answers 500 (its own overload) during a download: the files wait, the account recovers, the job ends done',
    SLOW,
    async () => {
      const user = newAccount(fake);
      user.downloadBytesPerSec = THROTTLE_BYTES_PER_SEC;
      const page = await viewerOf(user);
      await page.click('button[data-action="download-all"]');
      await expect.poll(() => user.downloads.active, { timeout: 20_000 }).toBeGreaterThan(0);
      // The next link needs a new open token, and the relay is overloaded for two calls.
      fake.expireAccessTokens();
      fake.failNext({
        host: 'api.oplist.org',
        path: '/alicloud/renewapi',
        status: 500,
        code: 'RenewOverloaded',
        message: 'server overloaded, please retry later',
        count: 2,
      });
      const options = await must(ext).openPage('options.html');
      await options.waitForSelector('[data-account-retrying="relay"]', { timeout: 30_000 });
      expect(await options.getAttribute('[data-account-state]', 'data-account-state')).toBe('ok');
      expect(await options.textContent('[data-account-state]')).toBe('Renew service unreachable, retrying');

      expect(await jobEnd(page)).toBe('done');
      await options.waitForSelector('[data-account-state="ok"]:not([data-account-retrying])');
      expect(fake.log.filter((r) => r.host === 'api.oplist.org' && r.status === 500)).toHaveLength(2);
      expect(await page.locator('[data-download-error]').count()).toBe(0);
      await expect.poll(() => driveLeftovers(user), { timeout: 15_000 }).toEqual([]);
    },
  );

  it('"Check again" while a job runs never fails it', SLOW, async () => {
    // Room for two copies: the third file's copy batch comes while the checks run.
    const user = newAccount(fake, { totalSize: 450_000, usedSize: 0 });
    user.downloadBytesPerSec = THROTTLE_BYTES_PER_SEC;
    const page = await viewerOf(user);
    await page.click('button[data-action="download-all"]');
    await expect.poll(() => user.downloads.active, { timeout: 20_000 }).toBeGreaterThan(0);
    const options = await must(ext).openPage('options.html');
    const running = () => page.locator('[data-job-state="running"]').count();
    while ((await running()) > 0) {
      await options.click('text=Check again');
      expect(await settledState(options)).toBe('ok');
    }
    expect(await jobEnd(page)).toBe('done');
    expect(fake.log.filter((r) => r.path === '/adrive/v4/batch').length).toBeGreaterThan(1);
    expect(await page.locator('[data-download-error]').count()).toBe(0);
    expect(await page.locator('[data-file-state="failed"]').count()).toBe(0);
  });

  it('sign-out while copies are held deletes them from the drive first, then forgets the tokens', SLOW, async () => {
    const user = newAccount(fake);
    user.downloadBytesPerSec = THROTTLE_BYTES_PER_SEC / 4;
    const page = await viewerOf(user);
    await page.click('button[data-action="download-all"]');
    await expect.poll(() => user.downloads.active, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(driveLeftovers(user).length).toBeGreaterThan(0);

    const options = await must(ext).openPage('options.html');
    await options.click('button.danger');
    await options.waitForSelector('[data-account-state="signed-out"]');
    expect(driveLeftovers(user)).toEqual([]);
    expect(await jobEnd(page)).toBe('cancelled');
    expect((await storedKeys()).filter((k) => k.startsWith('secret.'))).toEqual([]);
  });

  it(
    "a switch of account mid-job: the job ends done in the new drive, the old drive's copies are deleted with its own kept token",
    SLOW,
    async () => {
      const before = newAccount(fake);
      before.downloadBytesPerSec = THROTTLE_BYTES_PER_SEC / 2;
      const page = await viewerOf(before);
      await page.click('button[data-action="download-all"]');
      await expect.poll(() => before.downloads.active, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(driveLeftovers(before).length).toBeGreaterThan(0);

      const after = newAccount(fake);
      const options = await must(ext).openPage('options.html');
      await options.fill('input[name="webRefreshToken"]', after.webRefreshToken);
      await options.fill('input[name="openRefreshToken"]', after.openRefreshToken);
      await options.click('button[type="submit"]');
      await options.waitForSelector(`[data-account-nick]:text-is("${after.nickName}")`);
      expect(await settledState(options)).toBe('ok');

      expect(await jobEnd(page)).toBe('done');
      expect(await page.locator('[data-file-state="failed"]').count()).toBe(0);
      // Downloads under way finished from the old drive; the file still waiting was copied into the new one.
      const newDrive = after.resourceDriveId ?? after.defaultDriveId;
      expect(fake.log.some((r) => r.path === '/adrive/v4/batch' && JSON.stringify(r.body).includes(newDrive))).toBe(
        true,
      );
      await expect.poll(() => driveLeftovers(before), { timeout: 20_000 }).toEqual([]);
      await expect.poll(() => driveLeftovers(after), { timeout: 20_000 }).toEqual([]);
      // Its work done, the old drive's token is forgotten.
      expect((await storedKeys()).filter((k) => k.includes('former'))).toEqual([]);
    },
  );
});
