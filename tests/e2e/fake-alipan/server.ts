/**
 * A fake Alipan (阿里云盘) for end-to-end tests: one HTTPS server answering every host of
 * /work/shared/alipan-api.md, routed by the Host header. Point the browser at it with
 * `--host-resolver-rules="MAP <host> 127.0.0.1:<port>, …"` and it calls the real URLs unchanged.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeCert } from './cert.ts';
import { Faults, PaceLimits } from './faults.ts';
import {
  ApiError,
  CDN_HOST,
  type Ctx,
  corsHeaders,
  HANDLED,
  type HostGroup,
  isJsonObject,
  type Routes,
  type RouteTable,
  readBody,
  sendJson,
} from './http.ts';
import { requestId } from './ids.ts';
import { authRoutes } from './routes/auth.ts';
import { cdnRoutes } from './routes/cdn.ts';
import { openRoutes } from './routes/open.ts';
import { shareRoutes } from './routes/share.ts';
import { shortenerRoutes } from './routes/shortener.ts';
import { siteRoutes } from './routes/site.ts';
import { webRoutes } from './routes/web.ts';
import { State } from './state.ts';
import type { FakeAlipan, LoggedRequest } from './types.ts';

export { type FakeRequestOptions, type FakeResponse, type FileJson, request } from './client.ts';
export { batchItems } from './http.ts';
export type * from './types.ts';

const HOST_GROUPS: Record<string, HostGroup> = {
  'auth.alipan.com': 'auth',
  'auth.aliyundrive.com': 'auth',
  'api.alipan.com': 'api',
  'api.aliyundrive.com': 'api',
  'user.alipan.com': 'user',
  'user.aliyundrive.com': 'user',
  'openapi.alipan.com': 'openapi',
  'openapi.aliyundrive.com': 'openapi',
  'api.oplist.org': 'renew',
  'www.alipan.com': 'site',
  'www.aliyundrive.com': 'site',
  'alywp.net': 'shortener',
  [CDN_HOST]: 'cdn',
};

interface Deps {
  routes: RouteTable;
  faults: Faults;
  log: LoggedRequest[];
}

function mergeRoutes(tables: RouteTable[]): RouteTable {
  const merged: RouteTable = {};
  for (const table of tables) {
    for (const [group, routes] of Object.entries(table) as [HostGroup, Routes][])
      merged[group] = { ...merged[group], ...routes };
  }
  return merged;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
  );
}

function parseJson(raw: Buffer): { value: unknown; ok: boolean } {
  if (raw.length === 0) return { value: undefined, ok: true };
  try {
    return { value: JSON.parse(raw.toString()), ok: true };
  } catch {
    return { value: raw.toString(), ok: false };
  }
}

async function buildCtx(
  req: IncomingMessage,
  res: ServerResponse,
  log: LoggedRequest[],
): Promise<{ ctx: Ctx; jsonOk: boolean }> {
  const url = new URL(req.url ?? '/', 'https://fake');
  const headers = flatHeaders(req);
  const host = (headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const method = req.method ?? 'GET';
  const query = Object.fromEntries(url.searchParams);
  const parsed = parseJson(await readBody(req));
  const body = isJsonObject(parsed.value) ? parsed.value : {};
  const ctx: Ctx = {
    req,
    res,
    host,
    method,
    path: url.pathname,
    query,
    headers,
    body,
    log: (status, code) =>
      log.push({
        time: Date.now(),
        host,
        method,
        path: url.pathname,
        query,
        headers,
        body,
        status,
        code,
      }),
  };
  return { ctx, jsonOk: parsed.ok };
}

/** Preflights pass on the API hosts; the CDN refuses them, as a bucket without CORS rules does. */
function preflight(ctx: Ctx, group: HostGroup | undefined): void {
  if (group === 'cdn') {
    sendError(ctx, group, new ApiError(403, 'AccessForbidden', 'CORS is not enabled for this bucket.'));
    return;
  }
  ctx.log(204);
  ctx.res.writeHead(204, {
    ...corsHeaders(ctx),
    'access-control-allow-methods': 'GET, POST, HEAD, OPTIONS',
    'access-control-allow-headers': ctx.headers['access-control-request-headers'] || '*',
    'access-control-max-age': '86400',
  });
  ctx.res.end();
}

