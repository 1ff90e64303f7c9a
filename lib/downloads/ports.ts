/** What the download pipeline needs from the browser and the account; `browser.downloads` fits as is. */
import type { AccountService } from '../account/account-service';

/** The account calls the pipeline makes (an `AccountService` fits). */
export type AccountPort = Pick<
  AccountService,
  'view' | 'usable' | 'withWeb' | 'withOpen' | 'withOpenIn' | 'formerDrive' | 'forgetFormer'
>;

/** A browser download as `downloads.search` returns it (the fields used here). */
export interface DownloadSnapshot {
  id: number;
  state: 'in_progress' | 'interrupted' | 'complete';
  bytesReceived: number;
  totalBytes: number;
  /** Bytes of the file on disk once complete (-1 or absent when unknown). */
  fileSize?: number;
  /** Whether the finished file is still on disk (checked by `search`). */
  exists?: boolean;
  /** Chrome's InterruptReason, e.g. `NETWORK_FAILED`, `USER_CANCELED`. */
  error?: string;
  paused?: boolean;
  canResume?: boolean;
  /** `safe`, `accepted`, or why the browser waits for the user to keep the file. */
  danger?: string;
}

/** A `downloads.onChanged` event (the fields used here). It carries no byte counts. */
export interface DownloadDelta {
  id: number;
  state?: { current?: string };
  error?: { current?: string };
  paused?: { current?: boolean };
  danger?: { current?: string };
}

/** The slice of `chrome.downloads` the pipeline uses. */
export interface DownloadsPort {
  /** Resolves to the new download's id. */
  download(options: { url: string; filename: string; conflictAction: 'uniquify'; saveAs: false }): Promise<number>;
  /** By id, or by the exact URL the download was started with. */
  search(query: { id: number } | { url: string }): Promise<DownloadSnapshot[]>;
  cancel(id: number): Promise<void>;
  /** Continues an interrupted download where it stopped (Range request). */
  resume(id: number): Promise<void>;
  /** Deletes a completed download's file from disk. */
  removeFile(id: number): Promise<void>;
  /** Forgets downloads in the browser's list (files stay). */
  erase(query: { id: number }): Promise<unknown>;
}

/**
 * Another downloader that does an export job's downloads instead of the browser (aria2). It sends
 * no events: the pipeline polls it. Its ids never collide with the browser's (see Aria2Client).
 */
export interface ExternalDownloader extends Omit<DownloadsPort, 'download'> {
  /** Rejects, with the reason, when it cannot take downloads now: checked before anything is copied. */
  ready(): Promise<void>;
  /** `sha1`: the file's content hash (§8 `content_hash`), for the downloader's own check. */
  download(options: { url: string; filename: string; sha1?: string }): Promise<number>;
}
