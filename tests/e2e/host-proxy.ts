/**
 * A tiny HTTP proxy on 127.0.0.1 that stands in for DNS: Firefox has no host-resolver flag, so
 * its `network.proxy.*` prefs point here and the named hosts reach local servers under their real
 * names. HTTPS goes through `CONNECT host:port` (tunnelled to the fake's port, TLS untouched); plain
 * HTTP page hosts come as absolute-form requests and are forwarded. Every other host is refused, so
 * the browser under test reaches nothing but the servers a test started.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface HostProxy {
  port: number;
  /** `host:port` (CONNECT) or URLs (plain HTTP) asked for and refused, in order. */
  refused: string[];
  close(): Promise<void>;
}

/** `routes`: host name → local port (on 127.0.0.1) that serves it. */
export async function startHostProxy(routes: Readonly<Record<string, number>>): Promise<HostProxy> {
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const portOf = (host: string) => (Object.hasOwn(routes, host.toLowerCase()) ? routes[host.toLowerCase()] : undefined);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let target: URL | undefined;
    try {
      target = new URL(req.url ?? '');
    } catch {
      target = undefined;
    }
    const port = target?.protocol === 'http:' ? portOf(target.hostname) : undefined;
    if (!target || port === undefined) {
      refused.push(req.url ?? '');
      res.writeHead(403, { 'content-type': 'text/plain' }).end('refused by the test proxy');
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    const host = authority.replace(/:\d+$/, '');
    const port = portOf(host);
    if (port === undefined) {
      refused.push(authority);
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // One side breaking off ends the tunnel: nobody is left to tell.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    refused,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
