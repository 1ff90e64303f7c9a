/**
 * Where a badge goes for a share link found in a context: right after the anchor, or right
 * after the matched text — splitting its text node (`Text.splitText` moves no character, so
 * the page's text stays as it was) unless the match ends where the node ends.
 */
import { findShareLinks } from '../links/parse';
import type { ShareRef } from '../shares/model';
import { isText, type Context, type Segment } from './context';

export type Place = { after: Element } | { text: Text; offset: number };

export interface Occurrence {
  ref: ShareRef;
  place: Place;
}

/**
 * The share and quick-transfer links (a short link has no id to report) that end inside the
 * context's owner, last first: inserting from the end keeps the offsets of earlier matches valid.
 */
export function occurrencesIn(context: Context): Occurrence[] {
  const found: Occurrence[] = [];
  const matches = findShareLinks(context.text);
  for (let i = matches.length - 1; i >= 0; i--) {
    const m = matches[i]!;
    if (m.shareId === null || m.end <= context.ownerStart || m.end > context.ownerEnd) continue;
    const segment = segmentAt(context.segments, m.end - 1);
    const ref: ShareRef = { shareId: m.shareId, code: m.code, kind: m.kind as ShareRef['kind'] };
    if (m.folderId) ref.folderId = m.folderId;
    const place: Place = isText(segment.node) ? { text: segment.node, offset: m.end - segment.start } : { after: segment.node };
    found.push({ ref, place });
  }
  return found;
}

/**
 * True when one of our badges for this share already follows the place: a re-scan of the
 * block, or the second copy of a link in one anchor (href and text).
 */
export function isBadged(place: Place, ref: ShareRef, isOwnBadge: (node: Node) => boolean): boolean {
  const end = 'after' in place ? place.after : place.offset === place.text.length ? place.text : null;
  for (let node = end?.nextSibling; node && isOwnBadge(node); node = node.nextSibling) {
    if ((node as Element).getAttribute('data-share-id') === ref.shareId) return true;
  }
  return false;
}

export function insertBadge(place: Place, badge: Element): void {
  const node = 'after' in place ? place.after : place.text;
  const next = 'after' in place || place.offset === place.text.length ? node.nextSibling : place.text.splitText(place.offset);
  node.parentNode?.insertBefore(badge, next);
}

/** The segment holding the char at `index` (binary search; segments are in text order). */
function segmentAt(segments: Segment[], index: number): Segment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.start <= index) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}
