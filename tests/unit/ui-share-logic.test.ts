import { describe, expect, it, vi } from 'vitest';
import { AlipanError } from '../../lib/api/errors';
import type { JobView } from '../../lib/downloads/model';
import type { ShareEntry, ShareOverview } from '../../lib/shares/browse';
import { cachedLoader } from '../../lib/ui/cached-loader';
import { enterFolder, initialCrumbs, pathBelowRoot, upTo, withFolderName } from '../../lib/ui/crumbs';
import { canCancel, canRetry, isActive, withJob } from '../../lib/ui/download-jobs';
import { downloadProblem, downloadRequest } from '../../lib/ui/download-request';
import { entryKind } from '../../lib/ui/file-icon';
import { clockDuration, humanSpeed, percent, shortDate } from '../../lib/ui/format';
import { stateTone } from '../../lib/ui/share-state';
import { viewOfError, viewOfOverview } from '../../lib/ui/share-view';
import { mergeTabShares, refOf, type TabShare, withStatus } from '../../lib/ui/tab-shares';
import { must } from '../must';

const FOLDER = 'f'.repeat(40);

describe('mergeTabShares', () => {
  it('keeps one entry per share id, in page order, preferring one with a (working) code', () => {
    const shares: TabShare[] = [
      { shareId: 'AAAAAAAA1', code: null },
      { shareId: 'BBBBBBBB2', code: null },
      { shareId: 'AAAAAAAA1', code: 'zz99', status: { state: 'wrong-code' } },
      { shareId: 'AAAAAAAA1', code: 't84d', status: { state: 'valid' } },
      { shareId: 'AAAAAAAA1', code: 'x1y2' },
    ];
    expect(mergeTabShares(shares).map((s) => [s.shareId, s.code])).toEqual([
      ['AAAAAAAA1', 't84d'],
      ['BBBBBBBB2', null],
    ]);
  });

  it('applies a pushed status to the share it names, and strips it for messages', () => {
    const shares: TabShare[] = [
      { shareId: 'AAAAAAAA1', code: 't84d', folderId: FOLDER },
      { shareId: 'AAAAAAAA1', code: null },
    ];
    const next = withStatus(shares, 'AAAAAAAA1:t84d', { state: 'valid', name: 'Movies' });
    expect(next.map((s) => s.status?.state)).toEqual(['valid', undefined]);
    expect(refOf(must(next[0]))).toEqual({ shareId: 'AAAAAAAA1', code: 't84d', folderId: FOLDER });
  });
});

describe('candidate codes (written with no keyword) in the popup', () => {
  it('counts and sends a candidate code only once Alipan took it', () => {
    const taken: TabShare = {
      shareId: 'AAAAAAAA1',
      code: 'ab12',
      candidate: true,
      status: { state: 'valid', codeAccepted: true },
    };
    const dropped: TabShare = { shareId: 'BBBBBBBB2', code: 'zz99', candidate: true, status: { state: 'needs-code' } };
    expect(refOf(taken).code).toBe('ab12');
    expect(refOf(dropped).code).toBeNull();
    expect(
      must(mergeTabShares([{ ...dropped }, { shareId: 'BBBBBBBB2', code: '7u5q', status: { state: 'needs-code' } }])[0])
        .code,
    ).toBe('7u5q');
  });
});

