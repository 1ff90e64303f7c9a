import { shareTokenSource } from '../api/share';
import type { TokenSource } from '../api/token-source';
import type { Transport } from '../api/transport';
import { type ShareRef, statusKey } from './model';

/** The share-token source of a share and code (§4): one per pair, kept for the worker's life. */
export type ShareTokens = (ref: Pick<ShareRef, 'shareId' | 'code'>) => TokenSource;

/** One cache serves browsing and downloads, so a share opened in the viewer needs no new token to download. */
export function shareTokenCache(transport: Transport): ShareTokens {
  const sources = new Map<string, TokenSource>();
  return (ref) => {
    const key = statusKey(ref);
    let source = sources.get(key);
    if (!source) {
      source = shareTokenSource(transport, ref.shareId, ref.code);
      sources.set(key, source);
    }
    return source;
  };
}