async function dispatch(ctx: Ctx, group: HostGroup | undefined, jsonOk: boolean, deps: Deps): Promise<void> {
  if (!group) throw new ApiError(421, 'MisdirectedRequest', `The fake does not serve ${ctx.host}`);
  const injected = deps.faults.take(ctx.host, ctx.path);
  if (injected) throw injected;
  const page = deps.faults.takeHtml(ctx.host, ctx.path);
  if (page !== undefined) return sendHtml(ctx, page);
  if (!jsonOk) throw new ApiError(400, 'InvalidParameter', 'The request body is not valid JSON.');
  const routes = deps.routes[group] ?? {};
  const handler = routes[`${ctx.method} ${ctx.path}`] ?? routes[`${ctx.method} *`];
  if (!handler) throw new ApiError(404, 'NotFound', `No ${ctx.method} ${ctx.path} on ${ctx.host}`);
  const delay = deps.faults.takeDelay(ctx.host, ctx.path);
  const result = await handler(ctx);
  // The work is done; its answer may never reach a client that stops meanwhile.
  if (delay) await new Promise((r) => setTimeout(r, delay));
  if (result !== HANDLED) sendJson(ctx, 200, result);
}

/** A 200 page in place of the API's answer, logged as `HtmlAnswer`. */
function sendHtml(ctx: Ctx, page: string): void {
  ctx.log(200, 'HtmlAnswer');
  ctx.res.writeHead(200, {
    ...corsHeaders(ctx),
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(page)),
  });
  ctx.res.end(page);
}

/** Errors are {code, message, requestId}, except the renew relay's {text}. */
function sendError(ctx: Ctx, group: HostGroup | undefined, e: unknown): void {
  const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', String(e));
  if (!(e instanceof ApiError)) console.error('fake-alipan:', e);
  if (ctx.res.headersSent) {
    ctx.res.destroy();
    return;
  }
  const body =
    group === 'renew' ? { text: err.message } : { code: err.code, message: err.message, requestId: requestId() };
  sendJson(ctx, err.status, body, err.headers, err.code);
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<void> {
  const { ctx, jsonOk } = await buildCtx(req, res, deps.log);
  const group = HOST_GROUPS[ctx.host];
  if (ctx.method === 'OPTIONS') return preflight(ctx, group);
  try {
    await dispatch(ctx, group, jsonOk, deps);
  } catch (e) {
    sendError(ctx, group, e);
  }
}

export async function startFakeAlipan(): Promise<FakeAlipan> {
  const hosts = Object.keys(HOST_GROUPS);
  const cert = await makeCert(hosts);
  const state = new State();
  const pace = new PaceLimits();
  const faults = new Faults();
  const deps: Deps = {
    routes: mergeRoutes([
      authRoutes(state),
      shareRoutes(state),
      webRoutes(state),
      openRoutes(state, pace),
      cdnRoutes(state, faults),
      siteRoutes(),
      shortenerRoutes(state),
    ]),
    faults,
    log: [],
  };
  const server = createServer({ key: cert.key, cert: cert.pem }, (req, res) => {
    // A request that breaks off mid-body has nobody to answer.
    handle(req, res, deps).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hosts,
    cdnHost: CDN_HOST,
    cert: { pem: cert.pem, spkiSha256: cert.spkiSha256 },
    log: deps.log,
    clearLog: () => void deps.log.splice(0),
    addUser: (u) => state.addUser(u),
    addShare: (s) => void state.addShare(s),
    addShortLink: (code, location) => void state.shortLinks.set(code, location),
    setShareState: (shareId, shareState) => {
      const share = state.shares.get(shareId);
      if (!share) throw new Error(`setShareState: no share ${shareId}`);
      share.state = shareState;
    },
    expireAccessTokens: () => state.expireAccessTokens(),
    expireShareTokens: () => state.expireShareTokens(),
    expireDownloadUrls: () => state.expireDownloadUrls(),
    setAccessTokenTtl: (seconds) => {
      state.accessTtlSec = seconds;
    },
    setDownloadUrlTtl: (seconds) => {
      state.downloadUrlTtlSec = seconds;
    },
    rateLimit: (rule) => faults.rateLimit(rule),
    failNext: (rule) => faults.failNext(rule),
    htmlNext: (rule) => faults.htmlNext(rule),
    cutDownloads: (rule) => faults.cutDownloads(rule),
    errorBodyNext: (rule) => faults.errorBodyNext(rule),
    delayAnswers: (rule) => faults.delayAnswers(rule),
    setMaxSaveFileCount: (count) => {
      state.maxSaveFileCount = count;
    },
    clearFaults: () => faults.clear(),
    setPaceLimits: (on) => {
      pace.enabled = on;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
