/**
 * aria2's JSON-RPC interface (`aria2c --enable-rpc`): the request bodies the background POSTs and
 * where aria2 puts each file. Pure: no fetch, no storage.
 */

export const DEFAULT_ARIA2_ENDPOINT = 'http://localhost:6800/jsonrpc';

/** A file whose link was exported: the signed CDN URL, and `<share>/<folders…>/<file>` (safe segments, filename.ts). */
export interface ExportedFile {
  url: string;
  filename: string;
}

/** aria2's per-download `dir` and `out` options. */
export interface Aria2Placement {
  dir?: string;
  out: string;
}

/**
 * Where aria2 writes a file. With a base folder: `dir` = `<base>/<share>/<folders…>`, `out` = the
 * file's name. Without one, aria2's own `--dir` is the base: `out` is always taken relative to it
 * (sub-folders included), whereas a relative `dir` would be relative to wherever aria2 started.
 */
export function aria2Placement(filename: string, baseDir: string): Aria2Placement {
  const base = baseDir.trim();
  if (!base) return { out: filename };
  const folders = filename.split('/');
  const out = folders.pop() ?? filename; // split() gives at least one part
  return { dir: [base.replace(/[\\/]+$/, ''), ...folders].join('/'), out };
}

export interface RpcRequest {
  jsonrpc: '2.0';
  id: string;
  method: string;
  params: unknown[];
}

/** A JSON-RPC error as aria2 sends it, e.g. `{code: 1, message: 'Unauthorized'}`. */
interface RpcError {
  code: number;
  message: string;
}

export type RpcReply<T> = { id?: string; result: T } | { id?: string; error: RpcError };

/** With `--rpc-secret`, aria2 wants `token:<secret>` (one colon) as every call's first parameter. */
export function rpcRequest(id: string, method: string, params: unknown[], secret: string): RpcRequest {
  return { jsonrpc: '2.0', id, method, params: secret ? [`token:${secret}`, ...params] : params };
}

/**
 * `aria2.addUri([url], options)`: one call per file, so every file gets its own answer. The GID is
 * ours (so a restarted worker finds the download again); one connection per download, so that
 * the downloads the pipeline runs at once are the connections Alipan counts (§8: 2 per app);
 * `continue` picks up our own partial file when a download is started again on a fresh link; with
 * the file's SHA-1 aria2 checks the bytes itself (an error body never passes as the file).
 */
export function addUriRequest(
  id: string,
  file: ExportedFile & { gid: string; sha1?: string },
  opts: { secret: string; baseDir: string },
): RpcRequest {
  const options = {
    ...aria2Placement(file.filename, opts.baseDir),
    gid: file.gid,
    split: '1',
    'max-connection-per-server': '1',
    continue: 'true',
    ...(file.sha1 ? { checksum: `sha-1=${file.sha1.toLowerCase()}` } : {}),
  };
  return rpcRequest(id, 'aria2.addUri', [[file.url], options], opts.secret);
}

/** What the pipeline reads of a download (aria2.tellStatus keys). */
export const STATUS_KEYS = ['gid', 'status', 'totalLength', 'completedLength', 'errorCode', 'errorMessage', 'files'];

export interface Aria2Status {
  gid: string;
  status: 'active' | 'waiting' | 'paused' | 'error' | 'complete' | 'removed';
  totalLength?: string;
  completedLength?: string;
  errorCode?: string;
  errorMessage?: string;
  files?: { path?: string; uris?: { uri: string }[] }[];
}

/** `aria2.getVersion`: the cheapest call that proves the address answers and takes the secret. */
export function getVersionRequest(id: string, secret: string): RpcRequest {
  return rpcRequest(id, 'aria2.getVersion', [], secret);
}
