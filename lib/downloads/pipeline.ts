/**
 * The background download pipeline (alipan-api.md §0): copy each share file into a temporary
 * folder of the user's drive (web token) → ask the open platform for a download URL of the copy
 * → let the browser download it → delete the copy. Only copies the journal knows, and children
 * of the temporary folder, are ever deleted. Export mode stops after the link: it goes to another
 * tool, and the copy stays until the link expires or the user releases the job.
 */
import type { AlipanError } from '../api/errors';
import { deleteFile, getDownloadUrl, type DownloadUrl } from '../api/open';
import { shareTokenCache, type ShareTokens } from '../shares/share-tokens';
import type { TokenSource } from '../api/token-source';
import type { Transport } from '../api/transport';
import { MAX_BATCH } from '../api/web';
import type { KeyValueStore } from '../platform/kv-store';
import { copyToTempFolder } from './copy';
import {
  asAlipanError,
  cancelledBeforeCopyError,
  downloadGoneError,
  downloadRefusedError,
  driveFullError,
  interruptedError,
  noAccountError,
  noDirectLinkError,
  nothingToDownloadError,
} from './errors';
import { expandItems } from './expand';
import { downloadFilename } from './filename';
import { JobStore, MAX_KEPT_JOBS, type Job, type JobFile } from './job-store';
import { CopyJournal, type CopyEntry } from './journal';
import { linkExpiry } from './link-expiry';
import type { DownloadRequest, ExportedLink, ExportTarget, FileState, JobState, JobView, StartOptions } from './model';
import type { AccountPort, DownloadDelta, DownloadsPort, LinkSink } from './ports';
import { SpaceBudget } from './space';
import { SpeedMeter } from './speed';
import { TempFolder } from './temp-folder';

/** §8: at most 3 concurrent downloads per account (more → ExceedMaxConcurrency). Queue, don't fail. */
export const MAX_CONCURRENT_DOWNLOADS = 3;
/** §8: the longest a download URL may live. */
export const LINK_EXPIRE_SEC = 14_400;
/** Server and local clocks may differ this much when the sweep compares creation times. */
const CLOCK_SKEW_MS = 5 * 60_000;

const ACTIVE: ReadonlySet<FileState> = new Set(['queued', 'copying', 'linking', 'downloading']);
/** States whose copy must stay in the drive: the active ones, and exported links. */
const HOLDING: ReadonlySet<FileState> = new Set([...ACTIVE, 'exported']);

export interface DownloadManagerDeps {
  transport: Transport;
  account: AccountPort;
  store: KeyValueStore;
  downloads: DownloadsPort;
  now?: () => number;
  /** Share tokens by share and code; pass the viewer's source to reuse its token (default: one per share, in memory). */
  /** Share tokens, shared with browsing (default: a cache of this manager's own). */
  shareTokens?: ShareTokens;
  /** Name of the temporary folder in the drive's root. */
  tempFolderName?: string;
  /** Where export jobs with a target send their links (aria2). */
  linkSinks?: Partial<Record<ExportTarget, LinkSink>>;
}

export type JobsListener = (jobs: JobView[]) => void;

export class DownloadManager {
  private readonly now: () => number;
  private readonly journal: CopyJournal;
  private readonly temp: TempFolder;
  private readonly space: SpaceBudget;
  private readonly jobStore: JobStore;
  private jobs: Job[] = [];
  /** Jobs still walking their folders: shown, not stored; cancel aborts their walk. */
  private readonly preparing = new Map<string, Job>();
  private readonly stopPreparing = new Map<string, AbortController>();
  private readonly shareTokens: ShareTokens;
  private readonly meters = new Map<string, SpeedMeter>();
  private readonly listeners = new Set<JobsListener>();
  private loaded: Promise<void> | undefined;
  private copying = false;
  private sweeping: Promise<number> | undefined;
  private flushQueued = false;

  constructor(private readonly deps: DownloadManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.shareTokens = deps.shareTokens ?? shareTokenCache(deps.transport);
    this.journal = new CopyJournal(deps.store);
    this.jobStore = new JobStore(deps.store);
    this.temp = new TempFolder({ ...deps, name: deps.tempFolderName });
    this.space = new SpaceBudget({ ...deps, now: this.now });
  }

