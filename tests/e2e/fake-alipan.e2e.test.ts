/** Self-test of the fake Alipan service: it must behave as /work/shared/alipan-api.md documents. */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { must } from '../must.ts';
import {
  type FakeAlipan,
  type FakeDriveFile,
  type FakeRequestOptions,
  type FakeResponse,
  type FakeUser,
  type FileJson,
  request,
  startFakeAlipan,
} from './fake-alipan/server.ts';

const API = 'api.alipan.com';
const OPEN = 'openapi.alipan.com';
const RENEW = 'api.oplist.org';
const TEXT = 'hello from the fake share\n';

let fake: FakeAlipan;
let alice: FakeUser;

function call(host: string, method: string, path: string, opts?: FakeRequestOptions) {
  return request(fake.port, host, method, path, opts);
}

function post(host: string, path: string, body: unknown = {}, headers: Record<string, string> = {}) {
  return call(host, 'POST', path, { body, headers });
}

async function webAccess(user: FakeUser): Promise<string> {
  const res = await post('auth.alipan.com', '/v2/account/token', {
    grant_type: 'refresh_token',
    refresh_token: user.webRefreshToken,
  });
  return must(res.json.access_token, 'an access token');
}

async function openAccess(user: FakeUser): Promise<string> {
  const res = await call(
    RENEW,
    'GET',
    `/alicloud/renewapi?refresh_ui=${user.openRefreshToken}&server_use=true&driver_txt=alicloud_qr`,
  );
  return must(res.json.access_token, 'an access token');
}

/** An open access token from the user's own open-platform app `clientId` (§2), not the relay. */
async function oauthAccess(user: FakeUser, clientId: string): Promise<string> {
  const body = {
    client_id: clientId,
    client_secret: 'secret',
    grant_type: 'refresh_token',
    refresh_token: user.openRefreshToken,
  };
  return must((await post(OPEN, '/oauth/access_token', body)).json.access_token, 'an access token');
}

async function shareToken(shareId: string, pwd = ''): Promise<string> {
  const answer = await post(API, '/v2/share_link/get_share_token', { share_id: shareId, share_pwd: pwd });
  return must(answer.json.share_token, 'a share token');
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function copyRequest(id: string, body: Record<string, unknown>) {
  return {
    id,
    method: 'POST',
    url: '/file/copy',
    headers: { 'Content-Type': 'application/json' },
    body: { auto_rename: true, ...body },
  };
}

beforeAll(async () => {
  fake = await startFakeAlipan();
  alice = fake.addUser({
    userId: 'u-alice',
    nickName: 'Alice',
    webRefreshToken: 'a'.repeat(32),
    openRefreshToken: 'open-alice-0',
  });
  const many = Array.from({ length: 450 }, (_, i) => ({
    name: `ep${String(i).padStart(3, '0')}.mp4`,
    type: 'file' as const,
    size: i,
  }));
  fake.addShare({
    shareId: 'ShareOk0001',
    name: 'Big folder',
    creatorName: 'Zhang San Feng',
    tree: [
      { name: 'hello.txt', type: 'file', content: TEXT },
      { name: 'many', type: 'folder', children: many },
      {
        name: 'album',
        type: 'folder',
        children: [
          { name: 'a.jpg', type: 'file', size: 1000 },
          { name: 'deep', type: 'folder', children: [{ name: 'b.flac', type: 'file', size: 4000 }] },
        ],
      },
      { name: 'big.mkv', type: 'file', size: 5 * 1024 ** 3 },
    ],
  });
  fake.addShare({
    shareId: 'SharePwd001',
    pwd: 'ab12',
    name: 'Locked',
    tree: [{ name: 'x.txt', type: 'file', content: 'x' }],
  });
  fake.addShare({ shareId: 'ShareGone01', state: 'cancelled', name: 'Gone', tree: [] });
  fake.addShare({ shareId: 'ShareOld001', expiration: '2020-01-01T00:00:00.000Z', name: 'Old', tree: [] });
  fake.addShare({ shareId: 'ShareBan001', state: 'forbidden', name: 'Banned', tree: [] });
  fake.addShare({
    shareId: 'QuickLive00000000001',
    quickTransfer: true,
    name: 'clip.mp4',
    tree: [{ name: 'clip.mp4', type: 'file', content: 'x' }],
  });
  fake.addShare({
    shareId: 'QuickOld000000000001',
    quickTransfer: true,
    expiration: '2020-01-01T00:00:00.000Z',
    name: 'old.zip',
    tree: [],
  });
});

afterAll(() => fake?.close());

describe('tokens', () => {
  it('rotates web refresh tokens strictly', async () => {
    const first = alice.webRefreshToken;
    const ok = await post('auth.alipan.com', '/v2/account/token', {
      grant_type: 'refresh_token',
      refresh_token: first,
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ token_type: 'Bearer', expires_in: 7200, user_id: 'u-alice', nick_name: 'Alice' });
    expect(ok.json.refresh_token).toMatch(/^[0-9a-f]{32}$/);
    expect(alice.webRefreshToken).toBe(ok.json.refresh_token);
    const again = await post('auth.aliyundrive.com', '/v2/account/token', {
      grant_type: 'refresh_token',
      refresh_token: first,
    });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ code: 'InvalidParameter.RefreshToken' });
    expect(again.json.requestId).toBeTruthy();
  });

  it('expires access tokens and tells the kinds apart', async () => {
    const web = await webAccess(alice);
    const open = await openAccess(alice);
    const me = await post('user.aliyundrive.com', '/v2/user/get', {}, bearer(web));
    expect(me.json).toMatchObject({
      user_id: 'u-alice',
      default_drive_id: alice.defaultDriveId,
      resource_drive_id: alice.resourceDriveId,
    });
    expect((await post(API, '/v2/user/get', {}, bearer(open))).json.code).toBe('AccessTokenInvalid');
    expect((await post(OPEN, '/adrive/v1.0/user/getDriveInfo', {}, bearer(web))).json.code).toBe('AccessTokenInvalid');
    fake.expireAccessTokens();
    const expired = await post('user.alipan.com', '/v2/user/get', {}, bearer(web));
    expect([expired.status, expired.json.code]).toEqual([401, 'AccessTokenExpired']);
    expect((await post(OPEN, '/adrive/v1.0/user/getDriveInfo', {}, bearer(open))).json.code).toBe('AccessTokenExpired');
  });

  it('rotates the open refresh token through the renew API and OAuth', async () => {
    const first = alice.openRefreshToken;
    const path = (t: string) =>
      `/alicloud/renewapi?refresh_ui=${encodeURIComponent(t)}&server_use=true&driver_txt=alicloud_qr`;
    const ok = await call(RENEW, 'GET', path(first), { headers: { 'accept-encoding': 'br' } });
    expect(ok.headers['content-encoding']).toBe('br');
    expect(Object.keys(ok.json).sort()).toEqual(['access_token', 'refresh_token']);
    expect(must(ok.json.refresh_token).split('.')).toHaveLength(3);
    const reused = await call(RENEW, 'GET', path(first));
    expect(reused.status).toBe(500);
    expect(reused.json).toEqual({ text: expect.any(String) });
    const oauth = await post('openapi.aliyundrive.com', '/oauth/access_token', {
      client_id: 'cid',
      client_secret: 'secret',
      grant_type: 'refresh_token',
      refresh_token: alice.openRefreshToken,
    });
    expect(oauth.json).toMatchObject({ token_type: 'Bearer', expires_in: 7200, refresh_token: alice.openRefreshToken });
    expect(oauth.json.refresh_token).not.toBe(ok.json.refresh_token);
  });
});

