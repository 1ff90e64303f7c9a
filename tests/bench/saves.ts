/**
 * Save benchmark (issue 10): API calls per save against the in-process fake Alipan, with the
 * product's SaveManager in Node (its fetch sent to the fake under the real host names, client
 * pacing off). Floor: ⌈items / 100⌉ copy batches (§7), plus the polls of the folders' tasks (one
 * call polls up to 100), plus the listing of the target when existing files are skipped. Then
 * "save all live shares" of a 20-share page: its time, and its calls against 3 a share (the
 * share's listing, its folder, one copy batch).
 */
import { createHash } from 'node:crypto';
import { AccountService } from '../../lib/account/account-service';
import { listShareFolder } from '../../lib/api/share';
import { createTransport, type Transport } from '../../lib/api/transport';
import { SpaceBudget } from '../../lib/downloads/space';
import { TempFolder } from '../../lib/downloads/temp-folder';
import { DriveFolders } from '../../lib/saves/drive-folders';
import type { SaveItem, SaveView } from '../../lib/saves/model';
import { asSaveAllRequests, saveEachInItsFolder } from '../../lib/saves/save-all';
import { SaveManager } from '../../lib/saves/save-manager';
import { shareTokenCache } from '../../lib/shares/share-tokens';
import { batchItems, type FakeAlipan, type FakeNode, startFakeAlipan } from '../e2e/fake-alipan/server.ts';
import { newAccount } from '../e2e/harness.ts';
import { memoryStore } from '../unit/memory-store.ts';
import { fetchFromFake } from './downloads.ts';
import { ms, table } from './report.ts';

const MAX_BATCH = 100;

interface SaveCase {
  label: string;
  files: number;
  folders: number;
  skipExisting: boolean;
}

const CASES: SaveCase[] = [
  { label: '1 file', files: 1, folders: 0, skipExisting: false },
  { label: '250 files', files: 250, folders: 0, skipExisting: false },
  { label: '1,000 files', files: 1000, folders: 0, skipExisting: false },
  { label: '5 folders of 20 files each', files: 0, folders: 5, skipExisting: false },
  { label: '250 files, skip existing', files: 250, folders: 0, skipExisting: true },
];

interface SaveRun {
  save: SaveCase;
  state: string;
  batches: number;
  polls: number;
  listings: number;
  other: number;
  floor: number;
  wallMs: number;
}

const file = (i: number): FakeNode => ({ name: `file-${String(i).padStart(5, '0')}.bin`, type: 'file', size: 1000 });

function ended(saves: SaveManager, id: string): Promise<SaveView> {
  return new Promise((resolve) => {
    const stop = saves.onChange((list) => {
      const view = list.find((s) => s.id === id && s.state !== 'saving');
      if (view) {
        stop();
        resolve(view);
      }
    });
  });
}

async function saveRun(fake: FakeAlipan, transport: Transport, save: SaveCase, n: number): Promise<SaveRun> {
  const shareId = `benchSave${String(n).padStart(3, '0')}`;
  const top: FakeNode[] = [
    ...Array.from({ length: save.files }, (_, i) => file(i)),
    ...Array.from({ length: save.folders }, (_, f) => ({
      name: `folder-${f}`,
      type: 'folder' as const,
      children: Array.from({ length: 20 }, (_, i) => file(i)),
    })),
  ];
  // Ids of the items picked, given here rather than derived the fake's way.
  const tree = top.map((node) => ({
    ...node,
    fileId: createHash('sha1').update(`${shareId}/${node.name}`).digest('hex'),
  }));
  fake.addShare({ shareId, name: shareId, tree });
  const user = newAccount(fake);
  const store = memoryStore();
  const account = new AccountService({ transport, store });
  await account.save({ webRefreshToken: user.webRefreshToken, openRefreshToken: user.openRefreshToken });
  const saves = new SaveManager({
    transport,
    account,
    store,
    shareTokens: shareTokenCache(transport),
    space: new SpaceBudget({ transport, account, now: Date.now }),
    tempFolderId: (driveId) => new TempFolder({ transport, account, store }).remembered(driveId),
  });
  const items: SaveItem[] = tree.map((node) => ({
    fileId: node.fileId,
    name: node.name,
    type: node.type,
    ...(node.size !== undefined ? { size: node.size } : {}),
  }));
  fake.clearLog();
  const started = Date.now();
  const view = await saves.start({
    shareId,
    code: null,
    shareName: shareId,
    items,
    scope: 'contents',
    target: { folderId: 'root', path: [] },
    skipExisting: save.skipExisting,
  });
  const done = await ended(saves, view.id);
  const wallMs = Date.now() - started;
  const batchCalls = fake.log.filter((r) => r.path === '/adrive/v4/batch');
  const batches = batchCalls.filter((r) => batchItems(r.body).some((q) => q.url === '/file/copy')).length;
  const polls = batchCalls.length - batches;
  const listings = fake.log.filter((r) => r.path === '/adrive/v1.0/openFile/list').length;
  // The target starts empty: one listing page when existing files are to be skipped.
  const floor = Math.ceil(tree.length / MAX_BATCH) + (save.folders > 0 ? 1 : 0) + (save.skipExisting ? 1 : 0);
  return {
    save,
    state: done.state,
    batches,
    polls,
    listings,
    other: fake.log.length - batchCalls.length - listings,
    floor,
    wallMs,
  };
}

