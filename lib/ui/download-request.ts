import { isAlipanError, type LocalizedText } from '../api/errors';
import { isCancelledStart } from '../downloads/errors';
import type { DownloadItem, DownloadRequest } from '../downloads/model';
import type { ShareEntry } from '../shares/browse';
import type { ShareRef } from '../shares/model';

/**
 * What to ask the background for: these entries of one folder, `path` being the folder names
 * from the share root down to that folder, so files land in the same structure on disk.
 */
export function downloadRequest(
  ref: ShareRef,
  shareName: string,
  entries: readonly ShareEntry[],
  path: readonly string[],
): DownloadRequest {
  const items: DownloadItem[] = entries.map((e) => ({
    fileId: e.fileId,
    name: e.name,
    type: e.type,
    ...(e.size !== undefined ? { size: e.size } : {}),
    path: [...path],
  }));
  return { shareId: ref.shareId, code: ref.code, shareName, items };
}

/** A failed start, as the page shows it: `[data-download-error]` takes `code`. */
export interface DownloadProblem {
  /** The API code, or `no-account`, or `network` for every connection failure. */
  code: string;
  text?: LocalizedText;
  /** The fix is on the options page (no account, or tokens refused). */
  needsAccount: boolean;
}

/** None for a start the user cancelled (from its job card, while its folders were listed). */
export function downloadProblem(e: unknown): DownloadProblem | undefined {
  if (isCancelledStart(e)) return undefined;
  if (!isAlipanError(e)) return { code: 'unknown', needsAccount: false };
  const code = e.category === 'network' ? 'network' : e.code;
  return { code, text: e.text, needsAccount: code === 'no-account' || e.category === 'sign-in-needed' };
}