  /**
   * Starts downloading what the user picked. Rejects (nothing copied) without a usable account
   * (`no-account`), when the selection holds no file, or when even its largest file cannot fit
   * in the drive (`QuotaExhausted.Drive`). Resolves once the files are listed and queued.
   * `{mode: 'export'}` makes links instead of downloads; with a `target`, each link is sent there,
   * and the target must be ready before anything is copied. Cancelled while preparing, it
   * rejects with `JobCancelled` and keeps no job.
   */
  async start(request: DownloadRequest, options: StartOptions = { mode: 'download' }): Promise<JobView> {
    await this.load();
    const driveId = await this.driveId();
    const job: Job = {
      id: crypto.randomUUID(),
      shareId: request.shareId,
      code: request.code,
      shareName: request.shareName,
      createdAt: this.now(),
      mode: options.mode,
      ...(options.mode === 'export' && options.target ? { target: options.target } : {}),
      files: [],
    };
    const stop = new AbortController();
    this.preparing.set(job.id, job);
    this.stopPreparing.set(job.id, stop);
    this.changed();
    try {
      const upfront = largestSize(request.items.filter((i) => i.type === 'file'));
      // Listing, the temporary folder and the space check go in parallel; each is free when cached.
      const [files] = await Promise.all([
        expandItems(this.deps.transport, this.shareToken(job), job.shareId, request.items, stop.signal),
        this.temp.id(driveId),
        this.space.free(upfront),
        job.target && this.sink(job.target).ready(),
      ]);
      stop.signal.throwIfAborted();
      if (files.length === 0) throw nothingToDownloadError();
      const largest = largestSize(files);
      // Copies we hold for other files will be deleted: their space comes back.
      if (largest > (await this.space.free(largest)) + this.heldBytes()) throw driveFullError();
      const taken = new Set<string>();
      job.files = files.map((f) => ({
        fileId: f.fileId,
        filename: downloadFilename(job.shareName, f.path, f.name, taken),
        size: f.size,
        received: 0,
        state: 'queued' as const,
      }));
    } catch (e) {
      throw stop.signal.aborted ? cancelledBeforeCopyError() : asAlipanError(e);
    } finally {
      this.preparing.delete(job.id);
      this.stopPreparing.delete(job.id);
      this.changed();
    }
    this.jobs = keepRecent([...this.jobs, job]);
    await this.jobStore.saveAll(this.jobs);
    this.pump();
    return this.viewOf(job);
  }

  async list(): Promise<JobView[]> {
    await this.load();
    return this.views();
  }

  /** Cancels one file, or every unfinished file of the job; their copies are deleted. */
  async cancel(jobId: string, fileId?: string): Promise<JobView | undefined> {
    await this.load();
    const job = this.jobs.find((j) => j.id === jobId);
    if (!job) {
      // Still listing its folders: nothing copied yet, so stopping the walk is all there is to do.
      if (fileId === undefined) this.stopPreparing.get(jobId)?.abort();
      return this.preparingView(jobId);
    }
    for (const file of pick(job, fileId, (s) => ACTIVE.has(s))) {
      const was = file.state;
      file.state = 'cancelled';
      const copy = this.journal.copyOf(job.id, file.fileId);
      if (copy?.downloadId !== undefined) void this.deps.downloads.cancel(copy.downloadId).catch(() => {});
      // A copy or link request in flight cleans up after itself when it returns (see below).
      if (copy && (was === 'queued' || was === 'downloading')) void this.release(copy, file.size);
    }
    await this.saveStates();
    this.changed();
    this.pump();
    return this.viewOf(job);
  }

  /** Queues failed or cancelled files again (one, or all of the job): each is copied anew. */
  async retry(jobId: string, fileId?: string): Promise<JobView | undefined> {
    await this.load();
    const job = this.jobs.find((j) => j.id === jobId);
    if (!job) return this.preparingView(jobId);
    for (const file of pick(job, fileId, (s) => s === 'failed' || s === 'cancelled')) {
      Object.assign(file, { state: 'queued', received: 0, error: undefined });
    }
    await this.saveStates();
    this.changed();
    this.pump();
    return this.viewOf(job);
  }