describe('crumbs', () => {
  it('starts at the root, or in the linked folder below it', () => {
    expect(initialCrumbs('Share', undefined)).toEqual([{ fileId: 'root', name: 'Share' }]);
    expect(initialCrumbs('Share', { fileId: FOLDER, name: '…' })).toEqual([
      { fileId: 'root', name: 'Share' },
      { fileId: FOLDER, name: '…' },
    ]);
  });

  it('goes down and back up, and gives the path below the root', () => {
    const deep = enterFolder(enterFolder(initialCrumbs('Share', undefined), { fileId: 'a', name: 'A' }), {
      fileId: 'b',
      name: 'B',
    });
    expect(pathBelowRoot(deep)).toEqual(['A', 'B']);
    expect(upTo(deep, 1).map((c) => c.name)).toEqual(['Share', 'A']);
    expect(upTo(deep, 0).map((c) => c.name)).toEqual(['Share']);
  });

  it('names the linked folder from the root listing when it is there', () => {
    const crumbs = initialCrumbs('Share', { fileId: FOLDER, name: '…' });
    const root: ShareEntry[] = [{ fileId: FOLDER, name: 'Season 1', type: 'folder' }];
    expect(pathBelowRoot(withFolderName(crumbs, root))).toEqual(['Season 1']);
    expect(pathBelowRoot(withFolderName(crumbs, []))).toEqual(['…']);
  });
});

describe('download requests', () => {
  it('sends the entries with the folder path and the share name', () => {
    const entries: ShareEntry[] = [
      { fileId: '1', name: 'a.mp4', type: 'file', size: 10, category: 'video' },
      { fileId: '2', name: 'Sub', type: 'folder' },
    ];
    expect(downloadRequest({ shareId: 'S1234567', code: 'ab12' }, 'Movies', entries, ['Season 1'])).toEqual({
      shareId: 'S1234567',
      code: 'ab12',
      shareName: 'Movies',
      items: [
        { fileId: '1', name: 'a.mp4', type: 'file', size: 10, path: ['Season 1'] },
        { fileId: '2', name: 'Sub', type: 'folder', path: ['Season 1'] },
      ],
    });
  });

  it('names a failed start by its code: no-account, network for any connection failure, else the API code', () => {
    expect(downloadProblem(new AlipanError({ code: 'no-account', category: 'sign-in-needed' }))).toMatchObject({
      code: 'no-account',
      needsAccount: true,
    });
    expect(downloadProblem(new AlipanError({ code: 'FetchFailed', category: 'network' }))).toMatchObject({
      code: 'network',
      needsAccount: false,
    });
    expect(downloadProblem(new AlipanError({ code: 'QuotaExhausted.Drive', category: 'drive-full' }))).toMatchObject({
      code: 'QuotaExhausted.Drive',
      needsAccount: false,
    });
    expect(downloadProblem(new Error('boom'))?.code).toBe('unknown');
    expect(downloadProblem(new AlipanError({ code: 'JobCancelled', category: 'unknown' }))).toBeUndefined();
  });
});

describe('share view', () => {
  const overview = (status: ShareOverview['status'], needsCode = false): ShareOverview => ({
    shareId: 'S1234567',
    status,
    needsCode,
    url: '',
  });

  it('is ready for live shares, asks for a code, and shows dead ones as errors with their code', () => {
    expect(viewOfOverview(overview({ state: 'valid' })).state).toBe('ready');
    expect(viewOfOverview(overview({ state: 'empty' })).state).toBe('ready');
    expect(viewOfOverview(overview({ state: 'needs-code' }, true))).toEqual({ state: 'needs-code', wrongCode: false });
    expect(viewOfOverview(overview({ state: 'wrong-code' }, true))).toEqual({ state: 'needs-code', wrongCode: true });
    expect(viewOfOverview(overview({ state: 'cancelled', code: 'ShareLink.Cancelled' }))).toMatchObject({
      state: 'error',
      code: 'ShareLink.Cancelled',
      text: { en: 'The owner cancelled this share.' },
    });
    expect(viewOfOverview(overview({ state: 'unknown', code: 'TooManyRequests' }))).toMatchObject({
      state: 'error',
      code: 'TooManyRequests',
    });
  });

  it('turns a failed request into an error view', () => {
    expect(viewOfError(new AlipanError({ code: 'NotFound.ShareLink', category: 'share-not-found' }))).toMatchObject({
      state: 'error',
      code: 'NotFound.ShareLink',
    });
    expect(viewOfError('weird')).toMatchObject({ state: 'error', code: 'unknown' });
  });
});

