import { SHORT_LINK_ORIGIN } from '../api/hosts';
import type { ShareRef } from './model';
import type { PageText } from './page-links';

/** Content scripts run in pages we do not control: their messages are checked field by field. */
const SHARE_ID = /^[A-Za-z0-9]{8,14}$/;
const CODE = /^[A-Za-z0-9]{4}$/;
const FOLDER_ID = /^[0-9a-f]{40}$/i;
/** Quick-transfer ids are 20 chars in practice: never the length of a share id, so their status keys never meet. */
const QUICK_TRANSFER_ID = /^[A-Za-z0-9]{16,32}$/;
/** `alywp.net/<6–8 chars>` (alipan-api.md §10). */
const SHORT_CODE = /^[A-Za-z0-9]{6,8}$/;
/** The id each kind of link has; no kind is a share. */
const ID_BY_KIND = new Map<unknown, RegExp>([
  [undefined, SHARE_ID],
  ['share', SHARE_ID],
  ['quick_transfer', QUICK_TRANSFER_ID],
  ['short_url', SHORT_CODE],
]);
/** As many as a tab may have waiting (check-queue.ts): the popup's paste box asks for them at once. */
const MAX_REPORTED_SHARES = 5000;
/**
 * A content script sends the texts of one batch of its candidates (lib/content/page.ts sends 100
 * at most). A text may be long (a 2 MB log in one text node is read around its links as a whole),
 * so only the batch's total is bounded, at half of what Chromium lets a message carry (64 MB).
 */
const MAX_PAGE_TEXTS = 256;
const MAX_PAGE_TEXT_CHARS = 16_000_000;

export function asShareRef(value: unknown): ShareRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { shareId, code, folderId, kind, candidate } = value as Record<string, unknown>;
  const id = ID_BY_KIND.get(kind);
  if (!id || typeof shareId !== 'string' || !id.test(shareId)) return undefined;
  // A quick transfer needs no code, but one found beside it stays: it is part of the status key the
  // page uses. A short link's is the code for its target, unless the target's URL carries one.
  if (code !== null && code !== undefined && (typeof code !== 'string' || !CODE.test(code))) return undefined;
  if (folderId !== undefined && (id !== SHARE_ID || typeof folderId !== 'string' || !FOLDER_ID.test(folderId)))
    return undefined;
  const ref: ShareRef = { shareId, code: (code as string | null | undefined) ?? null };
  if (folderId) ref.folderId = folderId as string;
  if (candidate === true && ref.code) ref.candidate = true;
  if (kind === 'quick_transfer' || kind === 'short_url') ref.kind = kind;
  return ref;
}

export function asShareRefs(value: unknown): ShareRef[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_REPORTED_SHARES).flatMap((v) => asShareRef(v) ?? []);
}

/** Texts of a page to parse: a malformed one, or one past the batch's bound, is read as empty, so that the answer keeps their order. */
export function asPageTexts(value: unknown): PageText[] {
  if (!Array.isArray(value)) return [];
  let chars = 0;
  return value.slice(0, MAX_PAGE_TEXTS).map((v) => {
    const { text, from, to } = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
    if (typeof text === 'string') chars += text.length;
    const ok =
      typeof text === 'string' &&
      chars <= MAX_PAGE_TEXT_CHARS &&
      Number.isInteger(from) &&
      Number.isInteger(to) &&
      (from as number) >= 0 &&
      (from as number) <= (to as number) &&
      (to as number) <= text.length;
    return ok ? { text, from: from as number, to: to as number } : { text: '', from: 0, to: 0 };
  });
}

/**
 * The canonical share URL the viewer takes (a quick transfer's is Alipan's own page for it, a
 * short link's its own address).
 */
export function shareUrl(ref: Pick<ShareRef, 'shareId' | 'folderId' | 'kind'>): string {
  if (ref.kind === 'quick_transfer') return `https://www.alipan.com/t/${ref.shareId}`;
  if (ref.kind === 'short_url') return `${SHORT_LINK_ORIGIN}/${ref.shareId}`;
  return `https://www.alipan.com/s/${ref.shareId}${ref.folderId ? `/folder/${ref.folderId}` : ''}`;
}

/** `viewer.html?url=<share url>&code=<code>` — the stable viewer URL. */
/** `save`: the viewer opens the folder picker for the whole share at once (the link menu's "Save to my Alipan"). */
export function viewerPath(ref: ShareRef, opts: { save?: boolean } = {}): string {
  const query = new URLSearchParams({ url: shareUrl(ref) });
  if (ref.code) query.set('code', ref.code);
  if (opts.save) query.set('save', '1');
  return `/viewer.html?${query}`;
}
