import { describe, expect, it, vi } from 'vitest';
import { AccountService } from '../../lib/account/account-service';
import { STORAGE_KEYS, type StoredTokens } from '../../lib/account/model';
import { findWebSessionToken } from '../../lib/account/web-session';
import { AlipanError, categorize } from '../../lib/api/errors';
import { relayFailure } from '../../lib/api/open';
import type { ApiRequest, Transport } from '../../lib/api/transport';
import { sealSecrets } from '../../lib/platform/sealed-store';
import { must } from '../must';
import { memoryStore } from './memory-store';

/** A minimal Alipan: strict rotation of both refresh tokens, two users. */
function fakeAlipan(opts: { openUser?: string; webRefresh?: string } = {}) {
  let webRefresh = opts.webRefresh ?? 'web-r0';
  let openRefresh = 'open-r0';
  let n = 0;
  const calls: ApiRequest[] = [];
  /** Answers instead of the next calls to a path (an error is thrown, anything else returned as the body). */
  const faults = new Map<string, unknown[]>();
  const fail = (code: string, status: number) => new AlipanError({ code, status, category: categorize(code, status) });
  const transport: Transport = {
    async send<T>(req: ApiRequest): Promise<T> {
      calls.push(req);
      const path = new URL(req.url).pathname;
      const fault = faults.get(path)?.shift();
      if (fault instanceof Error) throw fault;
      if (fault !== undefined) return fault as T;
      const body = req.body as Record<string, string>;
      if (path === '/v2/account/token') {
        if (body.refresh_token !== webRefresh) throw fail('InvalidParameter.RefreshToken', 400);
        webRefresh = `web-r${++n}`;
        return { access_token: `web-a${n}`, refresh_token: webRefresh, expires_in: 7200, user_id: 'u1' } as T;
      }
      if (path === '/alicloud/renewapi') {
        if (req.query?.refresh_ui !== openRefresh) throw fail('RenewApi.Refused', 500);
        openRefresh = `open-r${++n}`;
        return { access_token: `open-a${n}`, refresh_token: openRefresh } as T;
      }
      if (path === '/v2/user/get') return { user_id: 'u1', nick_name: 'Alice' } as T;
      if (path.endsWith('getDriveInfo'))
        return { user_id: opts.openUser ?? 'u1', name: 'Alice', default_drive_id: 'd1', resource_drive_id: 'r1' } as T;
      if (path.endsWith('getSpaceInfo')) return { personal_space_info: { used_size: 10, total_size: 100 } } as T;
      throw new Error(`unexpected ${req.url}`);
    },
  };
  return { transport, calls, faults, current: () => ({ webRefresh, openRefresh }) };
}

/** The relay's `{text}` failure as the transport reports it (renewOpenToken's mapError). */
const relayText = (text: string) => relayFailure(500, text);
const count = (calls: ApiRequest[], path: string) => calls.filter((c) => c.url.endsWith(path)).length;

describe('AccountService', () => {
  it('saves the two tokens, checks them and reports ok with the summary', async () => {
    const api = fakeAlipan();
    const store = memoryStore();
    const account = new AccountService({ transport: api.transport, store });
    const view = await account.save({ webRefreshToken: ' web-r0 ', openRefreshToken: 'open-r0' });
    expect(view.state).toBe('ok');
    expect(view.summary).toMatchObject({
      userId: 'u1',
      nickName: 'Alice',
      driveId: 'r1',
      usedSize: 10,
      totalSize: 100,
    });
    // The rotated refresh tokens are what is stored now.
    expect(must(await store.get<StoredTokens>(STORAGE_KEYS.webTokens)).refreshToken).toBe(api.current().webRefresh);
    expect(must(await store.get<StoredTokens>(STORAGE_KEYS.openTokens)).refreshToken).toBe(api.current().openRefresh);
    expect(JSON.stringify(view)).not.toContain(api.current().webRefresh);
  });

  it('never shows a token in the view', async () => {
    const api = fakeAlipan();
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' });
    const text = JSON.stringify(view);
    for (const secret of ['web-r', 'open-r', 'web-a', 'open-a'])
      expect(text).not.toMatch(new RegExp(`${secret}\\d{2,}`));
    expect(must(view.web).hint.startsWith('••••')).toBe(true);
  });

  it('reports mismatch when the tokens belong to different users', async () => {
    const api = fakeAlipan({ openUser: 'u2' });
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' });
    expect(view.state).toBe('mismatch');
    expect(must(view.message).en).toContain('different accounts');
  });

  it('reports error with a sign-in message when the web refresh token is dead', async () => {
    const api = fakeAlipan();
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'spent', openRefreshToken: 'open-r0' });
    expect(view.state).toBe('error');
    expect(view.errorCode).toBe('InvalidParameter.RefreshToken');
    expect(must(view.message).en).toMatch(/^Web token:.*Sign in again/);
  });

  it('says which token is missing', async () => {
    const account = new AccountService({ transport: fakeAlipan().transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'web-r0' });
    expect(view).toMatchObject({ state: 'error', errorCode: 'MissingToken' });
    expect(must(view.message).en).toContain('open-platform');
  });

  it('sign-out forgets every secret', async () => {
    const store = memoryStore();
    const account = new AccountService({ transport: fakeAlipan().transport, store });
    await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0', clientSecret: 's' });
    const view = await account.signOut();
    expect(view.state).toBe('signed-out');
    expect([...store.data.keys()].filter((k) => k.startsWith('secret.'))).toEqual([]);
  });

  it('uses the own-app oauth endpoint when client id and secret are set', async () => {
    const api = fakeAlipan();
    const base = api.transport.send.bind(api.transport);
    api.transport.send = async <T>(req: ApiRequest) => {
      if (req.url === 'https://openapi.alipan.com/oauth/access_token') {
        api.calls.push(req);
        return { access_token: 'own-a', refresh_token: 'own-r', expires_in: 7200 } as T;
      }
      return base<T>(req);
    };
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({
      webRefreshToken: 'web-r0',
      openRefreshToken: 'open-r0',
      clientId: 'cid',
      clientSecret: 'sec',
    });
    expect(view.state).toBe('ok');
    const oauth = must(api.calls.find((c) => c.url.endsWith('/oauth/access_token')));
    expect(oauth.body).toMatchObject({
      client_id: 'cid',
      client_secret: 'sec',
      refresh_token: 'open-r0',
      grant_type: 'refresh_token',
    });
    expect(api.calls.some((c) => c.url.includes('renewapi'))).toBe(false);
  });
});