describe('formatting', () => {
  it('formats dates, speeds, durations and percentages', () => {
    expect(shortDate('2024-03-05T14:07:00', 'en')).toBe('2024-03-05, 14:07');
    expect(shortDate(undefined, 'en')).toBe('');
    expect(shortDate('nonsense', 'zh')).toBe('');
    expect(humanSpeed(1536 * 1024)).toBe('1.5 MB/s');
    expect(clockDuration(75)).toBe('1:15');
    expect(clockDuration(3725)).toBe('1:02:05');
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 0)).toBe(0);
    expect(percent(9, 4)).toBe(100);
  });

  it('picks an icon by type, extension, then category', () => {
    expect(entryKind({ type: 'folder', name: 'x' })).toBe('folder');
    expect(entryKind({ type: 'file', name: 'a.MKV' })).toBe('video');
    expect(entryKind({ type: 'file', name: 'noext', category: 'audio' })).toBe('audio');
    expect(entryKind({ type: 'file', name: 'strange.zzz' })).toBe('file');
  });

  it('colours states as badges do', () => {
    expect(stateTone('valid')).toBe('ok');
    expect(stateTone('needs-code')).toBe('warn');
    expect(stateTone('cancelled')).toBe('bad');
    expect(stateTone('unknown')).toBe('muted');
  });
});

describe('download jobs', () => {
  const job = (id: string, createdAt: number, state: JobView['state'] = 'running'): JobView => ({
    id,
    shareId: 'S1234567',
    shareName: 'S',
    createdAt,
    mode: 'download',
    state,
    files: [],
    totalBytes: 0,
    receivedBytes: 0,
    speed: 0,
  });

  it('replaces a job by id and keeps the newest first', () => {
    const list = withJob([job('a', 1), job('b', 2)], job('a', 1, 'done'));
    expect(list.map((j) => [j.id, j.state])).toEqual([
      ['b', 'running'],
      ['a', 'done'],
    ]);
    expect(must(withJob(list, job('c', 3))[0]).id).toBe('c');
  });

  it('says which jobs run and what can be cancelled or retried', () => {
    expect(isActive(job('a', 1, 'preparing'))).toBe(true);
    expect(isActive(job('a', 1, 'failed'))).toBe(false);
    expect(canCancel('downloading')).toBe(true);
    expect(canCancel('done')).toBe(false);
    expect(canRetry('failed')).toBe(true);
    expect(canRetry('queued')).toBe(false);
  });
});

describe('cachedLoader', () => {
  it('loads a key once, and again after a failure', async () => {
    const load = vi.fn(async (key: string) => {
      if (load.mock.calls.length === 1 && key === 'bad') throw new Error('once');
      return key.toUpperCase();
    });
    const cached = cachedLoader(load);
    await expect(cached('bad')).rejects.toThrow('once');
    expect(await cached('bad')).toBe('BAD');
    expect(await Promise.all([cached('x'), cached('x')])).toEqual(['X', 'X']);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('tells every asker the progress, a late one first the latest, and nobody after the end', async () => {
    let report!: (n: number) => void;
    let finish!: (value: string) => void;
    const cached = cachedLoader<string, number>((_key, progress) => {
      report = progress;
      return new Promise((resolve) => (finish = resolve));
    });
    const early: number[] = [];
    const late: number[] = [];
    const pending = cached('folder', (n) => early.push(n));
    report(200);
    void cached('folder', (n) => late.push(n));
    report(400);
    finish('done');
    expect(await pending).toBe('done');
    const after: number[] = [];
    expect(await cached('folder', (n) => after.push(n))).toBe('done');
    report(600); // a stray report after the end reaches nobody
    expect([early, late, after]).toEqual([[200, 400], [200, 400], []]);
  });
});
