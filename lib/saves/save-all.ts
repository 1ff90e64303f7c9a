/**
 * "Save all live shares" (issue 10): each share into a folder of its own, named after it, in the
 * folder the user picked. Share after share: listed (a share gone meanwhile, or whose code no
 * longer works, is listed with its reason, and no folder is made for it), its folder made, its
 * save queued (SaveManager then copies one save at a time).
 */
import type { SerializedError } from '../api/errors';
import { asAlipanError } from '../downloads/errors';
import { safeSegment } from '../downloads/filename';
import type { DriveFolder, SaveItem, SaveRequest, SaveTarget, SaveView } from './model';
import { asSaveRequest } from './validate';

/** A page holds at most this many shares worth saving in one go; more is not a click's work. */
export const MAX_SHARES_AT_ONCE = 100;

export interface SaveAllResult {
  saves: SaveView[];
  failed: { shareId: string; shareName: string; error: SerializedError }[];
}

export interface SaveAllDeps {
  /** What the share holds at its top (or in the folder its link names): what its save copies. */
  listShare(request: SaveRequest): Promise<SaveItem[]>;
  /** A folder of that name in `parentId` (the existing one when there is one: a second "save all" fills it again). */
  createFolder(parentId: string, name: string): Promise<DriveFolder>;
  startSave(request: SaveRequest): Promise<SaveView>;
}

/** The shares as the popup sent them, each checked as a whole-share save into `target`; undefined when the target is off. */
export function asSaveAllRequests(value: unknown): SaveRequest[] | undefined {
  const { shares, target, skipExisting } = (value ?? {}) as Record<string, unknown>;
  if (!Array.isArray(shares) || shares.length > MAX_SHARES_AT_ONCE) return undefined;
  const requests = shares.map((share) => asSaveRequest({ ...(share ?? {}), scope: 'contents', target, skipExisting }));
  return requests.every((r) => r !== undefined) ? (requests as SaveRequest[]) : undefined;
}

export async function saveEachInItsFolder(requests: readonly SaveRequest[], deps: SaveAllDeps): Promise<SaveAllResult> {
  const result: SaveAllResult = { saves: [], failed: [] };
  for (const request of requests) {
    try {
      const items = await deps.listShare(request);
      const folder = await deps.createFolder(request.target.folderId, folderNameOf(request));
      const target: SaveTarget = { folderId: folder.fileId, path: [...request.target.path, folder] };
      result.saves.push(await deps.startSave({ ...request, items, target }));
    } catch (e) {
      result.failed.push({ shareId: request.shareId, shareName: request.shareName, error: asAlipanError(e).toJSON() });
    }
  }
  return result;
}

/** The share's name as a folder name (no path separators or control characters), else its id. */
function folderNameOf(request: SaveRequest): string {
  return safeSegment(request.shareName.trim() || request.shareId);
}