const SHARES_ON_PAGE = 20;
const FILES_A_SHARE = 5;

/** "Save all live shares" of a page of 20 shares of 5 files: every save ended, its wall time and its calls. */
async function saveAllRun(
  fake: FakeAlipan,
  transport: Transport,
): Promise<{ wallMs: number; calls: number; done: number }> {
  const ids = Array.from({ length: SHARES_ON_PAGE }, (_, i) => `benchPage${String(i).padStart(2, '0')}`);
  for (const shareId of ids) {
    fake.addShare({
      shareId,
      name: `Pack ${shareId.slice(-2)}`,
      tree: Array.from({ length: FILES_A_SHARE }, (_, i) => file(i)),
    });
  }
  const user = newAccount(fake);
  const store = memoryStore();
  const account = new AccountService({ transport, store });
  await account.save({ webRefreshToken: user.webRefreshToken, openRefreshToken: user.openRefreshToken });
  const tempFolderId = (driveId: string) => new TempFolder({ transport, account, store }).remembered(driveId);
  const shareTokens = shareTokenCache(transport);
  const saves = new SaveManager({
    transport,
    account,
    store,
    shareTokens,
    space: new SpaceBudget({ transport, account, now: Date.now }),
    tempFolderId,
  });
  const folders = new DriveFolders({ transport, account, store, tempFolderId });
  const requests = asSaveAllRequests({
    shares: ids.map((shareId) => ({ shareId, code: null, shareName: `Pack ${shareId.slice(-2)}` })),
    target: { folderId: 'root', path: [] },
    skipExisting: false,
  });
  fake.clearLog();
  const started = Date.now();
  const result = await saveEachInItsFolder(requests ?? [], {
    // As the background lists a whole share for its save.
    listShare: async (request) =>
      (await listShareFolder(transport, shareTokens(request), { shareId: request.shareId, parentFileId: 'root' })).map(
        (i) => ({ fileId: i.file_id, name: i.name, type: i.type, ...(i.size !== undefined ? { size: i.size } : {}) }),
      ),
    createFolder: (parentId, name) => folders.create(parentId, name),
    startSave: (request) => saves.start({ ...request, items: request.items ?? [] }),
  });
  const views = await Promise.all(result.saves.map((s) => ended(saves, s.id)));
  return {
    wallMs: Date.now() - started,
    calls: fake.log.length,
    done: views.filter((v) => v.state === 'done').length,
  };
}

/** Runs the save benchmark and returns its report. */
export async function runSaveBench(): Promise<string> {
  const fake = await startFakeAlipan();
  try {
    const transport = createTransport({ fetch: fetchFromFake(fake), pacer: { wait: async () => {} } });
    const runs: SaveRun[] = [];
    for (const [n, save] of CASES.entries()) runs.push(await saveRun(fake, transport, save, n));
    const page = await saveAllRun(fake, transport);
    return [
      "Saves — the product's SaveManager in Node against the in-process fake Alipan (real host names as Host and TLS name), " +
        'client pacing off, into an empty drive root. "Other" counts the rest (tokens, free space).',
      'Floor: ⌈items / 100⌉ copy batches, + 1 task poll call while folders copy (one call polls them all; the fake ends a task ' +
        'on its second poll or after 3 s), + 1 listing page of the (empty) target when existing files are skipped.',
      '',
      table([
        ['save', 'copy batches + task polls + target listings', 'floor', 'other calls', 'state, wall time'],
        ...runs.map((r) => [
          r.save.label,
          `${r.batches} + ${r.polls} + ${r.listings} = ${r.batches + r.polls + r.listings}`,
          String(r.floor),
          String(r.other),
          `${r.state}, ${ms(r.wallMs)}`,
        ]),
      ]),
      '',
      `"Save all live shares", a page of ${SHARES_ON_PAGE} shares of ${FILES_A_SHARE} files, one save copying at a time: ` +
        `${page.done}/${SHARES_ON_PAGE} done in ${ms(page.wallMs)}; ${page.calls} API calls, floor ${3 * SHARES_ON_PAGE} ` +
        '(a share: its listing, its folder, one copy batch; share tokens and free space come on top).',
    ].join('\n');
  } finally {
    await fake.close();
  }
}
