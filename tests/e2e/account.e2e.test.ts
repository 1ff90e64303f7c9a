import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must.ts';
import { type FakeAlipan, type FakeUser, startFakeAlipan } from './fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension } from './harness.ts';

let fake: FakeAlipan;
let alice: FakeUser;
let bob: FakeUser;
let ext: ExtensionBrowser | undefined;

beforeAll(async () => {
  fake = await startFakeAlipan();
  alice = fake.addUser({
    userId: 'alice-0001',
    nickName: 'Alice',
    webRefreshToken: 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1',
    openRefreshToken: 'eyJhbGciOiJIUzI1NiJ9.alice-open.sig',
    totalSize: 100 * 2 ** 30,
    usedSize: 30 * 2 ** 30,
  });
  bob = fake.addUser({
    userId: 'bob-0002',
    nickName: 'Bob',
    webRefreshToken: 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2',
    openRefreshToken: 'eyJhbGciOiJIUzI1NiJ9.bob-open.sig',
  });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.clearLog();
  ext = await launchExtension({ fake });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

const count = (path: string | RegExp) =>
  fake.log.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path))).length;

async function signIn(page: Page, web: string, open: string) {
  await page.fill('input[name="webRefreshToken"]', web);
  await page.fill('input[name="openRefreshToken"]', open);
  await page.click('button[type="submit"]');
}

async function stateOf(page: Page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-account-state]')?.getAttribute('data-account-state');
    return s && s !== 'checking';
  });
  return page.getAttribute('[data-account-state]', 'data-account-state');
}

