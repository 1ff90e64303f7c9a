import { describe, expect, it, vi } from 'vitest';
import { AlipanError, categorize } from '../../lib/api/errors';
import type { ApiRequest, Transport } from '../../lib/api/transport';
import type { ShareRef, ShareStatus } from '../../lib/shares/model';
import { NOWHERE_TTL_MS, SHORT_LINK_TTL_MS, ShortLinks, targetOfUrl } from '../../lib/shares/short-links';
import { StatusCache } from '../../lib/shares/status-cache';
import { ShareStatusService, UNKNOWN_RETRY_MS } from '../../lib/shares/status-service';
import { asShareRef } from '../../lib/shares/validate';
import { memoryStore } from './memory-store';

const HOME = 'https://www.alipan.com/';

/**
 * The shortener as fetch sees it: where each code's redirects end (a thrown error for a network
 * failure, a number for an answer of that status at alywp.net itself), every request logged.
 */
function fakeShortener(ends: Record<string, string | number | Error>) {
  const requests: { url: string; init?: RequestInit }[] = [];
  const cancels = vi.fn(async () => {});
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, init });
    await new Promise((r) => setTimeout(r, 2));
    const end = ends[url.slice(url.lastIndexOf('/') + 1)] ?? HOME;
    if (end instanceof Error) throw end;
    const [finalUrl, status] = typeof end === 'number' ? [url, end] : [end, 200];
    return { url: finalUrl, status, body: { cancel: cancels } } as unknown as Response;
  });
  return { fetch, requests, cancels };
}

describe('targetOfUrl', () => {
  it('reads the share, its folder and the code of a final URL', () => {
    expect(targetOfUrl('https://www.aliyundrive.com/s/AbCdEfGhIjK')).toEqual({ shareId: 'AbCdEfGhIjK', code: null });
    expect(targetOfUrl('https://www.alipan.com/s/AbCdEfGhIjK?pwd=t84d')).toEqual({
      shareId: 'AbCdEfGhIjK',
      code: 't84d',
    });
    const folder = 'a'.repeat(40);
    expect(targetOfUrl(`https://www.alipan.com/s/AbCdEfGhIjK/folder/${folder}`)).toEqual({
      shareId: 'AbCdEfGhIjK',
      code: null,
      folderId: folder,
    });
  });

  it('finds no share on the home page, a quick transfer or a page that only names one', () => {
    expect(targetOfUrl(HOME)).toBeNull();
    expect(targetOfUrl('https://alywp.net/abc123')).toBeNull();
    expect(targetOfUrl('https://www.alipan.com/t/35GoJzvFarTltufN21JK')).toBeNull();
    expect(targetOfUrl('https://www.alipan.com/login?redirect=https://www.alipan.com/s/AbCdEfGhIjK')).toBeNull();
  });
});

