/** What badges, the popup and the status service say about one share (alipan-api.md §3, §4). */
export type ShareState =
  | 'checking'
  | 'valid'
  | 'needs-code'
  | 'wrong-code'
  | 'expired'
  | 'cancelled'
  | 'forbidden'
  | 'not-found'
  | 'empty'
  | 'unknown';

export interface ShareStatus {
  state: ShareState;
  name?: string;
  fileCount?: number;
  creator?: string;
  /** ISO date, '' = never expires. */
  expiration?: string;
  /** The API code behind a dead or unknown state, e.g. `ShareLink.Cancelled`, `TooManyRequests`. */
  code?: string;
  /** A candidate code (ShareRef.candidate) was needed and opened the share. */
  codeAccepted?: true;
  /**
   * A listing of this share showed files Alipan banned (`punish_flag`, alipan-api.md §5). Only
   * listings say so, never the metadata a check reads: known once the share was opened.
   */
  banned?: true;
  /** A short link's (ShareRef kind `short_url`): the share it leads to, whose status this is. */
  target?: ShareTarget;
}

/** Where a short link leads (alipan-api.md §10): a share, its folder, and the code its URL carried (`?pwd=`). */
export type ShareTarget = Pick<ShareRef, 'shareId' | 'code' | 'folderId' | 'candidate'>;

/**
 * A share as a content script reports it: the id as written, and the code found beside it. For a
 * short link (`alywp.net/<code>`, kind `short_url`) the id is the short code, resolved by the
 * background (short-links.ts).
 */
export interface ShareRef {
  shareId: string;
  code: string | null;
  folderId?: string;
  /** A quick-transfer link (`/t/<id>`, alipan-api.md §10): its own API, never a code; absent for a share. */
  kind?: 'share' | 'quick_transfer' | 'short_url';
  /** The code was written with no keyword ("…/s/<id> (ab12)"): tried, but never called wrong. */
  candidate?: true;
}

/**
 * One status per share id and code: a code decides between `valid` and `wrong-code`, and a
 * candidate (marked `?`) between `valid` and `needs-code`. A short code may be as long as a share
 * id: its key is marked with its host.
 */
export function statusKey(ref: Pick<ShareRef, 'shareId' | 'code' | 'candidate' | 'kind'>): string {
  return `${ref.kind === 'short_url' ? 'alywp.net/' : ''}${ref.shareId}:${ref.code ?? ''}${ref.candidate ? '?' : ''}`;
}

/** The share id, code and candidate mark a {@link statusKey} was made of. */
export function refOfStatusKey(key: string): Pick<ShareRef, 'shareId' | 'code' | 'candidate'> {
  const [shareId = '', written = ''] = key.split(':');
  const candidate = written.endsWith('?');
  const code = candidate ? written.slice(0, -1) : written;
  return { shareId, code: code || null, ...(candidate && { candidate: true as const }) };
}

/** States that say the share is gone for good (cached a day, shown as dead). */
export const DEAD_STATES: ReadonlySet<ShareState> = new Set(['expired', 'cancelled', 'forbidden', 'not-found']);
