import { describe, expect, it, vi } from 'vitest';
import { AlipanError } from '../../lib/api/errors';
import { createTokenSource, EXPIRY_MARGIN_MS, type IssuedToken, withToken } from '../../lib/api/token-source';

function source(initial?: IssuedToken, now = () => 1_000_000) {
  let stored = initial;
  let n = 0;
  const issue = vi.fn(async () => {
    await new Promise((r) => setTimeout(r, 5));
    stored = { token: `T${++n}`, expiresAt: now() + 7_200_000 };
    return stored;
  });
  return { src: createTokenSource({ read: async () => stored, issue, now }), issue };
}

describe('createTokenSource', () => {
  it('returns a fresh stored token without issuing', async () => {
    const { src, issue } = source({ token: 'A', expiresAt: 1_000_000 + EXPIRY_MARGIN_MS + 1 });
    expect(await src.current()).toBe('A');
    expect(issue).not.toHaveBeenCalled();
  });

  it('renews a token that is inside the expiry margin', async () => {
    const { src, issue } = source({ token: 'A', expiresAt: 1_000_000 + 1000 });
    expect(await src.current()).toBe('T1');
    expect(issue).toHaveBeenCalledTimes(1);
  });

  it('20 concurrent callers with no token cause exactly one issue', async () => {
    const { src, issue } = source();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => src.current()));
    expect(new Set(tokens)).toEqual(new Set(['T1']));
    expect(issue).toHaveBeenCalledTimes(1);
  });

  it('a caller whose stale token was already replaced gets the new one without another issue', async () => {
    const { src, issue } = source({ token: 'A', expiresAt: 9e15 });
    expect(await src.renew('A')).toBe('T1');
    expect(await src.renew('A')).toBe('T1');
    expect(issue).toHaveBeenCalledTimes(1);
  });
});

describe('withToken', () => {
  const expired = () => new AlipanError({ code: 'AccessTokenExpired', status: 401, category: 'token-expired' });

  it('renews once and retries once on an expired token', async () => {
    const { src, issue } = source({ token: 'A', expiresAt: 9e15 });
    const seen: string[] = [];
    const result = await withToken(src, 'token-expired', async (token) => {
      seen.push(token);
      if (token === 'A') throw expired();
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual(['A', 'T1']);
    expect(issue).toHaveBeenCalledTimes(1);
  });

  it('does not retry twice', async () => {
    const { src } = source({ token: 'A', expiresAt: 9e15 });
    const call = vi.fn(async () => {
      throw expired();
    });
    await expect(withToken(src, 'token-expired', call)).rejects.toMatchObject({ code: 'AccessTokenExpired' });
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('passes other errors through untouched', async () => {
    const { src, issue } = source({ token: 'A', expiresAt: 9e15 });
    const err = new AlipanError({ code: 'ShareLink.Cancelled', status: 400, category: 'share-cancelled' });
    await expect(withToken(src, 'token-expired', async () => Promise.reject(err))).rejects.toBe(err);
    expect(issue).not.toHaveBeenCalled();
  });
});
