/**
 * Save to my drive (issue 10): share items copied with the batch API (web token, §7) straight into
 * a folder the user picked in the drive the open token reads — the drive downloads copy into —
 * and kept there. A folder goes as one item and its async task is followed to the end.
 *
 * Each save is one stored record, written before every side effect: ops go `sent` before their
 * batch, so a worker stop or a browser restart finds them, looks in their folder for what arrived
 * (name, kind, size, made since), and sends only the rest again; a folder's task id is stored and
 * followed again. A save never deletes anything, and its copies are never in the download
 * journal: the temporary folder's sweep cannot see them (and the temporary folder is no target).
 */
import { isTokenServiceDown } from '../account/token-trouble';
import { AlipanError, type SerializedError } from '../api/errors';
import { listOpenPage, type OpenFile } from '../api/open';
import { collectPages } from '../api/paginate';
import { listShareFolder } from '../api/share';
import { withToken } from '../api/token-source';
import type { Transport } from '../api/transport';
import { getAsyncTasks, MAX_BATCH } from '../api/web';
import { isShareMismatch, sendCopyBatch } from '../downloads/copy';
import { asAlipanError, driveFullError, noAccountError } from '../downloads/errors';
import type { AccountPort } from '../downloads/ports';
import { KeyedRecords } from '../platform/keyed-records';
import type { KeyValueStore } from '../platform/kv-store';
import type { ShareTokens } from '../shares/share-tokens';
import { inSaveTerms, stopsTheSave, tempFolderTargetError } from './errors';
import type { SaveItem, SaveOp, SaveRequest, SaveScope, SaveTarget, SaveView } from './model';
import { knownBytes, planSave } from './plan';
import { afterCopy, afterPoll, arrivedCopy, nextBatch, type OpPatch, saveState } from './progress';

/** One key a save (`saves.job.<id>`). */
export const SAVE_PREFIX = 'saves.job.';
/** Finished saves beyond this many are forgotten, oldest first. */
const MAX_KEPT_SAVES = 30;
/** A batch answer lost this many times in a row (network) ends the save with that error. */
const MAX_LOST_ANSWERS = 3;
/** A running save's wake-up is kept this far ahead (Chromium's shortest alarm is 30 s). */
const WAKE_AHEAD_MS = 60_000;

export interface SaveJob {
  id: string;
  shareId: string;
  code: string | null;
  shareName: string;
  createdAt: number;
  scope: SaveScope;
  skipExisting: boolean;
  driveId: string;
  target: SaveTarget;
  items: SaveItem[];
  /** Absent until planned: nothing was copied before the plan is stored. */
  ops?: SaveOp[];
  /** Why the save stopped early. */
  error?: SerializedError;
}

export interface SaveManagerDeps {
  transport: Transport;
  account: AccountPort;
  store: KeyValueStore;
  shareTokens: ShareTokens;
  /** Free bytes in the drive (the downloads' SpaceBudget fits). */
  space: { free(need?: number): Promise<number> };
  /** The downloads' temporary folder in this drive, if there is one: never a save's target. */
  tempFolderId(driveId: string): Promise<string | undefined>;
  now?: () => number;
  /** Between polls of a folder's task. Default 1 s, doubling up to 8 s. */
  pollMs?: number;
  /** After a lost batch answer, before the folder is looked at. Default 2 s. */
  lostWaitMs?: number;
  /**
   * Asks to be woken by then (chrome.alarms) while a save runs: a worker stopped mid-save starts
   * again by itself, and its start carries the save on.
   */
  wakeBy?: (at: number) => void;
}

