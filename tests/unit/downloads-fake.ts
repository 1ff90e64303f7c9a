/**
 * An in-memory Alipan for the download pipeline's unit tests: one share, one user drive, the
 * calls the pipeline makes (share token, share listing, batch copy, open create/list/link/delete,
 * space), plus a hand-driven `DownloadsPort`. Every request is logged for round-trip counts.
 */
import { AccountService } from '../../lib/account/account-service';
import { AlipanError, categorize } from '../../lib/api/errors';
import type { ApiRequest, Transport } from '../../lib/api/transport';
import { type CopyEntry, CopyJournal } from '../../lib/downloads/journal';
import type { DownloadDelta, DownloadSnapshot, DownloadsPort } from '../../lib/downloads/ports';
import type { KeyValueStore } from '../../lib/platform/kv-store';
import { must } from '../must';
import { memoryStore } from './memory-store';

export const SHARE_ID = 'S1share0001';
export const DRIVE_ID = 'r1';

export interface ShareNode {
  name: string;
  size?: number;
  children?: ShareNode[];
}

interface Entry {
  file_id: string;
  name: string;
  type: 'file' | 'folder';
  size: number;
  parent_file_id: string;
  created_at: string;
  trashed?: boolean;
}

interface ItemFault {
  status: number;
  code: string;
  message?: string;
}

function fail(code: string, status?: number, message?: string): AlipanError {
  return new AlipanError({ code, status, category: categorize(code, status), detail: message });
}

/** The request fields this fake reads, as the extension's API client sends them (snake_case JSON). */
interface ApiBody {
  file_id: string;
  parent_file_id: string;
  to_parent_file_id: string;
  to_drive_id: string;
  name: string;
  check_name_mode?: string;
  marker: string;
  limit: number;
  expire_sec: number;
  async_task_id: string;
  requests: { id: string; url?: string; body: ApiBody }[];
}