  /** "Done, delete the copies" on an export job: its links stop working, its copies are deleted now. */
  async releaseCopies(jobId: string): Promise<JobView | undefined> {
    await this.load();
    const job = this.jobs.find((j) => j.id === jobId);
    if (!job) return this.preparingView(jobId);
    await this.retire(this.withCopies((s) => s === 'exported').filter((held) => held.job === job));
    return this.viewOf(job);
  }

  /** Wire to `downloads.onChanged`: a finished or interrupted download releases its copy. */
  async onDownloadChanged(delta: DownloadDelta): Promise<void> {
    const state = delta.state?.current;
    if (state !== 'complete' && state !== 'interrupted') return;
    await this.load();
    await this.finishDownload(delta.id, state, delta.error?.current);
  }

  /**
   * Reads the running downloads' byte counts (`downloads.onChanged` carries none) and settles
   * any that ended unnoticed. The UI asks every second while it is visible.
   */
  async refreshProgress(): Promise<JobView[]> {
    await this.load();
    await Promise.all(
      this.running().map(({ file, copy }) => this.look(file, copy.downloadId!)),
    );
    const at = this.now();
    for (const job of this.jobs) this.meter(job.id).record(at, received(job));
    this.changed();
    return this.views();
  }

  /**
   * On worker start: reload jobs and the journal, re-attach running downloads, settle the ones
   * that ended while the worker was stopped (deleting their copies), sweep the temporary folder,
   * and carry on with what is queued.
   */
  async resume(): Promise<void> {
    await this.load();
    await this.refreshProgress();
    await this.sweep().catch(() => 0);
    this.pump();
  }

  /**
   * Deletes the copies of exported links that expired, then the temporary folder's children that
   * no unfinished file or live link uses (left behind by a stopped worker, a lost response, a
   * failed delete), and forgets journal entries nobody needs. Returns how many copies it
   * deleted. Also run from an alarm.
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  onChange(listener: JobsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ——— the pipeline ———

  /** Launches what may run now: one copy batch at a time, downloads up to the account's limit. */
  private pump(): void {
    const waiting = this.copiedWaiting();
    if (!this.copying && waiting.length < MAX_CONCURRENT_DOWNLOADS) {
      // Copy ahead only a little: copies use the user's space while they wait for a download slot.
      const job = this.jobs.find((j) => j.files.some((f) => this.needsCopy(j, f)));
      if (job) {
        this.copying = true;
        void this.copyNextBatch(job)
          .catch(() => true) // only storage can throw here; the files moved on regardless
          .then((progressed) => {
            this.copying = false;
            // Waiting for room: the next delete pumps again.
            if (progressed) this.pump();
          });
      }
    }
    let slots = MAX_CONCURRENT_DOWNLOADS - this.slotsInUse();
    for (const { job, file, copy } of waiting) {
      if (slots-- <= 0) break;
      void this.linkAndDeliver(job, file, copy);
    }
  }

