import type { DownloadUrl } from '../api/open';

/** §8: a link counts as expired this long before the time it carries. */
export const LINK_EXPIRY_MARGIN_MS = 60_000;

/**
 * When a download URL stops being usable (epoch ms): its `x-oss-expires` (unix seconds), else the
 * answer's `expiration`, else the lifetime we asked for; minus §8's margin.
 */
export function linkExpiry(link: DownloadUrl, requestedAt: number, expireSec: number): number {
  const signed = Number(new URL(link.url).searchParams.get('x-oss-expires')) * 1000;
  const stated = Date.parse(link.expiration ?? '');
  const expires = signed > 0 ? signed : Number.isFinite(stated) ? stated : requestedAt + expireSec * 1000;
  return expires - LINK_EXPIRY_MARGIN_MS;
}
