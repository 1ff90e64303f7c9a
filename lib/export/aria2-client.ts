/**
 * Sends exported links to the user's aria2 over JSON-RPC, from the background: its fetch reaches
 * the endpoint through the host permission (aria2 answers no CORS preflight unless started with
 * `--rpc-allow-origin-all`). The pipeline's `LinkSink` for export jobs with target `aria2`.
 */
import type { LinkSink } from '../downloads/ports';
import { addUriRequest, getVersionRequest, type ExportedFile, type RpcReply, type RpcRequest } from './aria2';
import type { Aria2SettingsStore } from './aria2-settings';
import { aria2RefusedError, aria2UnauthorizedError, aria2UnreachableError } from './errors';

/** A stalled endpoint must not hold a file in "linking" forever. */
const RPC_TIMEOUT_MS = 10_000;

export class Aria2Client implements LinkSink {
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

  /** `aria2.addUri` for one file; resolves to aria2's id (GID) of the new download. */
  async send(file: ExportedFile): Promise<string> {
    const { endpoint, secret, baseDir } = await this.deps.settings.withSecret();
    return this.call<string>(endpoint, addUriRequest(this.nextId(), file, { secret, baseDir }));
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
