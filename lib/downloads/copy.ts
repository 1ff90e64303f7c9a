/** Copies share files into the user's drive, ≤ 100 per batch call (§7): into the temporary folder, or (saves) a folder of the user's. */
import type { AlipanError } from '../api/errors';
import { type TokenSource, withToken } from '../api/token-source';
import type { Transport } from '../api/transport';
import { batchCopy, type CopyResult } from '../api/web';
import { batchItemError } from './errors';
import type { AccountPort } from './ports';
import type { TempFolder } from './temp-folder';

/** A copy made, and the folder it was made in; or why Alipan refused it. */
export type CopyOutcome = { copyFileId: string; parentFileId: string } | { error: AlipanError };

export interface CopyDeps {
  transport: Transport;
  account: AccountPort;
  temp: TempFolder;
}

/**
 * One batch call for `fileIds` (at most 100), plus at most one more for the items that failed in
 * a way a retry fixes: "share_id doesn't match" (the share token went stale: renew it, §7), or
 * `NotFound.File` / `ForbiddenFileInTheRecycleBin` when the remembered temporary folder was
 * deleted or trashed by the user (ask for it again: a new one is made).
 * A failure of the whole call is thrown.
 */
export async function copyToTempFolder(
  deps: CopyDeps,
  input: { shareId: string; shareToken: TokenSource; driveId: string; fileIds: string[] },
): Promise<Map<string, CopyOutcome>> {
  const { driveId, shareToken } = input;
  let parent = await deps.temp.id(driveId);
  const first = await send(deps, input, input.fileIds, parent);
  const outcomes = first.outcomes;

  const staleShare = input.fileIds.filter((id) => isShareMismatch(first.results.get(id)));
  const missingParent = input.fileIds.filter((id) => PARENT_GONE.has(outcomeCode(outcomes.get(id)) ?? ''));
  let again = staleShare;
  if (missingParent.length > 0) {
    const fresh = await deps.temp.ensure(driveId);
    // Same folder: the share file itself is gone, and a retry would say so again.
    if (fresh !== parent) again = [...new Set([...again, ...missingParent])];
    parent = fresh;
  }
  if (again.length === 0) return outcomes;
  if (staleShare.length > 0) await shareToken.renew(first.shareToken);
  const second = await send(deps, input, again, parent);
  for (const [id, outcome] of second.outcomes) outcomes.set(id, outcome);
  return outcomes;
}

/** One batch call (at most 100 items), each item into its own folder; the answers by share file id. */
export async function sendCopyBatch(
  deps: Pick<CopyDeps, 'transport' | 'account'>,
  input: { shareId: string; shareToken: TokenSource; driveId: string; sendOnce?: boolean },
  copies: { fileId: string; parentFileId: string }[],
): Promise<{ results: Map<string, CopyResult>; shareToken: string }> {
  const { transport: t, account } = deps;
  let usedShareToken = '';
  const responses = await account.withWeb((webToken) =>
    withToken(input.shareToken, 'share-token-expired', (shareToken) => {
      usedShareToken = shareToken;
      const requests = copies.map((c) => ({
        shareId: input.shareId,
        fileId: c.fileId,
        toDriveId: input.driveId,
        toParentFileId: c.parentFileId,
      }));
      return batchCopy(t, webToken, shareToken, requests, { sendOnce: input.sendOnce });
    }),
  );
  // Batch answers name their request by the `id` we gave it: its index.
  const results = new Map<string, CopyResult>();
  for (const r of responses) {
    const copy = copies[Number(r.id)];
    if (copy !== undefined) results.set(copy.fileId, r);
  }
  return { results, shareToken: usedShareToken };
}

async function send(
  deps: CopyDeps,
  input: { shareId: string; shareToken: TokenSource; driveId: string },
  fileIds: string[],
  parent: string,
): Promise<{ outcomes: Map<string, CopyOutcome>; results: Map<string, CopyResult>; shareToken: string }> {
  const sent = await sendCopyBatch(
    deps,
    input,
    fileIds.map((fileId) => ({ fileId, parentFileId: parent })),
  );
  const outcomes = new Map<string, CopyOutcome>(fileIds.map((id) => [id, toOutcome(sent.results.get(id), parent)]));
  return { outcomes, ...sent };
}

/** A file's outcome: one the batch left unanswered fails as an empty answer does. */
export function outcomeOf(outcomes: ReadonlyMap<string, CopyOutcome>, fileId: string): CopyOutcome {
  return outcomes.get(fileId) ?? toOutcome(undefined, '');
}

/** What a copy into a folder the user deleted or put in the recycle bin answers. */
const PARENT_GONE = new Set(['NotFound.File', 'ForbiddenFileInTheRecycleBin']);

function toOutcome(r: CopyResult | undefined, parentFileId: string): CopyOutcome {
  if (!r) return { error: batchItemError(500, { code: 'EmptyBatchResponse' }) };
  if (r.status >= 200 && r.status < 300 && r.body.file_id) return { copyFileId: r.body.file_id, parentFileId };
  return { error: batchItemError(r.status, r.body) };
}

/** §7: "share_id doesn't match. share_token" — the share token no longer fits: renew it. */
export function isShareMismatch(r: CopyResult | undefined): boolean {
  return !!r && r.status >= 400 && (r.body.message ?? '').includes("share_id doesn't match");
}

function outcomeCode(o: CopyOutcome | undefined): string | undefined {
  return o && 'error' in o ? o.error.code : undefined;
}
