/**
 * Where a badge goes for a share link found in a context: right after the anchor, or right
 * after the matched text — splitting its text node (`Text.splitText` moves no character, so
 * the page's text stays as it was) unless the match ends where the node ends; and taking it
 * back.
 */
import type { ShareRef } from '../shares/model';
import type { FoundLink } from '../shares/page-links';
import { type Context, isText, type Segment } from './context';

export type Place = { after: Element } | { text: Text; offset: number };

export interface Occurrence {
  ref: ShareRef;
  place: Place;
}

/**
 * Where the badges go for the links the background found in a context (lib/shares/page-links.ts,
 * last first). The page may have changed meanwhile: a link whose text node changed or went is
 * left out, since the page's change brings that node to a later pass.
 */
export function placesOf(context: Context, links: FoundLink[]): Occurrence[] {
  const found: Occurrence[] = [];
  for (const { ref, end } of links) {
    const segment = segmentAt(context.segments, end - 1);
    if (!segment?.node.isConnected) continue;
    const { node, start } = segment;
    if (!isText(node)) {
      found.push({ ref, place: { after: node } });
      continue;
    }
    // A split for a later link of the same node (placed first) leaves a prefix of the text read.
    const offset = end - start;
    if (offset > node.data.length || context.text.slice(start, start + node.data.length) !== node.data) continue;
    found.push({ ref, place: { text: node, offset } });
  }
  return found;
}

/**
 * True when one of our badges for this link already follows the place: a re-scan of the block,
 * or the second copy of a link in one anchor (href and text). Told by the link each badge was
 * made for (`badgeRef`): a short link's badge shows the id of the share it leads to.
 */
export function isBadged(place: Place, ref: ShareRef, badgeRef: (node: Node) => ShareRef | undefined): boolean {
  const end = 'after' in place ? place.after : place.offset === place.text.length ? place.text : null;
  for (let node = end?.nextSibling; node; node = node.nextSibling) {
    const badged = badgeRef(node);
    if (!badged) return false;
    if (badged.shareId === ref.shareId && badged.kind === ref.kind) return true;
  }
  return false;
}

/**
 * Writes badges at places and can take them back. A framework (React, Vue) keeps a reference to
 * a text node it rendered and later sets its `data` or removes it: the tail we split off and
 * our badge would then stay beside its new text. So what was written after each page node is
 * remembered, to be taken back when the page changes or removes that node.
 */
export function createWriter() {
  /** By the page node they follow: our badges and the tails split off it (in the order written), and its data as we left it. */
  const written = new WeakMap<Node, { nodes: ChildNode[]; data?: string }>();
  /** The page node each badge follows. */
  const follows = new WeakMap<Node, Node>();

  return {
    insert(place: Place, badge: Element): void {
      const node = 'after' in place ? place.after : place.text;
      const tail = 'after' in place || place.offset === place.text.length ? null : place.text.splitText(place.offset);
      node.parentNode?.insertBefore(badge, tail ?? node.nextSibling);
      const entry = written.get(node) ?? { nodes: [] };
      entry.nodes.push(badge, ...(tail ? [tail] : []));
      if (isText(node)) entry.data = node.data;
      written.set(node, entry);
      follows.set(badge, node);
    },

    /**
     * Takes back what was written after `node` (or, for one of our badges, after the node it
     * follows). A text node the page left as we split it gets its text back; one the page
     * rewrote keeps the page's text, and our stale tails go.
     */
    takeBack(node: Node): void {
      const pageNode = follows.get(node) ?? node;
      const entry = written.get(pageNode);
      if (!entry) return;
      written.delete(pageNode);
      const intact = isText(pageNode) && pageNode.data === entry.data;
      // Each split puts its tail right after the node: the later written, the nearer. Reversed
      // is document order.
      for (const ours of entry.nodes.reverse()) {
        if (intact && isText(ours)) pageNode.appendData(ours.data);
        ours.remove();
      }
    },
  };
}

/** The segment holding the char at `index` (binary search; segments are in text order). */
function segmentAt(segments: Segment[], index: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segments[mid]?.start ?? Infinity) <= index) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo];
}
