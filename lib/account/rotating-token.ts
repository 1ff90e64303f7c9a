import { AlipanError } from '../api/errors';
import type { IssuedToken, TokenSource } from '../api/token-source';
import { createTokenSource } from '../api/token-source';
import type { KeyValueStore } from '../platform/kv-store';
import type { StoredTokens } from './model';
import { type ExchangeResult, readTokenAnswer } from './token-answer';
import { asTokenFailure, type TokenService } from './token-trouble';

/** A token source whose refresh token the user can replace (save, sign-out). */
export interface RotatingToken extends TokenSource {
  /** The user's token replaces ours: a renewed one still waiting for storage is dropped. */
  reset(): void;
}

export interface RotatingTokenOptions {
  store: KeyValueStore;
  key: string;
  /** Who renews it, named when it cannot be reached. */
  service: () => Promise<TokenService>;
  /** One renewal; the raw answer, checked here before anything is stored. */
  exchange: (refreshToken: string) => Promise<unknown>;
  now?: () => number;
  /** The refresh token just used: spent from now on, whatever the answer's fate. */
  onSpent?: (refreshToken: string) => Promise<void>;
  /** True when a renewed refresh token could not be written (it is kept in memory), false once it is. */
  onUnsaved?: (unsaved: boolean) => void;
  /** First wait before a failed write is tried again (doubles, ≤ 1 min). Default 1 s. */
  rewriteMs?: number;
}

const MAX_REWRITE_MS = 60_000;

/**
 * An access token whose refresh token rotates on every use (§1, §2). The answer is checked
 * first (a malformed one never reaches storage), the new refresh token is written before the
 * access token is handed to anyone, so a worker killed right after never loses it; if storage
 * refuses the write, the token is kept in memory, used from there, and written again until it
 * lands. Every renewal re-reads the refresh token, so a failed one is never resent with a token
 * that was meanwhile replaced. One refresh at a time (see createTokenSource).
 */
export function rotatingToken(opts: RotatingTokenOptions): RotatingToken {
  const now = opts.now ?? Date.now;
  const rewriteMs = opts.rewriteMs ?? 1000;
  /** A renewed record storage refused: the only copy of the live refresh token until a write lands. */
  let unsaved: StoredTokens | undefined;
  let rewriteTimer: ReturnType<typeof setTimeout> | undefined;
  let rewriteDelay = rewriteMs;

  const saved = async () => unsaved ?? (await opts.store.get<StoredTokens>(opts.key));

  const rewrite = async () => {
    rewriteTimer = undefined;
    const pending = unsaved;
    if (!pending) return;
    try {
      await opts.store.set({ [opts.key]: pending });
    } catch {
      rewriteDelay = Math.min(rewriteDelay * 2, MAX_REWRITE_MS);
      rewriteTimer = setTimeout(rewrite, rewriteDelay);
      return;
    }
    if (unsaved !== pending) return;
    unsaved = undefined;
    opts.onUnsaved?.(false);
  };

  const keepUnsaved = (next: StoredTokens) => {
    if (!unsaved) opts.onUnsaved?.(true);
    unsaved = next;
    rewriteDelay = rewriteMs;
    if (rewriteTimer === undefined) rewriteTimer = setTimeout(rewrite, rewriteDelay);
  };

  const read = async (): Promise<IssuedToken | undefined> => {
    const tokens = await saved();
    return tokens?.accessToken && tokens.expiresAt
      ? { token: tokens.accessToken, expiresAt: tokens.expiresAt }
      : undefined;
  };

  const issue = async (): Promise<IssuedToken> => {
    const before = await saved();
    if (typeof before?.refreshToken !== 'string' || !before.refreshToken) {
      throw new AlipanError({ code: 'NoToken', category: 'sign-in-needed' });
    }
    let answer: ExchangeResult;
    try {
      answer = readTokenAnswer(await opts.exchange(before.refreshToken));
    } catch (e) {
      throw asTokenFailure(e, await opts.service());
    }
    const t = now();
    const expiresAt = t + answer.expiresInSec * 1000;
    const next: StoredTokens = {
      refreshToken: answer.refreshToken,
      accessToken: answer.accessToken,
      expiresAt,
      refreshedAt: t,
      userId: answer.userId ?? before.userId,
    };
    // Compare-and-set: if the user saved a new token while this refresh was in flight, theirs wins.
    if ((await saved())?.refreshToken === before.refreshToken) {
      try {
        await opts.store.set({ [opts.key]: next });
        if (unsaved) {
          unsaved = undefined;
          opts.onUnsaved?.(false);
        }
      } catch {
        keepUnsaved(next);
      }
    }
    await opts.onSpent?.(before.refreshToken).catch(() => {});
    return { token: answer.accessToken, expiresAt };
  };

  return {
    ...createTokenSource({ read, issue, now }),
    reset() {
      if (rewriteTimer !== undefined) clearTimeout(rewriteTimer);
      rewriteTimer = undefined;
      if (!unsaved) return;
      unsaved = undefined;
      opts.onUnsaved?.(false);
    },
  };
}
