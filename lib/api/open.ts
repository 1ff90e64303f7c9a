/** Open-platform calls (§2, §8, §9), all with the *open* access token except the two refreshes. */
import { AlipanError } from './errors';
import { bearer, HOSTS } from './hosts';
import { checkRenewApiUrl } from './renew-url';
import type { Transport } from './transport';

export interface OpenTokenResponse {
  access_token: string;
  refresh_token: string;
  /** Absent from the renew API: treat the access token as valid 7200 s (§2). */
  expires_in?: number;
}

/**
 * §2 — through a renew API relay. Failures are `{text}` (500), whatever the cause. The answer is
 * returned as it came: the account checks it before anything is stored (token-answer.ts). A URL
 * saved before `http://` was refused (renew-url.ts) is refused here too: the token is not sent.
 */
export async function renewOpenToken(
  t: Transport,
  renewApiUrl: string,
  refreshToken: string,
): Promise<Partial<OpenTokenResponse>> {
  const res = await t.send<Partial<OpenTokenResponse> & { text?: unknown }>({
    url: checkRenewApiUrl(renewApiUrl),
    method: 'GET',
    // Both names of the app-type parameter are sent: harmless, and either relay version accepts it.
    query: { refresh_ui: refreshToken, server_use: 'true', driver_txt: 'alicloud_qr', apps_types: 'alicloud_qr' },
    pace: 'renew',
    mapError: (status, data) => {
      const text = (data as { text?: unknown } | undefined)?.text;
      return typeof text === 'string' ? relayFailure(status, text) : undefined;
    },
    tokenCall: true,
  });
  // "Either token empty → failure" (§2): a 200 that carries the relay's {text} is read like its 500.
  if (typeof res?.text === 'string' && (!res.access_token || !res.refresh_token)) throw relayFailure(200, res.text);
  return res;
}

/** Words of a relay failure that mean the refresh token itself is dead (its own overload does not). */
const DEAD_TOKEN = /invalid|expired|revoked|无效|过期|失效/i;

/**
 * The relay answers `{text}` to every failure (§2): only a text that says the refresh token is
 * invalid or expired means "sign in again"; any other (overload, upstream trouble) is transient.
 */
export function relayFailure(status: number | undefined, text: string): AlipanError {
  return /token/i.test(text) && DEAD_TOKEN.test(text)
    ? new AlipanError({ code: 'RenewApi.Refused', status, category: 'sign-in-needed', detail: text })
    : new AlipanError({ code: 'RenewApi.Failed', status, category: 'network', detail: text });
}

/** §2 — through the user's own open-platform app. */
export function refreshOpenTokenWithApp(
  t: Transport,
  app: { clientId: string; clientSecret: string },
  refreshToken: string,
): Promise<Partial<OpenTokenResponse>> {
  return t.send<Partial<OpenTokenResponse>>({
    url: `${HOSTS.open}/oauth/access_token`,
    body: {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    },
    pace: 'renew',
    tokenCall: true,
  });
}

export interface DriveInfo {
  user_id: string;
  name?: string;
  avatar?: string;
  default_drive_id?: string;
  resource_drive_id?: string;
  backup_drive_id?: string;
}

export interface SpaceInfo {
  personal_space_info?: { used_size?: number; total_size?: number };
}

export interface OpenFile {
  drive_id: string;
  file_id: string;
  name: string;
  type: 'file' | 'folder';
  parent_file_id?: string;
  size?: number;
  created_at?: string;
  updated_at?: string;
  /** `openFile/get`: the file is in the recycle bin. */
  trashed?: boolean;
}

export interface DownloadUrl {
  url: string;
  expiration?: string;
  method?: string;
  size?: number;
  content_hash?: string;
  content_hash_name?: string;
  file_id?: string;
  streamsUrl?: { jpeg?: string; mov?: string };
}

function openCall<T>(
  t: Transport,
  accessToken: string,
  path: string,
  body: Record<string, unknown>,
  pace: 'open-list' | 'open-link' | 'open-other' = 'open-other',
): Promise<T> {
  return t.send<T>({ url: `${HOSTS.open}${path}`, headers: bearer(accessToken), body, pace });
}

/** The drive downloads use: copies must land where the open token can read (§7). */
export function downloadDriveId(info: DriveInfo): string | undefined {
  return info.resource_drive_id || info.default_drive_id || undefined;
}

export const getDriveInfo = (t: Transport, token: string) =>
  openCall<DriveInfo>(t, token, '/adrive/v1.0/user/getDriveInfo', {});

export const getSpaceInfo = (t: Transport, token: string) =>
  openCall<SpaceInfo>(t, token, '/adrive/v1.0/user/getSpaceInfo', {});

/**
 * Creates a folder (in the drive root unless `parentFileId` says where). `refuse` returns the
 * existing folder of that name (with `exist: true`); `auto_rename` always makes a new one ("name(1)").
 */
export const createFolder = (
  t: Transport,
  token: string,
  driveId: string,
  name: string,
  checkNameMode: 'refuse' | 'auto_rename' = 'refuse',
  parentFileId = 'root',
) =>
  openCall<OpenFile & { exist?: boolean }>(t, token, '/adrive/v1.0/openFile/create', {
    drive_id: driveId,
    parent_file_id: parentFileId,
    name,
    type: 'folder',
    check_name_mode: checkNameMode,
  });

export const listOpenPage = (t: Transport, token: string, driveId: string, parentFileId: string, marker: string) =>
  openCall<{ items: OpenFile[]; next_marker?: string }>(
    t,
    token,
    '/adrive/v1.0/openFile/list',
    { drive_id: driveId, parent_file_id: parentFileId, limit: 100, marker },
    'open-list',
  );

/**
 * §8: links live 900 s whatever is asked, so that is what we ask; the real lifetime is read from
 * the answer (link-expiry.ts). Paced at ≤ 1 call/s per account.
 */
export const getDownloadUrl = (t: Transport, token: string, driveId: string, fileId: string, expireSec = 900) =>
  openCall<DownloadUrl>(
    t,
    token,
    '/adrive/v1.0/openFile/getDownloadUrl',
    { drive_id: driveId, file_id: fileId, expire_sec: expireSec },
    'open-link',
  );

/** One file's details: its parent tells whether a copy is still in our temporary folder. */
export const getFile = (t: Transport, token: string, driveId: string, fileId: string) =>
  openCall<OpenFile>(t, token, '/adrive/v1.0/openFile/get', { drive_id: driveId, file_id: fileId });

/** To the recycle bin (the user can restore it): for what the extension cannot prove it made. */
export const trashFile = (t: Transport, token: string, driveId: string, fileId: string) =>
  openCall<{ drive_id: string; file_id: string; async_task_id?: string }>(
    t,
    token,
    '/adrive/v1.0/openFile/recyclebin/trash',
    { drive_id: driveId, file_id: fileId },
  );

/** Permanent delete (no recycle bin): only ever called on copies the extension made. */
export const deleteFile = (t: Transport, token: string, driveId: string, fileId: string) =>
  openCall<{ drive_id: string; file_id: string; async_task_id?: string }>(t, token, '/adrive/v1.0/openFile/delete', {
    drive_id: driveId,
    file_id: fileId,
  });