  /** Copies the job's next batch; false when it has to wait for room in the drive. */
  private async copyNextBatch(job: Job): Promise<boolean> {
    const pendingNow = () => job.files.filter((f) => this.needsCopy(job, f));
    // Who shares a failure that comes before the batch is chosen.
    let batch = pendingNow().slice(0, MAX_BATCH);
    let intents = false;
    try {
      const driveId = await this.driveId();
      const free = await this.space.free(batch[0]!.size);
      const pending = pendingNow(); // cancel or retry may have run meanwhile
      batch = fitting(pending, free);
      if (batch.length === 0) {
        if (pending.length === 0) return true;
        if (this.heldBytes() > 0) return false;
        batch = pending.slice(0, 1);
        throw driveFullError();
      }
      for (const file of batch) this.mark(file, 'copying');
      const ids = batch.map((f) => f.fileId);
      intents = true;
      await this.journal.addIntents(job.id, driveId, ids, this.now());
      const outcomes = await copyToTempFolder(
        { ...this.deps, temp: this.temp },
        { shareId: job.shareId, shareToken: this.shareToken(job), driveId, fileIds: ids },
      );
      const copies = new Map<string, string>();
      for (const [id, outcome] of outcomes) if ('copyFileId' in outcome) copies.set(id, outcome.copyFileId);
      await this.journal.settleIntents(job.id, copies);
      for (const file of batch) {
        const outcome = outcomes.get(file.fileId)!;
        if ('error' in outcome) {
          if (outcome.error.category === 'drive-full') this.space.forget();
          if (file.state === 'copying') this.fail(file, outcome.error);
          continue;
        }
        this.space.spend(file.size);
        if (file.state === 'copying') file.state = 'queued';
        else void this.release(this.journal.copyOf(job.id, file.fileId)!, file.size); // cancelled meanwhile
      }
    } catch (e) {
      // A lost answer may still have made copies: without intents, the next sweep deletes them.
      if (intents) await this.journal.settleIntents(job.id, new Map());
      for (const file of batch) if (file.state === 'queued' || file.state === 'copying') this.fail(file, asAlipanError(e));
    }
    await this.saveStates();
    this.changed();
    return true;
  }

  /** Gets the copy's download URL, then hands it to the browser, or keeps it in export mode. */
  private async linkAndDeliver(job: Job, file: JobFile, copy: CopyEntry): Promise<void> {
    const { transport: t, account } = this.deps;
    this.mark(file, 'linking');
    try {
      const link = await account.withOpen((token) =>
        getDownloadUrl(t, token, copy.driveId, copy.copyFileId!, LINK_EXPIRE_SEC),
      );
      if (file.state !== 'linking') return void (await this.release(copy, file.size));
      if (!link.url) throw noDirectLinkError();
      if (job.mode === 'export') await this.keepExported(job, file, copy, link);
      else await this.download(file, copy, link.url);
    } catch (e) {
      if (file.state === 'linking') await this.settle(file, copy, 'failed', asAlipanError(e));
      else if (file.state === 'cancelled') await this.release(copy, file.size);
    }
  }

  private async download(file: JobFile, copy: CopyEntry, url: string): Promise<void> {
    const { downloads } = this.deps;
    // Stored first: a worker stopped after the browser took the download but before its id was
    // stored finds it again by this URL (signed per call, so it names this download alone).
    await this.journal.update(copy.copyFileId!, { url });
    const id = await downloads
      .download({ url, filename: file.filename, conflictAction: 'uniquify', saveAs: false })
      .catch((e: unknown) => {
        throw downloadRefusedError(String((e as Error)?.message ?? e));
      });
    await this.journal.update(copy.copyFileId!, { downloadId: id, state: 'downloading' });
    if (file.state !== 'linking') {
      // Cancelled while the browser was starting it.
      await downloads.cancel(id).catch(() => {});
      return void (await this.release(copy, file.size));
    }
    this.mark(file, 'downloading');
    await this.saveStates();
    // A small file may finish before its events can be matched to it: look once.
    await this.look(file, id);
  }

  /**
   * Export mode: the link and its expiry are journaled first (the sweep deletes the copy once it
   * expires, even after a restart), then sent to the job's target; a refusal fails the file.
   */
  private async keepExported(job: Job, file: JobFile, copy: CopyEntry, link: DownloadUrl): Promise<void> {
    const expiresAt = linkExpiry(link, this.now(), LINK_EXPIRE_SEC);
    await this.journal.update(copy.copyFileId!, { state: 'exported', url: link.url, expiresAt });
    if (job.target) await this.sink(job.target).send({ url: link.url, filename: file.filename });
    if (file.state !== 'linking') return void (await this.release(copy, file.size)); // cancelled meanwhile
    file.received = file.size;
    this.mark(file, 'exported');
    await this.saveStates();
    this.pump(); // its slot is free
  }

