import { describe, expect, it } from 'vitest';
import { renewOpenToken } from '../../lib/api/open';
import { createPacer } from '../../lib/api/pacer';
import { createTransport } from '../../lib/api/transport';
import { must } from '../must';

/** The relay at api.oplist.org as §2 describes it: 200 with the two tokens, or `{text}` (500) for any failure. */
function relay(...replies: { status: number; body: unknown }[]) {
  let calls = 0;
  const fetch = (async () => {
    const next = must(replies[calls++]);
    return new Response(JSON.stringify(next.body), {
      status: next.status,
      headers: { 'content-type': 'application/json' },
    });
  }) as unknown as typeof globalThis.fetch;
  const sleep = async () => {};
  const t = createTransport({ fetch, sleep, pacer: createPacer(() => 0, sleep) });
  return {
    renew: () => renewOpenToken(t, 'https://api.oplist.org/alicloud/renewapi', 'open-refresh'),
    calls: () => calls,
  };
}

describe('renewOpenToken', () => {
  it('reads only a text that says the refresh token is invalid or expired as "sign in again"', async () => {
    for (const text of ['Refresh token is invalid or expired', 'refresh_token expired', 'token 已失效']) {
      await expect(relay({ status: 500, body: { text } }).renew()).rejects.toMatchObject({
        code: 'RenewApi.Refused',
        category: 'sign-in-needed',
      });
    }
  });

  it("reads the relay's own overload and upstream trouble as transient, and sends the token once", async () => {
    for (const text of ['server overloaded, please retry later', 'upstream request failed: 502', 'Too Many Requests']) {
      const r = relay(
        { status: 500, body: { text } },
        { status: 200, body: { access_token: 'a', refresh_token: 'r' } },
      );
      await expect(r.renew()).rejects.toMatchObject({ code: 'RenewApi.Failed', category: 'network' });
      expect(r.calls()).toBe(1);
    }
  });

  it('reads a 200 that carries {text} and an empty token like its 500', async () => {
    await expect(
      relay({ status: 200, body: { text: 'refresh token invalid', access_token: '' } }).renew(),
    ).rejects.toMatchObject({
      code: 'RenewApi.Refused',
    });
  });
});
