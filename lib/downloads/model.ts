import type { SerializedError } from '../api/errors';

/** One thing the user asked to download: a file, or a folder (downloaded with its structure). */
export interface DownloadItem {
  fileId: string;
  name: string;
  type: 'file' | 'folder';
  size?: number;
  /** Folder names from the share root down to the item's parent (empty at the root). */
  path: string[];
}

export interface DownloadRequest {
  shareId: string;
  code: string | null;
  /** Top folder of every file on disk: `<share name>/<path inside the share>`. */
  shareName: string;
  items: DownloadItem[];
}

/**
 * `download`: the browser fetches each file, then its copy is deleted. `export`: the links go to
 * another tool (the page's clipboard or files, or aria2); each copy stays until its link expires
 * or the user releases the job. `preview`: one file's link goes to the viewer's preview pane
 * (issue 13), held like an export's until the pane or its tab closes; not shown in the panel.
 */
export type JobMode = 'download' | 'export' | 'preview';
/** Where the background itself sends an export job's links. */
export type ExportTarget = 'aria2';

export interface StartOptions {
  mode: JobMode;
  target?: ExportTarget;
  /** A preview's viewer tab: its copy goes when that tab closes. */
  tabId?: number;
}

/** `exported`: every link is made (some files may have failed); the copies are held. */
export type JobState = 'preparing' | 'running' | 'exported' | 'done' | 'failed' | 'cancelled';
/** `exported`: the link is made and its copy held; `done` after the release, for an export job. */
export type FileState = 'queued' | 'copying' | 'linking' | 'downloading' | 'exported' | 'done' | 'failed' | 'cancelled';

/** An exported file's signed CDN URL: no token in it, fine to show. */
export interface ExportedLink {
  url: string;
  /** Epoch ms; the copy is deleted then. */
  expiresAt: number;
}

/** Why a file that is not moving waits, for the panel. */
export interface FileWait {
  /**
   * `paused`: paused by the user in the browser; `dangerous`: the browser waits for the user to
   * keep the file; `retry`: it failed and starts again at `until`; `slot`: the account has too
   * many downloads at once (alipan-api.md §8), it starts again at `until`.
   */
  reason: 'paused' | 'dangerous' | 'retry' | 'slot';
  until?: number;
  /** The attempt that starts at `until` (2 = the first retry). */
  attempt?: number;
}

export interface FileProgress {
  /** The share's file id. */
  fileId: string;
  /** Path relative to the downloads folder, as given to downloads.download. */
  filename: string;
  size: number;
  received: number;
  state: FileState;
  error?: SerializedError;
  /** While `exported`. */
  link?: ExportedLink;
  /** While waiting for the user, a retry, or a download slot. */
  wait?: FileWait;
}

export interface JobView {
  id: string;
  shareId: string;
  shareName: string;
  createdAt: number;
  mode: JobMode;
  target?: ExportTarget;
  state: JobState;
  files: FileProgress[];
  totalBytes: number;
  receivedBytes: number;
  /** Bytes per second over the last few seconds. */
  speed: number;
  /** Seconds left at the current speed, when known. */
  etaSec?: number;
  error?: SerializedError;
}
