/** Own-drive calls with the web token: user/get (§6) and the batch copy (§7). */

import { must } from '../../../must.ts';
import { copyTree, type Drive, type DriveFile, liveFolder, ROOT, subtreeBytes } from '../drive.ts';
import { ApiError, type Ctx, DOMAIN_ID, isJsonObject, type RouteTable, requireField } from '../http.ts';
import { randomHex } from '../ids.ts';
import type { CopyTask, ShareRecord, State, UserRecord } from '../state.ts';
import type { JsonObject } from '../types.ts';

const MAX_BATCH = 100;

interface ItemResult {
  status: number;
  body: unknown;
}

function userJson(state: State, ctx: Ctx): unknown {
  const user = state.authenticate(ctx.headers, 'web');
  return {
    domain_id: DOMAIN_ID,
    user_id: user.userId,
    user_name: user.userId,
    nick_name: user.nickName,
    avatar: user.avatar,
    default_drive_id: user.defaultDriveId,
    resource_drive_id: user.resourceDriveId,
    backup_drive_id: user.backupDriveId,
    status: 'enabled',
    role: 'user',
  };
}

function notFound(what: string): ApiError {
  return new ApiError(404, `NotFound.${what}`, `The resource ${what.toLowerCase()} cannot be found.`);
}

/** Copying consumes the size of the whole tree; refuse what does not fit. */
function assertFits(user: UserRecord, bytes: number): void {
  if (bytes > user.freeSize) throw new ApiError(400, 'QuotaExhausted.Drive', 'The drive has no enough space.');
}

interface CopyPlan {
  user: UserRecord;
  share: ShareRecord;
  file: DriveFile;
  target: Drive;
  parent: string;
  autoRename: boolean;
}

/** The copy's name in the target folder: renamed on collision, or 409 when renaming is off. */
function copyName(plan: CopyPlan): string {
  const { target, parent, file, autoRename } = plan;
  if (autoRename) return target.freeName(parent, file.name);
  if (target.childNamed(parent, file.name))
    throw new ApiError(409, 'AlreadyExist.File', 'The resource file has already existed.');
  return file.name;
}

/** Banned files inside a copied folder are left out (the rest of the folder is copied). */
const notBanned = (f: DriveFile) => !f.banned;

function performCopy(plan: CopyPlan, topId: string): DriveFile {
  assertFits(plan.user, subtreeBytes(plan.share.drive, plan.file.fileId));
  return copyTree(
    plan.share.drive,
    plan.file,
    plan.target,
    plan.parent,
    copyName(plan),
    () => randomHex(20),
    topId,
    notBanned,
  );
}

/** A folder's task: the folder (made when the copy was asked) gets everything in it. */
function fillFolder(plan: CopyPlan, top: DriveFile): void {
  assertFits(plan.user, subtreeBytes(plan.share.drive, plan.file.fileId));
  for (const child of plan.share.drive.children(plan.file.fileId).filter(notBanned)) {
    copyTree(plan.share.drive, child, plan.target, top.fileId, child.name, () => randomHex(20), undefined, notBanned);
  }
}

/** Files a batch would save: a folder counts the files in it (§7 MaxSaveFileCountExceed). */
function filesSaved(share: ShareRecord, items: JsonObject[]): number {
  return items
    .filter((item) => item.url === '/file/copy')
    .reduce((n, item) => {
      const fileId = isJsonObject(item.body) ? String(item.body.file_id ?? '') : '';
      return n + share.drive.subtree(fileId).filter((f) => f.type === 'file').length;
    }, 0);
}

function planCopy(user: UserRecord, share: ShareRecord, body: JsonObject): CopyPlan {
  if (requireField(body, 'share_id') !== share.shareId) {
    throw new ApiError(400, 'InvalidParameter.ShareId', "share_id doesn't match. share_token");
  }
  const file = share.drive.get(requireField(body, 'file_id'));
  if (!file) throw notFound('File');
  if (file.banned) throw new ApiError(403, 'ForbiddenNoPermission.File', 'The file is forbidden to be saved.');
  const target = user.drive(requireField(body, 'to_drive_id'));
  if (!target) throw new ApiError(403, 'ForbiddenNoPermission.File', 'No permission to access the drive.');
  const parent = liveFolder(target, String(body.to_parent_file_id ?? ROOT));
  return { user, share, file, target, parent, autoRename: body.auto_rename === true };
}