describe('shares', () => {
  const meta = (id: string) =>
    post('api.aliyundrive.com', `/adrive/v3/share_link/get_share_by_anonymous?share_id=${encodeURIComponent(id)}`, {
      share_id: id,
    });

  it('answers a quick transfer only through its own call (§10), and a share never through it', async () => {
    const quick = (id: string) =>
      post('api.aliyundrive.com', `/adrive/v1/share/getByAnonymous?share_id=${id}`, { share_id: id });
    const live = await quick('QuickLive00000000001');
    expect(live.json).toMatchObject({
      display_name: 'clip.mp4',
      file_infos: [{ type: 'file', file_name: 'clip.mp4' }],
    });
    const refused = await Promise.all([
      quick('QuickOld000000000001'),
      quick('ShareOk0001'),
      meta('QuickLive00000000001'),
    ]);
    expect(refused.map((r) => [r.status, r.json.code])).toEqual([
      [400, 'ShareLink.Expired'],
      [404, 'NotFound.ShareLink'],
      [404, 'NotFound.ShareLink'],
    ]);
  });

  it('answers metadata for every share state', async () => {
    const ok = await meta('ShareOk0001');
    expect(ok.json).toMatchObject({ share_name: 'Big folder', file_count: 4, has_pwd: false, expiration: '' });
    expect(ok.json.creator_name).toMatch(/^Z\*+g$/);
    expect(must(ok.json.file_infos)[0]).toEqual({
      type: 'file',
      file_id: expect.stringMatching(/^[0-9a-f]{40}$/),
      file_name: 'hello.txt',
    });
    expect((await meta('SharePwd001')).json.has_pwd).toBe(true);
    const dead = await Promise.all(
      ['ShareGone01', 'ShareOld001', 'ShareBan001', 'NoSuchShare', ' ShareOk0001'].map(meta),
    );
    expect(dead.map((r) => [r.status, r.json.code])).toEqual([
      [400, 'ShareLink.Cancelled'],
      [400, 'ShareLink.Expired'],
      [403, 'ShareLink.Forbidden'],
      [404, 'NotFound.ShareLink'],
      [404, 'NotFound.ShareLink'],
    ]);
  });

  it('wants the right extraction code for a share token', async () => {
    for (const pwd of ['', 'zzzz']) {
      const res = await post(API, '/v2/share_link/get_share_token', { share_id: 'SharePwd001', share_pwd: pwd });
      expect([res.status, res.json.code]).toEqual([400, 'InvalidResource.SharePwd']);
    }
    const ok = await post(API, '/v2/share_link/get_share_token', { share_id: 'SharePwd001', share_pwd: 'ab12' });
    expect(ok.json).toMatchObject({ share_token: expect.any(String), expires_in: 7200 });
    const gone = await post(API, '/v2/share_link/get_share_token', { share_id: 'ShareGone01', share_pwd: '' });
    expect(gone.json.code).toBe('ShareLink.Cancelled');
  });

  it('lists a 450-entry folder in pages of 200', async () => {
    const token = await shareToken('ShareOk0001');
    const root = await post(
      API,
      '/adrive/v3/file/list',
      { share_id: 'ShareOk0001', parent_file_id: 'root', limit: 200 },
      { 'x-share-token': token },
    );
    const many = must(must(root.json.items).find((i) => i.name === 'many'));
    const pages: FileJson[][] = [];
    let marker = '';
    do {
      const body = {
        share_id: 'ShareOk0001',
        parent_file_id: many.file_id,
        limit: 200,
        marker,
        order_by: 'name',
        order_direction: 'DESC',
      };
      const res = await post(API, '/adrive/v2/file/list_by_share', body, { 'x-share-token': token });
      pages.push(must(res.json.items));
      marker = must(res.json.next_marker);
    } while (marker);
    expect(pages.map((p) => p.length)).toEqual([200, 200, 50]);
    expect(must(pages[0])[0]).toMatchObject({
      name: 'ep449.mp4',
      type: 'file',
      size: 449,
      category: 'video',
      file_extension: 'mp4',
      share_id: 'ShareOk0001',
    });
    expect(new Set(pages.flat().map((i) => i.file_id)).size).toBe(450);
    const noToken = await post(API, '/adrive/v3/file/list', { share_id: 'ShareOk0001', parent_file_id: 'root' });
    expect([noToken.status, noToken.json.code]).toEqual([401, 'ShareLinkTokenInvalid']);
    const badParent = await post(
      API,
      '/adrive/v3/file/list',
      { share_id: 'ShareOk0001', parent_file_id: 'f'.repeat(40) },
      { 'x-share-token': token },
    );
    expect(badParent.json.code).toBe('NotFound.File');
    fake.expireShareTokens();
    const expired = await post(
      API,
      '/adrive/v3/file/list',
      { share_id: 'ShareOk0001', parent_file_id: 'root' },
      { 'x-share-token': token },
    );
    expect(expired.json.code).toBe('ShareLinkTokenInvalid');
  });
});

