import { describe, expect, it, vi } from 'vitest';
import { AccountService } from '../../lib/account/account-service';
import { AlipanError } from '../../lib/api/errors';
import { MIGRATIONS } from '../../lib/background/storage-schema';
import type { DownloadItem, DownloadRequest, JobView } from '../../lib/downloads/model';
import { DownloadManager } from '../../lib/downloads/pipeline';
import { MAX_RETRIES } from '../../lib/downloads/recovery';
import { CONCURRENCY_RANGE } from '../../lib/downloads/settings';
import { V1_KEYS } from '../../lib/downloads/storage-migrations';
import { TEMP_FOLDER_KEY } from '../../lib/downloads/temp-folder';
import { migrate } from '../../lib/platform/schema';
import { must } from '../must';
import {
  DRIVE_ID,
  type FakeAlipan,
  fakeAlipan,
  fakeDownloads,
  SHARE_ID,
  type ShareNode,
  signedInAccount,
  storedJournal,
} from './downloads-fake';
import { memoryStore } from './memory-store';

/** Waits and graces of a few milliseconds: the rules are the same, the tests fast. */
const QUICK = { retryBaseMs: 5, autoResumeGraceMs: 5, cancelGraceMs: 0, holdGraceMs: 50 };

async function setup(opts: { share?: ShareNode[]; totalSize?: number; usedSize?: number } = {}) {
  const api = fakeAlipan(opts);
  const { account, store } = await signedInAccount(api);
  const dl = fakeDownloads(api.sizeOfUrl);
  const manager = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
  return { api, account, store, dl, manager };
}

function item(api: FakeAlipan, name: string, path: string[] = []): DownloadItem {
  const e = api.shareEntry(name);
  return { fileId: e.file_id, name: e.name, type: e.type, size: e.type === 'file' ? e.size : undefined, path };
}

function request(items: DownloadItem[]): DownloadRequest {
  return { shareId: SHARE_ID, code: null, shareName: 'My Share', items };
}

const files = (count: number, size = 10) =>
  Array.from({ length: count }, (_, i) => ({ name: `f${String(i).padStart(3, '0')}.bin`, size }));

async function jobOf(manager: DownloadManager, id: string): Promise<JobView> {
  return must((await manager.list()).find((j) => j.id === id));
}

