import { describe, expect, it } from 'vitest';
import { AlipanError, categorize } from '../../lib/api/errors';
import type { ApiRequest, Transport } from '../../lib/api/transport';
import { ALIVE_TTL_MS, DEAD_TTL_MS, ShareStatusService, UNKNOWN_RETRY_MS } from '../../lib/shares/status-service';
import { asShareRef } from '../../lib/shares/validate';
import { must } from '../must';

interface FakeShare {
  pwd?: string;
  fileCount?: number;
  fail?: string;
}

function fakeShares(shares: Record<string, FakeShare>) {
  const calls: ApiRequest[] = [];
  const fail = (code: string, status = 400) => new AlipanError({ code, status, category: categorize(code, status) });
  const transport: Transport = {
    async send<T>(req: ApiRequest): Promise<T> {
      calls.push(req);
      await new Promise((r) => setTimeout(r, 2));
      const body = req.body as { share_id: string; share_pwd?: string };
      const share = shares[body.share_id];
      if (!share) throw fail('NotFound.ShareLink', 404);
      if (share.fail) throw fail(share.fail, share.fail === 'TooManyRequests' ? 429 : 400);
      if (req.url.endsWith('get_share_token')) {
        if (share.pwd && body.share_pwd !== share.pwd) throw fail('InvalidResource.SharePwd');
        return { share_token: 'tok', expires_in: 7200 } as T;
      }
      return {
        share_name: `name of ${body.share_id}`,
        file_count: share.fileCount ?? 3,
        has_pwd: !!share.pwd,
        creator_name: 'A**e',
        expiration: '',
      } as T;
    },
  };
  const meta = () => calls.filter((c) => c.url.includes('get_share_by_anonymous')).length;
  return { transport, calls, meta };
}

function service(shares: Record<string, FakeShare>, clock = { now: 1_000 }) {
  const api = fakeShares(shares);
  const timers: { fn: () => void; ms: number }[] = [];
  const seen: string[] = [];
  const svc = new ShareStatusService({
    transport: api.transport,
    now: () => clock.now,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    onStatus: (ref, status) => seen.push(`${ref.shareId}:${status.state}`),
  });
  return { svc, api, timers, seen, clock };
}

const ref = (shareId: string, code: string | null = null) => ({ shareId, code });