async function rootItems(shareId: string, token: string): Promise<Record<string, FileJson>> {
  const res = await post(
    API,
    '/adrive/v3/file/list',
    { share_id: shareId, parent_file_id: 'root' },
    { 'x-share-token': token },
  );
  return Object.fromEntries(must(res.json.items).map((i) => [i.name, i]));
}

/** Tokens, the open drive, its 'tmp' folder (create, refuse) and a batch call with the share token of ShareOk0001. */
async function setUp(user: FakeUser) {
  const [web, open, share] = await Promise.all([webAccess(user), openAccess(user), shareToken('ShareOk0001')]);
  const drive = (await post(OPEN, '/adrive/v1.0/user/getDriveInfo', {}, bearer(open))).json;
  const driveId = must(drive.resource_drive_id ?? drive.default_drive_id, 'a drive id');
  const mk = { drive_id: driveId, parent_file_id: 'root', name: 'tmp', type: 'folder', check_name_mode: 'refuse' };
  const created = (await post(OPEN, '/adrive/v1.0/openFile/create', mk, bearer(open))).json;
  const tmp = { ...created, file_id: must(created.file_id, 'the tmp folder id') };
  const batch = (requests: unknown[]) =>
    post(API, '/adrive/v4/batch', { requests, resource: 'file' }, { ...bearer(web), 'x-share-token': share });
  return { open, driveId, tmp, batch, items: await rootItems('ShareOk0001', share) };
}

