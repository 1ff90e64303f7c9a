import { describe, expect, it, vi } from 'vitest';
import { LINK_EXPIRY_MARGIN_MS } from '../../lib/downloads/link-expiry';
import type { DownloadItem, DownloadRequest, JobView, StartOptions } from '../../lib/downloads/model';
import { DownloadManager } from '../../lib/downloads/pipeline';
import { aria2RefusedError, aria2UnreachableError } from '../../lib/export/errors';
import { must } from '../must';
import {
  type FakeAlipan,
  fakeAlipan,
  fakeDownloads,
  fakeExternalDownloader,
  SHARE_ID,
  type ShareNode,
  signedInAccount,
  storedJournal,
} from './downloads-fake';

const EXPORT: StartOptions = { mode: 'export' };
const TO_ARIA2: StartOptions = { mode: 'export', target: 'aria2' };

async function setup(share: ShareNode[]) {
  const api = fakeAlipan({ share });
  const { account, store } = await signedInAccount(api);
  const dl = fakeDownloads(api.sizeOfUrl);
  const aria2 = fakeExternalDownloader(api.sizeOfUrl);
  const clock = { now: Date.now() };
  /** A manager over the same storage: a new one is a restarted worker. */
  const manager = (now: () => number = () => clock.now) =>
    new DownloadManager({
      transport: api.transport,
      account,
      store,
      downloads: dl.port,
      downloaders: { aria2: aria2.external },
      now,
      retryBaseMs: 5,
      autoResumeGraceMs: 5,
      pollMs: 20,
    });
  return { api, store, dl, aria2, clock, manager };
}

const files = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ name: `f${String(i).padStart(3, '0')}.bin`, size: 10 }));

function request(api: FakeAlipan, names: string[]): DownloadRequest {
  const items = names.map((name): DownloadItem => {
    const e = api.shareEntry(name);
    return { fileId: e.file_id, name, type: e.type, ...(e.type === 'file' ? { size: e.size } : {}), path: [] };
  });
  return { shareId: SHARE_ID, code: null, shareName: 'My Share', items };
}

async function jobOf(manager: DownloadManager, id: string): Promise<JobView> {
  return must((await manager.list()).find((j) => j.id === id));
}

/** Waits until the job has no file left to copy, link or download (aria2's are polled every 2 s). */
async function settled(manager: DownloadManager, id: string): Promise<JobView> {
  await vi.waitFor(async () => expect(['preparing', 'running']).not.toContain((await jobOf(manager, id)).state), {
    timeout: 5000,
  });
  return jobOf(manager, id);
}

const journal = storedJournal;
const deletes = (api: FakeAlipan) =>
  api.calls.filter((c) => c.path.endsWith('/openFile/delete')).map((c) => c.body.file_id);

