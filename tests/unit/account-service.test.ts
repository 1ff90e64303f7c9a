import { describe, expect, it } from 'vitest';
import { AccountService } from '../../lib/account/account-service';
import { STORAGE_KEYS, type StoredTokens } from '../../lib/account/model';
import { AlipanError, categorize } from '../../lib/api/errors';
import type { ApiRequest, Transport } from '../../lib/api/transport';
import { memoryStore } from './memory-store';

/** A minimal Alipan: strict rotation of both refresh tokens, two users. */
function fakeAlipan(opts: { openUser?: string } = {}) {
  let webRefresh = 'web-r0';
  let openRefresh = 'open-r0';
  let n = 0;
  const calls: ApiRequest[] = [];
  const fail = (code: string, status: number) => new AlipanError({ code, status, category: categorize(code, status) });
  const transport: Transport = {
    async send<T>(req: ApiRequest): Promise<T> {
      calls.push(req);
      const path = new URL(req.url).pathname;
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
      if (path.endsWith('getDriveInfo')) return { user_id: opts.openUser ?? 'u1', name: 'Alice', default_drive_id: 'd1', resource_drive_id: 'r1' } as T;
      if (path.endsWith('getSpaceInfo')) return { personal_space_info: { used_size: 10, total_size: 100 } } as T;
      throw new Error(`unexpected ${req.url}`);
    },
  };
  return { transport, calls, current: () => ({ webRefresh, openRefresh }) };
}

describe('AccountService', () => {
  it('saves the two tokens, checks them and reports ok with the summary', async () => {
    const api = fakeAlipan();
    const store = memoryStore();
    const account = new AccountService({ transport: api.transport, store });
    const view = await account.save({ webRefreshToken: ' web-r0 ', openRefreshToken: 'open-r0' });
    expect(view.state).toBe('ok');
    expect(view.summary).toMatchObject({ userId: 'u1', nickName: 'Alice', driveId: 'r1', usedSize: 10, totalSize: 100 });
    // The rotated refresh tokens are what is stored now.
    expect((await store.get<StoredTokens>(STORAGE_KEYS.webTokens))!.refreshToken).toBe(api.current().webRefresh);
    expect((await store.get<StoredTokens>(STORAGE_KEYS.openTokens))!.refreshToken).toBe(api.current().openRefresh);
    expect(JSON.stringify(view)).not.toContain(api.current().webRefresh);
  });

  it('never shows a token in the view', async () => {
    const api = fakeAlipan();
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' });
    const text = JSON.stringify(view);
    for (const secret of ['web-r', 'open-r', 'web-a', 'open-a']) expect(text).not.toMatch(new RegExp(`${secret}\\d{2,}`));
    expect(view.web!.hint.startsWith('••••')).toBe(true);
  });

  it('reports mismatch when the tokens belong to different users', async () => {
    const api = fakeAlipan({ openUser: 'u2' });
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0' });
    expect(view.state).toBe('mismatch');
    expect(view.message!.en).toContain('different accounts');
  });

  it('reports error with a sign-in message when the web refresh token is dead', async () => {
    const api = fakeAlipan();
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'spent', openRefreshToken: 'open-r0' });
    expect(view.state).toBe('error');
    expect(view.errorCode).toBe('InvalidParameter.RefreshToken');
    expect(view.message!.en).toMatch(/^Web token:.*Sign in again/);
  });

  it('says which token is missing', async () => {
    const account = new AccountService({ transport: fakeAlipan().transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'web-r0' });
    expect(view).toMatchObject({ state: 'error', errorCode: 'MissingToken' });
    expect(view.message!.en).toContain('open-platform');
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
    api.transport.send = async <T,>(req: ApiRequest) => {
      if (req.url === 'https://openapi.alipan.com/oauth/access_token') {
        api.calls.push(req);
        return { access_token: 'own-a', refresh_token: 'own-r', expires_in: 7200 } as T;
      }
      return base<T>(req);
    };
    const account = new AccountService({ transport: api.transport, store: memoryStore() });
    const view = await account.save({ webRefreshToken: 'web-r0', openRefreshToken: 'open-r0', clientId: 'cid', clientSecret: 'sec' });
    expect(view.state).toBe('ok');
    const oauth = api.calls.find((c) => c.url.endsWith('/oauth/access_token'))!;
    expect(oauth.body).toMatchObject({ client_id: 'cid', client_secret: 'sec', refresh_token: 'open-r0', grant_type: 'refresh_token' });
    expect(api.calls.some((c) => c.url.includes('renewapi'))).toBe(false);
  });
});