  /** Exported files whose copies go now: stored as done first, so a restart never offers their links again. */
  private async retire(exported: { file: JobFile; copy: CopyEntry }[]): Promise<void> {
    if (exported.length === 0) return;
    for (const { file } of exported) file.state = 'done';
    await this.saveStates();
    this.changed();
    await Promise.all(exported.map(({ file, copy }) => this.release(copy, file.size)));
  }

  /** Deletes the copies of exported links that expired (nothing can use them any more); returns how many. */
  private async expireLinks(): Promise<number> {
    const now = this.now();
    const expired = this.withCopies((s) => s === 'exported').filter(({ copy }) => (copy.expiresAt ?? 0) <= now);
    await this.retire(expired);
    return expired.length;
  }

  private async finishDownload(downloadId: number, state: 'complete' | 'interrupted', reason?: string): Promise<void> {
    const copy = this.journal.byDownload(downloadId);
    const file = copy && this.jobs.find((j) => j.id === copy.jobId)?.files.find((f) => f.fileId === copy.shareFileId);
    // Not ours, or already settled (by cancel, by an earlier event or poll).
    if (!copy || !file || file.state !== 'downloading') return;
    if (state === 'complete') return this.settle(file, copy, 'done');
    const code = reason || 'UNKNOWN';
    await this.settle(file, copy, code === 'USER_CANCELED' ? 'cancelled' : 'failed', interruptedError(code));
  }

  /** Asks the browser about a running download: its bytes, or how it ended. */
  private async look(file: JobFile, downloadId: number): Promise<void> {
    const items = await this.deps.downloads.search({ id: downloadId }).catch(() => undefined);
    if (!items || file.state !== 'downloading') return;
    const item = items[0];
    if (!item) {
      // Erased from the browser's history: nothing will ever say how it ended.
      const copy = this.journal.byDownload(downloadId);
      if (copy) await this.settle(file, copy, 'failed', downloadGoneError());
      return;
    }
    file.received = Math.min(file.size || Infinity, item.bytesReceived);
    if (item.state !== 'in_progress') await this.finishDownload(downloadId, item.state, item.error);
  }

  /** A file reached its end: stored first (so a restart never redoes it), then its copy goes. */
  private async settle(file: JobFile, copy: CopyEntry, state: 'done' | 'failed' | 'cancelled', error?: AlipanError): Promise<void> {
    file.state = state;
    if (state === 'done') file.received = file.size;
    if (error && state === 'failed') file.error = error.toJSON();
    await this.saveStates();
    this.changed();
    await this.release(copy, file.size);
    this.pump();
  }

  /** Sets a file's state (a method, so that checks after an await see changes made meanwhile). */
  private mark(file: JobFile, state: FileState): void {
    file.state = state;
    this.changed();
  }

  private fail(file: JobFile, error: AlipanError): void {
    file.state = 'failed';
    file.error = error.toJSON();
  }

  /**
   * Deletes a copy. The journal forgets it first: if the delete fails, the copy is an unclaimed
   * child of the temporary folder, which the next sweep deletes.
   */
  private async release(copy: CopyEntry, size: number): Promise<void> {
    const { transport: t, account } = this.deps;
    await this.journal.remove(copy.copyFileId!);
    try {
      await account.withOpen((token) => deleteFile(t, token, copy.driveId, copy.copyFileId!));
      this.space.refund(size);
    } catch {
      // Left for the sweep.
    } finally {
      this.pump();
    }
  }

  private async sweepOnce(): Promise<number> {
    await this.load();
    const view = await this.deps.account.view();
    const driveId = view.summary?.driveId;
    if (view.state !== 'ok' || !driveId) return 0;
    await this.refreshProgress(); // downloads that ended unnoticed release their copies first
    const expired = await this.expireLinks();
    // Decided per child when its turn comes: copy batches keep running during the sweep.
    const inUse = (fileId: string) => this.heldCopies().some(({ copy }) => copy.copyFileId === fileId);
    const deleted = await this.temp.sweep(driveId, (child) => {
      if (inUse(child.file_id)) return true;
      // A copy request in flight: its copies exist before the journal knows their ids.
      const intentSince = Math.min(...this.journal.all().filter((e) => e.state === 'intent').map((e) => e.createdAt));
      const created = Date.parse(child.created_at ?? '');
      return Number.isFinite(intentSince) && !(created < intentSince - CLOCK_SKEW_MS);
    });
    // Entries of finished files whose copy was not in the folder: delete by id (only journal ids).
    const stale = this.journal.all().filter((e) => e.copyFileId && !inUse(e.copyFileId) && !deleted.includes(e.copyFileId));
    for (const copy of stale) await this.release(copy, 0);
    for (const id of deleted) await this.journal.remove(id);
    return expired + deleted.length + stale.length;
  }

