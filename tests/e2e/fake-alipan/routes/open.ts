/** Open-platform calls with the open token (§8, §9); each only touches the token owner's drives. */

import { must } from '../../../must.ts';
import { type Drive, type DriveFile, fileNotFound, fileSize, inRecycleBin, liveFolder, ROOT } from '../drive.ts';
import type { PaceClass, PaceLimits } from '../faults.ts';
import { ApiError, CDN_HOST, type Ctx, DOMAIN_ID, type RouteTable, requireField } from '../http.ts';
import { randomHex } from '../ids.ts';
import type { State, UserRecord } from '../state.ts';
import type { JsonObject } from '../types.ts';
import { fileJson, page } from './listing.ts';

function ownDrive(user: UserRecord, body: JsonObject): Drive {
  const drive = user.drive(requireField(body, 'drive_id'));
  if (!drive) throw new ApiError(403, 'PermissionDenied', 'No permission to access this drive.');
  return drive;
}

function existingFile(drive: Drive, body: JsonObject): DriveFile {
  const file = drive.get(requireField(body, 'file_id'));
  if (!file) throw fileNotFound();
  return file;
}

function driveInfo(user: UserRecord): unknown {
  return {
    user_id: user.userId,
    name: user.nickName,
    avatar: user.avatar,
    default_drive_id: user.defaultDriveId,
    resource_drive_id: user.resourceDriveId,
    backup_drive_id: user.backupDriveId,
  };
}

function spaceInfo(user: UserRecord): unknown {
  return { personal_space_info: { used_size: user.usedSize, total_size: user.totalSize } };
}

function createdJson(f: DriveFile, exist: boolean): unknown {
  const { driveId, fileId, name, type, parentFileId } = f;
  return {
    drive_id: driveId,
    file_id: fileId,
    name,
    file_name: name,
    type,
    parent_file_id: parentFileId,
    exist,
    status: 'available',
  };
}

/** Folders only (the extension never uploads); check_name_mode as documented. */
function createFolder(user: UserRecord, body: JsonObject): unknown {
  const drive = ownDrive(user, body);
  const name = requireField(body, 'name');
  if (body.type !== 'folder')
    throw new ApiError(400, 'InvalidParameter.Type', 'The fake open platform creates folders only.');
  const parent = liveFolder(drive, String(body.parent_file_id ?? ROOT));
  // Trashed entries hold no name: 'refuse' then makes a new folder.
  const existing = drive.childNamed(parent, name);
  if (existing && body.check_name_mode === 'refuse') return createdJson(existing, true);
  const finalName = existing && body.check_name_mode === 'auto_rename' ? drive.freeName(parent, name) : name;
  const now = new Date().toISOString();
  const folder = drive.insert({
    fileId: randomHex(20),
    driveId: drive.driveId,
    parentFileId: parent,
    name: finalName,
    type: 'folder',
    createdAt: now,
    updatedAt: now,
    trashed: false,
  });
  return createdJson(folder, false);
}

function listFolder(user: UserRecord, body: JsonObject): unknown {
  const drive = ownDrive(user, body);
  const parent = liveFolder(drive, requireField(body, 'parent_file_id'));
  const result = page(drive.children(parent), body, parent, { byDefault: 50, max: 100 });
  return { items: result.items.map(fileJson), next_marker: result.next_marker };
}

/** Same shape as a listed item, plus whether it is in the recycle bin; 404 once deleted for good. */
function getFile(user: UserRecord, body: JsonObject): unknown {
  const file = existingFile(ownDrive(user, body), body);
  return { ...fileJson(file), trashed: file.trashed };
}

/** Moves the entry (a folder with everything in it) to the recycle bin. */
function trashFile(user: UserRecord, body: JsonObject): unknown {
  const drive = ownDrive(user, body);
  const file = existingFile(drive, body);
  drive.trash(file.fileId);
  return { drive_id: drive.driveId, file_id: file.fileId };
}

/** Permanent, recycle bin or not (§9). */
function deleteFile(user: UserRecord, body: JsonObject): unknown {
  const drive = ownDrive(user, body);
  const file = existingFile(drive, body);
  drive.remove(file.fileId);
  return { drive_id: drive.driveId, file_id: file.fileId };
}

/**
 * A CDN URL whose signature names a grant; the CDN serves only what a live grant allows.
 * `expire_sec` is ignored: public tools observe 900 s whatever is asked (§8).
 */
function downloadUrl(state: State, user: UserRecord, appId: string, body: JsonObject): unknown {
  const drive = ownDrive(user, body);
  const file = existingFile(drive, body);
  if (file.trashed) throw inRecycleBin();
  if (file.type !== 'file') throw fileNotFound();
  const expiresAt = Date.now() + state.downloadUrlTtlSec * 1000;
  const expires = Math.ceil(expiresAt / 1000);
  const signature = randomHex(20);
  state.downloadGrants.set(signature, {
    userId: user.userId,
    appId,
    driveId: drive.driveId,
    fileId: file.fileId,
    expires,
    expiresAt,
  });
  const query = new URLSearchParams({
    di: DOMAIN_ID,
    dr: drive.driveId,
    f: file.fileId,
    u: user.userId,
    'x-oss-access-key-id': 'LTAI5tFakeAlipanKey',
    'x-oss-expires': String(expires),
    'x-oss-signature': signature,
    'x-oss-signature-version': 'OSS2',
  });
  return {
    domain_id: DOMAIN_ID,
    drive_id: drive.driveId,
    file_id: file.fileId,
    url: `https://${CDN_HOST}/lt/${file.fileId}?${query}`,
    expiration: new Date(expiresAt).toISOString(),
    method: 'GET',
    size: fileSize(file),
    content_hash: must(file.content).sha1(),
    content_hash_name: 'sha1',
  };
}

export function openRoutes(state: State, pace: PaceLimits): RouteTable {
  /** Authenticates the open token (its user and app) and counts the call against the user's pace. */
  const open = (cls: PaceClass, fn: (user: UserRecord, body: JsonObject, appId: string) => unknown) => (ctx: Ctx) => {
    const { user, appId } = state.caller(ctx.headers, 'open');
    pace.check(user.userId, cls);
    return fn(user, ctx.body, appId);
  };
  return {
    openapi: {
      'POST /adrive/v1.0/user/getDriveInfo': open('other', driveInfo),
      'POST /adrive/v1.0/user/getSpaceInfo': open('other', spaceInfo),
      'POST /adrive/v1.0/openFile/create': open('other', createFolder),
      'POST /adrive/v1.0/openFile/list': open('list', listFolder),
      'POST /adrive/v1.0/openFile/get': open('other', getFile),
      'POST /adrive/v1.0/openFile/recyclebin/trash': open('other', trashFile),
      'POST /adrive/v1.0/openFile/delete': open('other', deleteFile),
      'POST /adrive/v1.0/openFile/getDownloadUrl': open('link', (user, body, appId) =>
        downloadUrl(state, user, appId, body),
      ),
    },
  };
}