/**
 * Files copy at once (201). A folder is made at once (empty, its id in the 202) and filled by an
 * async task, which runs by itself (done 3 s later) whether or not anyone polls it; a poll sees it
 * `Running` once, then done.
 */
function copyItem(state: State, user: UserRecord, share: ShareRecord, body: JsonObject): ItemResult {
  const plan = planCopy(user, share, body);
  const done = { domain_id: DOMAIN_ID, drive_id: plan.target.driveId };
  if (plan.file.type === 'file')
    return { status: 201, body: { ...done, file_id: performCopy(plan, randomHex(20)).fileId } };
  assertFits(user, subtreeBytes(share.drive, plan.file.fileId));
  const now = new Date().toISOString();
  const top = plan.target.insert({
    fileId: randomHex(20),
    driveId: plan.target.driveId,
    parentFileId: plan.parent,
    name: copyName(plan),
    type: 'folder',
    createdAt: now,
    updatedAt: now,
    trashed: false,
  });
  const asyncTaskId = randomHex(16);
  const total = share.drive.subtree(plan.file.fileId).length;
  const task: CopyTask = {
    userId: user.userId,
    state: 'Running',
    pollsLeft: 1,
    total,
    message: '',
    run: () => fillFolder(plan, top),
  };
  state.tasks.set(asyncTaskId, task);
  setTimeout(() => task.state === 'Running' && finishTask(task), TASK_RUNS_MS).unref();
  return { status: 202, body: { ...done, file_id: top.fileId, async_task_id: asyncTaskId } };
}

/** How long a folder's task runs when nobody polls it. */
const TASK_RUNS_MS = 3000;

function finishTask(task: CopyTask): void {
  try {
    task.run();
    task.state = 'Succeed';
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    task.state = 'Failed';
    task.message = `${e.code}: ${e.message}`;
  }
}

function pollTask(state: State, user: UserRecord, body: JsonObject): ItemResult {
  const id = requireField(body, 'async_task_id');
  const task = state.tasks.get(id);
  if (!task || task.userId !== user.userId) throw notFound('AsyncTask');
  if (task.state === 'Running') {
    if (task.pollsLeft > 0) task.pollsLeft -= 1;
    else finishTask(task);
  }
  const consumed = task.state === 'Succeed' ? task.total : 0;
  const result = {
    async_task_id: id,
    state: task.state,
    status: task.state,
    message: task.message,
    total_process: task.total,
    consumed_process: consumed,
  };
  return { status: 200, body: result };
}

/** `share` is set whenever the batch holds a copy (see batch). */
function runItem(state: State, user: UserRecord, share: ShareRecord | undefined, item: JsonObject): ItemResult {
  try {
    const body = isJsonObject(item.body) ? item.body : {};
    if (item.url === '/file/copy') return copyItem(state, user, must(share), body);
    if (item.url === '/async_task/get') return pollTask(state, user, body);
    throw new ApiError(400, 'InvalidParameter.Url', `unsupported batch url ${JSON.stringify(item.url)}`);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { status: e.status, body: { code: e.code, message: e.message } };
  }
}

function batch(state: State, ctx: Ctx): unknown {
  const user = state.authenticate(ctx.headers, 'web');
  const requests: unknown = ctx.body.requests;
  if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_BATCH) {
    throw new ApiError(400, 'InvalidParameter', `requests must hold 1 to ${MAX_BATCH} items`);
  }
  // A share token, when sent, is checked for the whole batch; copies cannot go without one.
  const items = requests.map((item: unknown) => (isJsonObject(item) ? item : {}));
  const needsShare = ctx.headers['x-share-token'] !== undefined || items.some((item) => item.url === '/file/copy');
  const share = needsShare ? state.shareFromToken(ctx.headers) : undefined;
  const limit = state.maxSaveFileCount;
  if (share && limit !== undefined && filesSaved(share, items) > limit) {
    throw new ApiError(400, 'MaxSaveFileCountExceed', `max save file count is ${limit}`);
  }
  return { responses: items.map((item) => ({ id: item.id, ...runItem(state, user, share, item) })) };
}

export function webRoutes(state: State): RouteTable {
  const userGet = (ctx: Ctx) => userJson(state, ctx);
  return {
    api: { 'POST /v2/user/get': userGet, 'POST /adrive/v4/batch': (ctx) => batch(state, ctx) },
    user: { 'POST /v2/user/get': userGet },
  };
}
