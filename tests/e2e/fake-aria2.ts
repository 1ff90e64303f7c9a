/**
 * A fake aria2 JSON-RPC endpoint (`aria2c --enable-rpc --rpc-secret=<secret>`) on 127.0.0.1 that
 * really downloads: each `aria2.addUri` fetches its URL from the fake Alipan CDN (HTTPS, by host
 * name) into `<dir>/<out>` on disk, one connection, and reports it through `aria2.tellStatus` as
 * aria2 does — `error` with errorCode 22 and "status=403" for a refused link, 6 for a cut, 32
 * for a failed `checksum` — resuming its own partial file (`continue`, with the `.aria2` control
 * file) when a download is added again. Errors are `{error: {code, message}}` with HTTP 400,
 * `Unauthorized` for a wrong token; like aria2 without `--rpc-allow-origin-all`, it sends no CORS
 * headers: only a caller with the host permission gets through.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { must } from '../must';

interface Aria2Call {
  method: string;
  /** Without the `token:` parameter. */
  params: unknown[];
}

export interface FakeAria2 {
  port: number;
  endpoint: string;
  /** Authorized calls, in order. */
  calls: Aria2Call[];
  /** Downloads running now, and the most at once. */
  readonly active: number;
  readonly peak: number;
  close(): Promise<void>;
}

interface Task {
  gid: string;
  uri: string;
  path: string;
  status: 'active' | 'complete' | 'error' | 'removed';
  totalLength: number;
  completedLength: number;
  errorCode?: string;
  errorMessage?: string;
  sha1?: string;
  abort?: () => void;
}

/** `fake`: where the CDN hosts of the URLs are served (the fake Alipan's port, any host name). */
export async function startFakeAria2(secret: string, cdn?: { port: number }): Promise<FakeAria2> {
  const calls: Aria2Call[] = [];
  const tasks = new Map<string, Task>();
  let peak = 0;
  const active = () => [...tasks.values()].filter((t) => t.status === 'active').length;

  const fail = (task: Task, code: string, message: string) =>
    Object.assign(task, { status: 'error', errorCode: code, errorMessage: message });

  /** One GET of the URL into the task's file, from where its partial file stops. */
  function fetchInto(task: Task, resume: boolean): void {
    const url = new URL(task.uri);
    const control = `${task.path}.aria2`;
    const from = resume && existsSync(task.path) ? statSync(task.path).size : 0;
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: cdn?.port,
        servername: url.hostname,
        method: 'GET',
        path: url.pathname + url.search,
        headers: { host: url.hostname, ...(from > 0 ? { range: `bytes=${from}-` } : {}) },
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200 && status !== 206) {
          res.resume();
          return fail(task, '22', `The response status is not successful. status=${status}`);
        }
        const offset = status === 206 ? from : 0;
        mkdirSync(dirname(task.path), { recursive: true });
        writeControl(control);
        const out = createWriteStream(task.path, { flags: offset > 0 ? 'r+' : 'w', start: offset });
        task.completedLength = offset;
        task.totalLength = offset + Number(res.headers['content-length'] ?? 0);
        res.on('data', (chunk: Buffer) => (task.completedLength += chunk.length));
        res.on('aborted', () => fail(task, '6', 'Network problem has occurred. cause:Connection reset by peer'));
        res.pipe(out);
        out.on('close', () => {
          if (task.status !== 'active') return;
          if (task.completedLength < task.totalLength) return fail(task, '6', 'Network problem has occurred.');
          rmSync(control, { force: true });
          const sha1 = createHash('sha1').update(readFileSync(task.path)).digest('hex');
          if (task.sha1 && sha1 !== task.sha1) return fail(task, '32', 'Checksum validation failed.');
          task.status = 'complete';
        });
      },
    );
    req.on(
      'error',
      (e) => task.status === 'active' && fail(task, '6', `Network problem has occurred. cause:${e.message}`),
    );
    task.abort = () => req.destroy();
    req.end();
  }

  function addUri([uris, options]: [string[], Record<string, string>]): string {
    const gid = options.gid ?? randomBytes(8).toString('hex');
    const path = join(options.dir ?? '.', options.out ?? 'download');
    const resume = options.continue === 'true' && existsSync(path);
    const sha1 = options.checksum?.startsWith('sha-1=') ? options.checksum.slice('sha-1='.length) : undefined;
    const task: Task = {
      gid,
      uri: must(uris[0]),
      path,
      status: 'active',
      totalLength: 0,
      completedLength: 0,
      ...(sha1 ? { sha1 } : {}),
    };
    tasks.set(gid, task);
    peak = Math.max(peak, active());
    fetchInto(task, resume);
    return gid;
  }

  function statusOf(task: Task) {
    const { gid, status, totalLength, completedLength, errorCode, errorMessage, path, uri } = task;
    return {
      gid,
      status,
      totalLength: String(totalLength),
      completedLength: String(completedLength),
      ...(errorCode ? { errorCode, errorMessage } : {}),
      files: [{ index: '1', path, uris: [{ uri, status: 'used' }] }],
    };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, id: unknown, payload: object) => {
        res.writeHead(status, { 'content-type': 'application/json-rpc' });
        res.end(JSON.stringify({ id, jsonrpc: '2.0', ...payload }));
      };
      if (req.method !== 'POST' || req.url !== '/jsonrpc')
        return reply(404, null, { error: { code: -32600, message: 'Invalid Request.' } });
      let body: { id?: unknown; method?: string; params?: unknown[] };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        return reply(400, null, { error: { code: -32700, message: 'Parse error.' } });
      }
      const [token, ...params] = body.params ?? [];
      if (token !== `token:${secret}`) return reply(400, body.id, { error: { code: 1, message: 'Unauthorized' } });
      calls.push({ method: body.method ?? '', params });
      const ok = (result: unknown) => reply(200, body.id, { result });
      const task = tasks.get(String(params[0]));
      const notFound = () =>
        reply(400, body.id, { error: { code: 1, message: `GID ${String(params[0])} is not found` } });
      switch (body.method) {
        case 'aria2.getVersion':
          return ok({ version: '1.37.0', enabledFeatures: ['HTTPS'] });
        case 'aria2.addUri':
          return ok(addUri(params as [string[], Record<string, string>]));
        case 'aria2.tellStatus':
          return task ? ok(statusOf(task)) : notFound();
        case 'aria2.tellActive':
          return ok([...tasks.values()].filter((t) => t.status === 'active').map(statusOf));
        case 'aria2.tellWaiting':
          return ok([]);
        case 'aria2.tellStopped':
          return ok([...tasks.values()].filter((t) => t.status !== 'active').map(statusOf));
        case 'aria2.forceRemove':
        case 'aria2.remove':
          if (task?.status !== 'active') return notFound();
          task.abort?.();
          task.status = 'removed';
          return ok(task.gid);
        case 'aria2.removeDownloadResult':
          if (!task || task.status === 'active') return notFound();
          tasks.delete(task.gid);
          return ok('OK');
        case 'aria2.unpause':
          return task?.status === 'active' ? ok(task.gid) : notFound();
      }
      reply(400, body.id, { error: { code: 1, message: `No such method: ${body.method}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}/jsonrpc`,
    calls,
    get active() {
      return active();
    },
    get peak() {
      return peak;
    },
    close: () => {
      for (const task of tasks.values()) task.abort?.();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** aria2's control file: its presence says the file beside it is a partial download of aria2's own. */
function writeControl(path: string): void {
  if (!existsSync(path)) createWriteStream(path).end('fake aria2 control file');
}

/** An address where nothing listens (a port that was free a moment ago). */
export async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/jsonrpc`;
}
