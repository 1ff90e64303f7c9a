/** Anonymous share calls (§3–§5): no account needed. */

import { CANARY_HEADERS, HOSTS } from './hosts';
import { collectPages } from './paginate';
import { createTokenSource, type IssuedToken, type TokenSource, withToken } from './token-source';
import type { Transport } from './transport';

export interface ShareInfo {
  share_name?: string;
  share_title?: string;
  display_name?: string;
  file_count?: number;
  file_infos?: { type: string; file_id: string; file_name: string }[];
  creator_name?: string;
  creator_id?: string;
  avatar?: string;
  updated_at?: string;
  expiration?: string;
  has_pwd?: boolean;
}

export interface ShareToken {
  share_token: string;
  expire_time?: string;
  expires_in?: number;
}

export interface ShareItem {
  file_id: string;
  name: string;
  type: 'file' | 'folder';
  size?: number;
  parent_file_id: string;
  share_id?: string;
  drive_id?: string;
  created_at?: string;
  updated_at?: string;
  file_extension?: string;
  mime_type?: string;
  category?: string;
  thumbnail?: string;
  /** Set (non-zero) on a file Alipan has banned (§5). */
  punish_flag?: number;
}

export type ListOrder = 'name' | 'size' | 'updated_at' | 'created_at';

/** §3 — metadata of a share; does not check an extraction code. Ids are trimmed (whitespace gives NotFound). */
export function getShareByAnonymous(t: Transport, shareId: string): Promise<ShareInfo> {
  const id = shareId.trim();
  return t.send<ShareInfo>({
    url: `${HOSTS.apiLegacy}/adrive/v3/share_link/get_share_by_anonymous`,
    query: { share_id: id },
    headers: { ...CANARY_HEADERS },
    body: { share_id: id },
    pace: 'share',
  });
}

/** §10 — a quick-transfer (`/t/`) link: its own anonymous call, no code, no account. Fields as §3's, all optional. */
export function getQuickTransferByAnonymous(t: Transport, transferId: string): Promise<ShareInfo> {
  const id = transferId.trim();
  return t.send<ShareInfo>({
    url: `${HOSTS.apiLegacy}/adrive/v1/share/getByAnonymous`,
    query: { share_id: id },
    headers: { ...CANARY_HEADERS },
    body: { share_id: id },
    pace: 'share',
  });
}

/** §4 — a share token (valid 2 h); a wrong or missing code fails with a *SharePwd* code. */
export function getShareToken(t: Transport, shareId: string, code: string | null): Promise<ShareToken> {
  return t.send<ShareToken>({
    url: `${HOSTS.api}/v2/share_link/get_share_token`,
    headers: { ...CANARY_HEADERS },
    body: { share_id: shareId.trim(), share_pwd: code ?? '' },
    pace: 'share',
  });
}

export interface ListPageInput {
  shareId: string;
  shareToken: string;
  parentFileId: string;
  marker: string;
  orderBy?: ListOrder;
  orderDirection?: 'ASC' | 'DESC';
}

/** §5 — one page (≤ 200 items) of a shared folder. */
export function listSharePage(
  t: Transport,
  input: ListPageInput,
): Promise<{ items: ShareItem[]; next_marker?: string }> {
  return t.send({
    url: `${HOSTS.api}/adrive/v3/file/list`,
    headers: { ...CANARY_HEADERS, 'x-share-token': input.shareToken },
    body: {
      share_id: input.shareId,
      parent_file_id: input.parentFileId,
      limit: 200,
      order_by: input.orderBy ?? 'name',
      order_direction: input.orderDirection ?? 'ASC',
      marker: input.marker,
      image_thumbnail_process: 'image/resize,w_160/format,jpeg',
      video_thumbnail_process: 'video/snapshot,t_1000,f_jpg,ar_auto,w_300',
    },
    pace: 'share',
  });
}

/**
 * §5 — every entry of a shared folder: all pages, share token renewed once if it expires
 * midway; no further page once `signal` aborts.
 */
export function listShareFolder(
  t: Transport,
  shareToken: TokenSource,
  input: Omit<ListPageInput, 'shareToken' | 'marker'>,
  signal?: AbortSignal,
): Promise<ShareItem[]> {
  return collectPages(
    (marker) =>
      withToken(shareToken, 'share-token-expired', (token) =>
        listSharePage(t, { ...input, shareToken: token, marker }),
      ),
    { signal },
  );
}

/** A share token source for one share and code; tokens live in memory only (they are not secrets of the user). */
export function shareTokenSource(t: Transport, shareId: string, code: string | null): TokenSource {
  let cached: IssuedToken | undefined;
  return createTokenSource({
    read: async () => cached,
    issue: async () => {
      const res = await getShareToken(t, shareId, code);
      cached = { token: res.share_token, expiresAt: Date.now() + (res.expires_in ?? 7200) * 1000 };
      return cached;
    },
  });
}
