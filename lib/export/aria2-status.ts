/**
 * aria2's view of a download, as the pipeline's `DownloadSnapshot` (the browser's terms), so that
 * one set of rules (downloads/recovery.ts) decides for both. Pure.
 */
import type { DownloadSnapshot } from '../downloads/ports';
import type { Aria2Status } from './aria2';

/** aria2's error codes (its manual, "EXIT STATUS") in Chrome's InterruptReason terms. */
const REASONS: Record<string, string> = {
  '3': 'SERVER_BAD_CONTENT', // resource not found
  '4': 'SERVER_BAD_CONTENT',
  '8': 'SERVER_NO_RANGE',
  '9': 'FILE_NO_SPACE',
  '13': 'FILE_FAILED',
  '14': 'FILE_FAILED',
  '15': 'FILE_FAILED',
  '16': 'FILE_FAILED',
  '17': 'FILE_FAILED',
  '18': 'FILE_FAILED',
  '24': 'SERVER_UNAUTHORIZED',
  '32': 'FILE_HASH_MISMATCH',
};

function interruptReason(errorCode: string | undefined, errorMessage = ''): string {
  // 22 is any unsuccessful HTTP status: aria2 says which (e.g. "status=403"), and 403 matters (§8).
  if (errorCode === '22') return /status=40[13]\b/.test(errorMessage) ? 'SERVER_FORBIDDEN' : 'SERVER_FAILED';
  return REASONS[errorCode ?? ''] ?? 'NETWORK_FAILED';
}

export function snapshotOf(id: number, s: Aria2Status): DownloadSnapshot {
  const received = Number(s.completedLength ?? 0);
  const total = Number(s.totalLength ?? -1);
  const base = { id, bytesReceived: received, totalBytes: total, canResume: false };
  switch (s.status) {
    case 'complete':
      return { ...base, state: 'complete', fileSize: received, exists: true };
    case 'error':
      return { ...base, state: 'interrupted', error: interruptReason(s.errorCode, s.errorMessage) };
    case 'removed':
      // Removed in aria2 by the user: their cancel.
      return { ...base, state: 'interrupted', error: 'USER_CANCELED' };
    default:
      return { ...base, state: 'in_progress', paused: s.status === 'paused' };
  }
}
