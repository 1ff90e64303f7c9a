/** Calls with the *web* token (§1, §6, §7): token refresh, the user, the batch copy. */

import { bearer, CANARY_HEADERS, HOSTS } from './hosts';
import type { Transport } from './transport';

export interface WebTokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type?: string;
  user_id: string;
  nick_name?: string;
  default_drive_id?: string;
  expire_time?: string;
}

export interface WebUser {
  user_id: string;
  nick_name?: string;
  user_name?: string;
  avatar?: string;
  default_drive_id?: string;
  resource_drive_id?: string;
  backup_drive_id?: string;
}

/** §1 — the refresh token rotates on every call: the caller must persist the new one first. */
export function refreshWebToken(t: Transport, refreshToken: string): Promise<Partial<WebTokenResponse>> {
  return t.send<Partial<WebTokenResponse>>({
    url: `${HOSTS.auth}/v2/account/token`,
    body: { grant_type: 'refresh_token', refresh_token: refreshToken },
    pace: 'auth',
    tokenCall: true,
  });
}

/** §6 */
export function getWebUser(t: Transport, accessToken: string): Promise<WebUser> {
  return t.send<WebUser>({
    url: `${HOSTS.user}/v2/user/get`,
    headers: bearer(accessToken),
    body: {},
    pace: 'web',
  });
}

interface BatchItemResult<B = Record<string, unknown>> {
  id: string;
  status: number;
  body: B & { code?: string; message?: string };
}

export interface CopyRequest {
  shareId: string;
  fileId: string;
  toDriveId: string;
  toParentFileId: string;
}

export interface BatchOptions {
  /** Never re-sent after a lost answer (see ApiRequest.sendOnce): the caller looks for what arrived first. */
  sendOnce?: boolean;
}

export type CopyResult = BatchItemResult<{ file_id?: string; async_task_id?: string; drive_id?: string }>;

export const MAX_BATCH = 100;

/** §7 — one `/adrive/v4/batch` call; results come back per item, in request order ids. */
async function sendBatch<B>(
  t: Transport,
  accessToken: string,
  shareToken: string,
  items: { url: string; body: Record<string, unknown> }[],
  sendOnce = false,
): Promise<BatchItemResult<B>[]> {
  if (items.length > MAX_BATCH) throw new RangeError(`at most ${MAX_BATCH} requests per batch`);
  const res = await t.send<{ responses?: BatchItemResult<B>[] }>({
    url: `${HOSTS.apiLegacy}/adrive/v4/batch`,
    headers: { ...bearer(accessToken), ...CANARY_HEADERS, 'x-share-token': shareToken },
    body: {
      requests: items.map((item, i) => ({
        id: String(i),
        method: 'POST',
        url: item.url,
        headers: { 'Content-Type': 'application/json' },
        body: item.body,
      })),
      resource: 'file',
    },
    pace: 'web',
    sendOnce,
  });
  return res.responses ?? [];
}

/** §7 — copies up to 100 share files into the user's drive (file → 201 + file_id, folder → 202 + task). */
export function batchCopy(
  t: Transport,
  accessToken: string,
  shareToken: string,
  copies: CopyRequest[],
  options: BatchOptions = {},
): Promise<CopyResult[]> {
  return sendBatch(
    t,
    accessToken,
    shareToken,
    copies.map((c) => ({
      url: '/file/copy',
      body: {
        share_id: c.shareId,
        file_id: c.fileId,
        to_drive_id: c.toDriveId,
        to_parent_file_id: c.toParentFileId,
        auto_rename: true,
      },
    })),
    options.sendOnce,
  );
}

export type TaskResult = BatchItemResult<{ state?: string; message?: string }>;

/**
 * §7 — the state of folder copies started by the batch (`Succeed` | `Failed` | `Cancelled`, else
 * still running): up to 100 tasks asked in one call; results in the order of `asyncTaskIds`.
 */
export async function getAsyncTasks(
  t: Transport,
  accessToken: string,
  shareToken: string,
  asyncTaskIds: string[],
): Promise<TaskResult[]> {
  const results = await sendBatch<{ state?: string; message?: string }>(
    t,
    accessToken,
    shareToken,
    asyncTaskIds.map((id) => ({ url: '/async_task/get', body: { async_task_id: id } })),
  );
  const byId = new Map(results.map((r) => [r.id, r]));
  return asyncTaskIds.map(
    (_, i) => byId.get(String(i)) ?? { id: String(i), status: 500, body: { code: 'EmptyBatchResponse' } },
  );
}
