import { describe, expect, it, vi } from 'vitest';
import type { StoredTokens } from '../../lib/account/model';
import { rotatingToken } from '../../lib/account/rotating-token';
import { AlipanError } from '../../lib/api/errors';
import type { KeyValueStore } from '../../lib/platform/kv-store';
import { memoryStore } from './memory-store';

const KEY = 'secret.web';
const answer = (n: number) => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: 7200 });

function setup(
  opts: {
    exchange?: (refreshToken: string) => Promise<unknown>;
    store?: KeyValueStore & { data: Map<string, unknown> };
  } = {},
) {
  const store = opts.store ?? memoryStore({ [KEY]: { refreshToken: 'refresh-0' } });
  const sent: string[] = [];
  let n = 0;
  const spent: string[] = [];
  const unsaved: boolean[] = [];
  const source = rotatingToken({
    store,
    key: KEY,
    service: async () => 'web',
    exchange: async (refreshToken) => {
      sent.push(refreshToken);
      return opts.exchange ? opts.exchange(refreshToken) : answer(++n);
    },
    onSpent: async (token) => void spent.push(token),
    onUnsaved: (u) => void unsaved.push(u),
    rewriteMs: 5,
  });
  return { store, source, sent, spent, unsaved };
}

describe('rotatingToken', () => {
  it('writes the new refresh token before handing out the access token, and marks the old one spent', async () => {
    const { store, source, spent } = setup();
    expect(await source.current()).toBe('access-1');
    expect((store.data.get(KEY) as StoredTokens).refreshToken).toBe('refresh-1');
    expect(spent).toEqual(['refresh-0']);
  });

  it('never stores a malformed answer: the working token stays, and the failure is transient', async () => {
    const { store, source } = setup({ exchange: async () => '<html>captive portal</html>' });
    await expect(source.current()).rejects.toMatchObject({ code: 'WebSignIn.Unavailable', category: 'network' });
    expect(store.data.get(KEY)).toEqual({ refreshToken: 'refresh-0' });
  });

  it('after a failed renewal, reads the stored token again instead of resending the one it had', async () => {
    let fail = true;
    const { store, source, sent } = setup({
      exchange: async (token) => {
        if (fail) throw new AlipanError({ code: 'NetworkError', category: 'network' });
        return { ...answer(9), refresh_token: `after-${token}` };
      },
    });
    await expect(source.current()).rejects.toMatchObject({ code: 'WebSignIn.Unavailable' });
    await store.set({ [KEY]: { refreshToken: 'pasted-meanwhile' } });
    fail = false;
    await source.current();
    expect(sent).toEqual(['refresh-0', 'pasted-meanwhile']);
  });

  it('keeps a renewed token in memory when storage refuses it, uses it, and writes it until it lands', async () => {
    const base = memoryStore({ [KEY]: { refreshToken: 'refresh-0' } });
    let full = true;
    const store = {
      ...base,
      set: vi.fn(async (items: Record<string, unknown>) =>
        full ? Promise.reject(new Error('QUOTA_BYTES quota exceeded')) : base.set(items),
      ),
    };
    const { source, sent, unsaved } = setup({ store });
    expect(await source.current()).toBe('access-1');
    expect(unsaved).toEqual([true]);
    expect(base.data.get(KEY)).toEqual({ refreshToken: 'refresh-0' }); // storage still holds the spent one…
    expect(await source.renew('access-1')).toBe('access-2'); // …but the next renewal uses the live one from memory
    expect(sent).toEqual(['refresh-0', 'refresh-1']);
    full = false;
    await vi.waitFor(() => expect((base.data.get(KEY) as StoredTokens).refreshToken).toBe('refresh-2'));
    expect(unsaved).toEqual([true, false]);
  });

  it('drops a token waiting for storage when the user replaces it', async () => {
    const base = memoryStore({ [KEY]: { refreshToken: 'refresh-0' } });
    let full = true;
    const store = {
      ...base,
      set: async (items: Record<string, unknown>) => (full ? Promise.reject(new Error('full')) : base.set(items)),
    };
    const { source, unsaved } = setup({ store });
    await source.current();
    full = false;
    await base.set({ [KEY]: { refreshToken: 'users-new-token' } });
    source.reset();
    expect(unsaved).toEqual([true, false]);
    await new Promise((r) => setTimeout(r, 20));
    expect(base.data.get(KEY)).toEqual({ refreshToken: 'users-new-token' });
  });
});
