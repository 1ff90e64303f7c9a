/**
 * The journal of every temporary copy the extension made in the user's drive, kept in storage so
 * that each one is deleted even across worker restarts — and nothing else ever is.
 */
import type { KeyValueStore } from '../platform/kv-store';

export const JOURNAL_KEY = 'downloads.journal';

/**
 * `intent`: a copy request for this file is being sent; its copy id is not known yet (a worker
 * that dies now leaves an unknown copy in the temporary folder — the sweep deletes it).
 * `copied`: the copy exists. `downloading`: the browser is fetching it. `exported`: its link went
 * to another tool; the copy is kept until `expiresAt`.
 */
export type CopyState = 'intent' | 'copied' | 'downloading' | 'exported';

export interface CopyEntry {
  /** Absent while `intent`. */
  copyFileId?: string;
  driveId: string;
  shareFileId: string;
  jobId: string;
  createdAt: number;
  downloadId?: number;
  state: CopyState;
  /**
   * While `exported`: the link, and when it stops working (epoch ms). While `copied`: the link
   * being handed to the browser (stored first, see DownloadManager.download).
   */
  url?: string;
  expiresAt?: number;
}

export class CopyJournal {
  private entries: CopyEntry[] = [];
  /** Copies by `jobId/shareFileId`: looked up for every file on every pipeline step. */
  private copies = new Map<string, CopyEntry>();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly store: KeyValueStore) {}

  async load(): Promise<void> {
    this.entries = (await this.store.get<CopyEntry[]>(JOURNAL_KEY)) ?? [];
    this.reindex();
  }

  all(): readonly CopyEntry[] {
    return this.entries;
  }

  /** The copy held for one file of a job. */
  copyOf(jobId: string, shareFileId: string): CopyEntry | undefined {
    return this.copies.get(`${jobId}/${shareFileId}`);
  }

  byDownload(downloadId: number): CopyEntry | undefined {
    return this.entries.find((e) => e.downloadId === downloadId);
  }

  /** Persisted before the copy request is sent. */
  addIntents(jobId: string, driveId: string, shareFileIds: string[], createdAt: number): Promise<void> {
    for (const shareFileId of shareFileIds) this.entries.push({ jobId, driveId, shareFileId, createdAt, state: 'intent' });
    return this.persist();
  }

  /** Replaces the job's intents with the copies that were made; persisted before anything else uses them. */
  settleIntents(jobId: string, copies: Map<string, string>): Promise<void> {
    this.entries = this.entries.flatMap((e) => {
      if (e.jobId !== jobId || e.state !== 'intent') return [e];
      const copyFileId = copies.get(e.shareFileId);
      return copyFileId ? [{ ...e, copyFileId, state: 'copied' as const }] : [];
    });
    return this.persist();
  }

  /** After a worker restart no request is in flight: whatever an intent stood for is swept. */
  dropIntents(): Promise<void> {
    this.entries = this.entries.filter((e) => e.state !== 'intent');
    return this.persist();
  }

  update(copyFileId: string, patch: Partial<Pick<CopyEntry, 'downloadId' | 'state' | 'url' | 'expiresAt'>>): Promise<void> {
    this.entries = this.entries.map((e) => (e.copyFileId === copyFileId ? { ...e, ...patch } : e));
    return this.persist();
  }

  remove(copyFileId: string): Promise<void> {
    this.entries = this.entries.filter((e) => e.copyFileId !== copyFileId);
    return this.persist();
  }

  /** Writes the current entries; writes happen one after another, so the last state wins. */
  private persist(): Promise<void> {
    this.reindex();
    const write = this.writes.then(() => this.store.set({ [JOURNAL_KEY]: this.entries }));
    this.writes = write.catch(() => {});
    return write;
  }

  private reindex(): void {
    this.copies = new Map(this.entries.filter((e) => e.copyFileId).map((e) => [`${e.jobId}/${e.shareFileId}`, e]));
  }
}