/** Completes every download as it appears, until the job is over. */
async function drain(manager: DownloadManager, dl: ReturnType<typeof fakeDownloads>, jobId: string) {
  for (;;) {
    const job = await jobOf(manager, jobId);
    if (!['running', 'preparing'].includes(job.state)) return job;
    const running = dl.inProgress();
    if (running.length === 0) {
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    for (const d of running) await manager.onDownloadChanged(dl.complete(d.id));
  }
}

describe('DownloadManager: one file', () => {
  it('copies once, links once, downloads once, and deletes the copy when the download completes', async () => {
    const { api, dl, manager, store } = await setup({ share: [{ name: 'movie.mp4', size: 1234 }] });
    const job = await manager.start(request([item(api, 'movie.mp4')]));
    expect(job.state).toBe('running');
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));

    expect(api.count('/adrive/v4/batch')).toBe(1);
    expect(must(api.calls.find((c) => c.path === '/adrive/v4/batch')).body.requests).toHaveLength(1);
    expect(api.count('/getDownloadUrl')).toBe(1);
    const [download] = dl.inProgress();
    expect(must(download).filename).toBe('My Share/movie.mp4');
    expect(must(download).url).toContain('x-oss-expires=');
    const copyId = must(api.tempChildren()[0]).file_id;
    expect(must(api.calls.find((c) => c.path.endsWith('/getDownloadUrl'))).body).toMatchObject({
      file_id: copyId,
      expire_sec: 900,
    });
    const journal = await storedJournal(store);
    expect(journal).toEqual([
      expect.objectContaining({ copyFileId: copyId, state: 'downloading', downloadId: must(download).id }),
    ]);

    await manager.onDownloadChanged(dl.complete(must(download).id));
    expect(api.count('/openFile/delete')).toBe(1);
    expect(must(api.calls.find((c) => c.path.endsWith('/openFile/delete'))).body.file_id).toBe(copyId);
    expect(api.tempChildren()).toEqual([]);
    expect(await storedJournal(store)).toEqual([]);
    const done = await jobOf(manager, job.id);
    expect(done).toMatchObject({ state: 'done', receivedBytes: 1234, totalBytes: 1234 });
    expect(done.files[0]).toMatchObject({ state: 'done', received: 1234 });
  });

  it('needs exactly two round trips before the download starts once tokens and caches are warm', async () => {
    const { api, dl, manager } = await setup({
      share: [
        { name: 'a.txt', size: 5 },
        { name: 'b.txt', size: 6 },
      ],
    });
    const first = await manager.start(request([item(api, 'a.txt')]));
    await drain(manager, dl, first.id);
    api.calls.length = 0;

    await manager.start(request([item(api, 'b.txt')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    expect(api.calls.map((c) => c.path)).toEqual(['/adrive/v4/batch', '/adrive/v1.0/openFile/getDownloadUrl']);
  });

  it('refuses without an account, before any call', async () => {
    const api = fakeAlipan({ share: [{ name: 'a.txt', size: 5 }] });
    const manager = new DownloadManager({
      transport: api.transport,
      account: new AccountService({ transport: api.transport, store: memoryStore() }),
      store: memoryStore(),
      downloads: fakeDownloads(api.sizeOfUrl).port,
    });
    await expect(manager.start(request([item(api, 'a.txt')]))).rejects.toMatchObject({
      code: 'no-account',
      category: 'sign-in-needed',
      text: { en: expect.stringContaining('options page'), zh: expect.any(String) },
    });
    expect(api.calls).toEqual([]);
    expect(await manager.list()).toEqual([]);
  });

  it('refuses a file that cannot fit in the drive, with no copy made', async () => {
    const { api, manager } = await setup({ share: [{ name: 'big.iso', size: 500 }], totalSize: 1000, usedSize: 600 });
    const refusal = manager.start(request([item(api, 'big.iso')]));
    await expect(refusal).rejects.toMatchObject({ code: 'QuotaExhausted.Drive', category: 'drive-full' });
    await refusal.catch((e) => expect(e.toJSON().text.zh).toContain('空间不足'));
    expect(api.count('/adrive/v4/batch')).toBe(0);
    expect(await manager.list()).toEqual([]);
  });

  it('asks for fresh space info before refusing on a cached value', async () => {
    const { api, manager, dl } = await setup({
      share: [{ name: 'big.iso', size: 500 }],
      totalSize: 1000,
      usedSize: 600,
    });
    api.state.baseUsed = 0; // the user freed space after the account check
    const job = await manager.start(request([item(api, 'big.iso')]));
    expect(api.count('/getSpaceInfo')).toBe(1);
    await drain(manager, dl, job.id);
  });

  it('does not link a .livp without a direct URL, and deletes its copy', async () => {
    const { api, manager } = await setup({ share: [{ name: 'IMG_1.livp', size: 50 }] });
    const job = await manager.start(request([item(api, 'IMG_1.livp')]));
    await vi.waitFor(async () => expect((await jobOf(manager, job.id)).state).toBe('failed'));
    const view = await jobOf(manager, job.id);
    expect(must(view.files[0]).error).toMatchObject({ code: 'EmptyDownloadUrl' });
    expect(view.error?.code).toBe('EmptyDownloadUrl');
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
  });
});

describe('DownloadManager: many files', () => {
  it('copies 250 files in 3 batches, never runs more than 3 downloads, and leaves nothing behind', async () => {
    const { api, dl, manager, store } = await setup({ share: [{ name: 'album', children: files(250) }] });
    const job = await manager.start(request([item(api, 'album')]));
    expect(job.files).toHaveLength(250);
    expect(must(job.files[0]).filename).toBe('My Share/album/f000.bin');
    const done = await drain(manager, dl, job.id);

    expect(done.state).toBe('done');
    const sizes = api.calls.filter((c) => c.path === '/adrive/v4/batch').map((c) => c.body.requests.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(dl.peak()).toBeLessThanOrEqual(CONCURRENCY_RANGE.byDefault);
    expect(dl.items.size).toBe(250);
    expect(api.count('/openFile/delete')).toBe(250);
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
    expect(await storedJournal(store)).toEqual([]);
  });

  it('holds downloads at 2 by default while they run, the rest waiting as copies', async () => {
    const { api, dl, manager } = await setup({ share: files(10) });
    const job = await manager.start(request(files(10).map((f) => item(api, f.name))));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 30));
    expect(dl.items.size).toBe(2);
    const view = await jobOf(manager, job.id);
    expect(view.files.filter((f) => f.state === 'downloading')).toHaveLength(2);
    expect(view.files.filter((f) => f.state === 'queued')).toHaveLength(8);
    await manager.onDownloadChanged(dl.complete(must(dl.inProgress()[0]).id));
    await vi.waitFor(() => expect(dl.items.size).toBe(3));
    expect(dl.inProgress()).toHaveLength(2);
  });

  it('follows the concurrency setting (1–3) at once, across jobs', async () => {
    const { api, dl, manager } = await setup({ share: files(8) });
    expect(await manager.settings()).toEqual({ maxConcurrentDownloads: 2 });
    expect(await manager.saveSettings({ maxConcurrentDownloads: 9 })).toEqual({ maxConcurrentDownloads: 2 });
    await manager.saveSettings({ maxConcurrentDownloads: 1 });
    await manager.start(request(files(4).map((f) => item(api, f.name))));
    await manager.start(
      request(
        files(8)
          .slice(4)
          .map((f) => item(api, f.name)),
      ),
    );
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 30));
    expect(dl.items.size).toBe(1);
    await manager.saveSettings({ maxConcurrentDownloads: 3 });
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(3));
    expect(dl.peak()).toBe(3);
  });

  it('keeps the folder structure and separates names that clash on disk', async () => {
    const share: ShareNode[] = [
      {
        name: 'docs',
        children: [
          { name: 'Read:me.txt', size: 1 },
          { name: 'read：me.TXT', size: 1 },
          { name: 'sub', children: [{ name: 'CON', size: 1 }] },
        ],
      },
    ];
    const { api, manager } = await setup({ share });
    const job = await manager.start({ ...request([item(api, 'docs', ['top'])]), shareName: 'a/b' });
    expect(job.files.map((f) => f.filename)).toEqual([
      'a／b/top/docs/Read：me.txt',
      'a／b/top/docs/read：me (1).TXT',
      'a／b/top/docs/sub/_CON',
    ]);
  });

  it('fails only the file the drive refused, and leaves no copy behind', async () => {
    const { api, dl, manager } = await setup({ share: files(3).map((f) => ({ ...f })) });
    api.state.itemFaults.set(api.shareId('f001.bin'), { status: 400, code: 'QuotaExhausted.Drive' });
    api.state.itemFaults.set(api.shareId('f002.bin'), { status: 403, code: 'ForbiddenNoPermission.File' });
    const job = await manager.start(request(['f000.bin', 'f001.bin', 'f002.bin'].map((n) => item(api, n))));
    const done = await drain(manager, dl, job.id);
    expect(done.state).toBe('failed');
    expect(done.files.map((f) => [f.state, f.error?.code])).toEqual([
      ['done', undefined],
      ['failed', 'QuotaExhausted.Drive'],
      ['failed', 'ForbiddenNoPermission.File'],
    ]);
    expect(must(must(done.files[1]).error).category).toBe('drive-full');
    expect(api.count('/adrive/v4/batch')).toBe(1);
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
  });

  it('renews the share token and retries the items once when the batch says the share id does not match', async () => {
    const { api, dl, manager } = await setup({ share: files(2) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await drain(manager, dl, job.id);
    api.state.staleShareToken = true;
    api.calls.length = 0;
    const second = await manager.start(request([item(api, 'f001.bin')]));
    const done = await drain(manager, dl, second.id);
    expect(done.state).toBe('done');
    expect(api.calls.map((c) => c.path).filter((p) => !p.includes('openFile'))).toEqual([
      '/adrive/v4/batch',
      '/v2/share_link/get_share_token',
      '/adrive/v4/batch',
    ]);
  });

  it('finds the temporary folder again when the user deleted it', async () => {
    const { api, dl, manager } = await setup({ share: files(2) });
    const first = await manager.start(request([item(api, 'f000.bin')]));
    await drain(manager, dl, first.id);
    api.drive.delete(must(api.tempFolder()).file_id);
    const second = await manager.start(request([item(api, 'f001.bin')]));
    expect((await drain(manager, dl, second.id)).state).toBe('done');
    expect(api.count('/openFile/create')).toBe(2);
  });

  it('makes a new temporary folder when the user put the old one in the recycle bin', async () => {
    const { api, dl, manager } = await setup({ share: files(2) });
    const first = await manager.start(request([item(api, 'f000.bin')]));
    await drain(manager, dl, first.id);
    const old = must(api.tempFolder());
    old.trashed = true;
    const second = await manager.start(request([item(api, 'f001.bin')]));
    expect((await drain(manager, dl, second.id)).state).toBe('done');
    const folders = [...api.drive.values()].filter((e) => e.name === 'alipan-share-helper-temp');
    expect(folders.map((f) => !!f.trashed)).toEqual([true, false]);
  });

  it('queues behind copies it holds instead of failing when the drive is momentarily full', async () => {
    // 25 bytes free: two 10-byte copies fit at a time.
    const { api, dl, manager } = await setup({ share: files(4), totalSize: 25 });
    const job = await manager.start(request(['f000.bin', 'f001.bin', 'f002.bin', 'f003.bin'].map((n) => item(api, n))));
    const done = await drain(manager, dl, job.id);
    expect(done.files.map((f) => f.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(api.count('/adrive/v4/batch')).toBeGreaterThanOrEqual(2);
  });
});

describe('DownloadManager: interruptions, cancel, retry', () => {
  it('a cut download that cannot resume starts again on a fresh link at the same name; the copy stays until it is done', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const first = must(dl.inProgress()[0]);
    await manager.onDownloadChanged(dl.interrupt(first.id, 'NETWORK_FAILED'));
    expect(api.tempChildren()).toHaveLength(1);
    // The cut one is cancelled (its partial file goes) and forgotten, so the name is free again.
    expect(dl.log).toEqual([`download ${first.id}`, `cancel ${first.id}`, `erase ${first.id}`]);
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const second = must(dl.inProgress()[0]);
    expect(second.filename).toBe('My Share/f000.bin');
    expect(second.url).not.toBe(first.url);
    expect((await drain(manager, dl, job.id)).state).toBe('done');
    expect(api.count('/adrive/v4/batch')).toBe(1);
    expect(api.count('/getDownloadUrl')).toBe(2);
    expect(api.tempChildren()).toEqual([]);
  });

  it('resumes a cut download while its link lives, when the browser did not do it itself', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const { id } = must(dl.inProgress()[0]);
    await manager.onDownloadChanged(dl.interrupt(id, 'NETWORK_DISCONNECTED', true));
    expect(dl.log).toContain(`resume ${id}`);
    expect(dl.inProgress().map((d) => d.id)).toEqual([id]);
    expect((await drain(manager, dl, job.id)).state).toBe('done');
    expect(api.count('/getDownloadUrl')).toBe(1);
    expect(dl.items.size).toBe(1);
  });

  it('starts again on a fresh link when the link expired before the cut (SERVER_FORBIDDEN)', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    api.state.linkTtlSec = 1; // lives 1 s, minus the 60 s margin: expired at once
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    await manager.onDownloadChanged(dl.interrupt(must(dl.inProgress()[0]).id, 'SERVER_FORBIDDEN', true));
    await vi.waitFor(() => expect(api.count('/getDownloadUrl')).toBe(2));
    api.state.linkTtlSec = 900;
    expect((await drain(manager, dl, job.id)).state).toBe('done');
  });

  it('waits out a 403 on a live link ("too many downloads at once") and starts again, never failing the file', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    await manager.onDownloadChanged(dl.interrupt(must(dl.inProgress()[0]).id, 'SERVER_FORBIDDEN'));
    const waiting = must((await jobOf(manager, job.id)).files[0]);
    expect(waiting.state).toBe('queued');
    expect(waiting.wait).toMatchObject({ reason: 'slot' });
    expect((await drain(manager, dl, job.id)).state).toBe('done');
    expect(api.count('/adrive/v4/batch')).toBe(1);
  });

  it("waits and retries when the link call is rate limited past the transport's retries", async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    let refusals = 1;
    const send = api.transport.send.bind(api.transport);
    api.transport.send = async (req) => {
      if (req.url.endsWith('/getDownloadUrl') && refusals-- > 0) {
        throw new AlipanError({ code: 'ExceedMaxConcurrency', status: 403, category: 'rate-limited' });
      }
      return send(req);
    };
    const job = await manager.start(request([item(api, 'f000.bin')]));
    expect((await drain(manager, dl, job.id)).state).toBe('done');
    expect(dl.items.size).toBe(1);
  });

  it('a completed download of the wrong size (an error body) is removed and downloaded again', async () => {
    const { api, dl, manager } = await setup({ share: files(1, 1000) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const first = must(dl.inProgress()[0]);
    await manager.onDownloadChanged(dl.complete(first.id, 54));
    expect(dl.log).toEqual([`download ${first.id}`, `removeFile ${first.id}`, `erase ${first.id}`]);
    expect(must((await jobOf(manager, job.id)).files[0]).state).toBe('queued');
    const done = await drain(manager, dl, job.id);
    expect(done.files[0]).toMatchObject({ state: 'done', received: 1000 });
    expect([...dl.items.values()]).toEqual([
      expect.objectContaining({ filename: 'My Share/f000.bin', fileSize: 1000 }),
    ]);
  });

  it('gives up after 5 retries with the last reason, removes the wrong file, and deletes the copy', async () => {
    const { api, dl, manager } = await setup({ share: files(1, 1000) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    for (let i = 0; i <= MAX_RETRIES; i++) {
      await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
      await manager.onDownloadChanged(dl.complete(must(dl.inProgress()[0]).id, 54));
    }
    const view = await jobOf(manager, job.id);
    expect(view.state).toBe('failed');
    expect(must(view.files[0]).error).toMatchObject({ code: 'WRONG_SIZE' });
    expect([...dl.items.values()].every((d) => d.exists === false)).toBe(true);
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
  });

  it('a "complete" event that comes while the download is being looked at is not lost (no page polls)', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    const search = dl.port.search.bind(dl.port);
    let release: (() => void) | undefined;
    dl.port.search = async (query) => {
      const found = await search(query);
      // The first look (right after the start) reads "in progress", then stalls.
      if (!release && 'id' in query) await new Promise<void>((r) => (release = r));
      return found;
    };
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(release).toBeDefined());
    await manager.onDownloadChanged(dl.complete(must(dl.items.keys().next().value)));
    must(release)();
    await vi.waitFor(async () => expect((await jobOf(manager, job.id)).state).toBe('done'));
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
  });

  it('a paused download frees its slot after the grace and shows why it waits', async () => {
    const { api, dl, manager } = await setup({ share: files(3) });
    await manager.saveSettings({ maxConcurrentDownloads: 1 });
    const job = await manager.start(request(files(3).map((f) => item(api, f.name))));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const paused = must(dl.inProgress()[0]);
    await manager.onDownloadChanged(dl.hold(paused.id, { paused: true }));
    expect(must((await jobOf(manager, job.id)).files[0]).wait).toEqual({ reason: 'paused' });
    await vi.waitFor(() => expect(dl.items.size).toBe(2), { timeout: 1000 });
    const next = must([...dl.items.values()][1]);
    await manager.onDownloadChanged(dl.hold(next.id, { danger: 'file' }));
    expect(must((await jobOf(manager, job.id)).files[1]).wait).toEqual({ reason: 'dangerous' });
  });

  it('cancel stops the browser download, deletes every copy, and marks the files cancelled', async () => {
    const { api, dl, manager } = await setup({ share: files(5) });
    const job = await manager.start(request(files(5).map((f) => item(api, f.name))));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(2));
    expect(api.tempChildren()).toHaveLength(5);
    const view = must(await manager.cancel(job.id));
    expect(view.state).toBe('cancelled');
    expect(view.files.every((f) => f.state === 'cancelled')).toBe(true);
    expect(dl.inProgress()).toEqual([]);
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
    // The browser's own "cancelled" events change nothing more.
    for (const d of dl.items.values())
      await manager.onDownloadChanged({
        id: d.id,
        state: { current: 'interrupted' },
        error: { current: 'USER_CANCELED' },
      });
    expect(api.count('/openFile/delete')).toBe(5);
  });

  it('cancel while the folders are listed stops the walk: no copy, no job, a JobCancelled start', async () => {
    const tree = ['A', 'B', 'C'].map((name) => ({ name, children: files(3) }));
    const { api, manager } = await setup({ share: [{ name: 'top', children: tree }] });
    let release!: () => void;
    api.state.listGate = new Promise((r) => (release = r));
    const started = manager.start(request([item(api, 'top')]));
    const preparing = await vi.waitFor(async () => {
      const [job] = await manager.list();
      expect(job?.state).toBe('preparing');
      return must(job);
    });
    expect((await manager.cancel(preparing.id))?.state).toBe('preparing');
    release();
    await expect(started).rejects.toMatchObject({ code: 'JobCancelled' });
    expect(await manager.list()).toEqual([]);
    // The top folder's listing was already asked; its sub-folders never were, nothing was copied.
    expect(api.count('/adrive/v3/file/list')).toBe(1);
    expect(api.count('/adrive/v4/batch')).toBe(0);
  });

  it('a file cancelled while its copy is being made gets its copy deleted when the answer comes', async () => {
    const { api, dl, manager } = await setup({ share: files(2) });
    let release!: () => void;
    api.state.batchGate = new Promise((r) => (release = r));
    const job = await manager.start(request(files(2).map((f) => item(api, f.name))));
    await vi.waitFor(async () => expect(must((await jobOf(manager, job.id)).files[0]).state).toBe('copying'));
    await manager.cancel(job.id, must(job.files[0]).fileId);
    release();
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    await vi.waitFor(() => expect(api.tempChildren()).toHaveLength(1));
    expect(must(dl.inProgress()[0]).filename).toBe('My Share/f001.bin');
    const view = await jobOf(manager, job.id);
    expect(view.files.map((f) => f.state)).toEqual(['cancelled', 'downloading']);
    expect(view.totalBytes).toBe(10);
  });

  it('retry of one file leaves the others alone', async () => {
    const { api, dl, manager } = await setup({ share: files(2) });
    api.state.itemFaults.set(api.shareId('f000.bin'), { status: 403, code: 'ForbiddenNoPermission.File' });
    api.state.itemFaults.set(api.shareId('f001.bin'), { status: 403, code: 'ForbiddenNoPermission.File' });
    const job = await manager.start(request(files(2).map((f) => item(api, f.name))));
    await vi.waitFor(async () => expect((await jobOf(manager, job.id)).state).toBe('failed'));
    api.state.itemFaults.clear();
    const view = must(await manager.retry(job.id, must(job.files[1]).fileId));
    expect(view.files.map((f) => f.state)).toEqual(['failed', 'queued']);
    const done = await drain(manager, dl, job.id);
    expect(done.files.map((f) => f.state)).toEqual(['failed', 'done']);
    expect(done.state).toBe('failed');
  });

  it('a download the user cancelled in the browser becomes a cancelled file', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    await manager.onDownloadChanged(dl.interrupt(must(dl.inProgress()[0]).id, 'USER_CANCELED'));
    expect(must((await jobOf(manager, job.id)).files[0]).state).toBe('cancelled');
    expect(api.tempChildren()).toEqual([]);
  });

  it('a refused filename fails the file with the browser reason', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    dl.port.refuse = 'Invalid filename';
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(async () => expect((await jobOf(manager, job.id)).state).toBe('failed'));
    expect(must((await jobOf(manager, job.id)).files[0]).error).toMatchObject({ code: 'DownloadRefused' });
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
  });

  it('a lost batch answer fails its files; the sweep moves the copies it made to the recycle bin, and nothing else', async () => {
    const { api, manager } = await setup({ share: files(2) });
    api.state.batchLost = true;
    const job = await manager.start(request(files(2).map((f) => item(api, f.name))));
    await vi.waitFor(async () => expect((await jobOf(manager, job.id)).state).toBe('failed'));
    expect(must((await jobOf(manager, job.id)).files[0]).error).toMatchObject({
      code: 'NetworkError',
      category: 'network',
    });
    expect(api.tempChildren()).toHaveLength(2);
    const users = api.addDriveEntry({
      name: 'f000 draft.bin',
      type: 'file',
      size: 99,
      parent_file_id: must(api.tempFolder()).file_id,
    });
    expect(await manager.sweep()).toBe(2);
    expect(api.tempChildren().filter((c) => !c.trashed)).toEqual([users]);
    expect(api.count('/openFile/delete')).toBe(0);
  });

  it('cancel then retry while the link request is in flight: one download, the old step leaves it alone', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const send = api.transport.send.bind(api.transport);
    let links = 0;
    api.transport.send = async (req) => {
      if (req.url.endsWith('/getDownloadUrl') && links++ === 0) await gate;
      return send(req);
    };
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(async () => expect(must((await jobOf(manager, job.id)).files[0]).state).toBe('linking'));
    await manager.cancel(job.id);
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
    await manager.retry(job.id);
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(dl.items.size).toBe(1);
    expect((await drain(manager, dl, job.id)).state).toBe('done');
    expect(api.count('/adrive/v4/batch')).toBe(2);
    expect(api.count('/openFile/delete')).toBe(2);
    expect(api.tempChildren()).toEqual([]);
  });
});

