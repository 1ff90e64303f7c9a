/**
 * What to do with one of our browser downloads, from what the browser says of it. Pure: the
 * pipeline acts on the verdict. The rules follow what Chromium does (extension-practice.md,
 * "Downloads in Chromium") and what the CDN does (alipan-api.md §8).
 */
import type { DownloadSnapshot } from './ports';

/** Resumes and fresh starts a file may take after its first download, before it fails (network, server, wrong size). */
export const MAX_RETRIES = 5;

export type HoldReason = 'paused' | 'dangerous';

export type Verdict =
  | { kind: 'running' }
  /** In progress but waiting for the user: paused, or held at the dangerous-file prompt. */
  | { kind: 'held'; reason: HoldReason }
  | { kind: 'done' }
  /** Cut while its link still works: `downloads.resume` continues it. */
  | { kind: 'resume'; reason: string }
  /** Start over on a fresh link at the same name, the partial or wrong file removed first. */
  | { kind: 'redo'; reason: string }
  /** §8: a 403 on a live link is "too many downloads at once": wait, then start it again. */
  | { kind: 'wait-slot'; reason: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; reason: string };

export interface DownloadContext {
  /** The file's size in the share. */
  expectedSize: number;
  /** When the link the download was started with stops working (epoch ms, margin included). */
  linkExpiresAt: number | undefined;
  now: number;
  /**
   * The browser was restarted since the download started: Chromium ends the downloads running at
   * close as USER_CANCELED, so that reason is then no cancel of the user's.
   */
  browserRestarted: boolean;
  /** Resumes and fresh starts so far. */
  attempts: number;
  /** Slot waits so far (each waits longer, up to a minute). */
  slotWaits: number;
}

/** Reasons a retry cannot fix: the disk, the name, or the browser's own checks. */
const FINAL_FILE_ERRORS = new Set([
  'FILE_FAILED',
  'FILE_ACCESS_DENIED',
  'FILE_NO_SPACE',
  'FILE_NAME_TOO_LONG',
  'FILE_TOO_LARGE',
  'FILE_VIRUS_INFECTED',
  'FILE_BLOCKED',
  'FILE_SECURITY_CHECK_FAILED',
]);

/**
 * Danger values (chrome.downloads.DangerType) for which the browser needs no answer from the
 * user: judged safe, kept by the user or by policy, or still being scanned (it goes on by itself).
 */
const SAFE_DANGER = new Set([
  '',
  'safe',
  'accepted',
  'allowlistedByPolicy',
  'deepScannedSafe',
  'deepScannedOpenedDangerous',
  'asyncScanning',
  'asyncLocalPasswordScanning',
]);

export function judgeDownload(d: DownloadSnapshot, ctx: DownloadContext): Verdict {
  if (d.state === 'complete') {
    const onDisk = d.fileSize ?? d.bytesReceived;
    if (d.exists === false) return limited({ kind: 'redo', reason: 'FILE_MISSING' }, ctx);
    return onDisk === ctx.expectedSize ? { kind: 'done' } : limited({ kind: 'redo', reason: 'WRONG_SIZE' }, ctx);
  }
  if (d.state === 'in_progress') {
    if (d.paused) return { kind: 'held', reason: 'paused' };
    if (!SAFE_DANGER.has(d.danger ?? '')) return { kind: 'held', reason: 'dangerous' };
    return { kind: 'running' };
  }
  const reason = d.error || 'UNKNOWN';
  if (reason === 'USER_CANCELED') return ctx.browserRestarted ? { kind: 'redo', reason } : { kind: 'cancelled' };
  if (FINAL_FILE_ERRORS.has(reason)) return { kind: 'failed', reason };
  const linkLive = ctx.linkExpiresAt !== undefined && ctx.now < ctx.linkExpiresAt;
  if (reason === 'SERVER_FORBIDDEN' || reason === 'SERVER_UNAUTHORIZED') {
    if (!linkLive) return limited({ kind: 'redo', reason }, ctx);
    // §8: never a failed file — the panel says it waits, and the user may cancel.
    return { kind: 'wait-slot', reason };
  }
  // Network and server failures, short or mismatched bodies, the browser closed or crashed.
  return limited(linkLive && d.canResume ? { kind: 'resume', reason } : { kind: 'redo', reason }, ctx);
}

function limited(verdict: Verdict & { reason: string }, ctx: DownloadContext): Verdict {
  return ctx.attempts < MAX_RETRIES ? verdict : { kind: 'failed', reason: verdict.reason };
}

/** Backoff before attempt `n` (1-based) of a resume or fresh start, or before a slot wait ends. */
export function retryDelayMs(n: number, baseMs: number): number {
  return Math.min(60_000, baseMs * 2 ** Math.max(0, n - 1));
}
