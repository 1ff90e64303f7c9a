/**
 * A fake aria2 JSON-RPC endpoint (`aria2c --enable-rpc --rpc-secret=<secret>`) on 127.0.0.1. It
 * answers as aria2 does — errors as `{error: {code, message}}` with HTTP 400, `Unauthorized` for a
 * wrong token — and, like aria2 without `--rpc-allow-origin-all`, sends no CORS headers: only a
 * caller with the host permission gets through.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Aria2Call {
  method: string;
  /** Without the `token:` parameter. */
  params: unknown[];
}

export interface FakeAria2 {
  port: number;
  endpoint: string;
  /** Authorized calls, in order. */
  calls: Aria2Call[];
  close(): Promise<void>;
}

export async function startFakeAria2(secret: string): Promise<FakeAria2> {
  const calls: Aria2Call[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, id: unknown, payload: object) => {
        res.writeHead(status, { 'content-type': 'application/json-rpc' });
        res.end(JSON.stringify({ id, jsonrpc: '2.0', ...payload }));
      };
      if (req.method !== 'POST' || req.url !== '/jsonrpc') return reply(404, null, { error: { code: -32600, message: 'Invalid Request.' } });
      let body: { id?: unknown; method?: string; params?: unknown[] };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        return reply(400, null, { error: { code: -32700, message: 'Parse error.' } });
      }
      const [token, ...params] = body.params ?? [];
      if (token !== `token:${secret}`) return reply(400, body.id, { error: { code: 1, message: 'Unauthorized' } });
      calls.push({ method: body.method ?? '', params });
      if (body.method === 'aria2.getVersion') return reply(200, body.id, { result: { version: '1.37.0', enabledFeatures: ['HTTPS'] } });
      if (body.method === 'aria2.addUri') return reply(200, body.id, { result: randomBytes(8).toString('hex') });
      reply(400, body.id, { error: { code: 1, message: `No such method: ${body.method}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}/jsonrpc`,
    calls,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address where nothing listens (a port that was free a moment ago). */
export async function closedEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/jsonrpc`;
}
