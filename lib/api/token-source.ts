import { type ErrorCategory, isAlipanError } from './errors';

export interface IssuedToken {
  token: string;
  /** Epoch ms after which the token must not be used. */
  expiresAt: number;
}

/**
 * A token that can be renewed. `renew(stale)` is single-flight: N callers that saw the same stale
 * token trigger exactly one renewal and all get its result; a caller whose stale token was
 * already replaced gets the newer one without another request.
 */
export interface TokenSource {
  current(): Promise<string>;
  renew(stale?: string): Promise<string>;
}

/** Renew this long before the stated expiry so a request never starts with a dying token. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;

export function createTokenSource(opts: {
  read: () => Promise<IssuedToken | undefined>;
  /** Gets a new token; whatever must survive (a rotated refresh token) is persisted inside, before it returns. */
  issue: () => Promise<IssuedToken>;
  now?: () => number;
}): TokenSource {
  const now = opts.now ?? Date.now;
  let inflight: Promise<string> | undefined;

  const fresh = (t: IssuedToken | undefined): boolean => t !== undefined && t.expiresAt - EXPIRY_MARGIN_MS > now();

  const renew = (stale?: string): Promise<string> => {
    inflight ??= (async () => {
      const stored = await opts.read();
      if (stored && fresh(stored) && stale !== undefined && stored.token !== stale) return stored.token;
      return (await opts.issue()).token;
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  return {
    async current() {
      if (inflight) return inflight;
      const stored = await opts.read();
      return stored && fresh(stored) ? stored.token : renew(stored?.token);
    },
    renew,
  };
}

/** Runs `call` with the source's token; on an expired-token error, renews once and retries once. */
export async function withToken<T>(
  source: TokenSource,
  expired: ErrorCategory,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const token = await source.current();
  try {
    return await call(token);
  } catch (e) {
    if (!isAlipanError(e) || e.category !== expired) throw e;
    return call(await source.renew(token));
  }
}
