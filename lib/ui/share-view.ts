import { categorize, errorText, isAlipanError, type LocalizedText } from '../api/errors';
import type { ShareOverview } from '../shares/browse';

/** What the share browser shows; `state` is the page's `data-view-state`. */
export type ShareView =
  | { state: 'loading' }
  | { state: 'needs-code'; wrongCode: boolean }
  | { state: 'error'; code: string; text: LocalizedText }
  | { state: 'ready'; overview: ShareOverview };

/** A share that cannot be listed (dead, or its status unknown: rate limited, offline) is an error view. */
export function viewOfOverview(overview: ShareOverview): ShareView {
  const { status } = overview;
  if (overview.needsCode) return { state: 'needs-code', wrongCode: status.state === 'wrong-code' };
  if (status.state === 'valid' || status.state === 'empty') return { state: 'ready', overview };
  const code = status.code ?? status.state;
  return { state: 'error', code, text: errorText(categorize(code)) };
}

/** A request that failed (listing, overview): the error view with the API code and its message. */
export function viewOfError(e: unknown): ShareView {
  if (isAlipanError(e)) return { state: 'error', code: e.code, text: e.text };
  return { state: 'error', code: 'unknown', text: errorText('unknown') };
}