describe('copy, download, delete', () => {
  it('copies files and folders into the drive, and refuses what does not fit', async () => {
    alice.totalSize = 1024 ** 3; // big.mkv (5 GiB) cannot fit
    const { driveId, tmp, batch, items, open } = await setUp(alice);
    const again = await post(
      OPEN,
      '/adrive/v1.0/openFile/create',
      { drive_id: driveId, parent_file_id: 'root', name: 'tmp', type: 'folder', check_name_mode: 'refuse' },
      bearer(open),
    );
    expect(again.json).toMatchObject({ file_id: tmp.file_id, exist: true });
    const target = { share_id: 'ShareOk0001', to_drive_id: driveId, to_parent_file_id: tmp.file_id };
    const res = await batch([
      copyRequest('0', { ...target, file_id: must(items['hello.txt']).file_id }),
      copyRequest('1', { ...target, file_id: must(items['hello.txt']).file_id }),
      copyRequest('2', { ...target, file_id: must(items.album).file_id }),
      copyRequest('3', { ...target, file_id: must(items['big.mkv']).file_id }),
      copyRequest('4', { ...target, file_id: must(items['hello.txt']).file_id, share_id: 'SharePwd001' }),
      copyRequest('5', { ...target, file_id: must(items['hello.txt']).file_id, to_drive_id: '1' }),
    ]);
    const [file, renamed, folder, quota, mismatch, foreign] = must(res.json.responses);
    expect(file).toMatchObject({
      id: '0',
      status: 201,
      body: { file_id: expect.stringMatching(/^[0-9a-f]{40}$/), drive_id: driveId },
    });
    expect(renamed?.status).toBe(201);
    expect(folder).toMatchObject({ status: 202, body: { async_task_id: expect.any(String) } });
    expect([quota?.status, quota?.body.code]).toEqual([400, 'QuotaExhausted.Drive']);
    expect(mismatch).toMatchObject({ status: 400, body: { message: "share_id doesn't match. share_token" } });
    expect([foreign?.status, foreign?.body.code]).toEqual([403, 'ForbiddenNoPermission.File']);

    const poll = async () =>
      (
        await batch([
          { id: 'p', method: 'POST', url: '/async_task/get', body: { async_task_id: must(folder).body.async_task_id } },
        ])
      ).json.responses?.[0]?.body.state;
    expect(await poll()).toBe('Running');
    expect(await poll()).toBe('Succeed');
    const paths = alice
      .files(driveId)
      .map((f) => f.path)
      .sort();
    expect(paths).toEqual([
      '/tmp',
      '/tmp/album',
      '/tmp/album/a.jpg',
      '/tmp/album/deep',
      '/tmp/album/deep/b.flac',
      '/tmp/hello(1).txt',
      '/tmp/hello.txt',
    ]);
    expect(alice.usedSize).toBe(2 * TEXT.length + 5000);
    const tooMany = await batch(
      Array.from({ length: 101 }, (_, i) =>
        copyRequest(String(i), { ...target, file_id: must(items['hello.txt']).file_id }),
      ),
    );
    expect([tooMany.status, tooMany.json.code]).toEqual([400, 'InvalidParameter']);
  });

  it('serves download URLs on the CDN: no Referer, no CORS, Range, expiry; delete frees space', async () => {
    const bob = fake.addUser({
      userId: 'u-bob',
      nickName: 'Bob',
      webRefreshToken: 'b'.repeat(32),
      openRefreshToken: 'open-bob-0',
      resourceDriveId: '',
    });
    const { open, driveId, tmp, batch, items } = await setUp(bob);
    expect(driveId).toBe(bob.defaultDriveId);
    const copied = await batch([
      copyRequest('0', {
        share_id: 'ShareOk0001',
        file_id: must(items['hello.txt']).file_id,
        to_drive_id: driveId,
        to_parent_file_id: tmp.file_id,
      }),
    ]);
    const fileId = must(must(copied.json.responses)[0]?.body.file_id, 'the copy id');
    const link = await post(
      OPEN,
      '/adrive/v1.0/openFile/getDownloadUrl',
      { drive_id: driveId, file_id: fileId, expire_sec: 14400 },
      bearer(open),
    );
    expect(link.json).toMatchObject({ method: 'GET', size: TEXT.length, content_hash_name: 'sha1', file_id: fileId });
    expect(link.json.content_hash).toBe(createHash('sha1').update(TEXT).digest('hex').toUpperCase());
    const url = new URL(must(link.json.url));
    expect(url.host).toBe(fake.cdnHost);
    const get = (headers: Record<string, string> = {}) => call(url.host, 'GET', url.pathname + url.search, { headers });

    const whole = await get();
    expect(whole.raw.toString()).toBe(TEXT);
    // No CORS promised on CDN answers (§8 says nothing of it): none given, preflights refused.
    expect(whole.headers['access-control-allow-origin']).toBeUndefined();
    expect((await call(url.host, 'OPTIONS', url.pathname + url.search)).status).toBe(403);
    const ranged = await get({ range: 'bytes=6-9' });
    expect([ranged.status, ranged.raw.toString(), ranged.headers['content-range']]).toEqual([
      206,
      'from',
      `bytes 6-9/${TEXT.length}`,
    ]);
    const size = TEXT.length;
    const tail = await get({ range: 'bytes=-5' });
    expect([tail.status, tail.raw.toString(), tail.headers['content-range']]).toEqual([
      206,
      TEXT.slice(-5),
      `bytes ${size - 5}-${size - 1}/${size}`,
    ]);
    // OSS by default ignores a Range it cannot serve as asked: the whole object, 200.
    for (const range of [`bytes=6-${size}`, `bytes=${size}-`, 'bytes=9-6', 'bytes=0-1,4-5']) {
      const whole = await get({ range });
      expect([range, whole.status, whole.raw.toString(), whole.headers['content-range']]).toEqual([
        range,
        200,
        TEXT,
        undefined,
      ]);
    }
    const standard = (range: string) => get({ range, 'x-oss-range-behavior': 'standard' });
    const cut = await standard(`bytes=6-${size + 100}`);
    expect([cut.status, cut.headers['content-range']]).toEqual([206, `bytes 6-${size - 1}/${size}`]);
    const past = await standard(`bytes=${size}-`);
    expect([past.status, past.json.code, past.headers['content-range']]).toEqual([
      416,
      'InvalidRange',
      `bytes */${size}`,
    ]);
    const referred = await get({ referer: 'https://www.alipan.com/' });
    expect(referred.status).toBe(403);
    expect(referred.json.message).toContain('denied by bucket referer policy');
    expect((await get({ referer: '' })).status).toBe(200);

    fake.expireDownloadUrls();
    expect((await get()).json.message).toBe('Request has expired.');

    const used = (await post(OPEN, '/adrive/v1.0/user/getSpaceInfo', {}, bearer(open))).json.personal_space_info
      ?.used_size;
    expect(used).toBe(TEXT.length);
    await post(OPEN, '/adrive/v1.0/openFile/delete', { drive_id: driveId, file_id: tmp.file_id }, bearer(open));
    expect(bob.usedSize).toBe(0);
    expect(bob.files()).toEqual([]);
    const gone = await post(
      OPEN,
      '/adrive/v1.0/openFile/getDownloadUrl',
      { drive_id: driveId, file_id: fileId },
      bearer(open),
    );
    expect([gone.status, gone.json.code]).toEqual([404, 'NotFound.File']);
    const foreign = await post(
      OPEN,
      '/adrive/v1.0/openFile/list',
      { drive_id: alice.defaultDriveId, parent_file_id: 'root' },
      bearer(open),
    );
    expect([foreign.status, foreign.json.code]).toEqual([403, 'PermissionDenied']);
  });
});