export function fakeAlipan(opts: { share?: ShareNode[]; totalSize?: number; usedSize?: number } = {}) {
  let n = 0;
  const newId = (prefix: string) => `${prefix}${(++n).toString().padStart(6, '0')}`;
  const calls: { path: string; body: ApiBody; headers: Record<string, string> }[] = [];
  const share = new Map<string, Entry>();
  const drive = new Map<string, Entry>();
  let shareToken = '';
  const state = {
    total: opts.totalSize ?? 1_000_000_000,
    baseUsed: opts.usedSize ?? 0,
    /** Per share file id: how the next copy of it fails. */
    itemFaults: new Map<string, ItemFault>(),
    /** The next batch answers "share_id doesn't match" for every item sent with the current share token. */
    staleShareToken: false,
    /** Holds share listing calls until resolved. */
    listGate: undefined as Promise<void> | undefined,
    /** Holds batch calls until resolved. */
    batchGate: undefined as Promise<void> | undefined,
    /** Makes the batch call itself fail (after copying, as a lost response would). */
    batchLost: false,
    /** §8: links live this long whatever is asked. */
    linkTtlSec: 900,
    /** Folder copies (§7: 202 + async task), done on their second poll. */
    tasks: new Map<string, { polls: number; run: () => void; state: string }>(),
    /** Makes the next batch fail as a whole with this code (e.g. MaxSaveFileCountExceed). */
    batchError: undefined as { status: number; code: string } | undefined,
  };

  const plant = (nodes: ShareNode[], parent: string) => {
    for (const node of nodes) {
      const id = newId('sf');
      share.set(id, {
        file_id: id,
        name: node.name,
        type: node.children ? 'folder' : 'file',
        size: node.size ?? 0,
        parent_file_id: parent,
        created_at: new Date().toISOString(),
      });
      if (node.children) plant(node.children, id);
    }
  };
  plant(opts.share ?? [], 'root');

  const used = () => state.baseUsed + [...drive.values()].reduce((s, e) => s + e.size, 0);
  const children = (map: Map<string, Entry>, parent: string) =>
    [...map.values()].filter((e) => e.parent_file_id === parent);
  const page = (items: Entry[], marker: string, limit: number) => {
    const start = Number(marker || 0);
    const next = start + limit < items.length ? String(start + limit) : '';
    return { items: items.slice(start, start + limit), next_marker: next };
  };
  const removeTree = (id: string): void => {
    for (const child of children(drive, id)) removeTree(child.file_id);
    drive.delete(id);
  };
  const addDriveEntry = (e: Omit<Entry, 'file_id' | 'created_at'> & { created_at?: string }) => {
    const entry: Entry = { file_id: newId('df'), created_at: new Date().toISOString(), ...e };
    drive.set(entry.file_id, entry);
    return entry;
  };

  const copyItem = (body: ApiBody, sentToken: string) => {
    const fault = state.itemFaults.get(body.file_id);
    if (fault) {
      state.itemFaults.delete(body.file_id);
      return { status: fault.status, body: { code: fault.code, message: fault.message ?? fault.code } };
    }
    if (state.staleShareToken && sentToken === shareToken) {
      return {
        status: 400,
        body: { code: 'InvalidParameter.ShareId', message: "share_id doesn't match. share_token" },
      };
    }
    const src = share.get(body.file_id);
    if (!src) return { status: 404, body: { code: 'NotFound.File', message: 'not found' } };
    const parent = drive.get(body.to_parent_file_id);
    if (body.to_drive_id !== DRIVE_ID || !parent || parent.type !== 'folder') {
      return { status: 404, body: { code: 'NotFound.File', message: 'parent not found' } };
    }
    if (parent.trashed)
      return { status: 400, body: { code: 'ForbiddenFileInTheRecycleBin', message: 'parent in the recycle bin' } };
    if (treeBytes(src) > state.total - used())
      return { status: 400, body: { code: 'QuotaExhausted.Drive', message: 'no space' } };
    const name = freeName(parent.file_id, src.name);
    if (src.type === 'folder') {
      const taskId = newId('task');
      state.tasks.set(taskId, { polls: 0, state: 'Running', run: () => copyTree(src, parent.file_id, name) });
      return { status: 202, body: { async_task_id: taskId, drive_id: DRIVE_ID } };
    }
    const copy = addDriveEntry({ name, type: 'file', size: src.size, parent_file_id: parent.file_id });
    return { status: 201, body: { file_id: copy.file_id, drive_id: DRIVE_ID } };
  };
  const treeBytes = (e: Entry): number =>
    e.type === 'file' ? e.size : children(share, e.file_id).reduce((s, c) => s + treeBytes(c), 0);
  /** §7 auto_rename: "name(1).ext" when the name is taken. */
  const freeName = (parent: string, name: string) => {
    const taken = (n: string) => children(drive, parent).some((e) => !e.trashed && e.name === n);
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let i = 1; taken(candidate); i++) candidate = `${stem}(${i})${ext}`;
    return candidate;
  };
  const copyTree = (src: Entry, parent: string, name: string) => {
    const copy = addDriveEntry({
      name,
      type: src.type,
      size: src.type === 'file' ? src.size : 0,
      parent_file_id: parent,
    });
    for (const child of children(share, src.file_id)) copyTree(child, copy.file_id, child.name);
  };
  const pollTask = (body: ApiBody) => {
    const task = state.tasks.get(body.async_task_id);
    if (!task) return { status: 404, body: { code: 'NotFound.AsyncTask', message: 'no task' } };
    if (task.state === 'Running' && ++task.polls >= 2) {
      task.run();
      task.state = 'Succeed';
    }
    return { status: 200, body: { async_task_id: body.async_task_id, state: task.state } };
  };

  const routes: Record<string, (body: ApiBody, req: ApiRequest) => unknown> = {
    '/v2/account/token': () => ({
      access_token: newId('wa'),
      refresh_token: newId('wr'),
      expires_in: 7200,
      user_id: 'u1',
    }),
    '/alicloud/renewapi': () => ({ access_token: newId('oa'), refresh_token: newId('or') }),
    '/v2/user/get': () => ({ user_id: 'u1', nick_name: 'Alice' }),
    '/adrive/v1.0/user/getDriveInfo': () => ({
      user_id: 'u1',
      name: 'Alice',
      default_drive_id: 'd1',
      resource_drive_id: DRIVE_ID,
    }),
    '/adrive/v1.0/user/getSpaceInfo': () => ({ personal_space_info: { used_size: used(), total_size: state.total } }),
    '/v2/share_link/get_share_token': () => {
      shareToken = newId('st');
      state.staleShareToken = false;
      return { share_token: shareToken, expires_in: 7200 };
    },
    '/adrive/v3/file/list': async (body) => {
      if (state.listGate) await state.listGate;
      if (body.parent_file_id !== 'root' && share.get(body.parent_file_id)?.type !== 'folder')
        throw fail('NotFound.File', 404);
      return page(children(share, body.parent_file_id), body.marker, body.limit);
    },
    '/adrive/v4/batch': async (body, req) => {
      if (state.batchGate) await state.batchGate;
      const sent = req.headers?.['x-share-token'] ?? '';
      if (sent !== shareToken) throw fail('ShareLinkTokenInvalid', 401);
      if (state.batchError) {
        const { status, code } = state.batchError;
        state.batchError = undefined;
        throw fail(code, status);
      }
      const responses = body.requests.map((r) => ({
        id: r.id,
        ...(r.url === '/async_task/get' ? pollTask(r.body) : copyItem(r.body, sent)),
      }));
      if (state.batchLost) throw new AlipanError({ code: 'NetworkError', category: 'network' });
      return { responses };
    },
    '/adrive/v1.0/openFile/create': (body) => {
      if (body.parent_file_id !== 'root' && drive.get(body.parent_file_id)?.type !== 'folder')
        throw fail('NotFound.File', 404);
      const siblings = children(drive, body.parent_file_id).filter((e) => !e.trashed);
      const existing = siblings.find((e) => e.name === body.name);
      if (existing && body.check_name_mode === 'refuse') return { ...existing, drive_id: DRIVE_ID, exist: true };
      let name = body.name;
      for (let n = 1; siblings.some((e) => e.name === name); n++) name = `${body.name}(${n})`;
      return {
        ...addDriveEntry({ name, type: 'folder', size: 0, parent_file_id: body.parent_file_id }),
        drive_id: DRIVE_ID,
      };
    },
    '/adrive/v1.0/openFile/list': (body) => {
      if (body.parent_file_id !== 'root' && !drive.has(body.parent_file_id)) throw fail('NotFound.File', 404);
      return page(
        children(drive, body.parent_file_id).filter((e) => !e.trashed),
        body.marker,
        body.limit,
      );
    },
    '/adrive/v1.0/openFile/getDownloadUrl': (body) => {
      const file = drive.get(body.file_id);
      if (!file) throw fail('NotFound.File', 404);
      if (file.trashed) throw fail('ForbiddenFileInTheRecycleBin', 400);
      const expires = Math.floor(Date.now() / 1000) + Math.min(body.expire_sec, state.linkTtlSec);
      if (file.name.endsWith('.livp'))
        return { url: '', streamsUrl: { jpeg: 'https://cdn.fake/j', mov: 'https://cdn.fake/m' } };
      // Signed per call: two links of one file differ.
      const url = `https://cdn.fake/f/${file.file_id}?x-oss-expires=${expires}&x-oss-signature=${newId('sig')}`;
      return { url, size: file.size, file_id: file.file_id };
    },
    '/adrive/v1.0/openFile/get': (body) => {
      const file = drive.get(body.file_id);
      if (!file) throw fail('NotFound.File', 404);
      return { ...file, drive_id: DRIVE_ID, trashed: !!file.trashed };
    },
    '/adrive/v1.0/openFile/recyclebin/trash': (body) => {
      const file = drive.get(body.file_id);
      if (!file) throw fail('NotFound.File', 404);
      file.trashed = true;
      return { drive_id: DRIVE_ID, file_id: body.file_id };
    },
    '/adrive/v1.0/openFile/delete': (body) => {
      if (!drive.has(body.file_id)) throw fail('NotFound.File', 404);
      removeTree(body.file_id);
      return { drive_id: DRIVE_ID, file_id: body.file_id };
    },
  };

  const transport: Transport = {
    async send<T>(req: ApiRequest): Promise<T> {
      const path = new URL(req.url).pathname;
      // The client under test built the body; the fake takes it as the API's request shape.
      const body = (req.body ?? {}) as ApiBody;
      calls.push({ path, body, headers: req.headers ?? {} });
      const route = routes[path];
      if (!route) throw new Error(`unexpected ${req.url}`);
      await Promise.resolve();
      return (await route(body, req)) as T;
    },
  };

  return {
    transport,
    calls,
    state,
    drive,
    count: (path: string) => calls.filter((c) => c.path.endsWith(path)).length,
    /** Bytes a CDN URL of ours serves: its copy's size. */
    sizeOfUrl: (url: string) => drive.get(must(new URL(url).pathname.split('/').pop()))?.size ?? 0,
    addDriveEntry,
    /** The drive's entries directly in a folder (trashed ones included). */
    childrenOf: (parent: string) => children(drive, parent),
    /** Share file id by name (first match). */
    shareId: (name: string) => must([...share.values()].find((e) => e.name === name)).file_id,
    shareEntry: (name: string) => must([...share.values()].find((e) => e.name === name)),
    tempFolder: () =>
      [...drive.values()].find((e) => e.name === 'alipan-share-helper-temp' && e.parent_file_id === 'root'),
    tempChildren() {
      const folder = this.tempFolder();
      return folder ? children(drive, folder.file_id) : [];
    },
  };
}

