// @vitest-environment node
// Node's WebCrypto seals `secret.aria2` for real (sealed-store.ts).
import { describe, expect, it } from 'vitest';
import {
  addUriRequest,
  aria2Placement,
  DEFAULT_ARIA2_ENDPOINT,
  getVersionRequest,
  type RpcRequest,
} from '../../lib/export/aria2';
import { Aria2Client } from '../../lib/export/aria2-client';
import { ARIA2_SECRET_KEY, ARIA2_SETTINGS_KEY, Aria2SettingsStore } from '../../lib/export/aria2-settings';
import { sealSecrets } from '../../lib/platform/sealed-store';
import { must } from '../must';
import { memoryStore } from './memory-store';

const FILE = { url: 'https://cdn.example/lt/f1?x-oss-expires=1700000000', filename: 'My Share/Season 1/ep1.mkv' };

describe('aria2 placement', () => {
  it('puts a file under <base>/<share>/<folders> with its own name', () => {
    expect(aria2Placement(FILE.filename, '/srv/downloads')).toEqual({
      dir: '/srv/downloads/My Share/Season 1',
      out: 'ep1.mkv',
    });
    expect(aria2Placement('S/a.txt', ' D:\\Downloads\\ ')).toEqual({ dir: 'D:\\Downloads/S', out: 'a.txt' });
    expect(aria2Placement('S/a.txt', '/')).toEqual({ dir: '/S', out: 'a.txt' });
  });

  it('without a base folder, lets aria2 place the whole path under its own --dir', () => {
    expect(aria2Placement(FILE.filename, '')).toEqual({ out: 'My Share/Season 1/ep1.mkv' });
    expect(aria2Placement(FILE.filename, '  ')).toEqual({ out: 'My Share/Season 1/ep1.mkv' });
  });
});

describe('aria2 JSON-RPC payloads', () => {
  const ONE_CONNECTION = { split: '1', 'max-connection-per-server': '1', continue: 'true' };

  it('addUri: the secret as "token:<secret>" first, then [url] and {dir, out}, our GID, one connection, the SHA-1 check', () => {
    expect(
      addUriRequest('7', { ...FILE, gid: '00000001000000ff', sha1: 'ABCDEF' }, { secret: 's3cr3t', baseDir: '/dl' }),
    ).toEqual({
      jsonrpc: '2.0',
      id: '7',
      method: 'aria2.addUri',
      params: [
        'token:s3cr3t',
        [FILE.url],
        {
          dir: '/dl/My Share/Season 1',
          out: 'ep1.mkv',
          gid: '00000001000000ff',
          ...ONE_CONNECTION,
          checksum: 'sha-1=abcdef',
        },
      ],
    });
  });

  it('addUri without a secret sends no token parameter', () => {
    expect(addUriRequest('8', { ...FILE, gid: '0000000100000001' }, { secret: '', baseDir: '' }).params).toEqual([
      [FILE.url],
      { out: 'My Share/Season 1/ep1.mkv', gid: '0000000100000001', ...ONE_CONNECTION },
    ]);
  });

  it('getVersion carries only the token', () => {
    expect(getVersionRequest('1', 'x').params).toEqual(['token:x']);
    expect(getVersionRequest('1', '').params).toEqual([]);
  });
});

async function sealedStore() {
  const raw = memoryStore();
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  return { raw, store: sealSecrets(raw, async () => key) };
}

describe('aria2 settings', () => {
  it('defaults to the local endpoint, unconfigured, without a secret', async () => {
    const settings = new Aria2SettingsStore(memoryStore());
    expect(await settings.view()).toEqual({
      endpoint: DEFAULT_ARIA2_ENDPOINT,
      baseDir: '',
      hasSecret: false,
      configured: false,
    });
  });

  it('keeps the secret under secret.aria2 (sealed where secrets are sealed), never in the view', async () => {
    const { raw, store } = await sealedStore();
    const settings = new Aria2SettingsStore(store);
    const view = await settings.save({
      endpoint: ' http://nas.lan:6800/jsonrpc ',
      baseDir: ' /data ',
      secret: 'hunter2',
    });
    expect(view).toEqual({
      endpoint: 'http://nas.lan:6800/jsonrpc',
      baseDir: '/data',
      hasSecret: true,
      configured: true,
    });
    expect(JSON.stringify(view)).not.toContain('hunter2');
    expect(raw.data.get(ARIA2_SECRET_KEY)).toMatchObject({ sealed: 'AES-GCM' });
    expect(JSON.stringify([...raw.data])).not.toContain('hunter2');
    expect(raw.data.get(ARIA2_SETTINGS_KEY)).toEqual({ endpoint: 'http://nas.lan:6800/jsonrpc', baseDir: '/data' });
    expect((await settings.withSecret()).secret).toBe('hunter2');

    await settings.save({ endpoint: '', baseDir: '', secret: '' }); // empty: keep it
    expect(await settings.withSecret()).toEqual({ endpoint: DEFAULT_ARIA2_ENDPOINT, baseDir: '', secret: 'hunter2' });
    expect((await settings.save({ endpoint: '', baseDir: '', secret: null })).hasSecret).toBe(false);
    expect(raw.data.has(ARIA2_SECRET_KEY)).toBe(false);
  });

  it('refuses an address that is not http(s)', async () => {
    const settings = new Aria2SettingsStore(memoryStore());
    await expect(settings.save({ endpoint: 'ws://localhost:6800/jsonrpc', baseDir: '' })).rejects.toMatchObject({
      code: 'Aria2.BadEndpoint',
    });
    await expect(settings.save({ endpoint: 'localhost:6800', baseDir: '' })).rejects.toMatchObject({
      code: 'Aria2.BadEndpoint',
    });
    expect((await settings.view()).configured).toBe(false);
  });
});