describe('AccountService: tokens it already used (issue 9)', () => {
  it('refuses a pasted token it spent, keeps the working one and stays ok', async () => {
    const api = fakeAlipan();
    const store = memoryStore();
    const account = new AccountService({ transport: api.transport, store });
    expect((await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' })).state).toBe('ok');
    const working = await store.get<StoredTokens>(STORAGE_KEYS.webTokens);
    const calls = api.calls.length;
    for (const input of [{ webRefreshToken: 'web-r0' }, { openRefreshToken: 'open-r0' }]) {
      await expect(account.save(input)).rejects.toMatchObject({
        code: 'TokenAlreadyUsed',
        text: { en: 'This token was already used by the extension; you are still signed in.' },
      });
    }
    expect(api.calls.length).toBe(calls); // nothing sent, nothing stored
    expect(await store.get(STORAGE_KEYS.webTokens)).toEqual(working);
    expect((await account.view()).state).toBe('ok');
    expect(JSON.stringify([...store.data.values()])).not.toContain('web-r0');
  });

  it('refuses "Import from alipan.com" again while the tab still holds the token it used', async () => {
    const api = fakeAlipan({ webRefresh: 'a1'.repeat(16) }); // the web app's tokens are 32 hex
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const signedInTab = JSON.stringify({ refresh_token: api.current().webRefresh, user_id: 'u1' });
    const tab = { findTabs: async () => [1], readStoredToken: async () => signedInTab };
    // The background's import: the tab's token, saved like a pasted one.
    const importFromTab = async () => account.save({ webRefreshToken: await findWebSessionToken(tab) });
    await account.save({ openRefreshToken: 'open-r0' });
    expect((await importFromTab()).state).toBe('ok');
    await expect(importFromTab()).rejects.toMatchObject({ code: 'TokenAlreadyUsed' });
    expect((await account.view()).state).toBe('ok');
  });

  it('keeps the token in use when it is pasted again, with its access token', async () => {
    const api = fakeAlipan();
    const store = memoryStore();
    const account = new AccountService({ transport: api.transport, store });
    await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' });
    const refreshes = count(api.calls, '/v2/account/token');
    expect((await account.save({ webRefreshToken: api.current().webRefresh })).state).toBe('ok');
    expect(count(api.calls, '/v2/account/token')).toBe(refreshes);
  });
});

describe('AccountService: token service trouble (issue 9)', () => {
  async function signedIn() {
    const api = fakeAlipan();
    const store = memoryStore();
    const account = new AccountService({ transport: api.transport, store, recheckBaseMs: 10 });
    expect((await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' })).state).toBe('ok');
    return { api, store, account };
  }

  it("the relay's own overload keeps the account ok, says it retries, and recovers by itself", async () => {
    const { api, store, account } = await signedIn();
    await store.set({
      [STORAGE_KEYS.openTokens]: { ...must(await store.get<StoredTokens>(STORAGE_KEYS.openTokens)), expiresAt: 0 },
    });
    api.faults.set('/alicloud/renewapi', [relayText('server overloaded, please retry later'), relayText('overloaded')]);
    const seen: (string | undefined)[] = [];
    account.onChange((v) => seen.push(v.retrying?.service));
    await expect(account.withOpen(async () => 'x')).rejects.toMatchObject({ code: 'RenewApi.Unavailable' });
    const view = await account.view();
    expect(view).toMatchObject({ state: 'ok', retrying: { service: 'relay', attempt: 1 } });
    // A job waits here instead of failing; it goes on once the relay answers again.
    expect((await account.usable()).state).toBe('ok');
    expect(await account.view()).not.toHaveProperty('retrying');
    expect(seen).toContain('relay');
    expect(count(api.calls, '/alicloud/renewapi')).toBeGreaterThanOrEqual(3);
  });

  it('a 200 that is a captive-portal page never reaches storage and is retried', async () => {
    const { api, store, account } = await signedIn();
    const before = await store.get<StoredTokens>(STORAGE_KEYS.webTokens);
    await store.set({ [STORAGE_KEYS.webTokens]: { ...must(before), expiresAt: 0 } });
    api.faults.set('/v2/account/token', ['<html><body>Sign in to the Wi-Fi</body></html>']);
    await expect(account.withWeb(async () => 'x')).rejects.toMatchObject({ code: 'WebSignIn.Unavailable' });
    expect(must(await store.get<StoredTokens>(STORAGE_KEYS.webTokens)).refreshToken).toBe(must(before).refreshToken);
    expect((await account.usable()).state).toBe('ok');
  });

  it('only a text that says the token is invalid or expired means sign in again', async () => {
    const { api, store, account } = await signedIn();
    await store.set({
      [STORAGE_KEYS.openTokens]: { ...must(await store.get<StoredTokens>(STORAGE_KEYS.openTokens)), expiresAt: 0 },
    });
    api.faults.set('/alicloud/renewapi', [relayText('Refresh token is invalid or expired')]);
    await expect(account.withOpen(async () => 'x')).rejects.toMatchObject({ code: 'RenewApi.Refused' });
    const view = await account.view();
    expect(view).toMatchObject({ state: 'error', errorCode: 'RenewApi.Refused' });
    expect(view.retrying).toBeUndefined();
  });

  it('a first check that cannot reach the relay shows it as the problem and becomes ok by itself', async () => {
    const api = fakeAlipan();
    const account = new AccountService({ transport: api.transport, store: memoryStore(), recheckBaseMs: 10 });
    api.faults.set('/alicloud/renewapi', [relayText('overloaded')]);
    const view = await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' });
    expect(view).toMatchObject({ state: 'error', retrying: { service: 'relay' } });
    expect(must(view.message).en).toContain('renew service is unreachable');
    await vi.waitFor(async () => expect((await account.view()).state).toBe('ok'));
  });

  it('a job waiting on usable() waits out a check instead of failing', async () => {
    const { api, account } = await signedIn();
    let answer!: () => void;
    api.faults.set('/v2/user/get', [new Promise((r) => (answer = () => r({ user_id: 'u1', nick_name: 'Alice' })))]);
    const checking = account.check();
    await vi.waitFor(async () => expect((await account.view()).state).toBe('checking'));
    let settled = false;
    const usable = account.usable().then((v) => {
      settled = true;
      return v;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    answer();
    expect((await usable).state).toBe('ok');
    await checking;
  });

  it('sign-out says when copies are left in the drive', async () => {
    const { account } = await signedIn();
    expect(must((await account.signOut({ copiesLeft: 2 })).message).en).toMatch(
      /^2 temporary copies could not be deleted/,
    );
  });
});

describe('AccountService: what lies in storage', () => {
  it('a sealed store whose key is gone shows error, "paste them again", and the form still saves', async () => {
    const api = fakeAlipan();
    const raw = memoryStore();
    const key = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const first = await key();
    await new AccountService({ transport: api.transport, store: sealSecrets(raw, async () => first) }).save({
      webRefreshToken: 'web-r0',
      openRefreshToken: 'open-r0',
    });
    const second = await key();
    const account = new AccountService({ transport: api.transport, store: sealSecrets(raw, async () => second) });
    const text = 'The saved tokens can no longer be read — paste them again.';
    expect(await account.view()).toMatchObject({
      state: 'error',
      errorCode: 'SecretUnreadable',
      message: { en: text },
    });
    expect(must((await account.check()).message).en).toBe(text);
    const view = await account.save({
      webRefreshToken: api.current().webRefresh,
      openRefreshToken: api.current().openRefresh,
    });
    expect(view.state).toBe('ok');
  });

  it('a stored record without a refresh token never breaks the view', async () => {
    const store = memoryStore({
      [STORAGE_KEYS.webTokens]: { refreshToken: undefined },
      [STORAGE_KEYS.status]: { state: 'ok' },
    });
    const view = await new AccountService({ transport: fakeAlipan().transport, store }).view();
    expect(view.web).toBeUndefined();
    expect(view.settings.renewApiUrl).toContain('renewapi');
  });
});