describe('options page and account', () => {
  it('starts signed out, then the form signs in: ok, with the account card and no token on the page', async () => {
    const page = await must(ext).openPage('options.html');
    expect(await stateOf(page)).toBe('signed-out');
    expect(await page.inputValue('input[name="renewApiUrl"]')).toBe('https://api.oplist.org/alicloud/renewapi');
    const web = alice.webRefreshToken;
    const open = alice.openRefreshToken;
    await signIn(page, web, open);
    expect(await stateOf(page)).toBe('ok');
    await expect.poll(() => page.textContent('[data-account-nick]')).toBe('Alice');
    expect(await page.textContent('[data-account-space]')).toContain('30.0 GB');
    // Saved tokens are never shown back in full, and leave the form once saved.
    expect(await page.inputValue('input[name="webRefreshToken"]')).toBe('');
    const html = await page.content();
    for (const secret of [web, open, alice.webRefreshToken, alice.openRefreshToken]) expect(html).not.toContain(secret);
    // A reload shows the stored state without asking Alipan again.
    fake.clearLog();
    await page.reload();
    expect(await stateOf(page)).toBe('ok');
    expect(fake.log).toHaveLength(0);
  });

  it('keeps the rotated refresh token across worker kills and a browser restart (strict rotation)', async () => {
    const page = await must(ext).openPage('options.html');
    await signIn(page, alice.webRefreshToken, alice.openRefreshToken);
    expect(await stateOf(page)).toBe('ok');
    await page.close();

    for (let round = 0; round < 2; round++) {
      fake.expireAccessTokens();
      await must(ext).killWorker();
      const before = count('/v2/account/token');
      const again = await must(ext).openPage('options.html');
      await again.click('text=Check again');
      expect(await stateOf(again)).toBe('ok');
      expect(await must(ext).workerWasRestarted()).toBe(true);
      // The worker came back with empty globals, refreshed with the persisted (rotated) token.
      expect(count('/v2/account/token')).toBe(before + 1);
      expect(fake.log.filter((r) => r.code === 'InvalidParameter.RefreshToken')).toHaveLength(0);
      await again.close();
    }

    const profileDir = must(ext).profileDir;
    await must(ext).close({ keepProfile: true });
    fake.expireAccessTokens();
    ext = await launchExtension({ fake, profileDir });
    const afterRestart = await ext.openPage('options.html');
    expect(await stateOf(afterRestart)).toBe('ok');
    await afterRestart.click('text=Check again');
    expect(await stateOf(afterRestart)).toBe('ok');
    expect(fake.log.filter((r) => r.code === 'InvalidParameter.RefreshToken')).toHaveLength(0);
  });

  it('20 concurrent operations with an expired access token cause one refresh of each token', async () => {
    const page = await must(ext).openPage('options.html');
    await signIn(page, alice.webRefreshToken, alice.openRefreshToken);
    expect(await stateOf(page)).toBe('ok');
    fake.expireAccessTokens();
    fake.clearLog();
    // The options page's own messages, as its "Check again" button sends them, 20 at once.
    const states = await page.evaluate(async () => {
      type Reply = { ok: boolean; result?: { state: string } };
      const { runtime } = (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<Reply> } } }
      ).chrome;
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => runtime.sendMessage({ type: 'account.check' })),
      );
      return replies.map((r) => r.ok && r.result?.state);
    });
    expect(states).toEqual(Array(20).fill('ok'));
    expect(count('/v2/account/token')).toBe(1);
    expect(count('/alicloud/renewapi')).toBe(1);
    // Calls that went out with the expired token were retried once each with the new one.
    const userGets = fake.log.filter((r) => r.path === '/v2/user/get');
    expect(userGets.filter((r) => r.status === 200)).toHaveLength(20);
    expect(userGets.filter((r) => r.code === 'AccessTokenExpired').length).toBe(userGets.length - 20);
  });

  it('tokens of two different users → mismatch, with a clear message', async () => {
    const page = await must(ext).openPage('options.html');
    await signIn(page, alice.webRefreshToken, bob.openRefreshToken);
    expect(await stateOf(page)).toBe('mismatch');
    expect(await page.textContent('[data-account-message]')).toContain('different accounts');
  });

  it('a dead refresh token → error, "sign in again"', async () => {
    const page = await must(ext).openPage('options.html');
    await signIn(page, 'ffffffffffffffffffffffffffffffff', alice.openRefreshToken);
    expect(await stateOf(page)).toBe('error');
    expect(await page.textContent('[data-account-message]')).toMatch(/Sign in again/);
  });

  it('each token reaches only the hosts that need it', async () => {
    const page = await must(ext).openPage('options.html');
    await signIn(page, alice.webRefreshToken, alice.openRefreshToken);
    expect(await stateOf(page)).toBe('ok');
    fake.expireAccessTokens();
    await page.click('text=Check again');
    expect(await stateOf(page)).toBe('ok');

    const webRefresh = new Set(
      fake.log
        .filter((r) => r.path === '/v2/account/token')
        .map((r) => (typeof r.body.refresh_token === 'string' ? r.body.refresh_token : undefined)),
    );
    const openRefresh = new Set(fake.log.filter((r) => r.path === '/alicloud/renewapi').map((r) => r.query.refresh_ui));
    const bearerOf = (r: (typeof fake.log)[number]) => r.headers.authorization?.replace(/^Bearer /, '');
    const webAccess = new Set(fake.log.filter((r) => r.path === '/v2/user/get').map(bearerOf));
    const openAccess = new Set(fake.log.filter((r) => r.host === 'openapi.alipan.com').map(bearerOf));
    expect(webRefresh.size).toBe(2);
    expect(openRefresh.size).toBe(2);

    const hostsCarrying = (tokens: Set<string | undefined>) =>
      new Set(
        fake.log
          .filter((r) => [...tokens].some((t) => t && JSON.stringify([r.headers, r.body, r.query]).includes(t)))
          .map((r) => r.host),
      );
    expect([...hostsCarrying(webRefresh)]).toEqual(['auth.alipan.com']);
    expect([...hostsCarrying(openRefresh)]).toEqual(['api.oplist.org']);
    expect([...hostsCarrying(webAccess)]).toEqual(['user.aliyundrive.com']);
    expect([...hostsCarrying(openAccess)]).toEqual(['openapi.alipan.com']);
  });
});
