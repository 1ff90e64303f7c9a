/** What a save into the user's own drive is made of (issue 10), as the pages and the background share it. */
import type { SerializedError } from '../api/errors';

/**
 * What lands in the chosen folder: a folder row as a folder ("this folder itself"), the entries of
 * the folder shown ("its contents"), or what the user ticked ("the selected items").
 */
export type SaveScope = 'folder-itself' | 'contents' | 'selected';

/** A share entry to save; a folder is copied whole (§7: one item, an async task). */
export interface SaveItem {
  fileId: string;
  name: string;
  type: 'file' | 'folder';
  size?: number;
}

/** A folder of the user's drive. */
export interface DriveFolder {
  fileId: string;
  name: string;
}

/** A folder of the user's drive (the open token's, where downloads copy too), with its path. */
export interface SaveTarget {
  folderId: string;
  /** The folders from the drive root down to it, itself last (empty: the root). */
  path: DriveFolder[];
}

export interface SaveRequest {
  shareId: string;
  code: string | null;
  shareName: string;
  /** Absent: the whole share, or the folder its link names (`folderId`), listed by the background. */
  items?: SaveItem[];
  folderId?: string;
  scope: SaveScope;
  target: SaveTarget;
  /** "Skip files that already exist" (same name and size in the target); otherwise both are kept (auto_rename). */
  skipExisting: boolean;
}

/**
 * One copy of a save. `sent`: in a batch whose answer has not come (after a restart: look in the
 * folder before sending again); `task`: a folder copy whose async task is followed; `skipped`: the
 * same file was already there.
 */
type SaveOpState = 'pending' | 'sent' | 'task' | 'done' | 'skipped' | 'failed';

export interface SaveOp {
  fileId: string;
  name: string;
  type: 'file' | 'folder';
  size?: number;
  /** The folder of the user's drive this item goes into. */
  parentFileId: string;
  state: SaveOpState;
  /** When its batch was sent (epoch ms): what arrived after a lost answer is looked for from then on. */
  sentAt?: number;
  asyncTaskId?: string;
  copyFileId?: string;
  /** Sent again once with a new share token after "share_id doesn't match" (§7). */
  renewedShareToken?: boolean;
  error?: SerializedError;
}

export type SaveState = 'saving' | 'done' | 'partial' | 'error';

export interface SaveView {
  id: string;
  shareId: string;
  shareName: string;
  createdAt: number;
  scope: SaveScope;
  skipExisting: boolean;
  target: SaveTarget & { url: string };
  state: SaveState;
  /** Items in all (after planning), saved, skipped as already there, failed, still on their way. */
  counts: { total: number; saved: number; skipped: number; failed: number; moving: number };
  /** What was not saved, and why. */
  failures: { name: string; error: SerializedError }[];
  /** Why the whole save stopped (nothing more was or will be copied). */
  error?: SerializedError;
}
