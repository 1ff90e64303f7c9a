import { describe, expect, it } from 'vitest';
import type { DownloadSnapshot } from '../../lib/downloads/ports';
import { type DownloadContext, judgeDownload, MAX_RETRIES, retryDelayMs } from '../../lib/downloads/recovery';

const NOW = 1_000_000;
const ctx = (over: Partial<DownloadContext> = {}): DownloadContext => ({
  expectedSize: 100,
  linkExpiresAt: NOW + 60_000,
  now: NOW,
  browserRestarted: false,
  attempts: 0,
  slotWaits: 0,
  ...over,
});
const item = (over: Partial<DownloadSnapshot>): DownloadSnapshot => ({
  id: 1,
  state: 'in_progress',
  bytesReceived: 0,
  totalBytes: 100,
  ...over,
});
const cut = (error: string, canResume = true) => item({ state: 'interrupted', error, canResume });

describe('judgeDownload', () => {
  it('a complete download is done only with the file’s size on disk', () => {
    expect(judgeDownload(item({ state: 'complete', fileSize: 100, exists: true }), ctx())).toEqual({ kind: 'done' });
    expect(judgeDownload(item({ state: 'complete', fileSize: 54, exists: true }), ctx())).toEqual({
      kind: 'redo',
      reason: 'WRONG_SIZE',
    });
    expect(judgeDownload(item({ state: 'complete', fileSize: 100, exists: false }), ctx())).toEqual({
      kind: 'redo',
      reason: 'FILE_MISSING',
    });
  });

  it('a paused download, or one at the dangerous-file prompt, waits for the user; scanning or kept ones run', () => {
    expect(judgeDownload(item({ paused: true }), ctx())).toEqual({ kind: 'held', reason: 'paused' });
    expect(judgeDownload(item({ danger: 'uncommon' }), ctx())).toEqual({ kind: 'held', reason: 'dangerous' });
    for (const danger of ['safe', 'accepted', 'asyncScanning', 'deepScannedSafe'])
      expect(judgeDownload(item({ danger }), ctx())).toEqual({ kind: 'running' });
  });

  it('a network cut is resumed while the link lives, else started again on a fresh link', () => {
    expect(judgeDownload(cut('NETWORK_FAILED'), ctx())).toEqual({ kind: 'resume', reason: 'NETWORK_FAILED' });
    expect(judgeDownload(cut('NETWORK_FAILED', false), ctx())).toEqual({ kind: 'redo', reason: 'NETWORK_FAILED' });
    expect(judgeDownload(cut('NETWORK_FAILED'), ctx({ linkExpiresAt: NOW }))).toEqual({
      kind: 'redo',
      reason: 'NETWORK_FAILED',
    });
  });

  it('a 403 on a live link is a wait for a slot, for as long as it takes; on an expired one, a fresh link', () => {
    expect(judgeDownload(cut('SERVER_FORBIDDEN'), ctx())).toEqual({ kind: 'wait-slot', reason: 'SERVER_FORBIDDEN' });
    expect(judgeDownload(cut('SERVER_FORBIDDEN'), ctx({ linkExpiresAt: NOW - 1 }))).toEqual({
      kind: 'redo',
      reason: 'SERVER_FORBIDDEN',
    });
    // Never a failed file, however long other devices hold the account's slots.
    expect(judgeDownload(cut('SERVER_FORBIDDEN'), ctx({ slotWaits: 1000 }))).toEqual({
      kind: 'wait-slot',
      reason: 'SERVER_FORBIDDEN',
    });
  });

  it('USER_CANCELED is the user’s cancel while the browser runs, the browser’s close after a restart', () => {
    expect(judgeDownload(cut('USER_CANCELED', false), ctx())).toEqual({ kind: 'cancelled' });
    expect(judgeDownload(cut('USER_CANCELED', false), ctx({ browserRestarted: true }))).toEqual({
      kind: 'redo',
      reason: 'USER_CANCELED',
    });
  });

  it('disk and name failures are final; any retry stops after the last allowed one', () => {
    expect(judgeDownload(cut('FILE_NO_SPACE'), ctx())).toEqual({ kind: 'failed', reason: 'FILE_NO_SPACE' });
    expect(judgeDownload(cut('NETWORK_FAILED'), ctx({ attempts: MAX_RETRIES }))).toEqual({
      kind: 'failed',
      reason: 'NETWORK_FAILED',
    });
  });

  it('backs off exponentially, at most a minute', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, 2000))).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(20, 2000)).toBe(60_000);
  });
});
