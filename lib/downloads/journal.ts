/**
 * The journal of every temporary copy the extension made in the user's drive, kept in storage so
 * that each one is deleted even across worker and browser restarts — and nothing else ever is.
 */
import { KeyedRecords } from '../platform/keyed-records';
import type { KeyValueStore } from '../platform/kv-store';

/** One entry a key (`downloads.copy.<id>`), written when it changes. */
export const JOURNAL_PREFIX = 'downloads.copy.';

/**
 * `intent`: a copy request for this file is being sent; its copy id is not known yet.
 * `lost`: that request got no answer (an error, or a worker stop): copies it may have made are
 * children of the temporary folder that no entry names; the sweep moves those that match to the
 * recycle bin. `copied`: the copy exists. `downloading`: the browser is fetching it. `exported`:
 * its link went to another tool; the copy is kept until `expiresAt`. `releasing`: no file needs
 * it any more; it stays journaled until its delete went through (or it proved not to be ours).
 */
type CopyState = 'intent' | 'lost' | 'copied' | 'downloading' | 'exported' | 'releasing';

export interface CopyEntry {
  /** The entry's own id (its storage key). */
  id: string;
  /** Absent while `intent` or `lost`. */
  copyFileId?: string;
  driveId: string;
  /** The folder the copy was made in: a copy whose parent is no longer this folder is the user's. */
  parentFileId?: string;
  shareFileId: string;
  jobId: string;
  /** When the copy request was sent (epoch ms). */
  createdAt: number;
  /** While `intent` / `lost`: what the copy would look like in the folder (name in the share, bytes). */
  name?: string;
  size?: number;
  /** While `lost`: when the request was given up. */
  lostAt?: number;
  downloadId?: number;
  state: CopyState;
  /**
   * The link being handed to the browser (stored first, see DownloadManager) or exported, and
   * when it stops working (epoch ms).
   */
  url?: string;
  expiresAt?: number;
  /** Resumes and fresh starts of the download so far, and "too many downloads" waits. */
  attempts?: number;
  slotWaits?: number;
  /** Not before this time (epoch ms): the next start of a download that has to be redone. */
  retryAt?: number;
  /** Why it waits: another start after a failure, or a free download slot. */
  waitingFor?: 'retry' | 'slot';
}

export type CopyPatch = Partial<Omit<CopyEntry, 'id' | 'copyFileId' | 'jobId' | 'shareFileId' | 'driveId'>>;

export class CopyJournal {
  private entries: CopyEntry[] = [];
  /** Live copies by `jobId/shareFileId`: looked up for every file on every pipeline step. */
  private copies = new Map<string, CopyEntry>();
  private readonly records: KeyedRecords<CopyEntry>;

  constructor(store: KeyValueStore) {
    this.records = new KeyedRecords(store, JOURNAL_PREFIX);
  }

  async load(): Promise<void> {
    this.entries = ((await this.records.load()) ?? []).map(([, e]) => e);
    this.reindex();
  }

  all(): readonly CopyEntry[] {
    return this.entries;
  }

  /** The copy a file of a job may use (one being released is no longer its). */
  copyOf(jobId: string, shareFileId: string): CopyEntry | undefined {
    return this.copies.get(`${jobId}/${shareFileId}`);
  }

  byCopyId(copyFileId: string): CopyEntry | undefined {
    return this.entries.find((e) => e.copyFileId === copyFileId);
  }

  byDownload(downloadId: number): CopyEntry | undefined {
    return this.entries.find((e) => e.downloadId === downloadId);
  }

  byUrl(url: string): CopyEntry | undefined {
    return this.entries.find((e) => e.url === url);
  }

  /** Persisted before the copy request is sent. */
  addIntents(
    jobId: string,
    driveId: string,
    files: { shareFileId: string; name?: string; size: number }[],
    createdAt: number,
  ): Promise<void> {
    for (const f of files)
      this.entries.push({ id: crypto.randomUUID(), jobId, driveId, createdAt, state: 'intent', ...f });
    return this.persist();
  }

  /**
   * Replaces the job's intents with the copies that were made (by share file id); an intent
   * with no copy was refused by Alipan and leaves nothing.
   */
  settleIntents(jobId: string, copies: Map<string, { copyFileId: string; parentFileId: string }>): Promise<void> {
    this.entries = this.entries.flatMap((e) => {
      if (e.jobId !== jobId || e.state !== 'intent') return [e];
      const copy = copies.get(e.shareFileId);
      const { name: _name, size: _size, ...rest } = e;
      return copy ? [{ ...rest, ...copy, state: 'copied' as const }] : [];
    });
    return this.persist();
  }

  /** The copy request behind the job's intents (or every intent: a worker restart) got no answer. */
  loseIntents(lostAt: number, jobId?: string): Promise<void> {
    this.entries = this.entries.map((e) =>
      e.state === 'intent' && (jobId === undefined || e.jobId === jobId) ? { ...e, state: 'lost' as const, lostAt } : e,
    );
    return this.persist();
  }

  /** Changes the entry of this id (`CopyEntry.id`). */
  update(id: string, patch: CopyPatch): Promise<void> {
    this.entries = this.entries.map((e) => (e.id === id ? { ...e, ...patch } : e));
    return this.persist();
  }

  remove(copyFileId: string): Promise<void> {
    this.entries = this.entries.filter((e) => e.copyFileId !== copyFileId);
    return this.persist();
  }

  /** Forgets `lost` entries the sweep is done with. */
  forgetLost(keep: (e: CopyEntry) => boolean): Promise<void> {
    this.entries = this.entries.filter((e) => e.state !== 'lost' || keep(e));
    return this.persist();
  }

  /** Writes the entries that changed. */
  private persist(): Promise<void> {
    this.reindex();
    return this.records.save(this.entries.map((e) => [e.id, e] as const));
  }

  private reindex(): void {
    this.copies = new Map(
      this.entries
        .filter((e) => e.copyFileId && e.state !== 'releasing')
        .map((e) => [`${e.jobId}/${e.shareFileId}`, e]),
    );
  }
}