export type FakeAlipan = ReturnType<typeof fakeAlipan>;

/**
 * A hand-driven `chrome.downloads`: downloads stay in progress until a test ends them. `sizeOf`
 * tells how many bytes a URL serves (what a completed download holds on disk by default).
 */
export function fakeDownloads(sizeOf: (url: string) => number = () => 1, firstId = 1) {
  type Item = DownloadSnapshot & { url: string; filename: string };
  const items = new Map<number, Item>();
  let next = firstId;
  let peak = 0;
  const inProgress = () => [...items.values()].filter((d) => d.state === 'in_progress');
  /** What Chromium's `uniquify` does: a name taken by a file on disk or a download under way gets " (n)". */
  const taken = (name: string) =>
    [...items.values()].some(
      (d) => d.filename === name && (d.state === 'in_progress' || (d.state === 'complete' && d.exists !== false)),
    );
  const uniquify = (name: string) => {
    const dot = name.lastIndexOf('.');
    const [base, ext] = dot > name.lastIndexOf('/') ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 1; taken(candidate); n++) candidate = `${base} (${n})${ext}`;
    return candidate;
  };
  const log: string[] = [];
  const port: DownloadsPort & { refuse?: string } = {
    async download(options) {
      if (port.refuse) throw new Error(port.refuse);
      const id = next++;
      const size = sizeOf(options.url);
      items.set(id, {
        id,
        state: 'in_progress',
        bytesReceived: 0,
        totalBytes: size,
        url: options.url,
        filename: uniquify(options.filename),
      });
      log.push(`download ${id}`);
      peak = Math.max(peak, inProgress().length);
      return id;
    },
    async search(query) {
      const found = 'id' in query ? [items.get(query.id)] : [...items.values()].filter((d) => d.url === query.url);
      return found.filter((d) => d !== undefined).map((d) => ({ ...d }));
    },
    async cancel(id) {
      log.push(`cancel ${id}`);
      const item = items.get(id);
      if (item && item.state !== 'complete')
        Object.assign(item, { state: 'interrupted', error: 'USER_CANCELED', canResume: false });
    },
    async resume(id) {
      log.push(`resume ${id}`);
      const item = items.get(id);
      if (item?.state !== 'interrupted' || !item.canResume) throw new Error('Download must be resumable');
      Object.assign(item, { state: 'in_progress', error: undefined });
    },
    async removeFile(id) {
      log.push(`removeFile ${id}`);
      const item = items.get(id);
      if (item?.state !== 'complete') throw new Error('Download must be complete');
      item.exists = false;
    },
    async erase({ id }) {
      log.push(`erase ${id}`);
      items.delete(id);
      return [id];
    },
  };
  return {
    port,
    items,
    log,
    inProgress,
    peak: () => peak,
    /** Ends a download with `bytes` on disk (default: all the URL serves); returns the `onChanged` delta. */
    complete(id: number, bytes?: number): DownloadDelta {
      const item = must(items.get(id));
      const size = bytes ?? item.totalBytes;
      Object.assign(item, { state: 'complete', bytesReceived: size, fileSize: size, exists: true });
      return { id, state: { current: 'complete' } };
    },
    interrupt(id: number, reason = 'NETWORK_FAILED', canResume = false): DownloadDelta {
      Object.assign(must(items.get(id)), { state: 'interrupted', error: reason, canResume });
      return { id, state: { current: 'interrupted' }, error: { current: reason } };
    },
    progress(id: number, bytes: number) {
      must(items.get(id)).bytesReceived = bytes;
    },
    /** The user pauses it in the browser, or the browser holds it at the dangerous-file prompt. */
    hold(id: number, how: { paused?: boolean; danger?: string }): DownloadDelta {
      Object.assign(must(items.get(id)), how);
      return {
        id,
        ...(how.paused !== undefined ? { paused: { current: how.paused } } : {}),
        ...(how.danger ? { danger: { current: how.danger } } : {}),
      };
    },
  };
}

