import type { ShareRef } from './model';

/** Content scripts run in pages we do not control: their messages are checked field by field. */
const SHARE_ID = /^[A-Za-z0-9]{8,14}$/;
const CODE = /^[A-Za-z0-9]{4}$/;
const FOLDER_ID = /^[0-9a-f]{40}$/i;
export const MAX_REPORTED_SHARES = 1000;

export function asShareRef(value: unknown): ShareRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { shareId, code, folderId } = value as Record<string, unknown>;
  if (typeof shareId !== 'string' || !SHARE_ID.test(shareId)) return undefined;
  if (code !== null && code !== undefined && (typeof code !== 'string' || !CODE.test(code))) return undefined;
  if (folderId !== undefined && (typeof folderId !== 'string' || !FOLDER_ID.test(folderId))) return undefined;
  return { shareId, code: (code as string | null | undefined) ?? null, ...(folderId ? { folderId: folderId as string } : {}) };
}

export function asShareRefs(value: unknown): ShareRef[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_REPORTED_SHARES).flatMap((v) => asShareRef(v) ?? []);
}

/** The canonical share URL the viewer takes. */
export function shareUrl(ref: Pick<ShareRef, 'shareId' | 'folderId'>): string {
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