describe('download links (§8)', () => {
  let carol: FakeUser;
  let note: FakeDriveFile;
  let relay: string;

  const link = (token: string, file: FakeDriveFile, extra: Record<string, unknown> = {}) =>
    post(
      OPEN,
      '/adrive/v1.0/openFile/getDownloadUrl',
      { drive_id: file.driveId, file_id: file.fileId, ...extra },
      bearer(token),
    );

  function cdnGet(url: string, headers: Record<string, string> = {}) {
    const u = new URL(url);
    return call(u.host, 'GET', u.pathname + u.search, { headers });
  }

  /** A GET that keeps what arrived when the server drops the connection mid-body. */
  function partialGet(
    url: string,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer; complete: boolean }> {
    const u = new URL(url);
    const options = {
      host: '127.0.0.1',
      port: fake.port,
      servername: u.host,
      path: u.pathname + u.search,
      headers: { host: u.host },
      rejectUnauthorized: false,
      agent: false,
    };
    return new Promise((resolve, reject) => {
      const req = httpsRequest(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => {}); // a drop mid-body ('aborted'); 'close' reports it as complete: false
        res.on('close', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            complete: res.complete,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(async () => {
    carol = fake.addUser({
      userId: 'u-carol',
      nickName: 'Carol',
      webRefreshToken: 'c'.repeat(32),
      openRefreshToken: 'open-carol-0',
    });
    note = must(carol.addFiles([{ name: 'note.txt', type: 'file', content: TEXT }])[0]);
    relay = await openAccess(carol);
  });

  it('gives every link 900 s whatever expire_sec asks; setDownloadUrlTtl sets it for later links', async () => {
    const t0 = Math.floor(Date.now() / 1000) * 1000 + 700; // mid-second, so rounding x-oss-expires up shows
    vi.useFakeTimers({ toFake: ['Date'], now: t0 });
    try {
      for (const expireSec of [undefined, 60, 14400]) {
        const res = await link(relay, note, { expire_sec: expireSec });
        expect(new URL(must(res.json.url)).searchParams.get('x-oss-expires')).toBe(
          String(Math.ceil((t0 + 900_000) / 1000)),
        );
        expect(res.json.expiration).toBe(new Date(t0 + 900_000).toISOString());
      }
      fake.setDownloadUrlTtl(2);
      const short = await link(relay, note, { expire_sec: 900 });
      expect(new URL(must(short.json.url)).searchParams.get('x-oss-expires')).toBe(
        String(Math.ceil((t0 + 2000) / 1000)),
      );
      vi.setSystemTime(t0 + 1999);
      expect((await cdnGet(must(short.json.url))).raw.toString()).toBe(TEXT);
      vi.setSystemTime(t0 + 2000);
      const expired = await cdnGet(must(short.json.url));
      expect([expired.status, expired.json.code, expired.json.message]).toEqual([
        403,
        'AccessDenied',
        'Request has expired.',
      ]);
    } finally {
      vi.useRealTimers();
      fake.setDownloadUrlTtl(900);
    }
  });

  it('allows 2 downloads per app and 3 per user at once; the next GET gets 403 ExceedMaxConcurrency', async () => {
    const fromRelay = must((await link(relay, note)).json.url);
    const fromOwnApp = must((await link(await oauthAccess(carol, 'app-b'), note)).json.url);
    const statuses = (responses: FakeResponse[]) => responses.map((r) => r.status).sort();
    carol.downloadBytesPerSec = 40; // 4 bytes per 100 ms: each download lasts ~700 ms
    try {
      const sameApp = await Promise.all([cdnGet(fromRelay), cdnGet(fromRelay), cdnGet(fromRelay)]);
      expect(statuses(sameApp)).toEqual([200, 200, 403]);
      expect(sameApp.find((r) => r.status === 403)?.json).toMatchObject({
        code: 'ExceedMaxConcurrency',
        message: expect.stringContaining('app'),
      });
      await vi.waitFor(() => expect(carol.downloads.active).toBe(0));

      const ownApp = [cdnGet(fromOwnApp), cdnGet(fromOwnApp)];
      await vi.waitFor(() => expect(carol.downloads.active).toBe(2));
      const relayed = await Promise.all([cdnGet(fromRelay), cdnGet(fromRelay)]);
      expect(statuses([...relayed, ...(await Promise.all(ownApp))])).toEqual([200, 200, 200, 403]);
      expect(relayed.find((r) => r.status === 403)?.json).toMatchObject({
        code: 'ExceedMaxConcurrency',
        message: expect.stringContaining('account'),
      });
      await vi.waitFor(() => expect(carol.downloads.active).toBe(0));
      expect(carol.downloads).toEqual({
        active: 0,
        peak: 3,
        activeByApp: { relay: 0, 'app-b': 0 },
        peakByApp: { relay: 2, 'app-b': 2 },
      });
    } finally {
      carol.downloadBytesPerSec = 0;
    }
  });

  it('cuts transfers after afterBytes, by file name or path; a Range request then gets the rest', async () => {
    const big = must(carol.addFiles([{ name: 'cut.bin', type: 'file', size: 300_000 }])[0]);
    const bigLink = (await link(relay, big)).json;
    fake.cutDownloads({ name: 'cut.bin', afterBytes: 100_000 });
    const cut = await partialGet(must(bigLink.url));
    expect([cut.status, cut.headers['content-length'], cut.complete, cut.body.length]).toEqual([
      200,
      '300000',
      false,
      100_000,
    ]);
    const rest = await cdnGet(must(bigLink.url), { range: 'bytes=100000-' });
    expect([rest.status, rest.headers['content-range']]).toEqual([206, 'bytes 100000-299999/300000']);
    expect(createHash('sha1').update(cut.body).update(rest.raw).digest('hex').toUpperCase()).toBe(bigLink.content_hash);

    const noteUrl = must((await link(relay, note)).json.url);
    fake.cutDownloads({ path: `/lt/${note.fileId}`, afterBytes: 0, count: 2 });
    for (let i = 0; i < 2; i++) {
      const dropped = await partialGet(noteUrl);
      expect([dropped.status, dropped.headers['content-length'], dropped.complete, dropped.body.length]).toEqual([
        200,
        String(TEXT.length),
        false,
        0,
      ]);
    }
    expect((await cdnGet(noteUrl)).raw.toString()).toBe(TEXT);
    await vi.waitFor(() => expect(carol.downloads.active).toBe(0));
  });

  it('answers the next matching GETs with a short error body as 200; clearFaults disarms them', async () => {
    const url = must((await link(relay, note)).json.url);
    fake.errorBodyNext({ path: /^\/lt\// });
    const spoiled = await cdnGet(url);
    expect([spoiled.status, spoiled.headers['content-type'], spoiled.raw.toString()]).toEqual([
      200,
      'application/json',
      '{"code":"TooManyRequests","message":"Too Many Requests"}',
    ]);
    fake.errorBodyNext({ name: 'note.txt', count: 2, body: 'Too Many Requests', contentType: 'text/plain' });
    const texts = [await cdnGet(url), await cdnGet(url), await cdnGet(url)].map((r) => r.raw.toString());
    expect(texts).toEqual(['Too Many Requests', 'Too Many Requests', TEXT]);
    fake.errorBodyNext({ name: 'other.txt' });
    fake.cutDownloads({ name: 'note.txt', afterBytes: 1 });
    fake.clearFaults();
    expect((await cdnGet(url)).raw.toString()).toBe(TEXT);
  });
});

describe('the recycle bin, openFile/get and what the user does (§9)', () => {
  let dave: FakeUser;
  let env: Awaited<ReturnType<typeof setUp>>;

  const open = (path: string, body: Record<string, unknown>) =>
    post(OPEN, `/adrive/v1.0/openFile/${path}`, { drive_id: env.driveId, ...body }, bearer(env.open));
  const rootNames = async () => must((await open('list', { parent_file_id: 'root' })).json.items).map((i) => i.name);
  const copyInto = async (parent: string) => {
    const target = {
      share_id: 'ShareOk0001',
      file_id: must(env.items['hello.txt']).file_id,
      to_drive_id: env.driveId,
      to_parent_file_id: parent,
    };
    return must(must((await env.batch([copyRequest('0', target)])).json.responses)[0], 'a batch answer');
  };

  beforeAll(async () => {
    dave = fake.addUser({
      userId: 'u-dave',
      nickName: 'Dave',
      webRefreshToken: 'd'.repeat(32),
      openRefreshToken: 'open-dave-0',
    });
    env = await setUp(dave);
  });

  it('dates a copy at the moment it is made; openFile/get answers it as listed, plus trashed; 404 once deleted', async () => {
    const madeAt = new Date(Date.now() + 61_234); // a moment no other entry has, well inside every token's life
    vi.useFakeTimers({ toFake: ['Date'], now: madeAt });
    const copy = await copyInto(env.tmp.file_id).finally(() => vi.useRealTimers());
    const fileId = copy.body.file_id;
    const got = (await open('get', { file_id: fileId })).json;
    const listed = must((await open('list', { parent_file_id: env.tmp.file_id })).json.items)[0];
    expect(got).toEqual({ ...listed, trashed: false });
    expect(got).toMatchObject({
      file_id: fileId,
      name: 'hello.txt',
      type: 'file',
      size: TEXT.length,
      parent_file_id: env.tmp.file_id,
      drive_id: env.driveId,
      created_at: madeAt.toISOString(),
    });
    expect(dave.files().find((f) => f.fileId === fileId)).toMatchObject({
      trashed: false,
      createdAt: madeAt.toISOString(),
    });
    await open('delete', { file_id: fileId });
    const gone = await open('get', { file_id: fileId });
    expect([gone.status, gone.json.code]).toEqual([404, 'NotFound.File']);
  });

  it('trashes a folder with what is inside: not listed, no name for create refuse, no link, no copy into it', async () => {
    const inside = (await copyInto(env.tmp.file_id)).body.file_id;
    expect((await open('recyclebin/trash', { file_id: env.tmp.file_id })).json).toEqual({
      drive_id: env.driveId,
      file_id: env.tmp.file_id,
    });
    expect((await open('get', { file_id: inside })).json).toMatchObject({ file_id: inside, trashed: true });
    expect(dave.files().map((f) => [f.path, f.trashed])).toEqual([
      ['/tmp', true],
      ['/tmp/hello.txt', true],
    ]);
    expect(dave.usedSize).toBe(TEXT.length); // the bin still takes space
    expect(await rootNames()).toEqual([]);
    const link = await post(
      OPEN,
      '/adrive/v1.0/openFile/getDownloadUrl',
      { drive_id: env.driveId, file_id: inside },
      bearer(env.open),
    );
    expect([link.status, link.json.code]).toEqual([400, 'ForbiddenFileInTheRecycleBin']);
    const [intoBin, intoNothing] = [await copyInto(env.tmp.file_id), await copyInto('f'.repeat(40))];
    expect([intoBin.status, intoBin.body.code]).toEqual([400, 'ForbiddenFileInTheRecycleBin']);
    expect([intoNothing.status, intoNothing.body.code]).toEqual([404, 'NotFound.File']);
    const list = await open('list', { parent_file_id: env.tmp.file_id });
    expect([list.status, list.json.code]).toEqual([400, 'ForbiddenFileInTheRecycleBin']);

    const again = (
      await open('create', { parent_file_id: 'root', name: 'tmp', type: 'folder', check_name_mode: 'refuse' })
    ).json;
    expect(again).toMatchObject({ exist: false, name: 'tmp' });
    expect(again.file_id).not.toBe(env.tmp.file_id);
    expect(await rootNames()).toEqual(['tmp']);
    await open('delete', { file_id: env.tmp.file_id });
    expect(dave.files().map((f) => [f.path, f.trashed])).toEqual([['/tmp', false]]);
    env.tmp = { ...again, file_id: must(again.file_id) };
  });

  it('lets tests act as the user: moveFile, trashFile, deleteFile', async () => {
    const [box, a, b] = dave.addFiles([
      {
        name: 'box',
        type: 'folder',
        children: [
          { name: 'a.txt', type: 'file', content: 'a' },
          { name: 'b.txt', type: 'file', content: 'b' },
        ],
      },
    ]);
    dave.moveFile(must(a).fileId, 'root');
    expect(await rootNames()).toEqual(['a.txt', 'box', 'tmp']);
    expect(() => dave.moveFile(must(box).fileId, must(box).fileId)).toThrow(/no live folder/);
    expect(() => dave.moveFile('f'.repeat(40), 'root')).toThrow(/no file/);
    dave.trashFile(must(box).fileId);
    expect(await rootNames()).toEqual(['a.txt', 'tmp']);
    expect((await open('get', { file_id: must(b).fileId })).json.trashed).toBe(true);
    dave.deleteFile(must(box).fileId);
    expect(
      dave
        .files()
        .map((f) => f.path)
        .sort(),
    ).toEqual(['/a.txt', '/tmp']);
    dave.deleteFile(must(a).fileId);
    expect((await open('get', { file_id: must(a).fileId })).json.code).toBe('NotFound.File');
  });
});

describe('fault injection and the log', () => {
  it('injects 429s and failures, enforces pace limits, and logs every request', async () => {
    const meta = () =>
      post(
        API,
        '/adrive/v3/share_link/get_share_by_anonymous',
        { share_id: 'ShareOk0001' },
        { 'X-Canary': 'client=web,app=share,version=v2.3.1' },
      );
    fake.rateLimit({
      host: /alipan\.com$/,
      path: '/adrive/v3/share_link/get_share_by_anonymous',
      count: 2,
      retryAfterSec: 3,
      code: 'ParamFlowException',
    });
    const limited = await meta();
    expect([limited.status, limited.json.code, limited.headers['x-retry-after']]).toEqual([
      429,
      'ParamFlowException',
      '3',
    ]);
    expect((await meta()).status).toBe(429);
    expect((await meta()).status).toBe(200);

    fake.failNext({ host: RENEW, status: 500, code: 'RenewDown', message: 'relay is down' });
    const renew = await call(RENEW, 'GET', '/alicloud/renewapi?refresh_ui=x&server_use=true&driver_txt=alicloud_qr');
    expect([renew.status, renew.json]).toEqual([500, { text: 'relay is down' }]);
    fake.failNext({ path: /batch$/, status: 401, code: 'UserDeviceOffline', count: 1 });
    expect((await post(API, '/adrive/v4/batch', {})).json.code).toBe('UserDeviceOffline');

    fake.setPaceLimits(true);
    const open = await openAccess(alice);
    const link = () =>
      post(
        OPEN,
        '/adrive/v1.0/openFile/getDownloadUrl',
        { drive_id: alice.resourceDriveId, file_id: must(alice.files()[0]).fileId },
        bearer(open),
      );
    await link();
    const paced = await link();
    expect([paced.status, paced.json.code, paced.headers['x-retry-after']]).toEqual([429, 'TooManyRequests', '1']);
    fake.setPaceLimits(false);

    fake.clearLog();
    await meta();
    expect(fake.log).toEqual([
      expect.objectContaining({
        host: API,
        method: 'POST',
        path: '/adrive/v3/share_link/get_share_by_anonymous',
        headers: expect.objectContaining({ 'x-canary': 'client=web,app=share,version=v2.3.1' }),
        body: { share_id: 'ShareOk0001' },
        status: 200,
      }),
    ]);
    await post('nowhere.example', '/', {});
    expect(fake.log.at(-1)).toMatchObject({ status: 421, code: 'MisdirectedRequest' });
    const preflight = await call(API, 'OPTIONS', '/adrive/v4/batch', {
      headers: { 'access-control-request-headers': 'x-share-token' },
    });
    expect([preflight.status, preflight.headers['access-control-allow-headers']]).toEqual([204, 'x-share-token']);
  });

  it('answers a token endpoint with an HTML page as 200 (a WAF): the token is not spent, and the next call works', async () => {
    const before = alice.webRefreshToken;
    fake.htmlNext({ host: 'auth.alipan.com', path: '/v2/account/token' });
    const page = await post('auth.alipan.com', '/v2/account/token', {
      grant_type: 'refresh_token',
      refresh_token: before,
    });
    expect([page.status, page.headers['content-type'], page.json]).toEqual([
      200,
      'text/html; charset=utf-8',
      undefined,
    ]);
    expect(page.raw.toString()).toContain('<html>');
    expect(fake.log.at(-1)).toMatchObject({ status: 200, code: 'HtmlAnswer' });
    expect(alice.webRefreshToken).toBe(before);
    expect(
      (await post('auth.alipan.com', '/v2/account/token', { grant_type: 'refresh_token', refresh_token: before }))
        .status,
    ).toBe(200);
    expect(alice.webRefreshToken).not.toBe(before);
  });

  it("words the relay's overload and a dead token apart, both 500 {text} (§2)", async () => {
    fake.failNext({
      host: RENEW,
      status: 500,
      code: 'RenewOverloaded',
      message: 'server overloaded, please retry later',
    });
    const busy = await call(
      RENEW,
      'GET',
      `/alicloud/renewapi?refresh_ui=${alice.openRefreshToken}&server_use=true&driver_txt=alicloud_qr`,
    );
    expect([busy.status, busy.json]).toEqual([500, { text: 'server overloaded, please retry later' }]);
    const dead = await call(RENEW, 'GET', '/alicloud/renewapi?refresh_ui=spent&server_use=true&driver_txt=alicloud_qr');
    expect([dead.status, dead.json]).toEqual([500, { text: 'Refresh token is invalid or expired' }]);
  });
});
