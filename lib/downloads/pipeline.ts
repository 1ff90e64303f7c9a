/**
 * The background download pipeline (alipan-api.md §0): copy each share file into a temporary
 * folder of the user's drive (web token) → ask the open platform for a download URL of the copy
 * → let the browser download it → check its bytes → delete the copy. A download that is cut,
 * refused or wrong is resumed or started again on a fresh link at the same name; the copy stays
 * until the file is truly done or given up. Only copies the journal recorded, and still in the
 * folder they were copied to, are ever deleted. Export mode stops after the link: it goes to
 * another tool, and the copy stays until the link expires or the user releases the job.
 */

import { isTokenServiceDown } from '../account/token-trouble';
import type { AlipanError } from '../api/errors';
import { deleteFile, getDownloadUrl, getFile, type OpenFile, trashFile } from '../api/open';
import type { TokenSource } from '../api/token-source';
import type { Transport } from '../api/transport';
import { MAX_BATCH } from '../api/web';
import type { KeyValueStore } from '../platform/kv-store';
import { endPreviewsOfClosedPages, holdsPreviewSlot, isPreview, previewsOfTab } from '../previews/preview-jobs';
import { type ShareTokens, shareTokenCache } from '../shares/share-tokens';
import { copyToTempFolder, outcomeOf } from './copy';
import { mayBeCopyOf } from './copy-match';
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
import { type Job, type JobFile, JobStore, MAX_KEPT_JOBS } from './job-store';
import { type CopyEntry, CopyJournal } from './journal';
import { linkExpiry } from './link-expiry';
import type {
  DownloadRequest,
  ExportedLink,
  ExportTarget,
  FileState,
  FileWait,
  JobState,
  JobView,
  StartOptions,
} from './model';
import type { AccountPort, DownloadDelta, DownloadSnapshot, DownloadsPort, ExternalDownloader } from './ports';
import { type HoldReason, judgeDownload, MAX_RETRIES, retryDelayMs, type Verdict } from './recovery';
import {
  DEFAULT_DOWNLOAD_SETTINGS,
  type DownloadSettings,
  loadDownloadSettings,
  saveDownloadSettings,
} from './settings';
import { SpaceBudget } from './space';
import { SpeedMeter } from './speed';
import { TempFolder } from './temp-folder';

/** §8: what we ask for; the CDN gives 900 s whatever is asked (the real expiry is read from the link). */
const LINK_EXPIRE_SEC = 900;
/** Server and local clocks may differ this much when the sweep compares creation times. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A copy request that got no answer may still be carried out this long after (the sweep looks that far). */
const LOST_REQUEST_WINDOW_MS = 60 * 60_000;
/** In storage.session: present while the browser runs, gone after it restarts. */
const SESSION_MARK_KEY = 'downloads.browserSession';
/** A download the browser's close took out of its list (see `look`). */
const LOST_AT_CLOSE = { kind: 'redo', reason: 'LOST_AT_BROWSER_CLOSE' } as const;

const ACTIVE: ReadonlySet<FileState> = new Set(['queued', 'copying', 'linking', 'downloading']);
/** States whose copy must stay in the drive: the active ones, and exported links. */
const HOLDING: ReadonlySet<FileState> = new Set([...ACTIVE, 'exported']);

export interface DownloadManagerDeps {
  transport: Transport;
  account: AccountPort;
  store: KeyValueStore;
  /** `storage.session`: tells a browser restart (downloads cut by the close) from a worker restart. */
  session?: KeyValueStore;
  downloads: DownloadsPort;
  now?: () => number;
  /** Share tokens, shared with browsing (default: a cache of this manager's own). */
  shareTokens?: ShareTokens;
  /** Name of the temporary folder in the drive's root. */
  tempFolderName?: string;
  /** Who does the downloads of export jobs with a target (aria2), instead of the browser. */
  downloaders?: Partial<Record<ExportTarget, ExternalDownloader>>;
  /** First backoff before a download is started again (doubles each time, ≤ 60 s). Default 2 s. */
  retryBaseMs?: number;
  /** How long Chromium gets to resume a cut download by itself before we do. Default 3 s. */
  autoResumeGraceMs?: number;
  /**
   * A user's cancel is acted on after this delay: when the browser is closing, the worker is gone
   * by then and the next start redoes the download instead. Default 1.5 s.
   */
  cancelGraceMs?: number;
  /** After this long, a download paused or held at the dangerous-file prompt frees its slot. Default 10 s. */
  holdGraceMs?: number;
  /** External downloaders send no events: their running downloads are looked at this often. Default 2 s. */
  pollMs?: number;
  /** Asks to be woken at this time (chrome.alarms): a wait may outlive the worker. */
  wakeAt?: (at: number) => void;
}

export type JobsListener = (jobs: JobView[]) => void;