/** A fetch answering like aria2 does: JSON-RPC errors come with HTTP 400. */
function fakeAria2(answer: (body: RpcRequest) => { status?: number; json?: unknown; text?: string } | Error) {
  const calls: { url: string; init: RequestInit; body: RpcRequest }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    const body: RpcRequest = JSON.parse(String(must(init).body));
    calls.push({ url: String(url), init: must(init), body });
    const reply = answer(body);
    if (reply instanceof Error) throw reply;
    const text = reply.text ?? JSON.stringify({ jsonrpc: '2.0', id: body.id, ...(reply.json as object) });
    return new Response(text, { status: reply.status ?? 200, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

async function clientWith(answer: Parameters<typeof fakeAria2>[0], secret = 'tok') {
  const settings = new Aria2SettingsStore(memoryStore());
  await settings.save({ endpoint: 'http://127.0.0.1:6800/jsonrpc', baseDir: '/dl', secret });
  const aria2 = fakeAria2(answer);
  return { ...aria2, client: new Aria2Client({ settings, fetch: aria2.fetch }) };
}

describe('Aria2Client', () => {
  it("POSTs addUri as JSON to the saved endpoint; the id is its GID as a number, above the browser's ids", async () => {
    const { client, calls } = await clientWith((body) => ({
      json: { result: (body.params[2] as { gid: string }).gid },
    }));
    const id = await client.download(FILE);
    expect(id).toBeGreaterThanOrEqual(2 ** 32);
    expect(must(calls[0]).url).toBe('http://127.0.0.1:6800/jsonrpc');
    expect(must(calls[0]).init).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(must(calls[0]).body).toMatchObject({
      jsonrpc: '2.0',
      method: 'aria2.addUri',
      params: [
        'token:tok',
        [FILE.url],
        { dir: '/dl/My Share/Season 1', out: 'ep1.mkv', gid: id.toString(16).padStart(16, '0') },
      ],
    });
  });

  it("reads a download with tellStatus, in the browser's terms: a 403 is SERVER_FORBIDDEN, removed is the user's cancel", async () => {
    const statuses: Record<string, object> = {
      '0000000100000001': { gid: '0000000100000001', status: 'active', completedLength: '10', totalLength: '100' },
      '0000000100000002': {
        gid: '0000000100000002',
        status: 'error',
        errorCode: '22',
        errorMessage: 'The response status is not successful. status=403',
      },
      '0000000100000003': { gid: '0000000100000003', status: 'removed' },
      '0000000100000004': { gid: '0000000100000004', status: 'complete', completedLength: '100', totalLength: '100' },
    };
    const { client } = await clientWith((body) =>
      statuses[String(body.params[1])]
        ? { json: { result: statuses[String(body.params[1])] } }
        : { status: 400, json: { error: { code: 1, message: 'GID not found' } } },
    );
    const look = async (n: number) => (await client.search({ id: 2 ** 32 + n }))[0];
    expect(await look(1)).toMatchObject({ state: 'in_progress', bytesReceived: 10, paused: false });
    expect(await look(2)).toMatchObject({ state: 'interrupted', error: 'SERVER_FORBIDDEN', canResume: false });
    expect(await look(3)).toMatchObject({ state: 'interrupted', error: 'USER_CANCELED' });
    expect(await look(4)).toMatchObject({ state: 'complete', fileSize: 100 });
    expect(await look(5)).toBeUndefined();
  });

  it('ready() asks getVersion; version() gives it', async () => {
    const { client, calls } = await clientWith(() => ({
      json: { result: { version: '1.37.0', enabledFeatures: [] } },
    }));
    await client.ready();
    expect(await client.version()).toBe('1.37.0');
    expect(calls.map((c) => c.body.method)).toEqual(['aria2.getVersion', 'aria2.getVersion']);
    expect(new Set(calls.map((c) => c.body.id)).size).toBe(2);
  });

  it('a refused connection → Aria2.Unreachable, naming the endpoint', async () => {
    const { client } = await clientWith(() => new TypeError('Failed to fetch'));
    const error = await client.download(FILE).catch((e) => e);
    expect(error).toMatchObject({ code: 'Aria2.Unreachable' });
    expect(error.text.en).toContain('http://127.0.0.1:6800/jsonrpc');
    expect(error.text.en).toContain('--enable-rpc');
    expect(error.text.zh).toContain('aria2');
  });

  it('a wrong secret → Aria2.Unauthorized, which points to the options page', async () => {
    const { client } = await clientWith(() => ({ status: 400, json: { error: { code: 1, message: 'Unauthorized' } } }));
    await expect(client.ready()).rejects.toMatchObject({ code: 'Aria2.Unauthorized', category: 'sign-in-needed' });
  });

  it("any other aria2 error → Aria2.Error with aria2's message", async () => {
    const { client } = await clientWith(() => ({
      status: 400,
      json: { error: { code: 1, message: 'No URI to download.' } },
    }));
    const error = await client.download(FILE).catch((e) => e);
    expect(error).toMatchObject({ code: 'Aria2.Error' });
    expect(error.text.en).toContain('No URI to download. (1)');
  });

  it('an answer that is not JSON-RPC → Aria2.Error with the HTTP status', async () => {
    const { client } = await clientWith(() => ({ status: 404, text: '<html>Not Found</html>' }));
    await expect(client.download(FILE)).rejects.toMatchObject({
      code: 'Aria2.Error',
      text: { en: expect.stringContaining('HTTP 404') },
    });
  });
});
