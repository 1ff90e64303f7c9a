import { describe, expect, it, vi } from 'vitest';
import type { DownloadRequest, JobView, StartOptions } from '../../lib/downloads/model';
import { DownloadManager } from '../../lib/downloads/pipeline';
import { asPreviewRequest } from '../../lib/previews/preview-jobs';
import { must } from '../must';
import { type FakeAlipan, fakeAlipan, fakeDownloads, SHARE_ID, signedInAccount } from './downloads-fake';
import { memoryStore } from './memory-store';

const PREVIEW_IN_TAB_7: StartOptions = { mode: 'preview', tabId: 7 };

async function setup() {
  const api = fakeAlipan({
    share: [
      { name: 'a.jpg', size: 10 },
      { name: 'b.mp4', size: 20 },
      { name: 'c.bin', size: 30 },
    ],
  });
  const { account, store } = await signedInAccount(api);
  const dl = fakeDownloads(api.sizeOfUrl);
  /** A manager over the same storage: a new one is a restarted worker; a new session, a restarted browser. */
  const manager = (session = memoryStore()) =>
    new DownloadManager({ transport: api.transport, account, store, session, downloads: dl.port, retryBaseMs: 5 });
  return { api, dl, manager };
}

function request(api: FakeAlipan, name: string): DownloadRequest {
  const e = api.shareEntry(name);
  return {
    shareId: SHARE_ID,
    code: null,
    shareName: 'My Share',
    items: [{ fileId: e.file_id, name, type: 'file', size: e.size, path: [] }],
  };
}

async function held(manager: DownloadManager, id: string): Promise<JobView> {
  await vi.waitFor(async () => expect((await manager.list()).find((j) => j.id === id)?.state).toBe('exported'));
  return must((await manager.list()).find((j) => j.id === id));
}

const deletes = (api: FakeAlipan) => api.calls.filter((c) => c.path.endsWith('/openFile/delete')).length;

describe('DownloadManager: preview mode (issue 13)', () => {
  it('copies the file and holds its link for the pane, with no browser download; closing the pane deletes the copy', async () => {
    const { api, dl, manager } = await setup();
    const m = manager();
    const started = await m.start(request(api, 'a.jpg'), PREVIEW_IN_TAB_7);
    const job = await held(m, started.id);
    expect(job.mode).toBe('preview');
    expect(must(job.files[0]).link?.url).toMatch(/^https:/);
    expect(dl.items.size).toBe(0);
    expect(api.tempChildren()).toHaveLength(1);

    await m.releaseCopies(started.id);
    expect(api.tempChildren()).toHaveLength(0);
    expect(deletes(api)).toBe(1);
  });

  it('closing the pane while the copy is still on its way stops it and leaves no copy', async () => {
    const { api, manager } = await setup();
    const m = manager();
    const started = await m.start(request(api, 'a.jpg'), PREVIEW_IN_TAB_7);
    await m.releaseCopies(started.id);
    await vi.waitFor(() => expect(api.tempChildren()).toHaveLength(0));
    expect((await m.list()).find((j) => j.id === started.id)?.state).toBe('cancelled');
  });

  it('an open preview holds a download slot until its pane closes', async () => {
    const { api, dl, manager } = await setup();
    const m = manager();
    await m.saveSettings({ maxConcurrentDownloads: 1 });
    const preview = await m.start(request(api, 'b.mp4'), PREVIEW_IN_TAB_7);
    await held(m, preview.id);
    await m.start(request(api, 'c.bin'));
    await new Promise((r) => setTimeout(r, 50));
    expect(dl.items.size).toBe(0);

    await m.releaseCopies(preview.id);
    await vi.waitFor(() => expect(dl.items.size).toBe(1));
  });

  it('a closed tab ends only the previews it opened', async () => {
    const { api, manager } = await setup();
    const m = manager();
    const mine = await m.start(request(api, 'a.jpg'), PREVIEW_IN_TAB_7);
    const other = await m.start(request(api, 'b.mp4'), { mode: 'preview', tabId: 8 });
    await held(m, mine.id);
    await held(m, other.id);

    await m.releaseTab(7);
    expect(api.tempChildren().map((c) => c.name)).toEqual(['b.mp4']);
  });

  it('relinks a held copy with a fresh link, and says when the preview is over', async () => {
    const { api, manager } = await setup();
    const m = manager();
    const started = await m.start(request(api, 'b.mp4'), PREVIEW_IN_TAB_7);
    const before = must(must((await held(m, started.id)).files[0]).link);

    const after = must(must(must(await m.relink(started.id)).files[0]).link);
    expect(after.url).not.toBe(before.url);
    expect(api.count('/getDownloadUrl')).toBe(2);

    await m.releaseCopies(started.id);
    expect(await m.relink(started.id)).toBeUndefined();
  });

  it('a worker restart keeps the preview held; a browser restart deletes its copy (the page is gone)', async () => {
    const { api, manager } = await setup();
    const session = memoryStore();
    const first = manager(session);
    const started = await first.start(request(api, 'a.jpg'), PREVIEW_IN_TAB_7);
    await held(first, started.id);

    const restartedWorker = manager(session);
    await restartedWorker.resume();
    expect(api.tempChildren()).toHaveLength(1);
    await restartedWorker.releaseTab(7);
    expect(api.tempChildren()).toHaveLength(0);

    const again = await restartedWorker.start(request(api, 'a.jpg'), PREVIEW_IN_TAB_7);
    await held(restartedWorker, again.id);
    const restartedBrowser = manager(memoryStore());
    await restartedBrowser.resume();
    expect(api.tempChildren()).toHaveLength(0);
    expect((await restartedBrowser.list()).some((j) => j.id === again.id && j.state === 'exported')).toBe(false);
  });
});

describe('asPreviewRequest', () => {
  const item = { fileId: 'f1', name: 'a.jpg', type: 'file' as const, size: 1, path: [] };
  const base = { shareId: SHARE_ID, code: null, shareName: 'S' };

  it('takes one file', () => {
    expect(asPreviewRequest({ ...base, items: [item] }).items).toEqual([item]);
  });

  it("keeps the request's own fields only (a subtitle's `companion` flag is not stored with the job)", () => {
    expect(asPreviewRequest({ ...base, items: [item], companion: true })).toEqual({ ...base, items: [item] });
  });

  it('refuses folders, several files, and no file', () => {
    for (const items of [[{ ...item, type: 'folder' }], [item, item], [], undefined]) {
      expect(() => asPreviewRequest({ ...base, items })).toThrow();
    }
  });
});