interface Held {
  reason: HoldReason;
  since: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class DownloadManager {
  private readonly now: () => number;
  private readonly journal: CopyJournal;
  private readonly temp: TempFolder;
  private readonly space: SpaceBudget;
  private readonly jobStore: JobStore;
  private readonly timing: {
    retryBaseMs: number;
    autoResumeGraceMs: number;
    cancelGraceMs: number;
    holdGraceMs: number;
    pollMs: number;
  };
  private jobs: Job[] = [];
  private settingsNow: DownloadSettings = DEFAULT_DOWNLOAD_SETTINGS;
  /** Jobs still walking their folders: shown, not stored; cancel aborts their walk. */
  private readonly preparing = new Map<string, Job>();
  private readonly stopPreparing = new Map<string, AbortController>();
  private readonly shareTokens: ShareTokens;
  private readonly meters = new Map<string, SpeedMeter>();
  private readonly listeners = new Set<JobsListener>();
  /**
   * Each file's turn (by `jobId/fileId`): cancel and retry start a new one, and a step that
   * returns from an await in an older turn leaves the file and its copy to the newer one.
   */
  private readonly turns = new Map<string, number>();
  /** Downloads whose end is being dealt with (an event and a poll may see it at once). */
  private readonly acting = new Set<number>();
  /** Downloads an event named while they were being looked at. */
  private readonly lookAgain = new Set<number>();
  /** Copies whose delete is on its way: released once. */
  private readonly releasing = new Set<string>();
  /** Downloads waiting for the user (by `jobId/fileId`). */
  private readonly held = new Map<string, Held>();
  /** Downloads that were running when the browser last closed. */
  private readonly cutByClose = new Set<number>();
  /** After a "too many downloads" 403, no new download starts before this time. */
  private slotPauseUntil = 0;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeTimerAt = 0;
  private wakeAlarmAt = 0;
  private loaded: Promise<void> | undefined;
  private copying = false;
  private sweeping: Promise<number> | undefined;
  private flushQueued = false;

  constructor(private readonly deps: DownloadManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.timing = {
      retryBaseMs: deps.retryBaseMs ?? 2000,
      autoResumeGraceMs: deps.autoResumeGraceMs ?? 3000,
      cancelGraceMs: deps.cancelGraceMs ?? 1500,
      holdGraceMs: deps.holdGraceMs ?? 10_000,
      pollMs: deps.pollMs ?? 2000,
    };
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
   * `{mode: 'export'}` makes links instead of downloads; with a `target`, that downloader does the
   * downloads instead of the browser, and must be ready before anything is copied. Cancelled while preparing, it
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
      ...(options.mode === 'preview' && options.tabId !== undefined ? { tabId: options.tabId } : {}),
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
        this.throughTokenTrouble(() => this.temp.id(driveId)),
        this.throughTokenTrouble(() => this.space.free(upfront)),
        job.target && this.downloader(job.target).ready(),
      ]);
      stop.signal.throwIfAborted();
      if (files.length === 0) throw nothingToDownloadError();
      const largest = largestSize(files);
      // Copies we hold for other files will be deleted: their space comes back.
      if (largest > (await this.throughTokenTrouble(() => this.space.free(largest))) + this.heldBytes())
        throw driveFullError();
      const taken = new Set<string>();
      job.files = files.map((f) => ({
        fileId: f.fileId,
        name: f.name,
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

  async settings(): Promise<DownloadSettings> {
    await this.load();
    return this.settingsNow;
  }

  /** Takes effect at once: a lower limit lets running downloads finish, a higher one starts more. */
  async saveSettings(value: unknown): Promise<DownloadSettings> {
    await this.load();
    this.settingsNow = await saveDownloadSettings(this.deps.store, value);
    this.pump();
    return this.settingsNow;
  }

  /**
   * Cancels one file, or every unfinished file of the job: the browser download stops and the
   * copy is deleted now; a step still in flight for it finds a new turn and leaves it alone.
   */
  async cancel(jobId: string, fileId?: string): Promise<JobView | undefined> {
    await this.load();
    const job = this.jobs.find((j) => j.id === jobId);
    if (!job) {
      // Still listing its folders: nothing copied yet, so stopping the walk is all there is to do.
      if (fileId === undefined) this.stopPreparing.get(jobId)?.abort();
      return this.preparingView(jobId);
    }
    const cancelled = pick(job, fileId, (s) => ACTIVE.has(s));
    for (const file of cancelled) {
      this.nextTurn(job, file);
      file.state = 'cancelled';
    }
    await this.saveStates();
    this.changed();
    for (const file of cancelled) {
      const copy = this.journal.copyOf(job.id, file.fileId);
      if (!copy) continue; // a copy request in flight deletes what it made when it returns
      if (copy.downloadId !== undefined) await this.forgetDownload(job, copy.downloadId, 'cancel');
      void this.release(copy, file.size);
    }
    this.pump();
    return this.viewOf(job);
  }

  /** Queues failed or cancelled files again (one, or all of the job): each is copied anew. */
  async retry(jobId: string, fileId?: string): Promise<JobView | undefined> {
    await this.load();
    const job = this.jobs.find((j) => j.id === jobId);
    if (!job) return this.preparingView(jobId);
    for (const file of pick(job, fileId, (s) => s === 'failed' || s === 'cancelled')) {
      this.nextTurn(job, file);
      Object.assign(file, { state: 'queued', received: 0, error: undefined });
    }
    await this.saveStates();
    this.changed();
    this.pump();
    return this.viewOf(job);
  }

  /**
   * "Done, delete the copies" on an export job: its links stop working, its copies are deleted now.
   * A preview's pane closed: a file still being copied or linked stops too.
   */
  async releaseCopies(jobId: string): Promise<JobView | undefined> {
    await this.load();
    const job = this.jobs.find((j) => j.id === jobId);
    if (!job) return this.preparingView(jobId);
    if (isPreview(job)) await this.cancel(jobId);
    await this.retire(this.withCopies((s) => s === 'exported').filter((held) => held.job === job));
    return this.viewOf(job);
  }

  /** A viewer tab closed (`tabs.onRemoved`): the previews it opened end, and their copies go. */
  async releaseTab(tabId: number): Promise<void> {
    await this.load();
    for (const job of previewsOfTab(this.jobs, tabId)) await this.releaseCopies(job.id);
  }

  /**
   * A fresh link for a preview's held copy: its link expired while the pane played it (§8: links
   * live 15 minutes). Undefined when the preview is over (its copy gone): the pane starts anew.
   */
  async relink(jobId: string): Promise<JobView | undefined> {
    await this.load();
    const held = this.withCopies((s) => s === 'exported').find(({ job }) => job.id === jobId && isPreview(job));
    const copyFileId = held?.copy.copyFileId;
    if (!held || copyFileId === undefined) return undefined;
    const { url, expiresAt } = await this.freshLink(held.copy, copyFileId);
    await this.journal.update(held.copy.id, { url, expiresAt });
    this.changed();
    return this.viewOf(held.job);
  }

  /** Wire to `downloads.onChanged`: a download that ended, stopped or was paused is looked at. */
  async onDownloadChanged(delta: DownloadDelta): Promise<void> {
    if (!delta.state && !delta.error && !delta.paused && !delta.danger) return;
    await this.load();
    const found = this.ownDownload(delta.id);
    if (!found) return;
    // When the browser is closing, a cancel is its own: let the worker go before acting (see deps).
    if (delta.error?.current === 'USER_CANCELED') await sleep(this.timing.cancelGraceMs);
    await this.look(found.job, found.file, delta.id);
  }

  /**
   * The file name for one of our downloads (`downloads.onDeterminingFilename`): Chromium may put a
   * download it resumed by itself at the top of the downloads folder unless it is told again.
   */
  async filenameFor(url: string): Promise<string | undefined> {
    await this.load();
    const copy = this.journal.byUrl(url);
    return copy && this.fileOf(copy)?.file.filename;
  }

  /**
   * Reads the running downloads' byte counts (`downloads.onChanged` carries none) and settles
   * any that ended unnoticed. The UI asks every second while it is visible.
   */
  async refreshProgress(): Promise<JobView[]> {
    await this.load();
    await Promise.all(this.running().map(({ job, file, copy }) => this.look(job, file, copy.downloadId)));
    const at = this.now();
    for (const job of this.jobs) this.meter(job.id).record(at, received(job));
    this.changed();
    return this.views();
  }

  /**
   * On worker start (and browser start): reload jobs and the journal, re-attach running
   * downloads, settle the ones that ended while the worker was stopped, redo the ones the
   * browser's close cut, sweep, and carry on with what is queued.
   */
  async resume(): Promise<void> {
    await this.load();
    await this.refreshProgress();
    await this.sweep().catch(() => 0);
    this.pump();
  }

  /**
   * Deletes the copies no file needs any more (expired export links, deletes that failed),
   * moves to the recycle bin what our unanswered copy requests left in the temporary folder,
   * and leaves everything else there alone. Returns how many copies it removed. Also run from
   * an alarm.
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  /**
   * Before the account's tokens are forgotten (sign-out): every file that still holds a copy
   * stops — nothing could reach its copy afterwards — and the copies are deleted while the tokens
   * still work. What cannot be deleted now stays journaled, and the sweep deletes it when this
   * account signs in again. Returns how many copies are left for then.
   */
  async releaseAll(): Promise<number> {
    await this.load();
    for (const stop of this.stopPreparing.values()) stop.abort();
    const holding = this.heldCopies();
    for (const job of this.jobs) {
      for (const file of job.files.filter((f) => HOLDING.has(f.state))) {
        this.nextTurn(job, file);
        // An exported link's copy goes: the link is over, like "Done, delete the copies".
        file.state = file.state === 'exported' ? 'done' : 'cancelled';
      }
    }
    await this.saveStates();
    this.changed();
    await Promise.all(
      holding.map(async ({ job, file, copy }) => {
        if (copy.downloadId !== undefined) await this.forgetDownload(job, copy.downloadId, 'cancel');
        await this.release(copy, file.size);
      }),
    );
    await this.sweep().catch(() => 0);
    return this.journal.all().filter((e) => e.copyFileId).length;
  }

  onChange(listener: JobsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ——— the pipeline ———

  /** Launches what may run now: one copy batch at a time, downloads up to the account's limit. */
  private pump(): void {
    const now = this.now();
    const limit = this.settingsNow.maxConcurrentDownloads;
    const waiting = this.copiedWaiting();
    if (!this.copying && waiting.length < limit) {
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
    let slots = now < this.slotPauseUntil ? 0 : limit - this.slotsInUse(now);
    for (const { job, file, copy } of waiting) {
      if ((copy.retryAt ?? 0) > now) continue;
      if (slots-- <= 0) break;
      void this.linkAndDeliver(job, file, copy);
    }
    this.scheduleWake(now, waiting);
  }

  /**
   * The next time something may change: a retry, the end of a slot pause, a hold's grace, or the
   * next look at an external downloader's downloads (they send no events).
   */
  private scheduleWake(now: number, waiting: { copy: CopyEntry }[]): void {
    const graceEnds = [...this.held.values()].map((h) => h.since + this.timing.holdGraceMs);
    const poll = this.running().some(({ job }) => job.target) ? [now + this.timing.pollMs] : [];
    const times = [...waiting.map((w) => w.copy.retryAt ?? 0), this.slotPauseUntil, ...graceEnds, ...poll].filter(
      (t) => t > now,
    );
    if (times.length === 0) return;
    const at = Math.min(...times);
    // A wake already due sooner stands (pumps come often: a poll must not be put off by each).
    if (this.wakeTimer && this.wakeTimerAt > now && this.wakeTimerAt <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimerAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      void this.refreshProgress().then(() => this.pump());
    }, at - now);
    if (at !== this.wakeAlarmAt) this.deps.wakeAt?.(at);
    this.wakeAlarmAt = at;
  }

  /** Copies the job's next batch; false when it has to wait for room in the drive. */
  private async copyNextBatch(job: Job): Promise<boolean> {
    const pendingNow = () => job.files.filter((f) => this.needsCopy(job, f));
    // Who shares a failure that comes before the batch is chosen.
    let batch = pendingNow().slice(0, MAX_BATCH);
    let intents = false;
    try {
      const driveId = await this.driveId();
      const free = await this.space.free(batch[0]?.size ?? 0);
      const pending = pendingNow(); // cancel or retry may have run meanwhile
      batch = fitting(pending, free);
      if (batch.length === 0) {
        if (pending.length === 0) return true;
        if (this.heldBytes() > 0) return false;
        batch = pending.slice(0, 1);
        throw driveFullError();
      }
      const turns = new Map(batch.map((f) => [f, this.turnOf(job, f)]));
      for (const file of batch) this.mark(file, 'copying');
      intents = true;
      await this.journal.addIntents(
        job.id,
        driveId,
        batch.map((f) => ({ shareFileId: f.fileId, name: f.name, size: f.size })),
        this.now(),
      );
      const outcomes = await copyToTempFolder(
        { ...this.deps, temp: this.temp },
        { shareId: job.shareId, shareToken: this.shareToken(job), driveId, fileIds: batch.map((f) => f.fileId) },
      );
      const copies = new Map<string, { copyFileId: string; parentFileId: string }>();
      for (const [id, outcome] of outcomes) if ('copyFileId' in outcome) copies.set(id, outcome);
      await this.journal.settleIntents(job.id, copies);
      for (const file of batch) {
        const outcome = outcomeOf(outcomes, file.fileId);
        const current = turns.get(file) === this.turnOf(job, file);
        if ('error' in outcome) {
          if (outcome.error.category === 'drive-full') this.space.forget();
          if (current) this.fail(file, outcome.error);
          continue;
        }
        this.space.spend(file.size);
        if (current) file.state = 'queued';
        else {
          const copy = this.journal.copyOf(job.id, file.fileId); // cancelled meanwhile
          if (copy) void this.release(copy, file.size);
        }
      }
    } catch (e) {
      // A lost answer may still have made copies: the sweep looks for them.
      if (intents) await this.journal.loseIntents(this.now(), job.id);
      // A token service being retried by the account: the files wait for it (the next batch does).
      const wait = isTokenServiceDown(e);
      for (const file of batch) {
        if (file.state !== 'queued' && file.state !== 'copying') continue;
        if (wait) file.state = 'queued';
        else this.fail(file, asAlipanError(e));
      }
    }
    await this.saveStates();
    this.changed();
    return true;
  }

  /** Gets the copy's download URL just before its download starts, or keeps it in export mode. */
  private async linkAndDeliver(job: Job, file: JobFile, copy: CopyEntry): Promise<void> {
    const turn = this.turnOf(job, file);
    this.mark(file, 'linking');
    try {
      const driveId = await this.driveId(); // a check or a token service being retried is waited out here
      if (this.turnOf(job, file) !== turn) return;
      const copyFileId = copy.copyFileId;
      // Another account's drive, or (never seen) a journal entry without its copy: copied anew.
      if (copy.driveId !== driveId || copyFileId === undefined) return await this.copyAgain(file, copy);
      const link = await this.freshLink(copy, copyFileId);
      if (this.turnOf(job, file) !== turn) return; // cancelled (its copy went) or retried
      // The page's exports and previews take the link; the browser or aria2 download the others.
      if ((job.mode === 'export' && !job.target) || isPreview(job))
        await this.keepExported(job, file, copy, link.url, link.expiresAt, turn);
      else await this.download(job, file, copy, link, turn);
    } catch (e) {
      if (this.turnOf(job, file) !== turn) return;
      const error = asAlipanError(e);
      // The account noted the trouble and retries it: the file waits for it, no attempt spent.
      if (isTokenServiceDown(error)) return this.requeue(file);
      // §8: 429 or ExceedMaxConcurrency from the API is "wait and retry", never a failed file.
      if (error.category === 'rate-limited')
        await this.waitAgain(file, copy, { kind: 'wait-slot', reason: error.code });
      else if (error.category === 'network') await this.waitAgain(file, copy, { kind: 'redo', reason: error.code });
      else await this.settle(file, copy, 'failed', error);
    }
  }

  /** The copy's download URL; §8: its lifetime is the link's own (x-oss-expires), never what was asked. */
  private async freshLink(
    copy: CopyEntry,
    copyFileId: string,
  ): Promise<{ url: string; expiresAt: number; sha1?: string }> {
    const { transport: t, account } = this.deps;
    const link = await account.withOpenIn(copy.driveId, (token) =>
      getDownloadUrl(t, token, copy.driveId, copyFileId, LINK_EXPIRE_SEC),
    );
    if (!link.url) throw noDirectLinkError();
    return {
      url: link.url,
      expiresAt: linkExpiry(link, this.now(), LINK_EXPIRE_SEC),
      ...(link.content_hash ? { sha1: link.content_hash } : {}),
    };
  }

  private async download(
    job: Job,
    file: JobFile,
    copy: CopyEntry,
    link: { url: string; expiresAt: number; sha1?: string },
    turn: number,
  ): Promise<void> {
    const { url, expiresAt } = link;
    // Stored first: a worker stopped after the browser took the download but before its id was
    // stored finds it again by this URL (signed per call, so it names this download alone); the
    // file name for onDeterminingFilename is found by it too.
    await this.journal.update(copy.id, { url, expiresAt, retryAt: undefined, waitingFor: undefined });
    const external = job.target && this.downloader(job.target);
    const started = external
      ? external.download({ url, filename: file.filename, ...(link.sha1 ? { sha1: link.sha1 } : {}) })
      : this.deps.downloads.download({ url, filename: file.filename, conflictAction: 'uniquify', saveAs: false });
    const id = await started.catch((e: unknown) => {
      throw external ? e : downloadRefusedError(String((e as Error)?.message ?? e));
    });
    if (this.turnOf(job, file) !== turn) return void (await this.forgetDownload(job, id, 'cancel')); // cancelled meanwhile
    await this.journal.update(copy.id, { downloadId: id, state: 'downloading' });
    this.mark(file, 'downloading');
    await this.saveStates();
    // A small file may finish before its events can be matched to it: look once.
    await this.look(job, file, id);
    this.pump(); // an external downloader's download is polled from now on
  }

  /**
   * Export mode for the page (clipboard, files): the link and its expiry are journaled (the sweep
   * deletes the copy once it expires, even after a restart); the page takes the links.
   */
  private async keepExported(
    job: Job,
    file: JobFile,
    copy: CopyEntry,
    url: string,
    expiresAt: number,
    turn: number,
  ): Promise<void> {
    await this.journal.update(copy.id, { state: 'exported', url, expiresAt });
    if (this.turnOf(job, file) !== turn) return;
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

  /** Asks the browser (or the job's downloader) about one of our downloads and acts on what it says. */
  private async look(job: Job, file: JobFile, downloadId: number): Promise<void> {
    // One look at a time per download; an event that comes meanwhile is looked at right after
    // (else a "complete" seen while a look still read "in progress" is lost until a page polls).
    if (this.acting.has(downloadId)) return void this.lookAgain.add(downloadId);
    this.acting.add(downloadId);
    try {
      const found = await this.portOf(job)
        .search({ id: downloadId })
        .catch(() => undefined);
      if (!found) return; // not reachable now (aria2 stopped?): asked again at the next look
      const [item] = found;
      const copy = this.journal.byDownload(downloadId);
      if (file.state !== 'downloading' || !copy || copy.state === 'releasing') return;
      if (!item) {
        // Not in the browser's list. After a browser restart that is the close's doing: Chromium
        // writes the list to disk lazily, and a download started just before closing is not in
        // it: started again on a fresh link. Erased while the browser runs, nothing will ever say
        // how it ended.
        if (this.cutByClose.has(downloadId)) return void (await this.waitAgain(file, copy, LOST_AT_CLOSE));
        return void (await this.settle(file, copy, 'failed', downloadGoneError()));
      }
      file.received = Math.min(file.size || Infinity, Math.max(0, item.bytesReceived));
      await this.act(job, file, copy, item, this.verdictOn(file, copy, item));
    } finally {
      this.acting.delete(downloadId);
      if (this.lookAgain.delete(downloadId)) void this.look(job, file, downloadId);
    }
  }

  private verdictOn(file: JobFile, copy: CopyEntry, item: DownloadSnapshot): Verdict {
    return judgeDownload(item, {
      expectedSize: file.size,
      linkExpiresAt: copy.expiresAt,
      now: this.now(),
      browserRestarted: this.cutByClose.has(item.id),
      attempts: copy.attempts ?? 0,
      slotWaits: copy.slotWaits ?? 0,
    });
  }

  private async act(job: Job, file: JobFile, copy: CopyEntry, item: DownloadSnapshot, verdict: Verdict): Promise<void> {
    const key = fileKey(job, file);
    if (verdict.kind !== 'held') this.held.delete(key);
    switch (verdict.kind) {
      case 'running':
        return;
      case 'held':
        if (this.held.get(key)?.reason !== verdict.reason)
          this.held.set(key, { reason: verdict.reason, since: this.now() });
        this.changed();
        return this.pump(); // after the grace its slot goes to the next file
      case 'done':
        return this.settle(file, copy, 'done');
      case 'cancelled':
        return this.settle(file, copy, 'cancelled');
      case 'failed':
        // Never leave a wrong body as the file (§8).
        if (item.state === 'complete')
          await this.portOf(job)
            .removeFile(item.id)
            .catch(() => {});
        return this.settle(file, copy, 'failed', interruptedError(verdict.reason));
      case 'resume':
        return this.resumeDownload(job, file, copy, item.id);
      case 'redo':
      case 'wait-slot':
        await this.forgetDownload(job, item.id, item.state === 'complete' ? 'remove' : 'cancel');
        return this.waitAgain(file, copy, verdict);
    }
  }

  /** Chromium resumes many cut downloads by itself: give it a moment, then resume it ourselves. */
  private async resumeDownload(job: Job, file: JobFile, copy: CopyEntry, downloadId: number): Promise<void> {
    const turn = this.turnOf(job, file);
    await this.journal.update(copy.id, { attempts: (copy.attempts ?? 0) + 1 });
    await sleep(this.timing.autoResumeGraceMs);
    if (this.turnOf(job, file) !== turn) return;
    const port = this.portOf(job);
    const [item] = (await port.search({ id: downloadId }).catch(() => [])) ?? [];
    if (item?.state !== 'interrupted') return; // resumed by the browser, or ended: the next look sees it
    try {
      await port.resume(downloadId);
    } catch {
      const fresh = this.journal.byDownload(downloadId);
      if (!fresh || this.turnOf(job, file) !== turn) return;
      await this.forgetDownload(job, downloadId, 'cancel');
      await this.waitAgain(file, fresh, { kind: 'redo', reason: item.error ?? 'UNKNOWN' });
    }
  }

  /**
   * The file goes back to the queue with its copy, to start again on a fresh link after a
   * backoff: counted as an attempt (`redo`) or as a wait for a download slot (`wait-slot`).
   */
  private async waitAgain(
    file: JobFile,
    copy: CopyEntry,
    why: { kind: 'redo' | 'wait-slot'; reason: string },
  ): Promise<void> {
    const slot = why.kind === 'wait-slot';
    const attempts = (copy.attempts ?? 0) + (slot ? 0 : 1);
    const slotWaits = (copy.slotWaits ?? 0) + (slot ? 1 : 0);
    if (attempts > MAX_RETRIES) {
      return this.settle(file, copy, 'failed', interruptedError(why.reason));
    }
    const retryAt = this.now() + retryDelayMs(slot ? slotWaits : attempts, this.timing.retryBaseMs);
    if (slot) this.slotPauseUntil = Math.max(this.slotPauseUntil, retryAt);
    await this.journal.update(copy.id, {
      state: 'copied',
      downloadId: undefined,
      url: undefined,
      expiresAt: undefined,
      attempts,
      slotWaits,
      retryAt,
      waitingFor: slot ? 'slot' : 'retry',
    });
    file.received = 0;
    await this.requeue(file);
  }

  /**
   * Takes a download out of the browser's hands: a running or cut one is cancelled (Chromium
   * deletes its partial file), a finished one's file is removed; then it leaves the list, so
   * the next start gets the same name, never a "(1)" copy.
   */
  private async forgetDownload(job: Job, id: number, how: 'cancel' | 'remove'): Promise<void> {
    const downloads = this.portOf(job);
    if (how === 'remove') await downloads.removeFile(id).catch(() => {});
    else await downloads.cancel(id).catch(() => {});
    await downloads.erase({ id }).catch(() => {});
  }

  /** A file reached its end: stored first (so a restart never redoes it), then its copy goes. */
  private async settle(
    file: JobFile,
    copy: CopyEntry,
    state: 'done' | 'failed' | 'cancelled',
    error?: AlipanError,
  ): Promise<void> {
    file.state = state;
    if (state === 'done') file.received = file.size;
    if (error && state === 'failed') file.error = error.toJSON();
    await this.saveStates();
    this.changed();
    await this.release(copy, file.size);
    this.pump();
  }

  /**
   * The account changed since the copy was made (another user signed in): the file is copied
   * again into the new drive. The old copy is deleted with its drive's kept token (see
   * AccountService.withOpenIn); without one it stays journaled until its account is back.
   */
  private async copyAgain(file: JobFile, copy: CopyEntry): Promise<void> {
    await this.requeue(file);
    await this.release(copy, 0); // not the current drive's space: nothing to give back
  }

  /** Back to the queue with its copy; the next link waits for its time (`retryAt`) and in `driveId()` until the account is usable. */
  private async requeue(file: JobFile): Promise<void> {
    this.mark(file, 'queued');
    await this.saveStates();
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
   * Deletes a copy, once. It stays journaled (as `releasing`) until the delete went through, so a
   * failed delete is tried again by the sweep. A copy no longer in the folder it was copied to
   * was moved by the user: it is theirs now, and only forgotten.
   */
  private async release(copy: CopyEntry, size: number): Promise<void> {
    const id = copy.copyFileId;
    if (id === undefined || this.releasing.has(id) || !this.journal.byCopyId(id)) return; // no copy made: nothing to delete
    this.releasing.add(id);
    const { transport: t, account } = this.deps;
    try {
      await this.journal.update(copy.id, { state: 'releasing' });
      const parent = copy.parentFileId ?? (await this.temp.remembered(copy.driveId));
      const now = await account
        .withOpenIn(copy.driveId, (token) => getFile(t, token, copy.driveId, id))
        .catch((e: unknown) => {
          if (asAlipanError(e).category === 'file-not-found') return undefined;
          throw e;
        });
      if (now && now.parent_file_id === parent) {
        await account.withOpenIn(copy.driveId, (token) => deleteFile(t, token, copy.driveId, id));
        this.space.refund(size);
      }
      await this.journal.remove(id);
      // The last of our copies in a drive a switch of account left: its kept token goes too.
      if (!this.journal.all().some((e) => e.driveId === copy.driveId)) await account.forgetFormer(copy.driveId);
    } catch {
      // Left for the sweep.
    } finally {
      this.releasing.delete(id);
      this.pump();
    }
  }

  private async sweepOnce(): Promise<number> {
    await this.load();
    const { account } = this.deps;
    const view = await account.view();
    const driveId = view.summary?.driveId;
    if (view.state !== 'ok' || !driveId) return 0;
    await this.refreshProgress(); // downloads that ended unnoticed release their copies first
    const expired = await this.expireLinks();
    const needed = new Set(this.heldCopies().map(({ copy }) => copy.copyFileId));
    // The drive a switch of account left (its own token is kept for this) and the current one;
    // copies in any other drive (kept at a sign-out) wait for that account to sign in again.
    const former = await account.formerDrive();
    const drives = [driveId, ...(former && former !== driveId ? [former] : [])];
    const unneeded = this.journal
      .all()
      .filter((e) => e.copyFileId && !needed.has(e.copyFileId) && e.state !== 'intent' && drives.includes(e.driveId));
    await Promise.all(unneeded.map((copy) => this.release(copy, 0)));
    let trashed = 0;
    for (const drive of drives) trashed += await this.trashLostCopies(drive);
    if (former && !this.journal.all().some((e) => e.driveId === former)) await account.forgetFormer(former);
    return expired + unneeded.length + trashed;
  }

  /**
   * Copies our unanswered copy requests may have made are not journaled: children of the folder
   * made during such a request, with the name and size of one of its files, go to the recycle
   * bin (the user can restore them); anything else in the folder is left alone.
   */
  private async trashLostCopies(driveId: string): Promise<number> {
    const lost = this.journal.all().filter((e) => e.state === 'lost' && e.driveId === driveId);
    // A request in flight makes copies no entry names yet, with the same names: wait for its answer.
    if (lost.length === 0 || this.journal.all().some((e) => e.state === 'intent')) return 0;
    const listing = await this.temp.children(driveId);
    const journaled = new Set(this.journal.all().map((e) => e.copyFileId));
    const matches = (child: OpenFile) =>
      !journaled.has(child.file_id) && child.type === 'file' && lost.some((e) => madeBy(e, child, this.now()));
    const { transport: t, account } = this.deps;
    let trashed = 0;
    for (const child of listing?.children.filter(matches) ?? []) {
      try {
        await account.withOpenIn(driveId, (token) => trashFile(t, token, driveId, child.file_id));
        trashed += 1;
      } catch {
        // The next sweep tries again.
      }
    }
    // A request's copies show up within the window; after it, nothing more can come of it.
    const now = this.now();
    await this.journal.forgetLost((e) => (e.lostAt ?? e.createdAt) + LOST_REQUEST_WINDOW_MS > now);
    return trashed;
  }

  // ——— state ———

  /**
   * Loads the stored jobs, journal and settings once. No request survives a restart: a file the
   * browser was given is re-attached by its download id (or, if the worker stopped before
   * storing the id, found by its URL); other copy and link steps start over (a copy already made
   * is linked, not made again). After a browser restart, the downloads that were running were
   * cut by the close: they are redone.
   */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const [jobs, , settings, browserRestarted] = await Promise.all([
        this.jobStore.load(),
        this.journal.load(),
        loadDownloadSettings(this.deps.store),
        this.markBrowserSession(),
      ]);
      this.jobs = jobs;
      this.settingsNow = settings;
      await this.journal.loseIntents(this.now());
      // The sweep in resume() then deletes their copies.
      if (browserRestarted && endPreviewsOfClosedPages(jobs)) await this.saveStates();
      for (const job of jobs) {
        for (const file of job.files.filter((f) => ACTIVE.has(f.state))) {
          let copy = this.journal.copyOf(job.id, file.fileId);
          if (copy && copy.downloadId === undefined && copy.state === 'copied' && copy.url)
            copy = await this.findHandedDownload(job, copy);
          if (copy?.downloadId !== undefined) {
            file.state = 'downloading';
            if (browserRestarted) this.cutByClose.add(copy.downloadId);
          } else if (file.state === 'downloading') this.fail(file, downloadGoneError());
          else file.state = 'queued';
        }
      }
    })();
    return this.loaded;
  }

  /** True once per browser session: storage.session is emptied when the browser closes. */
  private async markBrowserSession(): Promise<boolean> {
    const session = this.deps.session;
    if (!session) return false;
    if (await session.get<boolean>(SESSION_MARK_KEY)) return false;
    await session.set({ [SESSION_MARK_KEY]: true });
    return true;
  }

  /** A download the browser started from this copy's link before the worker stopped: adopted, not started twice. */
  private async findHandedDownload(job: Job, copy: CopyEntry): Promise<CopyEntry | undefined> {
    if (!copy.url) return copy; // no link handed over yet
    const [found] = await this.portOf(job)
      .search({ url: copy.url })
      .catch(() => []);
    if (!found) return copy;
    await this.journal.update(copy.id, { downloadId: found.id, state: 'downloading' });
    return this.journal.copyOf(copy.jobId, copy.shareFileId);
  }

  /**
   * The drive copies go to. A check, save or import under way, or a token service the account is
   * retrying, is waited out: neither fails a job (issue 9); a settled state other than `ok` does.
   */
  private async driveId(): Promise<string> {
    const view = await this.deps.account.usable();
    if (view.state !== 'ok' || !view.summary?.driveId) throw noAccountError();
    return view.summary.driveId;
  }

  /** Runs `work` again once the account got over token-service trouble (it retries by itself): a start waits for it. */
  private async throughTokenTrouble<T>(work: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await work();
      } catch (e) {
        if (!isTokenServiceDown(e)) throw e;
        await this.driveId();
      }
    }
  }

  private downloader(target: ExportTarget): ExternalDownloader {
    const downloader = this.deps.downloaders?.[target];
    if (!downloader) throw new Error(`no downloader for ${target}`);
    return downloader;
  }

  /** Who does a job's downloads: the browser, or the downloader its export targets. */
  private portOf(job: Job): Omit<DownloadsPort, 'download'> {
    return job.target ? this.downloader(job.target) : this.deps.downloads;
  }

  private shareToken(job: Job): TokenSource {
    return this.shareTokens({ shareId: job.shareId, code: job.code });
  }

  private turnOf(job: Job, file: JobFile): number {
    return this.turns.get(fileKey(job, file)) ?? 0;
  }

  private nextTurn(job: Job, file: JobFile): void {
    this.turns.set(fileKey(job, file), this.turnOf(job, file) + 1);
    this.held.delete(fileKey(job, file));
  }

  /** The job file a download of ours belongs to, while it is downloading. */
  private ownDownload(downloadId: number): { job: Job; file: JobFile } | undefined {
    const copy = this.journal.byDownload(downloadId);
    const found = copy && this.fileOf(copy);
    return found?.file.state === 'downloading' && !found.job.target ? found : undefined;
  }

  private fileOf(copy: CopyEntry): { job: Job; file: JobFile } | undefined {
    const job = this.jobs.find((j) => j.id === copy.jobId);
    const file = job?.files.find((f) => f.fileId === copy.shareFileId);
    return job && file ? { job, file } : undefined;
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
    return this.withCopies((s) => s === 'downloading').filter(
      (r): r is typeof r & { copy: { downloadId: number } } => r.copy.downloadId !== undefined,
    );
  }

  /** Copies whose file still needs them. */
  private activeCopies() {
    return this.withCopies((s) => ACTIVE.has(s));
  }

  /** Copies the sweep must keep: those still needed, and those behind live exported links. */
  private heldCopies() {
    return this.withCopies((s) => HOLDING.has(s));
  }

  /** Links being made and downloads running; one held for the user frees its slot after the grace. */
  private slotsInUse(now: number): number {
    return this.jobs.reduce(
      (n, job) =>
        n +
        job.files.filter((f) => {
          if (f.state === 'linking' || holdsPreviewSlot(job, f)) return true;
          if (f.state !== 'downloading') return false;
          const held = this.held.get(fileKey(job, f));
          return !held || now - held.since < this.timing.holdGraceMs;
        }).length,
      0,
    );
  }

  /** Bytes of the copies we hold now that are deleted once downloaded (exported ones stay longer). */
  private heldBytes(): number {
    return this.activeCopies().reduce((sum, { file }) => sum + file.size, 0);
  }

  private meter(jobId: string): SpeedMeter {
    let meter = this.meters.get(jobId);
    if (!meter) {
      meter = new SpeedMeter();
      this.meters.set(jobId, meter);
    }
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
        ...this.waitOf(job, f),
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

  /** Why a file does not move: held for the user, or waiting to start again. */
  private waitOf(job: Job, file: JobFile): { wait?: FileWait } {
    const held = file.state === 'downloading' ? this.held.get(fileKey(job, file)) : undefined;
    if (held) return { wait: { reason: held.reason } };
    const copy = file.state === 'queued' ? this.journal.copyOf(job.id, file.fileId) : undefined;
    if (!copy?.waitingFor || (copy.retryAt ?? 0) <= this.now()) return {};
    return { wait: { reason: copy.waitingFor, until: copy.retryAt, attempt: (copy.attempts ?? 0) + 1 } };
  }
}

function fileKey(job: Job, file: JobFile): string {
  return `${job.id}/${file.fileId}`;
}

/** A child of the temporary folder that a lost request may have made (copy-match.ts). */
function madeBy(lost: CopyEntry, child: OpenFile, now: number): boolean {
  const from = lost.createdAt - CLOCK_SKEW_MS;
  const until = Math.min(now, (lost.lostAt ?? lost.createdAt) + LOST_REQUEST_WINDOW_MS) + CLOCK_SKEW_MS;
  return mayBeCopyOf({ name: lost.name, size: lost.size }, child, { from, until });
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

/** Keeps every unfinished job or one holding exported copies, and the most recent finished ones (no finished preview). */
function keepRecent(jobs: Job[]): Job[] {
  const unfinished = jobs.filter((j) => j.files.some((f) => HOLDING.has(f.state)));
  jobs = jobs.filter((j) => !isPreview(j) || unfinished.includes(j));
  const finished = jobs.filter((j) => !unfinished.includes(j));
  const dropped = new Set(finished.slice(0, Math.max(0, jobs.length - MAX_KEPT_JOBS)).map((j) => j.id));
  return jobs.filter((j) => !dropped.has(j.id));
}