describe('ShortLinks', () => {
  it('follows the redirect once, without cookies, Referer or cache, and leaves the page unread', async () => {
    const net = fakeShortener({ abc123: 'https://www.aliyundrive.com/s/AbCdEfGhIjK' });
    const links = new ShortLinks({ fetch: net.fetch });
    expect(await links.resolve('abc123')).toEqual({ shareId: 'AbCdEfGhIjK', code: null });
    expect(net.requests).toHaveLength(1);
    expect(net.requests[0]?.url).toBe('https://alywp.net/abc123');
    expect(net.requests[0]?.init).toMatchObject({
      redirect: 'follow',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
    expect(net.cancels).toHaveBeenCalledTimes(1);
  });

  it('asks once for concurrent resolutions of one code', async () => {
    const net = fakeShortener({ abc123: 'https://www.aliyundrive.com/s/AbCdEfGhIjK' });
    const links = new ShortLinks({ fetch: net.fetch });
    const all = await Promise.all([links.resolve('abc123'), links.resolve('abc123'), links.resolve('abc123')]);
    expect(new Set(all.map((t) => t?.shareId))).toEqual(new Set(['AbCdEfGhIjK']));
    expect(net.fetch).toHaveBeenCalledTimes(1);
  });

  it('keeps a share found for a month and "no share" for a day, in storage across restarts', async () => {
    const clock = { now: 1_000 };
    const store = memoryStore();
    const net = fakeShortener({ abc123: 'https://www.alipan.com/s/AbCdEfGhIjK?pwd=t84d' });
    const links = new ShortLinks({ fetch: net.fetch, store, now: () => clock.now, setTimer: (fn) => fn() });
    await links.resolve('abc123');
    expect(await links.resolve('nowhere')).toBeNull();
    await vi.waitFor(() => expect([...store.data.keys()].some((k) => k.startsWith('shortLinks.'))).toBe(true));

    const restarted = new ShortLinks({ fetch: net.fetch, store, now: () => clock.now });
    await restarted.restore();
    expect(restarted.peek('abc123')).toEqual({ shareId: 'AbCdEfGhIjK', code: 't84d' });
    expect(restarted.peek('nowhere')).toBeNull();
    clock.now += NOWHERE_TTL_MS;
    expect(restarted.peek('nowhere')).toBeUndefined();
    expect(restarted.peek('abc123')).toBeDefined();
    clock.now += SHORT_LINK_TTL_MS - NOWHERE_TTL_MS;
    expect(restarted.peek('abc123')).toBeUndefined();
    expect(net.fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps no failure: network errors, 429 and 5xx are thrown and asked again next time', async () => {
    const net = fakeShortener({ offline: new TypeError('Failed to fetch'), limited: 429, broken: 502 });
    const links = new ShortLinks({ fetch: net.fetch });
    await expect(links.resolve('offline')).rejects.toMatchObject({ category: 'network' });
    await expect(links.resolve('limited')).rejects.toMatchObject({ category: 'rate-limited', status: 429 });
    await expect(links.resolve('broken')).rejects.toMatchObject({ status: 502 });
    for (const code of ['offline', 'limited', 'broken']) expect(links.peek(code)).toBeUndefined();
    await expect(links.resolve('limited')).rejects.toBeInstanceOf(AlipanError);
    expect(net.fetch).toHaveBeenCalledTimes(4);
  });

  it('takes a 404 at the shortener as "no share"', async () => {
    const links = new ShortLinks({ fetch: fakeShortener({ gone01: 404 }).fetch });
    expect(await links.resolve('gone01')).toBeNull();
    expect(links.peek('gone01')).toBeNull();
  });
});

/** The share API of status-service.test.ts, smaller: shares by id, with a code or a dead-state error. */
function fakeShareApi(shares: Record<string, { pwd?: string; fail?: string }>): Transport & { calls: ApiRequest[] } {
  const calls: ApiRequest[] = [];
  return {
    calls,
    async send<T>(req: ApiRequest): Promise<T> {
      calls.push(req);
      const body = req.body as { share_id: string; share_pwd?: string };
      const share = shares[body.share_id];
      const fail = (code: string, status = 400) =>
        new AlipanError({ code, status, category: categorize(code, status) });
      if (!share) throw fail('NotFound.ShareLink', 404);
      if (share.fail) throw fail(share.fail);
      if (req.url.endsWith('get_share_token')) {
        if (share.pwd && body.share_pwd !== share.pwd) throw fail('InvalidResource.SharePwd');
        return { share_token: 'tok', expires_in: 7200 } as T;
      }
      return { share_name: `name of ${body.share_id}`, file_count: 1, has_pwd: !!share.pwd } as T;
    },
  };
}

describe('short links in the status service', () => {
  const short = (code: string, pageCode: string | null = null): ShareRef => ({
    shareId: code,
    code: pageCode,
    kind: 'short_url',
  });

  function setup(ends: Record<string, string | number | Error>) {
    const net = fakeShortener(ends);
    const api = fakeShareApi({
      LiveShare01: {},
      LockedShar1: { pwd: 't84d' },
      DeadShare01: { fail: 'ShareLink.Cancelled' },
    });
    const timers: { fn: () => void; ms: number }[] = [];
    const told: [string, ShareStatus][] = [];
    const svc = new ShareStatusService({
      transport: api,
      shortLinks: new ShortLinks({ fetch: net.fetch }),
      cache: new StatusCache(),
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      onStatus: (ref, status) => told.push([`${ref.kind === 'short_url' ? '~' : ''}${ref.shareId}`, status]),
    });
    return { svc, net, api, timers, told };
  }

  it("shows the status of the share a link leads to, with that share and its URL's code", async () => {
    const { svc, told } = setup({
      live01: 'https://www.aliyundrive.com/s/LiveShare01',
      locked1: 'https://www.alipan.com/s/LockedShar1?pwd=t84d',
      dead01: 'https://www.alipan.com/s/DeadShare01',
    });
    expect(await svc.resolve(short('live01'))).toMatchObject({
      state: 'valid',
      name: 'name of LiveShare01',
      target: { shareId: 'LiveShare01', code: null },
    });
    expect(await svc.resolve(short('locked1'))).toMatchObject({
      state: 'valid',
      target: { shareId: 'LockedShar1', code: 't84d' },
    });
    expect(await svc.resolve(short('dead01'))).toMatchObject({ state: 'cancelled' });
    expect(await svc.resolve(short('nowhere'))).toEqual({ state: 'not-found', code: 'ShortLink.NoShare' });
    // The page is told too (pushed to its badges), under the short link.
    expect(told.filter(([id]) => id.startsWith('~')).map(([id, s]) => [id, s.state])).toEqual([
      ['~live01', 'valid'],
      ['~locked1', 'valid'],
      ['~dead01', 'cancelled'],
      ['~nowhere', 'not-found'],
    ]);
    // Known now: the background answers the next report at once.
    expect(svc.peek(short('locked1'))).toMatchObject({ state: 'valid', target: { shareId: 'LockedShar1' } });
    expect(svc.peek(short('nowhere'))).toMatchObject({ state: 'not-found' });
  });

  it('tries the code written beside the link when its URL carries none', async () => {
    const { svc } = setup({ locked2: 'https://www.alipan.com/s/LockedShar1' });
    expect(await svc.resolve(short('locked2'))).toMatchObject({ state: 'needs-code' });
    expect(await svc.resolve(short('locked2', 'xxxx'))).toMatchObject({ state: 'wrong-code' });
    expect(await svc.resolve({ ...short('locked2', 't84d'), candidate: true })).toMatchObject({
      state: 'valid',
      codeAccepted: true,
      target: { shareId: 'LockedShar1', code: 't84d', candidate: true },
    });
  });

  it('asks the shortener once per code, whatever codes the pages wrote beside it', async () => {
    const { svc, net } = setup({ live01: 'https://www.aliyundrive.com/s/LiveShare01' });
    await Promise.all([
      svc.resolve(short('live01')),
      svc.resolve(short('live01', 'ab12')),
      svc.resolve(short('live01')),
    ]);
    await svc.resolve(short('live01', 'cd34'));
    expect(net.fetch).toHaveBeenCalledTimes(1);
  });

  it('shows a shortener that did not answer as unknown, never dead, and asks again later', async () => {
    const { svc, net, timers, told } = setup({ offline: new TypeError('Failed to fetch'), limited: 429 });
    expect(await svc.resolve(short('offline'))).toMatchObject({ state: 'unknown', code: 'NetworkError' });
    expect(await svc.resolve(short('limited'))).toMatchObject({ state: 'unknown', code: 'TooManyRequests' });
    expect(svc.peek(short('offline'))).toBeUndefined();
    expect(timers.map((t) => t.ms)).toEqual([UNKNOWN_RETRY_MS[0], UNKNOWN_RETRY_MS[0]]);
    const before = told.length;
    for (const t of timers.splice(0)) t.fn();
    await vi.waitFor(() => expect(told.length).toBe(before + 2));
    expect(net.fetch).toHaveBeenCalledTimes(4);
  });

  it('tells a short link when the share it leads to is checked again (a retry after unknown)', async () => {
    const { svc, api, timers, told } = setup({ live01: 'https://www.aliyundrive.com/s/LiveShare01' });
    const send = api.send.bind(api);
    let limited = true;
    api.send = async <T>(req: ApiRequest): Promise<T> => {
      if (limited) throw new AlipanError({ code: 'TooManyRequests', status: 429, category: 'rate-limited' });
      return send<T>(req);
    };
    expect(await svc.resolve(short('live01'))).toMatchObject({ state: 'unknown' });
    limited = false;
    for (const t of timers.splice(0)) t.fn();
    await vi.waitFor(() =>
      expect(told.at(-1)).toEqual(['~live01', expect.objectContaining({ state: 'valid', target: expect.anything() })]),
    );
  });

  it('tells a short link when a listing showed banned files in the share it leads to', async () => {
    const { svc, told } = setup({ live01: 'https://www.aliyundrive.com/s/LiveShare01' });
    await svc.resolve(short('live01'));
    told.length = 0;
    svc.noteBanned('LiveShare01');
    expect(told.map(([id, status]) => [id, status.banned])).toEqual([
      ['LiveShare01', true],
      ['~live01', true],
    ]);
    expect(svc.peek(short('live01'))).toMatchObject({ state: 'valid', banned: true });
  });

  it('takes short links from content scripts by their code only', () => {
    expect(asShareRef({ shareId: '5whNJG', code: null, kind: 'short_url' })).toEqual(short('5whNJG'));
    expect(asShareRef({ shareId: '5whNJG', code: 'ab12', kind: 'short_url' })).toEqual(short('5whNJG', 'ab12'));
    expect(asShareRef({ shareId: 'abc', code: null, kind: 'short_url' })).toBeUndefined();
    expect(asShareRef({ shareId: 'AbCdEfGhIjK', code: null, kind: 'short_url' })).toBeUndefined();
    expect(asShareRef({ shareId: '5whNJG', code: null, kind: 'constructor' })).toBeUndefined();
    expect(asShareRef({ shareId: '5whNJG', code: null, kind: 'short_url', folderId: 'a'.repeat(40) })).toBeUndefined();
  });
});
