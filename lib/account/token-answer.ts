/**
 * The one gate between a token answer and storage (issue 9): a renewed refresh token replaces
 * the only working one, so an answer that is not what §1 / §2 describe must never be stored.
 */
import { malformedAnswerError } from './token-trouble';

export interface ExchangeResult {
  accessToken: string;
  refreshToken: string;
  expiresInSec: number;
  userId?: string;
}

/** RFC 6750 §2.1 `b64token`: what a bearer token may be made of (JWTs and 32-hex tokens fit). */
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** Real tokens are a few hundred characters; anything far longer is a page, not a token. */
const MAX_TOKEN_LENGTH = 8192;
/** §2: the relay sends no `expires_in`; treat the access token as valid 7200 s. */
const DEFAULT_EXPIRES_IN_SEC = 7200;

/** The answer of a web (§1) or open-platform (§2) refresh, checked; throws a transient `TokenAnswer.Malformed` otherwise. */
export function readTokenAnswer(answer: unknown): ExchangeResult {
  const res = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const accessToken = wellFormed(res.access_token);
  const refreshToken = wellFormed(res.refresh_token);
  if (!accessToken || !refreshToken) {
    const what =
      typeof answer === 'object' && answer !== null
        ? 'no well-formed access and refresh token'
        : `a ${typeof answer} answer`;
    throw malformedAnswerError(what);
  }
  const expiresIn = Number(res.expires_in);
  return {
    accessToken,
    refreshToken,
    expiresInSec: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SEC,
    ...(typeof res.user_id === 'string' && res.user_id ? { userId: res.user_id } : {}),
  };
}

function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH && TOKEN.test(value);
}

function wellFormed(value: unknown): string | undefined {
  return isWellFormedToken(value) ? value : undefined;
}
