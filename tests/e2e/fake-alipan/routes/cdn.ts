/** The download CDN (§8): signed, expiring URLs, no foreign Referer, Range, ≤2 downloads per app and ≤3 per user. */
import type { ServerResponse } from 'node:http';
import { must } from '../../../must.ts';
import type { Content } from '../drive.ts';
import type { Faults } from '../faults.ts';
import { ApiError, type Ctx, HANDLED, type RouteTable } from '../http.ts';
import { requestId } from '../ids.ts';
import type { DownloadGrant, State, UserRecord } from '../state.ts';
import type { ErrorBodyRule } from '../types.ts';

/** §8: at most 2 download connections per user per app, 3 per user in total. */
const MAX_DOWNLOADS_PER_APP = 2;
const MAX_DOWNLOADS_PER_USER = 3;
const CHUNK = 64 * 1024;
const THROTTLE_TICK_MS = 100;
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const TOO_MANY_REQUESTS_BODY = '{"code":"TooManyRequests","message":"Too Many Requests"}';

function denied(message: string): ApiError {
  return new ApiError(403, 'AccessDenied', message);
}

/** The grant the URL's signature names, checked against the URL's other parameters and the clock. */
function liveGrant(state: State, query: Record<string, string>): DownloadGrant {
  const grant = state.downloadGrants.get(query['x-oss-signature'] ?? '');
  const same =
    grant &&
    query['x-oss-expires'] === String(grant.expires) &&
    query.f === grant.fileId &&
    query.dr === grant.driveId &&
    query.u === grant.userId;
  if (!grant || !same)
    throw new ApiError(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  if (grant.expiresAt <= Date.now()) throw denied('Request has expired.');
  return grant;
}

interface ByteRange {
  start: number;
  end: number;
  partial: boolean;
}

/**
 * OSS GetObject's Range: one valid `bytes=` range gets 206 and its Content-Range. By default
 * OSS ignores any other Range — several ranges, first > last, or reaching past the last byte,
 * even in part — and sends the whole object with 200, so a client must check for 206 itself.
 * With `x-oss-range-behavior: standard` a range running past the end is cut to it (206) and one
 * starting past it is refused (416 InvalidRange).
 */
function byteRange(header: string | undefined, size: number, standard: boolean): ByteRange {
  const whole = { start: 0, end: size, partial: false };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return whole;
  const suffix = m[1] === '';
  const start = suffix ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  if (start >= size) {
    if (!standard) return whole;
    throw new ApiError(416, 'InvalidRange', 'The requested range cannot be satisfied.', {
      'content-range': `bytes */${size}`,
    });
  }
  const last = suffix || m[2] === '' ? size - 1 : Number(m[2]);
  if (last < start || (last >= size && !standard)) return whole;
  return { start, end: Math.min(size, last + 1), partial: true };
}

/** 403 ExceedMaxConcurrency when one more download would break a cap of §8. */
function assertDownloadSlot(user: UserRecord, appId: string): void {
  const { active, activeByApp } = user.downloads;
  const over = (what: string, max: number) =>
    new ApiError(403, 'ExceedMaxConcurrency', `More than ${max} concurrent downloads ${what}.`);
  if ((activeByApp[appId] ?? 0) >= MAX_DOWNLOADS_PER_APP) throw over('for this app', MAX_DOWNLOADS_PER_APP);
  if (active >= MAX_DOWNLOADS_PER_USER) throw over('for this account', MAX_DOWNLOADS_PER_USER);
}

/** Counts the download, in all and for its app, until its last byte is sent ('finish') or it is aborted ('close'). */
function trackDownload(user: UserRecord, appId: string, res: ServerResponse): void {
  const d = user.downloads;
  const count = (delta: number) => {
    d.active += delta;
    d.activeByApp[appId] = (d.activeByApp[appId] ?? 0) + delta;
  };
  count(1);
  d.peak = Math.max(d.peak, d.active);
  d.peakByApp[appId] = Math.max(d.peakByApp[appId] ?? 0, must(d.activeByApp[appId]));
  let counted = true;
  const done = () => {
    if (counted) count(-1);
    counted = false;
  };
  res.on('finish', done);
  res.on('close', done);
}

/**
 * Writes content[start, end) in chunks; a throttled user gets bytesPerSec/10 every 100 ms.
 * A cut stops after `cutAfter` bytes and destroys the socket: the client sees the network fail mid-file.
 */
function pump(res: ServerResponse, content: Content, range: ByteRange, bytesPerSec: number, cutAfter = Infinity): void {
  const chunkSize = bytesPerSec > 0 ? Math.max(1, Math.floor((bytesPerSec * THROTTLE_TICK_MS) / 1000)) : CHUNK;
  const later = (fn: () => void) => (bytesPerSec > 0 ? setTimeout(fn, THROTTLE_TICK_MS) : setImmediate(fn));
  const stop = Math.min(range.end, range.start + cutAfter);
  let at = range.start;
  const next = (): void => {
    if (res.destroyed) return;
    const chunk = content.read(at, Math.min(stop, at + chunkSize));
    at += chunk.length;
    // Ending with the last chunk: the download stops counting as soon as the client has it all.
    if (at >= range.end) res.end(chunk);
    else if (at >= stop) res.write(chunk, () => res.destroy());
    else if (res.write(chunk)) later(next);
    else res.once('drain', () => later(next));
  };
  next();
}

/** A whole small body with status 200. */
function sendSmall(ctx: Ctx, contentType: string, body: Buffer): typeof HANDLED {
  ctx.log(200);
  ctx.res.writeHead(200, { 'content-type': contentType, 'content-length': String(body.length) });
  ctx.res.end(body);
  return HANDLED;
}

/** §8: an error text served as 200 in place of the file; public tools have saved such bodies as files. */
function errorBody(ctx: Ctx, rule: ErrorBodyRule): typeof HANDLED {
  return sendSmall(ctx, rule.contentType ?? 'application/json', Buffer.from(rule.body ?? TOO_MANY_REQUESTS_BODY));
}

function download(state: State, faults: Faults, ctx: Ctx): typeof HANDLED {
  if (ctx.headers.referer) throw denied('You are denied by bucket referer policy.');
  const grant = liveGrant(state, ctx.query);
  const owner = must(state.users.get(grant.userId));
  const file = owner.drive(grant.driveId)?.get(grant.fileId);
  const content = file?.content;
  if (!file || !content) throw new ApiError(404, 'NoSuchKey', 'The specified key does not exist.');
  const isGet = ctx.method === 'GET';
  if (isGet) {
    const spoiled = faults.takeErrorBody(ctx.path, file.name);
    if (spoiled) return errorBody(ctx, spoiled);
    assertDownloadSlot(owner, grant.appId);
  }
  const range = byteRange(ctx.headers.range, content.size, ctx.headers['x-oss-range-behavior'] === 'standard');
  const status = range.partial ? 206 : 200;
  ctx.log(status);
  // No CORS headers (see corsHeaders in http.ts).
  ctx.res.writeHead(status, {
    'content-type': 'application/octet-stream',
    'content-length': String(range.end - range.start),
    'accept-ranges': 'bytes',
    'x-oss-request-id': requestId(),
    ...(range.partial ? { 'content-range': `bytes ${range.start}-${range.end - 1}/${content.size}` } : {}),
  });
  if (isGet) {
    trackDownload(owner, grant.appId, ctx.res);
    pump(ctx.res, content, range, owner.downloadBytesPerSec, faults.takeCut(ctx.path, file.name)?.afterBytes);
  } else {
    ctx.res.end();
  }
  return HANDLED;
}

export function cdnRoutes(state: State, faults: Faults): RouteTable {
  // Listing thumbnails: any 1×1 image will do.
  const serve = (ctx: Ctx) =>
    ctx.path.startsWith('/thumbnail/') ? sendSmall(ctx, 'image/png', PIXEL_PNG) : download(state, faults, ctx);
  return { cdn: { 'GET *': serve, 'HEAD *': serve } };
}
