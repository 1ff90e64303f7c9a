import { describe, expect, it, vi } from 'vitest';
import { AlipanError } from '../../lib/api/errors';
import { DownloadManager } from '../../lib/downloads/pipeline';
import { SpaceBudget } from '../../lib/downloads/space';
import { TempFolder } from '../../lib/downloads/temp-folder';
import type { SaveItem, SaveView } from '../../lib/saves/model';
import { SAVE_PREFIX, type SaveJob, SaveManager } from '../../lib/saves/save-manager';
import { shareTokenCache } from '../../lib/shares/share-tokens';
import { must } from '../must';
import {
  type FakeAlipan,
  fakeAlipan,
  fakeDownloads,
  SHARE_ID,
  type ShareNode,
  signedInAccount,
  storedJournal,
} from './downloads-fake';

async function setup(opts: { share?: ShareNode[]; totalSize?: number } = {}) {
  const api = fakeAlipan(opts);
  const { account, store } = await signedInAccount(api);
  const target = api.addDriveEntry({ name: 'Saved', type: 'folder', size: 0, parent_file_id: 'root' });
  const wakeBy = vi.fn();
  const make = () =>
    new SaveManager({
      transport: api.transport,
      account,
      store,
      shareTokens: shareTokenCache(api.transport),
      space: new SpaceBudget({ transport: api.transport, account, now: Date.now }),
      tempFolderId: (driveId) => new TempFolder({ transport: api.transport, account, store }).remembered(driveId),
      pollMs: 1,
      lostWaitMs: 1,
      wakeBy,
    });
  return { api, account, store, target, wakeBy, saves: make(), make };
}

const item = (api: FakeAlipan, name: string): SaveItem => {
  const e = api.shareEntry(name);
  return { fileId: e.file_id, name: e.name, type: e.type, ...(e.type === 'file' ? { size: e.size } : {}) };
};

const request = (items: SaveItem[], folderId: string, skipExisting = false) => ({
  shareId: SHARE_ID,
  code: null,
  shareName: 'My Share',
  items,
  scope: 'selected' as const,
  target: { folderId, path: [{ fileId: folderId, name: 'Saved' }] },
  skipExisting,
});

async function ended(saves: SaveManager, id: string): Promise<SaveView> {
  let view: SaveView | undefined;
  await vi.waitFor(async () => {
    view = (await saves.list()).find((s) => s.id === id);
    expect(view?.state).not.toBe('saving');
  });
  return must(view);
}

/** name → parent name, for what is in the user's drive below `folderId`. */
function tree(api: FakeAlipan, folderId: string, prefix = ''): string[] {
  return api
    .childrenOf(folderId)
    .flatMap((e) => [
      `${prefix}${e.name}${e.type === 'folder' ? '/' : ''}`,
      ...(e.type === 'folder' ? tree(api, e.file_id, `${prefix}${e.name}/`) : []),
    ]);
}

const SHARE: ShareNode[] = [
  { name: 'a.txt', size: 10 },
  { name: 'b.txt', size: 20 },
  {
    name: 'Album',
    children: [
      { name: '1.mp3', size: 5 },
      { name: 'Disc 2', children: [{ name: '2.mp3', size: 6 }] },
    ],
  },
];