describe('DownloadManager: export mode', () => {
  it('makes a link per file instead of a download, and keeps every copy with its link and expiry', async () => {
    const { api, dl, store, manager } = await setup([
      { name: 'album', children: files(3) },
      { name: 'a.txt', size: 7 },
    ]);
    const m = manager();
    const started = await m.start(request(api, ['album', 'a.txt']), EXPORT);
    expect(started).toMatchObject({ mode: 'export', state: 'running' });
    const job = await settled(m, started.id);

    expect(job.state).toBe('exported');
    expect(job.files.map((f) => [f.filename, f.state])).toEqual([
      ['My Share/album/f000.bin', 'exported'],
      ['My Share/album/f001.bin', 'exported'],
      ['My Share/album/f002.bin', 'exported'],
      ['My Share/a.txt', 'exported'],
    ]);
    expect(job).toMatchObject({ receivedBytes: 37, totalBytes: 37, speed: 0 });
    expect(dl.items.size).toBe(0);
    expect(deletes(api)).toEqual([]);
    expect(api.tempChildren()).toHaveLength(4);
    expect(api.count('/getDownloadUrl')).toBe(4);

    // §8: the URL's x-oss-expires, 60 s early.
    for (const f of job.files) {
      const signed = Number(new URL(must(f.link).url).searchParams.get('x-oss-expires'));
      expect(must(f.link).expiresAt).toBe(signed * 1000 - LINK_EXPIRY_MARGIN_MS);
    }
    const entries = await journal(store);
    expect(entries).toHaveLength(4);
    expect(new Set(entries.map((e) => e.copyFileId))).toEqual(new Set(api.tempChildren().map((c) => c.file_id)));
    for (const e of entries) {
      const link = must(must(job.files.find((f) => f.fileId === e.shareFileId)).link);
      expect(e).toMatchObject({ state: 'exported', url: link.url, expiresAt: link.expiresAt });
    }
  });

  it("\"Done, delete the copies\" deletes exactly that job's copies: not a running download's, not the user's files", async () => {
    const { api, dl, store, manager } = await setup(files(3));
    const m = manager();
    const download = await m.start(request(api, ['f000.bin']));
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const downloadCopy = must(api.tempChildren()[0]);
    const mine = api.addDriveEntry({ name: 'thesis.docx', type: 'file', size: 1, parent_file_id: 'root' });
    const exported = await settled(m, (await m.start(request(api, ['f001.bin', 'f002.bin']), EXPORT)).id);
    const exportCopies = api
      .tempChildren()
      .filter((c) => c.file_id !== downloadCopy.file_id)
      .map((c) => c.file_id);
    expect(exportCopies).toHaveLength(2);

    const released = must(await m.releaseCopies(exported.id));
    expect(released.state).toBe('done');
    expect(released.files.map((f) => [f.state, f.link])).toEqual([
      ['done', undefined],
      ['done', undefined],
    ]);
    expect(deletes(api).sort()).toEqual([...exportCopies].sort());
    expect(api.tempChildren().map((c) => c.file_id)).toEqual([downloadCopy.file_id]);
    expect(api.drive.has(mine.file_id)).toBe(true);
    expect((await journal(store)).map((e) => e.jobId)).toEqual([download.id]);
    expect(must((await jobOf(m, download.id)).files[0]).state).toBe('downloading');
  });

  it('the sweep deletes exported copies once their link expired, and not a moment before', async () => {
    const { api, store, clock, manager } = await setup(files(2));
    const m = manager();
    const job = await settled(m, (await m.start(request(api, ['f000.bin', 'f001.bin']), EXPORT)).id);
    const expiresAt = Math.min(...job.files.map((f) => must(f.link).expiresAt));

    expect(await m.sweep()).toBe(0);
    clock.now = expiresAt - 1;
    expect(await m.sweep()).toBe(0);
    expect(api.tempChildren()).toHaveLength(2);

    clock.now = expiresAt + 1;
    expect(await m.sweep()).toBe(2);
    expect(api.tempChildren()).toEqual([]);
    expect(await journal(store)).toEqual([]);
    const after = await jobOf(m, job.id);
    expect(after.state).toBe('done');
    expect(after.files.every((f) => f.state === 'done' && !f.link)).toBe(true);
  });

  it('a restarted worker shows the links again from storage, keeps live copies, and deletes expired ones on resume', async () => {
    const { api, clock, manager } = await setup(files(1));
    const first = manager();
    const job = await settled(first, (await first.start(request(api, ['f000.bin']), EXPORT)).id);
    const link = must(must(job.files[0]).link);

    const second = manager();
    await second.resume();
    expect((await jobOf(second, job.id)).files[0]).toMatchObject({ state: 'exported', link });
    expect(api.tempChildren()).toHaveLength(1);

    clock.now = link.expiresAt;
    const third = manager();
    await third.resume();
    expect(must((await jobOf(third, job.id)).files[0]).state).toBe('done');
    expect(api.tempChildren()).toEqual([]);
    expect(api.count('/getDownloadUrl')).toBe(1);
  });

  it('with target aria2, aria2 does the downloads within the cap, on links made just before; each copy goes when aria2 has the file', async () => {
    const { api, aria2, store, dl, manager } = await setup(files(3));
    const m = manager(Date.now);
    aria2.refuse.set('f001.bin', aria2RefusedError('No URI to download. (1)'));
    const started = await m.start(request(api, ['f000.bin', 'f001.bin', 'f002.bin']), TO_ARIA2);
    expect(started).toMatchObject({ mode: 'export', target: 'aria2' });
    // Two at once (the cap counts aria2's downloads too), the refused one failing alone.
    await vi.waitFor(() => expect(aria2.inProgress()).toHaveLength(2));
    expect(aria2.started.map((s) => s.filename)).toEqual(['My Share/f000.bin', 'My Share/f002.bin']);
    expect(aria2.started.every((s) => new URL(s.url).searchParams.has('x-oss-expires'))).toBe(true);
    expect(dl.items.size).toBe(0);
    expect((await jobOf(m, started.id)).files.map((f) => [f.state, f.error?.code])).toEqual([
      ['downloading', undefined],
      ['failed', 'Aria2.Error'],
      ['downloading', undefined],
    ]);
    expect(api.tempChildren()).toHaveLength(2);

    // aria2 sends no events: the manager looks at its downloads by itself.
    for (const d of aria2.inProgress()) aria2.complete(d.id);
    await vi.waitFor(
      async () => expect((await jobOf(m, started.id)).files.map((f) => f.state)).toEqual(['done', 'failed', 'done']),
      { timeout: 5000 },
    );
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
    expect(await journal(store)).toEqual([]);

    aria2.refuse.clear();
    await m.retry(started.id, must(started.files[1]).fileId);
    await vi.waitFor(() => expect(aria2.inProgress()).toHaveLength(1));
    aria2.complete(must(aria2.inProgress()[0]).id);
    expect((await settled(m, started.id)).state).toBe('done');
    expect(aria2.started.map((s) => s.filename)).toEqual([
      'My Share/f000.bin',
      'My Share/f002.bin',
      'My Share/f001.bin',
    ]);
  });

  it('an aria2 download refused with 403 after its link expired starts again in aria2 on a fresh link', async () => {
    const { api, aria2, manager } = await setup(files(1));
    api.state.linkTtlSec = 1; // expired at once, with the 60 s margin
    const m = manager(Date.now);
    const job = await m.start(request(api, ['f000.bin']), TO_ARIA2);
    await vi.waitFor(() => expect(aria2.inProgress()).toHaveLength(1));
    aria2.interrupt(must(aria2.inProgress()[0]).id, 'SERVER_FORBIDDEN');
    api.state.linkTtlSec = 900;
    await vi.waitFor(() => expect(aria2.started).toHaveLength(2), { timeout: 5000 });
    expect(must(aria2.started[1]).url).not.toBe(must(aria2.started[0]).url);
    aria2.complete(must(aria2.inProgress()[0]).id);
    expect((await settled(m, job.id)).state).toBe('done');
  });

  it('refuses an aria2 export before copying anything when aria2 is not ready', async () => {
    const { api, aria2, manager } = await setup(files(1));
    const m = manager();
    aria2.down = aria2UnreachableError('http://localhost:6800/jsonrpc', 'Failed to fetch');
    await expect(m.start(request(api, ['f000.bin']), TO_ARIA2)).rejects.toMatchObject({ code: 'Aria2.Unreachable' });
    expect(api.count('/adrive/v4/batch')).toBe(0);
    expect(await m.list()).toEqual([]);
  });

  it('a cancelled export job deletes its copies like a download job', async () => {
    const { api, manager } = await setup(files(2));
    const m = manager();
    let open!: () => void;
    api.state.batchGate = new Promise((r) => (open = r));
    const job = await m.start(request(api, ['f000.bin', 'f001.bin']), EXPORT);
    await vi.waitFor(() => expect(api.count('/adrive/v4/batch')).toBe(1));
    await m.cancel(job.id);
    open();
    await vi.waitFor(() => expect(api.tempChildren()).toEqual([]));
    expect((await jobOf(m, job.id)).state).toBe('cancelled');
  });
});
