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
}

/** A share as a content script reports it: the id as written, and the code found beside it. */
export interface ShareRef {
  shareId: string;
  code: string | null;
  folderId?: string;
  /** A quick-transfer link (`/t/<id>`, alipan-api.md §10): its own API, never a code; absent for a share. */
  kind?: 'share' | 'quick_transfer';
}

/** One status per share id and code: a code decides between `valid` and `wrong-code`. */
export function statusKey(ref: Pick<ShareRef, 'shareId' | 'code'>): string {
  return `${ref.shareId}:${ref.code ?? ''}`;
}

/** States that say the share is gone for good (cached a day, shown as dead). */
export const DEAD_STATES: ReadonlySet<ShareState> = new Set(['expired', 'cancelled', 'forbidden', 'not-found']);