  // ——— state ———

  /**
   * Loads the stored jobs and journal once. No request survives a restart: a file the browser
   * was given is re-attached by its download id (or, if the worker stopped before storing the
   * id, found by its URL), other copy and link steps start over (a copy already made is linked,
   * not made again).
   */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const [jobs] = await Promise.all([this.jobStore.load(), this.journal.load()]);
      this.jobs = jobs;
      await this.journal.dropIntents();
      for (const job of jobs) {
        for (const file of job.files.filter((f) => ACTIVE.has(f.state))) {
          let copy = this.journal.copyOf(job.id, file.fileId);
          if (copy && copy.downloadId === undefined && copy.state === 'copied' && copy.url) copy = await this.findHandedDownload(copy);
          if (copy?.downloadId !== undefined) file.state = 'downloading';
          else if (file.state === 'downloading') this.fail(file, downloadGoneError());
          else file.state = 'queued';
        }
      }
    })();
    return this.loaded;
  }

  /** A download the browser started from this copy's link before the worker stopped: adopted, not started twice. */
  private async findHandedDownload(copy: CopyEntry): Promise<CopyEntry | undefined> {
    const [found] = await this.deps.downloads.search({ url: copy.url! }).catch(() => []);
    if (!found) return copy;
    await this.journal.update(copy.copyFileId!, { downloadId: found.id, state: 'downloading' });
    return this.journal.copyOf(copy.jobId, copy.shareFileId);
  }

  private async driveId(): Promise<string> {
    const view = await this.deps.account.view();
    if (view.state !== 'ok' || !view.summary?.driveId) throw noAccountError();
    return view.summary.driveId;
  }

  private sink(target: ExportTarget): LinkSink {
    const sink = this.deps.linkSinks?.[target];
    if (!sink) throw new Error(`no link sink for ${target}`);
    return sink;
  }

  private shareToken(job: Job): TokenSource {
    return this.shareTokens({ shareId: job.shareId, code: job.code });
  }

  private needsCopy(job: Job, file: JobFile): boolean {
    return file.state === 'queued' && !this.journal.copyOf(job.id, file.fileId);
  }

  /** Files in one of `states` that hold a copy, oldest job first. */
  private withCopies(states: (s: FileState) => boolean): { job: Job; file: JobFile; copy: CopyEntry }[] {
    return this.jobs.flatMap((job) =>
      job.files.flatMap((file) => {
        const copy = states(file.state) ? this.journal.copyOf(job.id, file.fileId) : undefined;
        return copy ? [{ job, file, copy }] : [];
      }),
    );
  }

  /** Copied files waiting for a download slot. */
  private copiedWaiting() {
    return this.withCopies((s) => s === 'queued');
  }

  private running() {
    return this.withCopies((s) => s === 'downloading').filter(({ copy }) => copy.downloadId !== undefined);
  }

  /** Copies whose file still needs them. */
  private activeCopies() {
    return this.withCopies((s) => ACTIVE.has(s));
  }

  /** Copies the sweep must keep: those still needed, and those behind live exported links. */
  private heldCopies() {
    return this.withCopies((s) => HOLDING.has(s));
  }

  private slotsInUse(): number {
    return this.jobs.reduce((n, j) => n + j.files.filter((f) => f.state === 'linking' || f.state === 'downloading').length, 0);
  }

  /** Bytes of the copies we hold now that are deleted once downloaded (exported ones stay for hours). */
  private heldBytes(): number {
    return this.activeCopies().reduce((sum, { file }) => sum + file.size, 0);
  }

  private meter(jobId: string): SpeedMeter {
    let meter = this.meters.get(jobId);
    if (!meter) this.meters.set(jobId, (meter = new SpeedMeter()));
    return meter;
  }

  private saveStates(): Promise<void> {
    return this.jobStore.saveStates(this.jobs);
  }

  /** Tells listeners once per turn of the event loop, however many files changed. */
  private changed(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      const views = this.views();
      for (const listener of this.listeners) listener(views);
    });
  }

  private views(): JobView[] {
    return [...this.jobs, ...this.preparing.values()].map((j) => this.viewOf(j));
  }

  private preparingView(jobId: string): JobView | undefined {
    const job = this.preparing.get(jobId);
    return job && this.viewOf(job);
  }

  private viewOf(job: Job): JobView {
    const counted = job.files.filter((f) => f.state !== 'cancelled');
    const totalBytes = counted.reduce((sum, f) => sum + f.size, 0);
    // Exports move no bytes: their "received" jumps as links are made.
    const speed = job.mode === 'export' ? 0 : (this.meters.get(job.id)?.speed(this.now()) ?? 0);
    const left = job.files.filter((f) => ACTIVE.has(f.state)).reduce((sum, f) => sum + f.size - f.received, 0);
    const state = this.preparing.has(job.id) ? 'preparing' : jobState(job.files);
    return {
      id: job.id,
      shareId: job.shareId,
      shareName: job.shareName,
      createdAt: job.createdAt,
      mode: job.mode ?? 'download',
      ...(job.target ? { target: job.target } : {}),
      state,
      files: job.files.map((f) => ({
        fileId: f.fileId,
        filename: f.filename,
        size: f.size,
        received: f.received,
        state: f.state,
        error: f.error,
        ...this.linkOf(job, f),
      })),
      totalBytes,
      receivedBytes: counted.reduce((sum, f) => sum + f.received, 0),
      speed,
      etaSec: state === 'running' && speed > 0 ? Math.ceil(left / speed) : undefined,
      error: state === 'failed' ? job.files.find((f) => f.error)?.error : undefined,
    };
  }

  /** An exported file's link, from the journal (which keeps it across restarts). */
  private linkOf(job: Job, file: JobFile): { link?: ExportedLink } {
    const copy = file.state === 'exported' ? this.journal.copyOf(job.id, file.fileId) : undefined;
    return copy?.url && copy.expiresAt !== undefined ? { link: { url: copy.url, expiresAt: copy.expiresAt } } : {};
  }
}

