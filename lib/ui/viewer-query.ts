import { findShareLinks, uniqueShares } from '../links/parse';
import type { ShareRef } from '../shares/model';

const CODE = /^[A-Za-z0-9]{4}$/;

/** Every share (with its code) in text a user pasted — one link, or a chat message full of them — in order. */
export function sharesFromText(text: string): ShareRef[] {
  return uniqueShares(findShareLinks(text)).flatMap((link) =>
    link.kind === 'share' && link.shareId
      ? [{ shareId: link.shareId, code: link.code, ...(link.folderId ? { folderId: link.folderId } : {}) }]
      : [],
  );
}

/** The share and code in a URL or in text a user pasted ("https://www.alipan.com/s/… 提取码: t84d"), or null. */
export function shareFromText(text: string): ShareRef | null {
  return sharesFromText(text)[0] ?? null;
}

/**
 * The share a viewer URL (`?url=<share URL>[&code=<code>]`) points at. The `url` may be any form
 * the link parser accepts, `/folder/<id>` and `?pwd=` included; a well-formed `code` parameter
 * wins over the URL's. Null when no share link is in it.
 */
export function parseViewerQuery(search: string): ShareRef | null {
  const query = new URLSearchParams(search);
  const ref = shareFromText(query.get('url') ?? '');
  if (!ref) return null;
  const code = query.get('code')?.trim() ?? '';
  return CODE.test(code) ? { ...ref, code } : ref;
}

/** Whether a typed extraction code has the shape Alipan uses (4 letters or digits). */
export function isWellFormedCode(code: string): boolean {
  return CODE.test(code);
}
