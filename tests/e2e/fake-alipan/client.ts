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
  json: AnswerJson;
}

/** A file or folder in a listing or a file answer (snake_case, as the API has it). */
export interface FileJson {
  file_id: string;
  name: string;
  type: 'file' | 'folder';
  trashed?: boolean;
  [field: string]: unknown;
}

/**
 * The fake's JSON answers as the tests read them: each endpoint sets its own few of these
 * fields, an error sets code and message (the renew relay's, text).
 */
interface AnswerJson {
  code?: string;
  message?: string;
  requestId?: string;
  text?: string;
  access_token?: string;
  refresh_token?: string;
  share_token?: string;
  has_pwd?: boolean;
  creator_name?: string;
  file_infos?: FileJson[];
  items?: FileJson[];
  next_marker?: string;
  responses?: { id: string; status: number; body: AnswerJson }[];
  resource_drive_id?: string;
  default_drive_id?: string;
  personal_space_info?: { used_size: number; total_size: number };
  file_id?: string;
  trashed?: boolean;
  async_task_id?: string;
  state?: string;
  url?: string;
  expiration?: string;
  content_hash?: string;
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
