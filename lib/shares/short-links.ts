/**
 * Where short links lead (alipan-api.md §10: `alywp.net/<code>` resolves by HTTP redirect to a
 * share's URL). One request per code, whoever asks and however often: the redirect is followed
 * and only the final URL is read, the page it lands on is not downloaded. A code never changes
 * its target, so a share found is kept a month, and "leads to no share" a day (like a dead
 * share); a failure (network, 429, 5xx) is not kept: the badge says `unknown`, never dead (§3).
 */
import { AlipanError } from '../api/errors';
import { SHORT_LINK_ORIGIN } from '../api/hosts';
import { findShareLinks } from '../links/parse';
import type { KeyValueStore } from '../platform/kv-store';
import type { ShareRef, ShareTarget } from './model';
import { StatusCache } from './status-cache';

export const SHORT_LINK_TTL_MS = 30 * 24 * 60 * 60_000;
export const NOWHERE_TTL_MS = 24 * 60 * 60_000;
/** A shortener that never answers must not hold a check slot for ever (ofetch's timeout in transport.ts). */
const TIMEOUT_MS = 30_000;
/** A code's target is ~60 B: the cap is ~120 KB in 64 keys, one read at start. */
const SHORT_LINK_LAYOUT = { prefix: 'shortLinks.', buckets: 64, maxEntries: 2000 };

/**
 * No cookies, no Referer (the page the link was on is none of the shortener's business), no
 * HTTP cache (a cached redirect would hide a changed answer from the storage rules above).
 */
const SHORT_LINK_REQUEST = {
  redirect: 'follow',
  credentials: 'omit',
  referrerPolicy: 'no-referrer',
  cache: 'no-store',
} as const satisfies RequestInit;

/** The share a final URL is the link of (its `?pwd=` code too), or null: the home page, a login page. */
export function targetOfUrl(url: string): ShareTarget | null {
  const [link] = findShareLinks(url);
  // The URL itself, not a share named in its query (`/login?redirect=…/s/<id>`).
  if (link?.kind !== 'share' || link.start !== 0 || !link.shareId) return null;
  const target: ShareTarget = { shareId: link.shareId, code: link.code };
  if (link.folderId) target.folderId = link.folderId;
  return target;
}

/** The share a short link leads to, with the code its URL carried, else the one written beside the link. */
export function shareOfShortLink(link: ShareRef, leadsTo: ShareTarget): ShareRef {
  if (leadsTo.code) return { ...leadsTo };
  return { ...leadsTo, code: link.code, ...(link.candidate && { candidate: true as const }) };
}

export class ShortLinks {
  private readonly cache: StatusCache<ShareTarget | null>;
  private readonly inflight = new Map<string, Promise<ShareTarget | null>>();

  constructor(
    private readonly deps: {
      fetch?: typeof globalThis.fetch;
      now?: () => number;
      /** Where the targets are kept (absent: memory only). */
      store?: KeyValueStore;
      setTimer?: (fn: () => void, ms: number) => void;
    } = {},
  ) {
    const { store, now, setTimer } = deps;
    this.cache = new StatusCache({ store, now, setTimer, layout: SHORT_LINK_LAYOUT });
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  restore(): Promise<void> {
    return this.cache.restore();
  }

  /** The share the code leads to, null for none, undefined when not known (yet, or any more). */
  peek(code: string): ShareTarget | null | undefined {
    return this.cache.get(code)?.status;
  }

  /** Where the code leads; concurrent asks share one request. Throws an AlipanError when the shortener did not say. */
  resolve(code: string): Promise<ShareTarget | null> {
    const known = this.peek(code);
    if (known !== undefined) return Promise.resolve(known);
    let pending = this.inflight.get(code);
    if (!pending) {
      pending = this.follow(code);
      this.inflight.set(code, pending);
      pending.finally(() => this.inflight.delete(code)).catch(() => {});
    }
    return pending;
  }

  private async follow(code: string): Promise<ShareTarget | null> {
    const fetchUrl = this.deps.fetch ?? ((input, init) => fetch(input, init));
    let response: Response;
    try {
      response = await fetchUrl(`${SHORT_LINK_ORIGIN}/${code}`, {
        ...SHORT_LINK_REQUEST,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new AlipanError({ code: 'NetworkError', category: 'network', detail: String(e) });
    }
    // The headers say where the redirects ended; the page itself is not wanted.
    response.body?.cancel().catch(() => {});
    const target = targetOfUrl(response.url);
    if (!target && (response.status === 429 || response.status >= 500)) {
      const limited = response.status === 429;
      throw new AlipanError({
        code: limited ? 'TooManyRequests' : 'ServerError',
        status: response.status,
        category: limited ? 'rate-limited' : 'unknown',
      });
    }
    this.cache.set(code, { status: target, until: this.now() + (target ? SHORT_LINK_TTL_MS : NOWHERE_TTL_MS) });
    return target;
  }
}
