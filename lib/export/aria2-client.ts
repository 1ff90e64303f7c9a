/**
 * The user's aria2 over JSON-RPC, from the background: its fetch reaches the endpoint through the
 * host permission (aria2 answers no CORS preflight unless started with `--rpc-allow-origin-all`).
 * The pipeline's downloader for export jobs with target `aria2`: it starts each download when the
 * pipeline has a slot and a fresh link for it, and is polled for how each one goes.
 */
import type { DownloadSnapshot, ExternalDownloader } from '../downloads/ports';
import {
  type Aria2Status,
  addUriRequest,
  getVersionRequest,
  type RpcReply,
  type RpcRequest,
  rpcRequest,
  STATUS_KEYS,
} from './aria2';
import type { Aria2SettingsStore } from './aria2-settings';
import { snapshotOf } from './aria2-status';
import { aria2RefusedError, aria2UnauthorizedError, aria2UnreachableError } from './errors';

/** A stalled endpoint must not hold a file in "linking" forever. */
const RPC_TIMEOUT_MS = 10_000;

/**
 * Our download ids are aria2 GIDs (16 hex digits) read as numbers, drawn at or above 2^32 so that
 * they never meet the browser's small sequential ids in the copy journal.
 */
const ID_FLOOR = 2 ** 32;
const ID_SPAN = 2 ** 48 - ID_FLOOR;
const gidOf = (id: number) => id.toString(16).padStart(16, '0');

export class Aria2Client implements ExternalDownloader {
  private calls = 0;

  constructor(private readonly deps: { settings: Aria2SettingsStore; fetch?: typeof globalThis.fetch }) {}

  /** aria2's version: proves the address answers and accepts the secret. */
  async version(): Promise<string> {
    const { endpoint, secret } = await this.deps.settings.withSecret();
    const result = await this.call<{ version?: string }>(endpoint, getVersionRequest(this.nextId(), secret));
    return result.version ?? '';
  }

  /** Checked before an export job copies anything, so a stopped aria2 costs no copy. */
  async ready(): Promise<void> {
    await this.version();
  }

  /** `aria2.addUri` for one file, started at once; resolves to its id (its GID as a number). */
  async download(file: { url: string; filename: string; sha1?: string }): Promise<number> {
    const { endpoint, secret, baseDir } = await this.deps.settings.withSecret();
    const id = ID_FLOOR + Math.floor(Math.random() * ID_SPAN);
    await this.call<string>(endpoint, addUriRequest(this.nextId(), { ...file, gid: gidOf(id) }, { secret, baseDir }));
    return id;
  }

  /** By id (`aria2.tellStatus`), or by the URL a download was started with (every list aria2 keeps). */
  async search(query: { id: number } | { url: string }): Promise<DownloadSnapshot[]> {
    if ('id' in query) {
      const status = await this.rpc<Aria2Status>('aria2.tellStatus', [gidOf(query.id), STATUS_KEYS]).catch(
        () => undefined,
      );
      return status ? [snapshotOf(query.id, status)] : [];
    }
    const lists = await Promise.all([
      this.rpc<Aria2Status[]>('aria2.tellActive', [STATUS_KEYS]),
      this.rpc<Aria2Status[]>('aria2.tellWaiting', [0, 1000, STATUS_KEYS]),
      this.rpc<Aria2Status[]>('aria2.tellStopped', [0, 1000, STATUS_KEYS]),
    ]);
    return lists
      .flat()
      .filter((s) => s.files?.some((f) => f.uris?.some((u) => u.uri === query.url)))
      .map((s) => snapshotOf(parseInt(s.gid, 16), s));
  }

  async cancel(id: number): Promise<void> {
    await this.rpc('aria2.forceRemove', [gidOf(id)]);
  }

  /** A paused download goes on; a stopped one (error) cannot, and the pipeline starts it again. */
  async resume(id: number): Promise<void> {
    await this.rpc('aria2.unpause', [gidOf(id)]);
  }

  /**
   * aria2's RPC cannot delete files: a wrong file stays until the next start of its download
   * replaces it (`continue` plus the SHA-1 check never lets it pass as done).
   */
  async removeFile(): Promise<void> {
    throw new Error('aria2 cannot delete files over RPC');
  }

  async erase({ id }: { id: number }): Promise<unknown> {
    return this.rpc('aria2.removeDownloadResult', [gidOf(id)]);
  }

  private async rpc<T>(method: string, params: unknown[]): Promise<T> {
    const { endpoint, secret } = await this.deps.settings.withSecret();
    return this.call<T>(endpoint, rpcRequest(this.nextId(), method, params, secret));
  }

  private async call<T>(endpoint: string, body: RpcRequest): Promise<T> {
    const fetch = this.deps.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
      });
    } catch (e) {
      throw aria2UnreachableError(endpoint, String((e as Error)?.message ?? e));
    }
    // aria2 sends its JSON-RPC errors with a non-2xx status: read the body either way.
    const reply = (await response.json().catch(() => undefined)) as RpcReply<T> | undefined;
    if (reply && 'result' in reply) return reply.result;
    if (reply && 'error' in reply && reply.error) {
      if (reply.error.message === 'Unauthorized') throw aria2UnauthorizedError();
      throw aria2RefusedError(`${reply.error.message} (${reply.error.code})`);
    }
    throw aria2RefusedError(`HTTP ${response.status}, not a JSON-RPC answer`);
  }

  private nextId(): string {
    return `alipan-share-helper-${++this.calls}`;
  }
}
