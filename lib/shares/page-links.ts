/**
 * The share, quick-transfer and short links in the texts a content script read around its
 * candidates (lib/content/context.ts). Parsed here in the background, not in the page: the
 * parser's first run in each page's new isolated world is cold code, a quarter of the scan's
 * main-thread time on a 300-link page (`npm run bench -- scan`), while the worker's copy stays
 * warm; it also keeps the parser out of the script injected into every page.
 */
import { findShareLinks } from '../links/parse';
import type { ShareRef } from './model';

/** A text of the page and the part of it, `(from, to]` as link ends, whose links are badged; the rest only lends codes. */
export interface PageText {
  text: string;
  from: number;
  to: number;
}

/** A link found in a page text: its share, and the index just after it (where its badge goes). */
export interface FoundLink {
  ref: ShareRef;
  end: number;
}

/**
 * The links that end inside the text's badged part, last first: inserting badges from the end
 * keeps the earlier ends valid. A short link (`alywp.net/<code>`) is named by its code: the
 * status service finds the share it leads to.
 */
export function linksIn({ text, from, to }: PageText): FoundLink[] {
  const found: FoundLink[] = [];
  for (const m of findShareLinks(text).reverse()) {
    if (m.end <= from || m.end > to) continue;
    const shareId = m.shareId ?? m.url.slice(m.url.lastIndexOf('/') + 1);
    const ref: ShareRef = { shareId, code: m.code, kind: m.kind };
    if (m.folderId) ref.folderId = m.folderId;
    if (m.candidate) ref.candidate = true;
    found.push({ ref, end: m.end });
  }
  return found;
}
