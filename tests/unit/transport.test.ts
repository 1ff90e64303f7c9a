import { describe, expect, it, vi } from 'vitest';
import { categorize } from '../../lib/api/errors';
import { createPacer } from '../../lib/api/pacer';
import { backoffDelay, createTransport } from '../../lib/api/transport';
import { must } from '../must';

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

function fakeFetch(replies: (Reply | Error)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push({ url, init: init ?? {} });
    const next = replies.shift();
    if (!next) throw new Error('no more replies');
    if (next instanceof Error) throw next;
    return new Response(JSON.stringify(next.body), {
      status: next.status,
      headers: { 'content-type': 'application/json', ...next.headers },
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

function transportWith(replies: (Reply | Error)[]) {
  const { fetch, calls } = fakeFetch(replies);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  const t = createTransport({ fetch, sleep, random: () => 0.5, pacer: createPacer(() => 0, sleep) });
  return { t, calls, sleeps };
}

describe('transport', () => {
  it('sends JSON bodies and headers to the given host', async () => {
    const { t, calls } = transportWith([{ status: 200, body: { ok: 1 } }]);
    const res = await t.send({
      url: 'https://api.alipan.com/x',
      headers: { 'X-Canary': 'c' },
      body: { a: 1 },
      pace: 'auth',
    });
    expect(res).toEqual({ ok: 1 });
    expect(must(calls[0]).url).toBe('https://api.alipan.com/x');
    expect(must(calls[0]).init.method).toBe('POST');
    expect(String(must(calls[0]).init.body)).toBe('{"a":1}');
  });

  it('a call sent once (a batch copy) is not sent again after a lost answer, only after a refusal', async () => {
    const lost = transportWith([
      { status: 502, body: {} },
      { status: 200, body: { ok: 1 } },
    ]);
    await expect(lost.t.send({ url: 'https://a/batch', pace: 'web', sendOnce: true })).rejects.toMatchObject({
      status: 502,
    });
    expect(lost.calls).toHaveLength(1);
    const refused = transportWith([
      { status: 429, body: { code: 'TooManyRequests' } },
      { status: 200, body: { ok: 1 } },
    ]);
    await expect(refused.t.send({ url: 'https://a/batch', pace: 'web', sendOnce: true })).resolves.toEqual({ ok: 1 });
    expect(refused.calls).toHaveLength(2);
  });

  it('maps an error body to AlipanError with code, status and category', async () => {
    const { t } = transportWith([{ status: 400, body: { code: 'ShareLink.Cancelled', message: 'x' } }]);
    await expect(t.send({ url: 'https://a/x', pace: 'auth' })).rejects.toMatchObject({
      code: 'ShareLink.Cancelled',
      status: 400,
      category: 'share-cancelled',
    });
  });

  it('retries 429 with backoff honouring x-retry-after, then succeeds', async () => {
    const { t, calls, sleeps } = transportWith([
      { status: 429, body: { code: 'TooManyRequests' }, headers: { 'x-retry-after': '3' } },
      { status: 429, body: { code: 'ParamFlowException' } },
      { status: 200, body: { done: true } },
    ]);
    expect(await t.send({ url: 'https://a/x', pace: 'auth' })).toEqual({ done: true });
    expect(calls).toHaveLength(3);
    expect(sleeps[0]).toBe(3000);
    expect(sleeps[1]).toBeGreaterThan(0);
  });

  it('gives up after the bounded number of attempts and reports rate-limited', async () => {
    const storm = Array.from({ length: 10 }, () => ({ status: 429, body: { code: 'TooManyRequests' } }));
    const { t, calls } = transportWith(storm);
    await expect(t.send({ url: 'https://a/x', pace: 'auth' })).rejects.toMatchObject({ category: 'rate-limited' });
    expect(calls).toHaveLength(4);
  });

  it('retries network failures and 5xx, but not 4xx', async () => {
    const { t, calls } = transportWith([
      new TypeError('Failed to fetch'),
      { status: 502, body: {} },
      { status: 200, body: 1 },
    ]);
    expect(await t.send({ url: 'https://a/x', pace: 'auth' })).toBe(1);
    expect(calls).toHaveLength(3);
    const second = transportWith([{ status: 404, body: { code: 'NotFound.ShareLink' } }]);
    await expect(second.t.send({ url: 'https://a/x', pace: 'auth' })).rejects.toMatchObject({
      category: 'share-not-found',
    });
    expect(second.calls).toHaveLength(1);
  });

  it('never resends a request marked once (a refresh token may be spent by an answer that got lost)', async () => {
    const { t, calls } = transportWith([
      { status: 502, body: {} },
      { status: 200, body: 1 },
    ]);
    await expect(t.send({ url: 'https://a/x', pace: 'auth', tokenCall: true })).rejects.toMatchObject({ status: 502 });
    expect(calls).toHaveLength(1);
  });

  it('a network failure that persists is a network error', async () => {
    const { t } = transportWith(Array.from({ length: 4 }, () => new TypeError('Failed to fetch')));
    await expect(t.send({ url: 'https://a/x', pace: 'auth' })).rejects.toMatchObject({
      category: 'network',
      code: 'NetworkError',
    });
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, is capped, and never undercuts retry-after', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(1, () => 1)).toBe(1000);
    expect(backoffDelay(10, () => 1)).toBe(8000);
    expect(backoffDelay(0, () => 0, 5)).toBe(5000);
  });
});

describe('pacer', () => {
  it('spaces calls of one class by the interval, in arrival order', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = createPacer(
      () => clock,
      async (ms) => {
        waits.push(ms);
      },
    );
    await Promise.all([pacer.wait('k', 1000), pacer.wait('k', 1000), pacer.wait('k', 1000), pacer.wait('other', 1000)]);
    expect(waits).toEqual([1000, 2000]);
    clock = 5000;
    await pacer.wait('k', 1000);
    expect(waits).toEqual([1000, 2000]);
  });
});

describe('categorize', () => {
  it.each([
    ['AccessTokenExpired', 'token-expired'],
    ['I400JD', 'token-expired'],
    ['ShareLinkTokenInvalid', 'share-token-expired'],
    ['InvalidParameter.RefreshToken', 'sign-in-needed'],
    ['UserDeviceOffline', 'sign-in-needed'],
    ['ShareLink.Expired', 'share-expired'],
    ['ShareLink.Forbidden', 'share-forbidden'],
    ['NotFound.ShareLink', 'share-not-found'],
    ['InvalidResource.SharePwd', 'code-needed'],
    ['InvalidParameter.SharePwd', 'code-needed'],
    ['ParamFlowException', 'rate-limited'],
    ['QuotaExhausted.Drive', 'drive-full'],
    ['SomethingNew', 'unknown'],
  ])('%s → %s', (code, category) => {
    expect(categorize(code)).toBe(category);
  });
});
