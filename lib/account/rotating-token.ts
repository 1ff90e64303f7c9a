import type { IssuedToken, TokenSource } from '../api/token-source';
import { createTokenSource } from '../api/token-source';
import { AlipanError } from '../api/errors';
import type { KeyValueStore } from '../platform/kv-store';
import type { StoredTokens } from './model';

export interface ExchangeResult {
  accessToken: string;
  refreshToken: string;
  expiresInSec: number;
  userId?: string;
}

/**
 * An access token whose refresh token rotates on every use (§1, §2). The new refresh token is
 * written to storage before the access token is handed to anyone, so a worker killed right after
 * never loses it; one refresh at a time (see createTokenSource).
 */
export function rotatingToken(opts: {
  store: KeyValueStore;
  key: string;
  exchange: (refreshToken: string) => Promise<ExchangeResult>;
  now?: () => number;
}): TokenSource {
  const now = opts.now ?? Date.now;
  const read = async (): Promise<IssuedToken | undefined> => {
    const saved = await opts.store.get<StoredTokens>(opts.key);
    return saved?.accessToken && saved.expiresAt ? { token: saved.accessToken, expiresAt: saved.expiresAt } : undefined;
  };
  const issue = async (): Promise<IssuedToken> => {
    const saved = await opts.store.get<StoredTokens>(opts.key);
    if (!saved?.refreshToken) throw new AlipanError({ code: 'NoToken', category: 'sign-in-needed' });
    const res = await opts.exchange(saved.refreshToken);
    const t = now();
    const next: StoredTokens = {
      refreshToken: res.refreshToken,
      accessToken: res.accessToken,
      expiresAt: t + res.expiresInSec * 1000,
      refreshedAt: t,
      userId: res.userId ?? saved.userId,
    };
    // Compare-and-set: if the user saved a new token while this refresh was in flight, theirs wins.
    const current = await opts.store.get<StoredTokens>(opts.key);
    if (current?.refreshToken === saved.refreshToken) await opts.store.set({ [opts.key]: next });
    return { token: next.accessToken!, expiresAt: next.expiresAt! };
  };
  return createTokenSource({ read, issue, now });
}