function jobState(files: JobFile[]): JobState {
  if (files.some((f) => ACTIVE.has(f.state))) return 'running';
  if (files.some((f) => f.state === 'exported')) return 'exported';
  if (files.every((f) => f.state === 'done')) return 'done';
  return files.some((f) => f.state === 'failed') ? 'failed' : 'cancelled';
}

function pick(job: Job, fileId: string | undefined, when: (s: FileState) => boolean): JobFile[] {
  return job.files.filter((f) => (fileId === undefined || f.fileId === fileId) && when(f.state));
}

function largestSize(files: readonly { size?: number }[]): number {
  return files.reduce((max, f) => Math.max(max, f.size ?? 0), 0);
}

function received(job: Job): number {
  return job.files.reduce((sum, f) => sum + f.received, 0);
}

/** Files from the front of the queue while they fit in `free` bytes, at most one batch. */
function fitting(pending: JobFile[], free: number): JobFile[] {
  const batch: JobFile[] = [];
  let bytes = 0;
  for (const file of pending) {
    if (batch.length === MAX_BATCH || bytes + file.size > free) break;
    batch.push(file);
    bytes += file.size;
  }
  return batch;
}

/** Keeps every unfinished job or one holding exported copies, and the most recent finished ones. */
function keepRecent(jobs: Job[]): Job[] {
  const finished = jobs.filter((j) => !j.files.some((f) => HOLDING.has(f.state)));
  const dropped = new Set(finished.slice(0, Math.max(0, jobs.length - MAX_KEPT_JOBS)).map((j) => j.id));
  return jobs.filter((j) => !dropped.has(j.id));
}