describe('DownloadManager: progress', () => {
  it('reports received bytes, speed and time left from the browser', async () => {
    let now = 1_000_000;
    const api = fakeAlipan({ share: [{ name: 'big.bin', size: 10_000 }] });
    const { account, store } = await signedInAccount(api);
    const dl = fakeDownloads(api.sizeOfUrl);
    const manager = new DownloadManager({
      transport: api.transport,
      account,
      store,
      downloads: dl.port,
      now: () => now,
    });
    const events: JobView[][] = [];
    manager.onChange((jobs) => events.push(jobs));
    const job = await manager.start(request([item(api, 'big.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const id = must(dl.inProgress()[0]).id;
    dl.progress(id, 1000);
    await manager.refreshProgress();
    now += 2000;
    dl.progress(id, 3000);
    const [view] = await manager.refreshProgress();
    expect(view).toMatchObject({ id: job.id, receivedBytes: 3000, totalBytes: 10_000, speed: 1000, etaSec: 7 });
    expect(must(view).files[0]).toMatchObject({ state: 'downloading', received: 3000 });
    await vi.waitFor(() => expect(events.at(-1)?.[0]?.receivedBytes).toBe(3000));
  });

  it('notices a download that ended without an event', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    dl.complete(must(dl.inProgress()[0]).id);
    await manager.refreshProgress();
    expect((await jobOf(manager, job.id)).state).toBe('done');
    expect(api.tempChildren()).toEqual([]);
  });
});

describe('DownloadManager: worker restart', () => {
  it('a new manager over the same storage settles downloads that ended meanwhile and finishes the rest', async () => {
    const api = fakeAlipan({ share: files(5) });
    const { account, store } = await signedInAccount(api);
    const dl = fakeDownloads(api.sizeOfUrl);
    const first = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
    const job = await first.start(request(files(5).map((f) => item(api, f.name))));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(2));
    await vi.waitFor(async () =>
      expect((await jobOf(first, job.id)).files.filter((f) => f.state === 'downloading')).toHaveLength(2),
    );
    const [a, b] = dl.inProgress();
    // The worker stops; meanwhile one download completes and one is cut, unheard.
    dl.complete(must(a).id);
    dl.interrupt(must(b).id, 'NETWORK_DISCONNECTED');

    const second = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
    await second.resume();
    const view = await jobOf(second, job.id);
    expect(view.files.slice(0, 2).map((f) => f.state)).toEqual(['done', 'queued']);
    expect(
      api
        .tempChildren()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['f001.bin', 'f002.bin', 'f003.bin', 'f004.bin']);

    const done = await drain(second, dl, job.id);
    expect(done.files.map((f) => f.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    // The cut one was started again at its name; the finished one was not started twice.
    expect([...dl.items.values()].map((d) => d.filename).sort()).toEqual(files(5).map((f) => `My Share/${f.name}`));
    expect(api.tempChildren()).toEqual([]);
    expect(await storedJournal(store)).toEqual([]);
  });

  it('a download the browser lost at its close is started again; one erased while the browser runs fails with its reason', async () => {
    const api = fakeAlipan({ share: files(3) });
    const { account, store } = await signedInAccount(api);
    const dl = fakeDownloads(api.sizeOfUrl);
    const manager = (session = memoryStore()) =>
      new DownloadManager({ transport: api.transport, account, store, session, downloads: dl.port, ...QUICK });
    const session = memoryStore();
    const first = manager(session);
    const job = await first.start(request(files(3).map((f) => item(api, f.name))));
    await vi.waitFor(async () =>
      expect((await jobOf(first, job.id)).files.filter((f) => f.state === 'downloading')).toHaveLength(2),
    );
    const [a, b] = dl.inProgress();
    // Erased from the list while the browser runs (the same session): nothing says how it ended.
    dl.items.delete(must(a).id);
    await first.refreshProgress();
    await vi.waitFor(async () => expect((await jobOf(first, job.id)).files[0]?.error?.code).toBe('DownloadGone'));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(2));
    const [, c] = dl.inProgress();
    // The browser closes: Chromium ends one download as USER_CANCELED, and the other, started just
    // before, never reached its list on disk.
    dl.interrupt(must(b).id, 'USER_CANCELED');
    dl.items.delete(must(c).id);
    const restarted = manager(memoryStore());
    await restarted.resume();
    const end = await drain(restarted, dl, job.id);
    expect(end.files.map((f) => f.state)).toEqual(['failed', 'done', 'done']);
    expect(api.tempChildren()).toEqual([]);
  });

  it('resume moves to the recycle bin the copy a batch made while the worker stopped before the answer, and copies again', async () => {
    const api = fakeAlipan({ share: files(1) });
    const { account, store } = await signedInAccount(api);
    const first = new DownloadManager({
      transport: api.transport,
      account,
      store,
      downloads: fakeDownloads(api.sizeOfUrl).port,
      ...QUICK,
    });
    api.state.batchGate = new Promise(() => {}); // this answer never comes: the worker is gone
    await first.start(request([item(api, 'f000.bin')]));
    // The intent is stored before the copy request goes out.
    await vi.waitFor(async () =>
      expect(await storedJournal(store)).toEqual([expect.objectContaining({ state: 'intent' })]),
    );
    await vi.waitFor(() => expect(api.count('/adrive/v4/batch')).toBe(1));
    api.state.batchGate = undefined;
    const orphan = api.addDriveEntry({
      name: 'f000.bin',
      type: 'file',
      size: 10,
      parent_file_id: must(api.tempFolder()).file_id,
    });

    const dl = fakeDownloads(api.sizeOfUrl);
    const second = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
    await second.resume();
    expect(api.drive.get(orphan.file_id)?.trashed).toBe(true);
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    // The lost request stays on record for an hour: its copies may still show up.
    const journal = (await storedJournal(store)).filter((e) => e.state !== 'lost');
    expect(journal).toEqual([expect.objectContaining({ state: 'downloading' })]);
    expect(
      api
        .tempChildren()
        .filter((c) => !c.trashed)
        .map((c) => c.file_id),
    ).toEqual([must(journal[0]).copyFileId]);
  });

  it('re-attaches a download the browser had started when the worker stopped before storing the file state (stored by version 1, migrated)', async () => {
    const api = fakeAlipan({ share: files(1) });
    const { account, store } = await signedInAccount(api);
    const dl = fakeDownloads(api.sizeOfUrl);
    const shareFileId = api.shareId('f000.bin');
    const folder = api.addDriveEntry({
      name: 'alipan-share-helper-temp',
      type: 'folder',
      size: 0,
      parent_file_id: 'root',
    });
    const copy = api.addDriveEntry({ name: 'f000.bin', type: 'file', size: 10, parent_file_id: folder.file_id });
    const downloadId = await dl.port.download({
      url: `https://cdn.fake/f/${copy.file_id}`,
      filename: 'My Share/f000.bin',
      conflictAction: 'uniquify',
      saveAs: false,
    });
    const file = { fileId: shareFileId, filename: 'My Share/f000.bin', size: 10 };
    await store.set({
      [V1_KEYS.jobs]: [
        { id: 'job1', shareId: SHARE_ID, code: null, shareName: 'My Share', createdAt: 1, files: [file] },
      ],
      [V1_KEYS.jobStates]: { job1: { states: 'l' } }, // linking: the worker stopped before storing 'downloading'
      [V1_KEYS.journal]: [
        {
          copyFileId: copy.file_id,
          driveId: DRIVE_ID,
          shareFileId,
          jobId: 'job1',
          createdAt: 1,
          downloadId,
          state: 'downloading',
        },
      ],
      [TEMP_FOLDER_KEY]: { driveId: DRIVE_ID, fileId: folder.file_id },
    });
    expect(await migrate(store, MIGRATIONS)).toBe(MIGRATIONS.length + 1);

    const manager = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
    await manager.resume();
    expect(api.drive.has(copy.file_id)).toBe(true);
    expect(must((await jobOf(manager, 'job1')).files[0]).state).toBe('downloading');
    await manager.onDownloadChanged(dl.complete(downloadId));
    expect((await jobOf(manager, 'job1')).state).toBe('done');
    expect(dl.items.size).toBe(1);
    expect(api.count('/adrive/v4/batch')).toBe(0);
    expect(api.drive.has(copy.file_id)).toBe(false);
  });

  it('finds by its URL a download the browser took just before the worker stopped, and never starts it twice', async () => {
    const api = fakeAlipan({ share: files(1) });
    const { account, store } = await signedInAccount(api);
    const dl = fakeDownloads(api.sizeOfUrl);
    const first = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
    // The worker stops the moment the browser has the download: its id is never stored.
    const download = dl.port.download;
    const handedOver = new Promise<void>((resolve) => {
      dl.port.download = async (options) => {
        await download(options);
        resolve();
        return new Promise<number>(() => {});
      };
    });
    const job = await first.start(request([item(api, 'f000.bin')]));
    await handedOver;
    const journal = await storedJournal(store);
    expect(journal).toEqual([expect.objectContaining({ state: 'copied', url: expect.stringMatching(/^https:/) })]);
    expect(must(journal[0]).downloadId).toBeUndefined();

    dl.port.download = download;
    const second = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
    await second.resume();
    expect(must((await jobOf(second, job.id)).files[0]).state).toBe('downloading');
    await second.onDownloadChanged(dl.complete(1));
    expect((await jobOf(second, job.id)).state).toBe('done');
    expect(dl.items.size).toBe(1); // the file is on disk once, not also as "f000 (1).bin"
    expect(api.count('/openFile/getDownloadUrl')).toBe(1);
    expect(api.tempChildren()).toEqual([]);
  });

  it('links again a copy whose download never reached the browser', async () => {
    const api = fakeAlipan({ share: files(1) });
    const { account, store } = await signedInAccount(api);
    const dl = fakeDownloads(api.sizeOfUrl);
    const first = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
    const asked = new Promise<void>((resolve) => {
      dl.port.download = () => {
        resolve();
        return new Promise<number>(() => {}); // the worker stops before the browser answers
      };
    });
    const job = await first.start(request([item(api, 'f000.bin')]));
    await asked;

    const fresh = fakeDownloads(api.sizeOfUrl);
    const second = new DownloadManager({ transport: api.transport, account, store, downloads: fresh.port, ...QUICK });
    await second.resume();
    const done = await drain(second, fresh, job.id);
    expect(done.state).toBe('done');
    expect(fresh.items.size).toBe(1);
    expect(api.count('/openFile/getDownloadUrl')).toBe(2);
    expect(api.count('/adrive/v4/batch')).toBe(1); // the copy was linked again, not made again
    expect(api.tempChildren()).toEqual([]);
  });
});

describe('DownloadManager: sweep', () => {
  it('never deletes what the journal does not hold, in the temporary folder or outside it', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const folder = must(api.tempFolder());
    const inUse = must(api.tempChildren()[0]);
    const usersFile = api.addDriveEntry({
      name: 'put-here-by-me.bin',
      type: 'file',
      size: 1,
      parent_file_id: folder.file_id,
    });
    const mine = api.addDriveEntry({ name: 'my-photos', type: 'folder', size: 0, parent_file_id: 'root' });
    const precious = api.addDriveEntry({ name: 'thesis.docx', type: 'file', size: 1, parent_file_id: mine.file_id });
    const rootFile = api.addDriveEntry({ name: 'notes.txt', type: 'file', size: 1, parent_file_id: 'root' });

    expect(await manager.sweep()).toBe(0);
    for (const kept of [inUse, usersFile, folder, mine, precious, rootFile])
      expect(api.drive.get(kept.file_id)?.trashed).toBeFalsy();
    expect(api.count('/openFile/delete') + api.count('/recyclebin/trash')).toBe(0);
    expect(must((await jobOf(manager, job.id)).files[0]).state).toBe('downloading');
    await drain(manager, dl, job.id);
    expect(api.tempChildren()).toEqual([usersFile]);
  });

  it('a copy the user moved out of the temporary folder is theirs: forgotten, never deleted', async () => {
    const { api, dl, manager, store } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const copy = must(api.tempChildren()[0]);
    copy.parent_file_id = 'root';
    await drain(manager, dl, job.id);
    expect(api.drive.has(copy.file_id)).toBe(true);
    expect(api.count('/openFile/delete')).toBe(0);
    expect(await storedJournal(store)).toEqual([]);
  });

  it('a delete that fails stays journaled and the sweep does it', async () => {
    const { api, dl, manager, store } = await setup({ share: files(1) });
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const send = api.transport.send.bind(api.transport);
    let down = true;
    api.transport.send = async (req) => {
      if (down && req.url.endsWith('/openFile/delete'))
        throw new AlipanError({ code: 'NetworkError', category: 'network' });
      return send(req);
    };
    await drain(manager, dl, job.id);
    expect(api.tempChildren()).toHaveLength(1);
    expect(await storedJournal(store)).toEqual([expect.objectContaining({ state: 'releasing' })]);
    down = false;
    expect(await manager.sweep()).toBe(1);
    expect(api.tempChildren()).toEqual([]);
    expect(await storedJournal(store)).toEqual([]);
  });

  it('does not touch a copy whose batch answer is still on its way', async () => {
    const { api, dl, manager } = await setup({ share: files(2) });
    const first = await manager.start(request([item(api, 'f000.bin')]));
    await drain(manager, dl, first.id);
    let release!: () => void;
    api.state.batchGate = new Promise((r) => (release = r));
    await manager.start(request([item(api, 'f001.bin')]));
    await vi.waitFor(() => expect(api.count('/adrive/v4/batch')).toBe(2));
    // The server made the copy; the answer has not arrived yet.
    const inFlight = api.addDriveEntry({
      name: 'f001.bin',
      type: 'file',
      size: 10,
      parent_file_id: must(api.tempFolder()).file_id,
    });
    expect(await manager.sweep()).toBe(0);
    expect(api.drive.get(inFlight.file_id)?.trashed).toBeFalsy();
    api.drive.delete(inFlight.file_id);
    release();
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
  });

  it('finds its folder again by name after a reinstall, and never deletes what the journal does not hold in it', async () => {
    const { api, dl, manager } = await setup({ share: files(1) });
    // What an earlier install left (its storage, journal included, went with it), or the user put there.
    const before = api.addDriveEntry({
      name: 'alipan-share-helper-temp',
      type: 'folder',
      size: 0,
      parent_file_id: 'root',
    });
    const left = api.addDriveEntry({ name: 'old-copy.bin', type: 'file', size: 10, parent_file_id: before.file_id });
    expect(await manager.sweep()).toBe(0);
    const job = await manager.start(request([item(api, 'f000.bin')]));
    await drain(manager, dl, job.id);
    await manager.sweep();
    const copies = api.calls
      .filter((c) => c.path === '/adrive/v4/batch')
      .flatMap((c) => c.body.requests.map((r) => r.body.to_parent_file_id));
    expect(copies).toEqual([before.file_id]); // no "alipan-share-helper-temp(1)" beside it
    expect(api.drive.get(left.file_id)?.trashed).toBeFalsy();
    expect(api.tempChildren()).toEqual([left]);
    expect(api.count('/openFile/delete')).toBe(1);
  });

  it('does nothing when the temporary folder was never created', async () => {
    const { api, manager } = await setup();
    expect(await manager.sweep()).toBe(0);
    expect(api.calls.filter((c) => c.path.includes('openFile'))).toEqual([]);
  });
});
