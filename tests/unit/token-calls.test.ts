/**
 * Issue 9, "tokens nowhere but where they belong": the calls that carry a refresh token are kept
 * out of the HTTP cache, sent without cookies and never redirected; the renew API URL is https
 * (http only on this computer), when saved and when used.
 */
import { describe, expect, it, vi } from 'vitest';
import { AccountService } from '../../lib/account/account-service';
import { STORAGE_KEYS } from '../../lib/account/model';
import { asSaveAccountInput } from '../../lib/account/validate';
import { isAlipanError } from '../../lib/api/errors';
import { refreshOpenTokenWithApp, renewOpenToken } from '../../lib/api/open';
import { createPacer } from '../../lib/api/pacer';
import { checkRenewApiUrl, isAllowedRenewApiUrl } from '../../lib/api/renew-url';
import { createTransport, TOKEN_CALL, type Transport } from '../../lib/api/transport';
import { getWebUser, refreshWebToken } from '../../lib/api/web';
import { must } from '../must';
import { memoryStore } from './memory-store';

/** A transport over a fetch that answers every call with `body`, recording what fetch was given. */
function recording(body: unknown = { access_token: 'a', refresh_token: 'r', expires_in: 7200, user_id: 'u1' }) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: input instanceof Request ? input.url : String(input), init: init ?? {} });
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const sleep = async () => {};
  const t: Transport = createTransport({
    fetch: fetch as unknown as typeof globalThis.fetch,
    sleep,
    pacer: createPacer(() => 0, sleep),
  });
  return { t, calls };
}

const fetchOptions = (init: RequestInit) => ({
  cache: init.cache,
  credentials: init.credentials,
  redirect: init.redirect,
});

describe('token calls', () => {
  it('are made with no-store, no credentials and redirect: error', () => {
    expect(TOKEN_CALL).toEqual({ cache: 'no-store', credentials: 'omit', redirect: 'error' });
  });

  it('cover the web token refresh, the renew relay and the own-app oauth refresh', async () => {
    const { t, calls } = recording();
    await refreshWebToken(t, 'web-r0');
    await renewOpenToken(t, 'https://api.oplist.org/alicloud/renewapi', 'open-r0');
    await refreshOpenTokenWithApp(t, { clientId: 'cid', clientSecret: 'sec' }, 'open-r0');
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/v2/account/token',
      '/alicloud/renewapi',
      '/oauth/access_token',
    ]);
    for (const call of calls) expect(fetchOptions(call.init)).toEqual(TOKEN_CALL);
  });

  it('leave the other calls as they were', async () => {
    const { t, calls } = recording({ user_id: 'u1' });
    await getWebUser(t, 'web-a1');
    expect(fetchOptions(must(calls[0]).init)).toEqual({
      cache: undefined,
      credentials: undefined,
      redirect: undefined,
    });
  });
});

describe('renew API URL', () => {
  it.each([
    ['https://api.oplist.org/alicloud/renewapi', true],
    ['https://relay.example:8443/renewapi?x=1', true],
    ['http://localhost:5244/renewapi', true],
    ['http://127.0.0.1/renewapi', true],
    ['http://[::1]:8080/renewapi', true],
    ['http://api.oplist.org/alicloud/renewapi', false],
    ['http://192.168.1.2/renewapi', false],
    ['http://localhost.example.com/renewapi', false],
    ['ftp://relay.example/renewapi', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedRenewApiUrl(url)).toBe(allowed);
  });

  it('refuses http:// with a message in English and Chinese', () => {
    let error: unknown;
    try {
      checkRenewApiUrl('http://relay.example/renewapi');
    } catch (e) {
      error = e;
    }
    expect(isAlipanError(error) && error.code).toBe('RenewApi.InsecureUrl');
    expect(isAlipanError(error) && error.text.en).toMatch(/must start with https:\/\/.*in clear/);
    expect(isAlipanError(error) && error.text.zh).toContain('必须以 https:// 开头');
  });

  it('is checked when the account is saved, before anything is stored', () => {
    expect(() => asSaveAccountInput({ renewApiUrl: ' http://relay.example/renewapi ', webRefreshToken: 'w' })).toThrow(
      /https:\/\//,
    );
    expect(asSaveAccountInput({ renewApiUrl: 'https://relay.example/r', openRefreshToken: 'o', clientId: 7 })).toEqual({
      renewApiUrl: 'https://relay.example/r',
      openRefreshToken: 'o',
    });
    // An empty field keeps the saved URL (AccountService.save): nothing to check.
    expect(asSaveAccountInput({ renewApiUrl: '  ' })).toEqual({ renewApiUrl: '  ' });
    expect(asSaveAccountInput(undefined)).toEqual({});
  });

  it('is checked again when used: an http:// URL saved by an older version never gets the token', async () => {
    const { t, calls } = recording();
    await expect(renewOpenToken(t, 'http://relay.example/renewapi', 'open-r0')).rejects.toMatchObject({
      code: 'RenewApi.InsecureUrl',
    });
    expect(calls).toEqual([]);

    const store = memoryStore({
      [STORAGE_KEYS.settings]: { renewApiUrl: 'http://relay.example/renewapi', clientId: '' },
      [STORAGE_KEYS.webTokens]: { refreshToken: 'web-r0' },
      [STORAGE_KEYS.openTokens]: { refreshToken: 'open-r0' },
    });
    const view = await new AccountService({ transport: t, store }).check();
    expect(view).toMatchObject({ state: 'error', errorCode: 'RenewApi.InsecureUrl' });
    expect(must(view.message).en).toMatch(/^Open-platform token: The renew API URL/);
    expect(calls.some((c) => c.url.includes('relay.example'))).toBe(false);
  });
});