export type SavesListener = (saves: SaveView[]) => void;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SaveManager {
  private readonly now: () => number;
  private readonly records: KeyedRecords<SaveJob>;
  private jobs: SaveJob[] = [];
  private loaded: Promise<void> | undefined;
  private readonly running = new Set<string>();
  /** The save copying now: saves take turns ("save all" queues many; Alipan paces a user's calls). */
  private turn: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<SavesListener>();

  constructor(private readonly deps: SaveManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.records = new KeyedRecords(deps.store, SAVE_PREFIX);
  }

  /**
   * Starts a save and resolves with it at once (the copying goes on in the background, the
   * popup may close). Rejects only without a usable account or for the temporary folder as target.
   */
  async start(request: SaveRequest & { items: SaveItem[] }): Promise<SaveView> {
    await this.load();
    const driveId = await this.driveId();
    if (request.target.folderId === (await this.deps.tempFolderId(driveId))) throw tempFolderTargetError();
    const job: SaveJob = {
      id: crypto.randomUUID(),
      shareId: request.shareId,
      code: request.code,
      shareName: request.shareName,
      createdAt: this.now(),
      scope: request.scope,
      skipExisting: request.skipExisting,
      driveId,
      target: {
        folderId: request.target.folderId,
        path: request.target.path.map(({ fileId, name }) => ({ fileId, name })),
      },
      items: request.items.map(({ fileId, name, type, size }) => ({
        fileId,
        name,
        type,
        ...(size !== undefined ? { size } : {}),
      })),
    };
    this.jobs = keepRecent([...this.jobs, job]);
    await this.persist();
    void this.run(job);
    return viewOf(job);
  }

  async list(): Promise<SaveView[]> {
    await this.load();
    return this.jobs.map(viewOf);
  }

  /** On worker start: every save that had not ended carries on (what arrived meanwhile is not sent again). */
  async resume(): Promise<void> {
    await this.load();
    for (const job of this.jobs) if (viewOf(job).state === 'saving') void this.run(job);
  }

  onChange(listener: SavesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a save to its end, after the saves before it; one runner a save. */
  private run(job: SaveJob): Promise<void> {
    if (this.running.has(job.id)) return Promise.resolve();
    this.running.add(job.id);
    const mine = this.turn
      .then(() => this.carryOut(job))
      .catch((e: unknown) => this.stop(job, asAlipanError(e)))
      .finally(() => this.running.delete(job.id));
    this.turn = mine.catch(() => {});
    return mine;
  }

  private async carryOut(job: SaveJob): Promise<void> {
    job.ops ??= await this.plan(job);
    await this.persist();
    let lost = 0;
    for (;;) {
      // Sent without an answer (the last worker stopped, or the answer was lost): look first.
      if (job.ops.some((o) => o.state === 'sent')) await this.findArrived(job);
      const batch = nextBatch(job.ops);
      if (batch.length === 0) break;
      try {
        await this.copyBatch(job, batch);
        lost = 0;
      } catch (e) {
        const error = asAlipanError(e);
        if (stopsTheSave(error)) return this.stop(job, error);
        // A network error or a token service being retried: the answer may be lost, not the copies.
        if (!isTransient(error) || ++lost >= MAX_LOST_ANSWERS) {
          // What did arrive counts as saved, when the folder can still be looked at.
          await this.findArrived(job).catch(() => {});
          return this.stop(job, error);
        }
        await sleep((this.deps.lostWaitMs ?? 2000) * lost);
      }
    }
    await this.followTasks(job);
  }

  /** What to copy where; refused with `QuotaExhausted.Drive` when the sizes known cannot fit (§9). */
  private async plan(job: SaveJob): Promise<SaveOp[]> {
    const { transport: t } = this.deps;
    const shareToken = this.deps.shareTokens({ shareId: job.shareId, code: job.code });
    const ops = await planSave(job.items, job.target.folderId, job.skipExisting, {
      shareFolder: async (folderId) =>
        (await listShareFolder(t, shareToken, { shareId: job.shareId, parentFileId: folderId })).map((i) => ({
          fileId: i.file_id,
          name: i.name,
          type: i.type,
          ...(i.size !== undefined ? { size: i.size } : {}),
        })),
      driveFolder: (folderId) => this.driveChildren(job.driveId, folderId),
    });
    const need = knownBytes(ops);
    if (need > 0 && need > (await this.deps.space.free(need))) throw driveFullError();
    return ops;
  }

  /** One batch: the ops are stored as sent first, then each takes its answer. */
  private async copyBatch(job: SaveJob, batch: SaveOp[]): Promise<void> {
    const sentAt = this.now();
    await this.patch(batch, { state: 'sent', sentAt });
    const shareToken = this.deps.shareTokens({ shareId: job.shareId, code: job.code });
    const input = { shareId: job.shareId, shareToken, driveId: job.driveId, sendOnce: true };
    const { results } = await sendCopyBatch(
      this.deps,
      input,
      batch.map((o) => ({ fileId: o.fileId, parentFileId: o.parentFileId })),
    );
    // §7: "share_id doesn't match. share_token": the token went stale; those go again with a new
    // one, once (a second refusal is the item's answer).
    const stale = batch.filter((o) => isShareMismatch(results.get(o.fileId)) && !o.renewedShareToken);
    for (const op of batch) {
      Object.assign(
        op,
        stale.includes(op)
          ? { state: 'pending', sentAt: undefined, renewedShareToken: true }
          : afterCopy(results.get(op.fileId)),
      );
    }
    if (stale.length > 0) await shareToken.renew();
    await this.persist();
    // An item refused for a reason every later one shares (the drive is full): the save stops here.
    const stopping = batch.find((o) => o.error && stopsTheSave(o.error));
    if (stopping?.error) throw new AlipanError(stopping.error);
  }

  /**
   * Polls every running folder task (≤ 100 in one call) until each has ended. A poll that fails
   * on the network is tried again (the tasks run on at Alipan meanwhile).
   */
  private async followTasks(job: SaveJob): Promise<void> {
    let wait = this.deps.pollMs ?? 1000;
    let failures = 0;
    for (;;) {
      const tasks = (job.ops ?? []).filter((o) => o.state === 'task' && o.asyncTaskId);
      if (tasks.length === 0) return;
      await sleep(wait);
      wait = Math.min(wait * 2, 8000);
      try {
        for (let i = 0; i < tasks.length; i += MAX_BATCH) await this.poll(job, tasks.slice(i, i + MAX_BATCH));
        failures = 0;
      } catch (e) {
        const error = asAlipanError(e);
        if (stopsTheSave(error) || !isTransient(error) || ++failures >= MAX_LOST_ANSWERS) throw error;
      }
      await this.persist();
    }
  }

  private async poll(job: SaveJob, tasks: SaveOp[]): Promise<void> {
    const shareToken = this.deps.shareTokens({ shareId: job.shareId, code: job.code });
    const results = await this.deps.account.withWeb((webToken) =>
      withToken(shareToken, 'share-token-expired', (token) =>
        getAsyncTasks(
          this.deps.transport,
          webToken,
          token,
          tasks.map((o) => o.asyncTaskId ?? ''), // followTasks passes only ops with a task id
        ),
      ),
    );
    tasks.forEach((op, n) => {
      const result = results[n];
      if (result) Object.assign(op, afterPoll(result) ?? {});
    });
  }

  /** Ops sent without an answer: done when their copy is in the folder, else sent again. */
  private async findArrived(job: SaveJob): Promise<void> {
    const sent = (job.ops ?? []).filter((o) => o.state === 'sent');
    const claimed = new Set<string>();
    for (const parent of new Set(sent.map((o) => o.parentFileId))) {
      const children = await this.driveChildren(job.driveId, parent);
      for (const op of sent.filter((o) => o.parentFileId === parent)) {
        const found = arrivedCopy(op, children, this.now(), claimed);
        Object.assign(
          op,
          found ? { state: 'done', copyFileId: found.file_id } : { state: 'pending', sentAt: undefined },
        );
      }
    }
    await this.persist();
  }

  /**
   * The save ends early: what was not copied (or not seen to the end) is reported with the reason;
   * nothing copied is undone.
   */
  private async stop(job: SaveJob, e: AlipanError): Promise<void> {
    const error = inSaveTerms(e).toJSON();
    job.error = error;
    for (const op of job.ops ?? [])
      if (['pending', 'sent', 'task'].includes(op.state)) Object.assign(op, { state: 'failed', error });
    await this.persist();
  }

  private driveChildren(driveId: string, folderId: string): Promise<OpenFile[]> {
    const { transport: t, account } = this.deps;
    return collectPages((marker) => account.withOpen((token) => listOpenPage(t, token, driveId, folderId, marker)));
  }

  private async driveId(): Promise<string> {
    const view = await this.deps.account.usable();
    if (view.state !== 'ok' || !view.summary?.driveId) throw noAccountError();
    return view.summary.driveId;
  }

  private async patch(ops: SaveOp[], patch: OpPatch): Promise<void> {
    for (const op of ops) Object.assign(op, patch);
    await this.persist();
  }

  private load(): Promise<void> {
    this.loaded ??= this.records.load().then((stored) => {
      this.jobs = (stored ?? []).map(([, job]) => job);
    });
    return this.loaded;
  }

  private async persist(): Promise<void> {
    await this.records.save(this.jobs.map((j) => [j.id, j] as const));
    const views = this.jobs.map(viewOf);
    if (views.some((v) => v.state === 'saving')) this.deps.wakeBy?.(this.now() + WAKE_AHEAD_MS);
    for (const listener of this.listeners) listener(views);
  }
}

/** Worth another try: the network, a refusal for now, or a token service the account is retrying. */
function isTransient(e: AlipanError): boolean {
  return e.category === 'network' || e.category === 'rate-limited' || isTokenServiceDown(e);
}

/** A folder of the user's drive on alipan.com (the web app's own folder address). */
function folderUrl(folderId: string): string {
  return folderId === 'root'
    ? 'https://www.alipan.com/drive/file/all'
    : `https://www.alipan.com/drive/folder/${folderId}`;
}

function viewOf(job: SaveJob): SaveView {
  const ops = job.ops ?? [];
  const count = (...states: SaveOp['state'][]) => ops.filter((o) => states.includes(o.state)).length;
  const planned = job.ops !== undefined;
  return {
    id: job.id,
    shareId: job.shareId,
    shareName: job.shareName,
    createdAt: job.createdAt,
    scope: job.scope,
    skipExisting: job.skipExisting,
    target: { ...job.target, url: folderUrl(job.target.folderId) },
    state: planned || job.error ? saveState(ops, job.error !== undefined) : 'saving',
    counts: {
      total: planned ? ops.length : job.items.length,
      saved: count('done'),
      skipped: count('skipped'),
      failed: count('failed'),
      moving: planned ? count('pending', 'sent', 'task') : job.items.length,
    },
    failures: ops.flatMap((o) => (o.state === 'failed' && o.error ? [{ name: o.name, error: o.error }] : [])),
    ...(job.error ? { error: job.error } : {}),
  };
}

/** Keeps every save still running and the most recent finished ones. */
function keepRecent(jobs: SaveJob[]): SaveJob[] {
  const finished = jobs.filter((j) => viewOf(j).state !== 'saving');
  const dropped = new Set(finished.slice(0, Math.max(0, jobs.length - MAX_KEPT_SAVES)).map((j) => j.id));
  return jobs.filter((j) => !dropped.has(j.id));
}
