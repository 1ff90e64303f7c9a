/**
 * How a save moves, as pure decisions over its ops: the next batch, what a batch answer or a task
 * poll means for each op, and — after a restart — whether a copy sent without an answer arrived.
 */
import type { SerializedError } from '../api/errors';
import type { OpenFile } from '../api/open';
import { type CopyResult, MAX_BATCH, type TaskResult } from '../api/web';
import { mayBeCopyOf } from '../downloads/copy-match';
import { batchItemError } from '../downloads/errors';
import { inSaveTerms, taskFailedError } from './errors';
import type { SaveOp, SaveState } from './model';

/** Server and local clocks may differ this much when creation times are compared. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The next ops to send: at most one batch (§7: ≤ 100 requests). */
export function nextBatch(ops: readonly SaveOp[]): SaveOp[] {
  return ops.filter((o) => o.state === 'pending').slice(0, MAX_BATCH);
}

export type OpPatch = Partial<Pick<SaveOp, 'state' | 'copyFileId' | 'asyncTaskId' | 'error' | 'sentAt'>>;

/** §7: a file answers 201 with its copy; a folder 202 with an async task to follow; else the item's error. */
export function afterCopy(result: CopyResult | undefined): OpPatch {
  if (!result) return failed(batchItemError(500, { code: 'EmptyBatchResponse' }).toJSON());
  const { status, body } = result;
  if (status === 202 && body.async_task_id)
    return { state: 'task', asyncTaskId: body.async_task_id, ...(body.file_id ? { copyFileId: body.file_id } : {}) };
  if (status >= 200 && status < 300 && body.file_id) return { state: 'done', copyFileId: body.file_id };
  return failed(inSaveTerms(batchItemError(status, body)).toJSON());
}

/** A poll of a folder's task: still running (nothing changes), or its end. */
export function afterPoll(result: TaskResult): OpPatch | undefined {
  const { status, body } = result;
  if (status < 200 || status >= 300) return failed(inSaveTerms(batchItemError(status, body)).toJSON());
  if (body.state === 'Succeed') return { state: 'done' };
  if (body.state === 'Failed' || body.state === 'Cancelled')
    return failed(taskFailedError(body.state, body.message).toJSON());
  return undefined;
}

function failed(error: SerializedError): OpPatch {
  return { state: 'failed', error };
}

/**
 * After a restart (or a batch whose answer was lost): an op `sent` is `done` when its folder holds
 * an entry made since it was sent that looks like its copy (name, kind, size); otherwise it is
 * sent again. `claimed` keeps one entry from answering for two ops.
 */
export function arrivedCopy(
  op: SaveOp,
  children: readonly OpenFile[],
  now: number,
  claimed: Set<string>,
): OpenFile | undefined {
  const window = { from: (op.sentAt ?? now) - CLOCK_SKEW_MS, until: now + CLOCK_SKEW_MS };
  const found = children.find((c) => !claimed.has(c.file_id) && mayBeCopyOf(op, c, window));
  if (found) claimed.add(found.file_id);
  return found;
}

/** Where a save stands. `partial`: some items went in and some did not. */
export function saveState(ops: readonly SaveOp[], stopped: boolean): SaveState {
  if (!stopped && ops.some((o) => o.state === 'pending' || o.state === 'sent' || o.state === 'task')) return 'saving';
  const failedCount = ops.filter((o) => o.state === 'failed' || o.state === 'pending' || o.state === 'sent').length;
  const saved = ops.filter((o) => o.state === 'done' || o.state === 'skipped').length;
  if (failedCount === 0 && !(stopped && ops.length === 0)) return 'done';
  return saved > 0 ? 'partial' : 'error';
}
