import { type $Fetch, FetchError, ofetch } from 'ofetch';
import { AlipanError, categorize, isAlipanError } from './errors';
import { createPacer, defaultSleep, PACE_INTERVAL_MS, type PaceClass, type Pacer } from './pacer';

export interface ApiRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Which rate class this call counts against (§8 limits). */
  pace: PaceClass;
  /** Maps a non-standard error body (e.g. the renew API's `{text}`) to an error. */
  mapError?: (status: number | undefined, data: unknown) => AlipanError | undefined;
  /**
   * The call sends or receives a refresh token (§1, §2): it is made with {@link TOKEN_CALL} — kept
   * out of the browser's HTTP cache, sent without cookies, never redirected — and never sent twice:
   * the token rotates on use, so after a timeout or a 5xx it may already be spent; the caller
   * re-reads the stored token before it tries again.
   */
  tokenCall?: boolean;
  /**
   * The call changes something and its answer may be lost after it did (a batch copy, §7): a
   * network error or a 5xx is thrown, never sent again blind; the caller first looks at what it
   * made. A refusal (429) did nothing and is still retried.
   */
  sendOnce?: boolean;
}

/**
 * Fetch options of a token call (issue 9). Firefox keeps answers in the profile's HTTP cache in
 * clear, POST answers included, with the URL (the renew API's carries the open refresh token) as the
 * key; `no-store` keeps the request and the answer out of any cache. A redirect would re-send the
 * token to wherever it points, so it fails instead of being followed.
 */
export const TOKEN_CALL = { cache: 'no-store', credentials: 'omit', redirect: 'error' } as const satisfies RequestInit;

export interface Transport {
  send<T>(req: ApiRequest): Promise<T>;
}

export interface TransportDeps {
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  pacer?: Pacer;
  /** Attempts in all for retryable failures (429, ParamFlowException, network, 5xx). */
  maxAttempts?: number;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;

/** Exponential backoff with full jitter; never shorter than what the server asked for. */
export function backoffDelay(attempt: number, random: () => number, retryAfterSec?: number): number {
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return Math.max(jittered, (retryAfterSec ?? 0) * 1000);
}

function isRetryable(e: AlipanError): boolean {
  return (
    e.category === 'rate-limited' ||
    e.category === 'network' ||
    (e.status !== undefined && e.status >= 500 && e.category === 'unknown')
  );
}

export function createTransport(deps: TransportDeps = {}): Transport {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const pacer = deps.pacer ?? createPacer(Date.now, sleep);
  const maxAttempts = deps.maxAttempts ?? 4;
  const $fetch: $Fetch = ofetch.create({ retry: 0, timeout: 30_000 }, deps.fetch ? { fetch: deps.fetch } : undefined);

  return {
    async send<T>(req: ApiRequest): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        await pacer.wait(req.pace, PACE_INTERVAL_MS[req.pace]);
        try {
          return await $fetch<T>(req.url, {
            method: req.method ?? 'POST',
            headers: req.headers,
            query: req.query,
            body: req.method === 'GET' ? undefined : ((req.body ?? {}) as Record<string, unknown>),
            ...(req.tokenCall ? TOKEN_CALL : {}),
          });
        } catch (raw) {
          const error = toAlipanError(raw, req.mapError);
          const mayHaveActed = req.sendOnce && error.category !== 'rate-limited';
          if (req.tokenCall || mayHaveActed || !isRetryable(error) || attempt + 1 >= maxAttempts) throw error;
          await sleep(backoffDelay(attempt, random, error.retryAfterSec));
        }
      }
    },
  };
}

/** Turns whatever ofetch threw into an AlipanError. */
function toAlipanError(raw: unknown, mapError?: ApiRequest['mapError']): AlipanError {
  if (isAlipanError(raw)) return raw;
  if (!(raw instanceof FetchError) || raw.response === undefined) {
    return new AlipanError({
      code: 'NetworkError',
      category: 'network',
      detail: String((raw as Error)?.message ?? raw),
    });
  }
  const status = raw.response.status;
  const data = raw.data as unknown;
  const mapped = mapError?.(status, data);
  if (mapped) return mapped;
  const code = readCode(data) ?? (status === 429 ? 'TooManyRequests' : `HTTP${status}`);
  const retryAfter = Number(raw.response.headers.get('x-retry-after') ?? raw.response.headers.get('retry-after'));
  return new AlipanError({
    code,
    status,
    category: categorize(code, status),
    retryAfterSec: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  });
}

function readCode(data: unknown): string | undefined {
  if (data && typeof data === 'object' && typeof (data as { code?: unknown }).code === 'string') {
    return (data as { code: string }).code;
  }
  return undefined;
}
