/** Request context, errors and JSON replies shared by every route. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync } from 'node:zlib';
import type { JsonObject, RequestFacts } from './types.ts';

export type HostGroup = 'auth' | 'api' | 'user' | 'openapi' | 'renew' | 'cdn' | 'site' | 'shortener';

export interface Ctx extends RequestFacts {
  req: IncomingMessage;
  res: ServerResponse;
  /** Records the request in the log; called once, before the response is written. */
  log(status: number, code?: string): void;
}

/** What a handler returns when it has written the response itself (CDN streams). */
export const HANDLED = Symbol('handled');

/** Returns the 200 JSON body, or HANDLED. */
type Handler = (ctx: Ctx) => unknown;

/** Keyed "METHOD /path". */
export type Routes = Record<string, Handler>;
export type RouteTable = Partial<Record<HostGroup, Routes>>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const DOMAIN_ID = 'bj29';
export const CDN_HOST = 'cn-beijing-data.aliyundrive.net';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-retry-after, retry-after, content-range, content-length',
};

/**
 * The API hosts answer any origin. The CDN gets none: alipan-api.md does not promise CORS on its
 * answers, so a page must reach it through a host permission (as the preview pane does), never
 * thanks to the fake. `<img>`, `<video>` and browser downloads need no CORS.
 */
export function corsHeaders(ctx: Pick<Ctx, 'host'>): Record<string, string> {
  return ctx.host === CDN_HOST ? {} : CORS_HEADERS;
}

/** Logs, then writes JSON; brotli when the client accepts it, as the renew relay does (§2). */
export function sendJson(
  ctx: Ctx,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  code?: string,
): void {
  ctx.log(status, code);
  let payload = Buffer.from(JSON.stringify(body));
  const out: Record<string, string> = {
    ...corsHeaders(ctx),
    'content-type': 'application/json;charset=UTF-8',
    ...headers,
  };
  if (/\bbr\b/.test(ctx.headers['accept-encoding'] ?? '')) {
    payload = brotliCompressSync(payload);
    out['content-encoding'] = 'br';
  }
  ctx.res.writeHead(status, { ...out, 'content-length': String(payload.length) });
  ctx.res.end(payload);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One item of a logged `/adrive/v4/batch` body (§7), its own body always an object. */
export interface BatchItem {
  id?: unknown;
  url?: unknown;
  body: JsonObject;
}

/** The items of a logged `/adrive/v4/batch` body: what tests count copies and polls by. */
export function batchItems(body: JsonObject): BatchItem[] {
  const items = Array.isArray(body.requests) ? body.requests.filter(isJsonObject) : [];
  return items.map((item) => ({ ...item, body: isJsonObject(item.body) ? item.body : {} }));
}

/** A required string field of the JSON body; 400 InvalidParameter.<Name> when missing. */
export function requireField(body: JsonObject, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    const pascal = name.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase());
    throw new ApiError(400, `InvalidParameter.${pascal}`, `The input parameter ${name} is not valid.`);
  }
  return value;
}