/** A signed-in account (both tokens checked, warm) over the fake; the setup calls are cleared from the log. */
export async function signedInAccount(api: FakeAlipan, store = memoryStore()) {
  const account = new AccountService({ transport: api.transport, store });
  const view = await account.save({ webRefreshToken: 'web-refresh', openRefreshToken: 'open-refresh' });
  if (view.state !== 'ok') throw new Error(`account not ok: ${JSON.stringify(view)}`);
  api.calls.length = 0;
  return { account, store };
}

/**
 * An external downloader (aria2) over a hand-driven `fakeDownloads` whose ids start at 2^32, as
 * aria2's do; `down` makes it unready, `refuse` fails the start of files by name.
 */
export function fakeExternalDownloader(sizeOf: (url: string) => number) {
  const downloads = fakeDownloads(sizeOf, 2 ** 32);
  const started: { url: string; filename: string; sha1?: string }[] = [];
  const downloader = {
    ...downloads,
    started,
    down: undefined as AlipanError | undefined,
    /** File names (last path segment) whose start fails with this error. */
    refuse: new Map<string, AlipanError>(),
    external: {
      ...downloads.port,
      async ready() {
        if (downloader.down) throw downloader.down;
      },
      async download(file: { url: string; filename: string; sha1?: string }) {
        const refusal = downloader.refuse.get(must(file.filename.split('/').pop()));
        if (refusal) throw refusal;
        started.push(file);
        return downloads.port.download({
          url: file.url,
          filename: file.filename,
          conflictAction: 'uniquify',
          saveAs: false,
        });
      },
    },
  };
  return downloader;
}

/** The copy journal as stored: what a new worker would read. */
export async function storedJournal(store: KeyValueStore): Promise<CopyEntry[]> {
  const journal = new CopyJournal(store);
  await journal.load();
  return [...journal.all()];
}
