/** A tiny HTTPS client for tests: reaches the fake on 127.0.0.1 with any Host / SNI name. */

import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface FakeRequestOptions {
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are. */
  body?: unknown;
}

export interface FakeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Decoded body bytes (brotli / gzip undone). */
  raw: Buffer;
  /** The parsed body when it is JSON, else undefined. */
  json: any;
}

function encodeBody(body: unknown): { payload?: Buffer; type?: string } {
  if (body === undefined) return {};
  if (typeof body === 'string' || Buffer.isBuffer(body)) return { payload: Buffer.from(body) };
  return { payload: Buffer.from(JSON.stringify(body)), type: 'application/json' };
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return brotliDecompressSync(raw);
  if (encoding === 'gzip') return gunzipSync(raw);
  return raw;
}

export function request(
  port: number,
  host: string,
  method: string,
  path: string,
  opts: FakeRequestOptions = {},
): Promise<FakeResponse> {
  const { payload, type } = encodeBody(opts.body);
  const headers: Record<string, string> = {
    host,
    ...(type ? { 'content-type': type } : {}),
    ...(payload ? { 'content-length': String(payload.length) } : {}),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, servername: host, method, path, headers, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = decode(Buffer.concat(chunks), res.headers['content-encoding']);
          const json =
            /json/.test(res.headers['content-type'] ?? '') && raw.length ? JSON.parse(raw.toString()) : undefined;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, json });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
