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

export type JobState = 'preparing' | 'running' | 'done' | 'failed' | 'cancelled';
export type FileState = 'queued' | 'copying' | 'linking' | 'downloading' | 'done' | 'failed' | 'cancelled';

export interface FileProgress {
  /** The share's file id. */
  fileId: string;
  /** Path relative to the downloads folder, as given to downloads.download. */
  filename: string;
  size: number;
  received: number;
  state: FileState;
  error?: SerializedError;
}

export interface JobView {
  id: string;
  shareId: string;
  shareName: string;
  createdAt: number;
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