describe('ShareStatusService', () => {
  it('maps metadata and code checks to badge states', async () => {
    const { svc } = service({
      openShare01: {},
      emptyShare1: { fileCount: 0 },
      lockedShare: { pwd: 't84d' },
      cancelled01: { fail: 'ShareLink.Cancelled' },
      expired0001: { fail: 'ShareLink.Expired' },
      forbidden01: { fail: 'ShareLink.Forbidden' },
    });
    const state = async (r: ReturnType<typeof ref>) => (await svc.resolve(r)).state;
    expect(await state(ref('openShare01'))).toBe('valid');
    expect(await state(ref('emptyShare1'))).toBe('empty');
    expect(await state(ref('lockedShare'))).toBe('needs-code');
    expect(await state(ref('lockedShare', 't84d'))).toBe('valid');
    expect(await state(ref('lockedShare', 'xxxx'))).toBe('wrong-code');
    expect(await state(ref('cancelled01'))).toBe('cancelled');
    expect(await state(ref('expired0001'))).toBe('expired');
    expect(await state(ref('forbidden01'))).toBe('forbidden');
    expect(await state(ref('nosuchshare'))).toBe('not-found');
    expect(await svc.resolve(ref('openShare01'))).toMatchObject({
      name: 'name of openShare01',
      fileCount: 3,
      creator: 'A**e',
    });
  });

  it('tries a candidate code (no keyword): right opens it, wrong is dropped as needs-code, never wrong-code', async () => {
    const { svc } = service({ lockedShare: { pwd: 't84d' }, openShare01: {} });
    const candidate = (shareId: string, code: string) => ({ shareId, code, candidate: true as const });
    expect(await svc.resolve(candidate('lockedShare', 't84d'))).toMatchObject({ state: 'valid', codeAccepted: true });
    const wrong = await svc.resolve(candidate('lockedShare', 'xxxx'));
    expect([wrong.state, wrong.code, wrong.codeAccepted]).toEqual(['needs-code', undefined, undefined]);
    // A share without a password opens whatever the code: nothing is said about the candidate.
    expect((await svc.resolve(candidate('openShare01', 'ab12'))).codeAccepted).toBeUndefined();
    // The same code stated with a keyword is another status: that one may be wrong.
    expect((await svc.resolve(ref('lockedShare', 'xxxx'))).state).toBe('wrong-code');
    expect(svc.peek(candidate('lockedShare', 'xxxx'))?.state).toBe('needs-code');
  });

  it('a listing that showed banned files marks every known status of the share, once, and tells its badges', async () => {
    const { svc, seen } = service({
      lockedShare: { pwd: 't84d' },
      openShare01: {},
      cancelled01: { fail: 'ShareLink.Cancelled' },
    });
    await svc.resolve(ref('lockedShare', 't84d'));
    await svc.resolve({ shareId: 'lockedShare', code: 't84d', candidate: true });
    await svc.resolve(ref('openShare01'));
    await svc.resolve(ref('cancelled01'));
    seen.length = 0;
    svc.noteBanned('lockedShare');
    svc.noteBanned('lockedShare');
    svc.noteBanned('cancelled01'); // a dead share shows no files: nothing to add
    expect(seen).toEqual(['lockedShare:valid', 'lockedShare:valid']);
    expect(svc.peek(ref('lockedShare', 't84d'))?.banned).toBe(true);
    expect(svc.peek({ shareId: 'lockedShare', code: 't84d', candidate: true })).toMatchObject({
      banned: true,
      codeAccepted: true,
    });
    expect(svc.peek(ref('openShare01'))?.banned).toBeUndefined();
  });

  it('asks Alipan once per share however many copies and codes ask at once', async () => {
    const { svc, api } = service({ lockedShare: { pwd: 't84d' } });
    await Promise.all([
      ...Array.from({ length: 50 }, () => svc.resolve(ref('lockedShare', 't84d'))),
      svc.resolve(ref('lockedShare', 'zzzz')),
      svc.resolve(ref('lockedShare')),
    ]);
    expect(api.meta()).toBe(1);
    expect(api.calls.filter((c) => c.url.endsWith('get_share_token'))).toHaveLength(2);
  });

  it('caches alive states for minutes and dead ones for a day', async () => {
    const { svc, api, clock } = service({ openShare01: {}, cancelled01: { fail: 'ShareLink.Cancelled' } });
    await svc.resolve(ref('openShare01'));
    await svc.resolve(ref('cancelled01'));
    clock.now += ALIVE_TTL_MS - 1;
    expect(svc.peek(ref('openShare01'))?.state).toBe('valid');
    clock.now += 2;
    expect(svc.peek(ref('openShare01'))).toBeUndefined();
    expect(svc.peek(ref('cancelled01'))?.state).toBe('cancelled');
    clock.now += DEAD_TTL_MS;
    expect(svc.peek(ref('cancelled01'))).toBeUndefined();
    await svc.resolve(ref('openShare01'));
    expect(api.meta()).toBe(3);
  });

  it('rate limits give unknown (never dead), not cached, retried later with backoff', async () => {
    const shares: Record<string, FakeShare> = { busyShare01: { fail: 'TooManyRequests' } };
    const { svc, timers, seen } = service(shares);
    expect((await svc.resolve(ref('busyShare01'))).state).toBe('unknown');
    expect(svc.peek(ref('busyShare01'))).toBeUndefined();
    expect(timers.map((t) => t.ms)).toEqual([UNKNOWN_RETRY_MS[0]]);
    shares.busyShare01 = {};
    must(timers[0]).fn();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['busyShare01:unknown', 'busyShare01:valid']);
    expect(svc.peek(ref('busyShare01'))?.state).toBe('valid');
  });

  it('the checks a closed tab was waiting for, and no one else, are never made', async () => {
    const { svc, api, seen } = service(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`openShare0${i}`, {}])));
    const asked = Array.from({ length: 6 }, (_, i) => svc.resolve(ref(`openShare0${i}`), 1));
    void svc.resolve(ref('openShare05'), 2);
    svc.dropTab(1);
    await Promise.all(asked);
    // Three had started (three at once); the sixth is still wanted by tab 2.
    expect(api.meta()).toBe(4);
    expect(seen.sort()).toEqual(['openShare00:valid', 'openShare01:valid', 'openShare02:valid', 'openShare05:valid']);
  });

  it('a quick transfer is checked through its own call (§10), its dead states those of a share', async () => {
    const urls: string[] = [];
    const transport: Transport = {
      async send<T>(req: ApiRequest): Promise<T> {
        urls.push(req.url);
        if ((req.body as { share_id: string }).share_id === 'QuickGone00000000001')
          throw new AlipanError({
            code: 'ShareLink.Expired',
            status: 400,
            category: categorize('ShareLink.Expired', 400),
          });
        return {
          display_name: 'clip.mp4',
          file_infos: [{ type: 'file', file_id: 'f1', file_name: 'clip.mp4' }],
          expiration: '2026-12-06T00:00:00Z',
        } as T;
      },
    };
    const svc = new ShareStatusService({ transport });
    const quick = (shareId: string) => must(asShareRef({ shareId, code: null, kind: 'quick_transfer' }));
    expect(await svc.resolve(quick('QuickLive00000000001'))).toMatchObject({
      state: 'valid',
      name: 'clip.mp4',
      expiration: '2026-12-06T00:00:00Z',
    });
    expect((await svc.resolve(quick('QuickGone00000000001'))).state).toBe('expired');
    expect(urls.map((u) => new URL(u).pathname)).toEqual([
      '/adrive/v1/share/getByAnonymous',
      '/adrive/v1/share/getByAnonymous',
    ]);
    // A quick-transfer id has a length no share id has; no folder, no other kind.
    expect(asShareRef({ shareId: 'AAAAAAAAAAA', code: null, kind: 'quick_transfer' })).toBeUndefined();
    expect(asShareRef({ shareId: 'QuickLive00000000001', code: null, kind: 'share' })).toBeUndefined();
    expect(asShareRef({ shareId: 'QuickLive00000000001', code: null, kind: 'short_url' })).toBeUndefined();
    expect(asShareRef({ shareId: 'AAAAAAAAAAA', code: null, kind: 'share' })).toEqual({
      shareId: 'AAAAAAAAAAA',
      code: null,
    });
  });

  it('ParamFlowException and unknown codes are unknown too', async () => {
    const { svc } = service({ flowShare01: { fail: 'ParamFlowException' }, oddShare001: { fail: 'SomethingNew' } });
    expect((await svc.resolve(ref('flowShare01'))).state).toBe('unknown');
    expect((await svc.resolve(ref('oddShare001'))).state).toBe('unknown');
  });
});