describe('SaveManager', () => {
  it('copies one save at a time: the second waits until the first has ended ("save all" queues many)', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    let open!: () => void;
    api.state.batchGate = new Promise((r) => {
      open = r;
    });
    const first = await saves.start(request([item(api, 'a.txt')], target.file_id));
    const second = await saves.start(request([item(api, 'b.txt')], target.file_id));
    await vi.waitFor(() => expect(api.calls.filter((c) => c.path.endsWith('/batch'))).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(api.calls.filter((c) => c.path.endsWith('/batch'))).toHaveLength(1); // the second has not begun
    open();
    expect((await ended(saves, first.id)).state).toBe('done');
    expect((await ended(saves, second.id)).state).toBe('done');
    expect(tree(api, target.file_id).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('copies files and a folder into the chosen folder in one batch; the folder’s task is followed; nothing is journaled', async () => {
    const { api, store, target, saves, wakeBy } = await setup({ share: SHARE });
    const started = await saves.start(request([item(api, 'a.txt'), item(api, 'Album')], target.file_id));
    expect(started.state).toBe('saving');
    expect(wakeBy).toHaveBeenCalled(); // a worker stopped mid-save is woken to carry it on
    const view = await ended(saves, started.id);
    expect(view).toMatchObject({
      state: 'done',
      counts: { total: 2, saved: 2, failed: 0 },
      target: { url: `https://www.alipan.com/drive/folder/${target.file_id}` },
    });
    expect(tree(api, target.file_id).sort()).toEqual([
      'Album/',
      'Album/1.mp3',
      'Album/Disc 2/',
      'Album/Disc 2/2.mp3',
      'a.txt',
    ]);
    expect(api.calls.filter((c) => c.path.endsWith('/batch') && c.body.requests[0]?.url === '/file/copy')).toHaveLength(
      1,
    );
    expect(await storedJournal(store)).toEqual([]); // the download sweep has nothing to go on
    expect(api.count('/openFile/delete') + api.count('/recyclebin/trash')).toBe(0);
  });

  it('keeps both on a name conflict, unless "skip files that already exist" (same name and size)', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    api.addDriveEntry({ name: 'a.txt', type: 'file', size: 10, parent_file_id: target.file_id });
    api.addDriveEntry({ name: 'b.txt', type: 'file', size: 99, parent_file_id: target.file_id });
    const both = await ended(saves, (await saves.start(request([item(api, 'a.txt')], target.file_id))).id);
    expect(both.state).toBe('done');
    expect(tree(api, target.file_id).sort()).toEqual(['a(1).txt', 'a.txt', 'b.txt']);
    const skip = await ended(
      saves,
      (await saves.start(request([item(api, 'a.txt'), item(api, 'b.txt')], target.file_id, true))).id,
    );
    expect(skip).toMatchObject({ state: 'done', counts: { saved: 1, skipped: 1 } });
    expect(tree(api, target.file_id).sort()).toEqual(['a(1).txt', 'a.txt', 'b(1).txt', 'b.txt']);
  });

  it('refuses up front with QuotaExhausted.Drive when the known sizes cannot fit; nothing is copied', async () => {
    const { api, target, saves } = await setup({ share: SHARE, totalSize: 25 });
    const view = await ended(
      saves,
      (await saves.start(request([item(api, 'a.txt'), item(api, 'b.txt')], target.file_id))).id,
    );
    expect(view).toMatchObject({ state: 'error', error: { code: 'QuotaExhausted.Drive' } });
    expect(must(view.error).text.en).toMatch(/not enough free space for this save/);
    expect(api.count('/batch')).toBe(0);
  });

  it('a banned file: the others are saved, the save is partial and names it', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    api.state.itemFaults.set(api.shareId('b.txt'), { status: 403, code: 'ForbiddenNoPermission.File' });
    const view = await ended(
      saves,
      (await saves.start(request([item(api, 'a.txt'), item(api, 'b.txt')], target.file_id))).id,
    );
    expect(view).toMatchObject({
      state: 'partial',
      counts: { saved: 1, failed: 1 },
      failures: [{ name: 'b.txt', error: { code: 'ForbiddenNoPermission.File' } }],
    });
  });

  it('MaxSaveFileCountExceed for the whole batch: nothing saved, every item says why', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    api.state.batchError = { status: 400, code: 'MaxSaveFileCountExceed' };
    const view = await ended(
      saves,
      (await saves.start(request([item(api, 'a.txt'), item(api, 'Album')], target.file_id))).id,
    );
    expect(view).toMatchObject({ state: 'error', error: { code: 'MaxSaveFileCountExceed' }, counts: { failed: 2 } });
  });

  it('a share cancelled meanwhile: the save stops with the owner’s cancel in words, nothing more is sent', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    api.state.batchError = { status: 400, code: 'ShareLink.Cancelled' };
    const view = await ended(
      saves,
      (await saves.start(request([item(api, 'a.txt'), item(api, 'b.txt')], target.file_id))).id,
    );
    expect(view).toMatchObject({ state: 'error', error: { code: 'ShareLink.Cancelled' }, counts: { failed: 2 } });
    expect(must(view.error).text.en).toMatch(/owner cancelled this share: nothing more can be saved/);
    expect(api.count('/batch')).toBe(1);
  });

  it('a stale share token ("share_id does not match"): sent again once with a new token', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    const first = await saves.start(request([item(api, 'a.txt')], target.file_id));
    await ended(saves, first.id);
    api.state.staleShareToken = true; // the token the save holds now goes stale
    const view = await ended(saves, (await saves.start(request([item(api, 'b.txt')], target.file_id))).id);
    expect(view).toMatchObject({ state: 'done', counts: { saved: 1 } });
    expect(tree(api, target.file_id).sort()).toEqual(['a.txt', 'b.txt']);
    expect(api.count('/get_share_token')).toBe(2);
    expect(
      api.calls
        .filter((c) => c.path.endsWith('/batch'))
        .flatMap((c) => c.body.requests)
        .filter((r) => r.body.file_id === api.shareId('b.txt')),
    ).toHaveLength(2);
  });

  it('a share token refused again after its renewal: the item fails, no endless resending', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    const send = api.transport.send.bind(api.transport);
    api.transport.send = async <T>(req: Parameters<typeof send>[0]) => {
      const out = await send<T>(req);
      if (req.url.endsWith('/get_share_token')) api.state.staleShareToken = true; // every token is refused
      return out;
    };
    const view = await ended(saves, (await saves.start(request([item(api, 'a.txt')], target.file_id))).id);
    expect(view).toMatchObject({
      state: 'error',
      failures: [{ name: 'a.txt', error: { code: 'InvalidParameter.ShareId' } }],
    });
    expect(api.count('/batch')).toBe(2);
  });

  it('a lost batch answer: what arrived is found in the folder and not sent again (no duplicates)', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    api.state.batchLost = true;
    const send = api.transport.send.bind(api.transport);
    api.transport.send = async <T>(req: Parameters<typeof send>[0]) => {
      try {
        return await send<T>(req);
      } finally {
        api.state.batchLost = false; // only the first answer is lost
      }
    };
    const view = await ended(
      saves,
      (await saves.start(request([item(api, 'a.txt'), item(api, 'b.txt')], target.file_id))).id,
    );
    expect(view).toMatchObject({ state: 'done', counts: { saved: 2 } });
    expect(tree(api, target.file_id).sort()).toEqual(['a.txt', 'b.txt']);
    expect(api.calls.filter((c) => c.path.endsWith('/batch'))).toHaveLength(1);
  });

  it('answers lost three times in a row: the save stops, yet what the last batch made counts as saved', async () => {
    const { api, target, saves } = await setup({ share: SHARE });
    const send = api.transport.send.bind(api.transport);
    let batches = 0;
    api.transport.send = async <T>(req: Parameters<typeof send>[0]) => {
      if (!req.url.endsWith('/adrive/v4/batch')) return send<T>(req);
      // Two batches lost before Alipan got them; the third is carried out and its answer lost.
      if (++batches < 3) throw new AlipanError({ code: 'NetworkError', category: 'network' });
      api.state.batchLost = true;
      return send<T>(req);
    };
    const view = await ended(saves, (await saves.start(request([item(api, 'a.txt')], target.file_id))).id);
    expect(view).toMatchObject({ state: 'done', counts: { saved: 1, failed: 0 } });
    expect(tree(api, target.file_id)).toEqual(['a.txt']);
    expect(batches).toBe(3);
  });

  it('a worker stop after the batch went out: the next worker finds the copies and the folder’s task id, and sends nothing twice', async () => {
    const { api, store, target, make } = await setup({ share: SHARE });
    const first = make();
    api.state.batchGate = new Promise(() => {}); // the worker stops while the batch is on its way
    const { id } = await first.start(request([item(api, 'a.txt'), item(api, 'b.txt')], target.file_id));
    await vi.waitFor(async () =>
      expect((await store.get<SaveJob>(`${SAVE_PREFIX}${id}`))?.ops?.[0]?.state).toBe('sent'),
    );
    // What Alipan did with it meanwhile: a.txt arrived, b.txt did not.
    api.addDriveEntry({ name: 'a.txt', type: 'file', size: 10, parent_file_id: target.file_id });
    api.state.batchGate = undefined;
    const second = make();
    await second.resume();
    const view = await ended(second, id);
    expect(view).toMatchObject({ state: 'done', counts: { saved: 2 } });
    expect(tree(api, target.file_id).sort()).toEqual(['a.txt', 'b.txt']);
    const copied = api.calls
      .filter((c) => c.path.endsWith('/batch'))
      .flatMap((c) => c.body.requests.map((r) => r.body.file_id));
    expect(copied.filter((f) => f === api.shareId('a.txt'))).toHaveLength(1); // the one lost with the first worker

    // A folder's task: journaled, and followed by the next worker.
    const third = make();
    const folder = await third.start(request([item(api, 'Album')], target.file_id));
    await vi.waitFor(async () =>
      expect((await store.get<SaveJob>(`${SAVE_PREFIX}${folder.id}`))?.ops?.[0]?.asyncTaskId).toBeDefined(),
    );
    const fourth = make();
    await fourth.resume();
    expect(await ended(fourth, folder.id)).toMatchObject({ state: 'done' });
    expect(tree(api, target.file_id).filter((p) => p.startsWith('Album'))).toHaveLength(4);
    expect(
      api.calls.filter(
        (c) => c.path.endsWith('/batch') && c.body.requests.some((r) => r.body.file_id === api.shareId('Album')),
      ),
    ).toHaveLength(1);
  });

  it('never saves into the temporary folder, and the download sweep never touches a save’s copies', async () => {
    const { api, account, store, target, saves } = await setup({ share: SHARE });
    const downloads = new DownloadManager({
      transport: api.transport,
      account,
      store,
      downloads: fakeDownloads(api.sizeOfUrl).port,
    });
    // A download of a.txt whose copy answer is lost: the sweep looks for its copy by name and size.
    api.state.batchLost = true;
    await downloads.start({
      shareId: SHARE_ID,
      code: null,
      shareName: 'My Share',
      items: [{ ...item(api, 'a.txt'), path: [] }],
    });
    await vi.waitFor(async () => expect((await downloads.list())[0]?.state).toBe('failed'));
    api.state.batchLost = false;
    await expect(saves.start(request([item(api, 'a.txt')], must(api.tempFolder()).file_id))).rejects.toMatchObject({
      code: 'TempFolderTarget',
    });
    const view = await ended(saves, (await saves.start(request([item(api, 'a.txt')], target.file_id))).id);
    expect(view.state).toBe('done');
    const saved = must(api.childrenOf(target.file_id)[0]);
    expect(await downloads.sweep()).toBe(1); // the lost download copy, in the temporary folder
    expect(api.drive.get(saved.file_id)).toMatchObject({ name: 'a.txt', parent_file_id: target.file_id });
    expect(must(api.drive.get(saved.file_id)).trashed).toBeFalsy();
    expect(api.count('/openFile/delete')).toBe(0);
  });
});
