import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLinkSamples } from '../fixtures/link-samples.ts';
import { must } from '../must';
import { badgeStates, htmlPage, listedFile, settledBadges } from './badge-states.ts';
import { type FakeAlipan, startFakeAlipan } from './fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, type PageServer, startPageServer } from './harness.ts';

const samples = readLinkSamples();
const shortCode = (url: string) => url.slice(url.lastIndexOf('/') + 1);
/** The share a sample short link leads to in the fake: an 11-char id, like real ones. */
const sampleShortTarget = (code: string) => `Short${code}`.padEnd(11, '0');

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

let fake: FakeAlipan;
let pages: PageServer;
let ext: ExtensionBrowser;

beforeAll(async () => {
  fake = await startFakeAlipan();
  pages = await startPageServer();
  const shares: [string, Partial<Parameters<FakeAlipan['addShare']>[0]>][] = [
    ['ValidShare1', {}],
    ['LockedShar1', { pwd: 't84d' }],
    ['LockedShar2', { pwd: 't84d' }],
    ['LockedShar3', { pwd: 't84d' }],
    ['ExpiredShr1', { state: 'expired' }],
    ['CancelShar1', { state: 'cancelled' }],
    ['BannedShar1', { state: 'forbidden' }],
    ['EmptyShare1', { tree: [] }],
    ['CopiedShar1', {}],
    ['LateShare01', {}],
    ['StormShare1', {}],
    ['XssShare001', { name: '<img src=x onerror="window.__xss=1">' }],
    ['CandShare01', { pwd: 'ab12' }],
    ['CandShare02', { pwd: 'ab12' }],
    ['CandShare03', { pwd: 'cd34' }],
  ];
  for (const [shareId, extra] of shares) {
    fake.addShare({ shareId, name: `Share ${shareId}`, tree: [listedFile('a.txt')], ...extra });
  }
  // Every sample share exists and is valid, so only the parser decides what is badged.
  const sampleShares = new Map(
    samples.flatMap((s) =>
      s.expect.filter((e) => e.share_id && !e.kind).map((e) => [must(e.share_id), e.pwd] as const),
    ),
  );
  for (const [shareId, pwd] of sampleShares)
    fake.addShare({ shareId, name: shareId, pwd: pwd ?? undefined, tree: [listedFile('x')] });
  // And each sample short link leads to a share of its own.
  for (const code of samples.flatMap((s) => s.expect.flatMap((e) => (e.short_url ? [shortCode(e.short_url)] : [])))) {
    fake.addShare({ shareId: sampleShortTarget(code), name: code, tree: [listedFile('x')] });
    fake.addShortLink(code, `https://www.aliyundrive.com/s/${sampleShortTarget(code)}`);
  }
  ext = await launchExtension({ fake, pages });
});
afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await fake?.close();
});

async function open(path: string, html: string): Promise<Page> {
  pages.set('forum.test', path, htmlPage(html));
  const p = await ext.context.newPage();
  await p.goto(`http://forum.test${path}`);
  return p;
}

describe('badges on pages', () => {
  it('the sample texts get exactly the right badges and codes', async () => {
    const html = samples
      .map((s, i) => `<div id="s${i}" style="white-space:pre-wrap">${escapeHtml(s.snippet)}</div>`)
      .join('\n<hr>\n');
    const p = await open('/samples', html);
    // Shares and quick transfers by their id, short links by the share each leads to.
    const idOf = (e: (typeof samples)[number]['expect'][number]) =>
      e.short_url ? sampleShortTarget(shortCode(e.short_url)) : e.share_id;
    const expectedIds = new Set(samples.flatMap((s) => s.expect.flatMap((e) => idOf(e) ?? [])));
    await p.waitForFunction(
      (n) =>
        document.querySelectorAll('alipan-share-badge').length >= n &&
        !document.querySelector('alipan-share-badge[data-share-id=""]'),
      expectedIds.size,
      { timeout: 20_000 },
    );
    for (const [i, s] of samples.entries()) {
      const found = await p.$$eval(`#s${i} alipan-share-badge`, (els) =>
        els.map((e) => ({ id: e.getAttribute('data-share-id'), code: e.getAttribute('data-code') })),
      );
      const want = s.expect.filter((e) => idOf(e));
      expect(new Set(found.map((f) => f.id)), `sample ${i}`).toEqual(new Set(want.map(idOf)));
      for (const w of want) {
        for (const f of found.filter((f) => f.id === idOf(w))) expect(f.code, `sample ${i} ${idOf(w)}`).toBe(w.pwd);
      }
    }
    await p.close();
  });

  it('shows every state the service can give', async () => {
    const p = await open(
      '/states',
      `<p><a href="https://www.alipan.com/s/ValidShare1">valid</a></p>
       <p>https://www.alipan.com/s/LockedShar1</p>
       <p>https://www.alipan.com/s/LockedShar2 提取码: zzzz</p>
       <p>https://www.alipan.com/s/LockedShar3 提取码: t84d</p>
       <p>https://www.aliyundrive.com/s/ExpiredShr1</p>
       <p>alipan.com/s/CancelShar1</p>
       <p>https://www.alipan.com/s/BannedShar1</p>
       <p>https://www.alipan.com/s/NoSuchShar1</p>
       <p>https://www.alipan.com/s/EmptyShare1</p>
       <style>* { display: block !important; color: red !important } *::before, *::after { content: 'page' !important }</style>`,
    );
    const states = Object.fromEntries((await settledBadges(p, 9)).map((b) => [b.id, b.state]));
    expect(states).toEqual({
      ValidShare1: 'valid',
      LockedShar1: 'needs-code',
      LockedShar2: 'wrong-code',
      LockedShar3: 'valid',
      ExpiredShr1: 'expired',
      CancelShar1: 'cancelled',
      BannedShar1: 'forbidden',
      NoSuchShar1: 'not-found',
      EmptyShare1: 'empty',
    });
    // Drawn by the extension's sheet, whatever the page's own important rules say; its text is
    // generated, none of the page's.
    const looks = await p.$$eval('alipan-share-badge', (badges) =>
      badges.map((b) => ({
        display: getComputedStyle(b).display,
        color: getComputedStyle(b).color,
        icon: getComputedStyle(b, '::before').content,
        label: getComputedStyle(b, '::after').content,
        dataLabel: b.getAttribute('data-label'),
        text: b.textContent,
      })),
    );
    for (const look of looks) {
      expect(look.display).toBe('inline-flex');
      expect(look.color).not.toBe('rgb(255, 0, 0)');
      expect(look.icon).toMatch(/^".+"$/);
      expect(look.icon).not.toBe('"page"');
      expect(look.label).toBe(`"${look.dataLabel}"`);
      expect(look.text).toBe('');
    }
    expect(looks.find((l) => l.dataLabel === 'Valid')?.icon).toBe('"\u2713"');
    await p.close();
  });

  it('a code written with no keyword is tried: right gives valid with data-code, wrong gives needs-code, never wrong-code', async () => {
    const p = await open(
      '/candidates',
      `<p>https://www.alipan.com/s/CandShare01 (ab12)</p>
       <p><a href="https://www.alipan.com/s/CandShare02">阿里云盘（ab12）</a></p>
       <p>https://www.alipan.com/s/CandShare03（zz99）</p>
       <p>https://www.alipan.com/s/ValidShare1 (2023)</p>`,
    );
    expect(await settledBadges(p, 4)).toEqual([
      { id: 'CandShare01', code: 'ab12', state: 'valid' },
      { id: 'CandShare02', code: 'ab12', state: 'valid' },
      { id: 'CandShare03', code: null, state: 'needs-code' },
      { id: 'ValidShare1', code: null, state: 'valid' },
    ]);
    await p.close();
  });

  it('50 copies of a link → 50 badges, one metadata request', async () => {
    const p = await open(
      '/copies',
      Array.from({ length: 50 }, (_, i) => `<p>copy ${i}: https://www.alipan.com/s/CopiedShar1</p>`).join(''),
    );
    const all = await settledBadges(p, 50);
    expect(all).toHaveLength(50);
    expect(all.every((b) => b.state === 'valid')).toBe(true);
    expect(
      fake.log.filter((r) => r.path.endsWith('get_share_by_anonymous') && r.query.share_id === 'CopiedShar1'),
    ).toHaveLength(1);
    await p.close();
  });

  it('content added after load gets badges; editable fields never do', async () => {
    const p = await open(
      '/late',
      `<input value="https://www.alipan.com/s/ValidShare1"><textarea>https://www.alipan.com/s/ValidShare1</textarea>
       <div contenteditable="true">https://www.alipan.com/s/ValidShare1</div><div id="feed"></div>`,
    );
    await p.waitForTimeout(500);
    expect(await badgeStates(p)).toEqual([]);
    await p.evaluate(() => {
      const post = document.createElement('div');
      post.textContent = 'new post: https://www.alipan.com/s/LateShare01';
      document.getElementById('feed')?.append(post);
    });
    const all = await settledBadges(p, 1);
    expect(all).toEqual([{ id: 'LateShare01', code: null, state: 'valid' }]);
    await p.close();
  });

  it('a 429 storm leaves unknown, never a dead state', async () => {
    fake.rateLimit({ path: /get_share_by_anonymous/, count: 1000, code: 'TooManyRequests' });
    const p = await open('/storm', '<p>https://www.alipan.com/s/StormShare1</p>');
    const [badge] = await settledBadges(p, 1);
    expect(must(badge).state).toBe('unknown');
    await p.close();
    fake.clearFaults();
  });

  it('a tab with 3,000 links does not hold back another tab: its badges are final within 2 s', async () => {
    const others = ['OtherTab001', 'OtherTab002', 'OtherTab003'];
    for (const shareId of others) fake.addShare({ shareId, name: shareId, tree: [listedFile('a.txt')] });
    // Share ids the fake does not know: each still costs a metadata request (→ not-found).
    const flood = Array.from(
      { length: 3000 },
      (_, i) => `<p>https://www.alipan.com/s/Flood${String(i).padStart(6, '0')}</p>`,
    );
    const big = await open('/flood', flood.join(''));
    await big.waitForFunction(
      () => document.querySelectorAll('alipan-share-badge[data-state="not-found"]').length >= 30,
      null,
      { timeout: 30_000 },
    );
    pages.set('blog.test', '/other', htmlPage(others.map((id) => `<p>https://www.alipan.com/s/${id}</p>`).join('')));
    const other = await ext.context.newPage();
    const started = Date.now();
    await other.goto('http://blog.test/other');
    // The big page is the one in front: the other tab gets its turn by fairness, not as the active tab.
    await big.bringToFront();
    await other.waitForFunction(
      (n) => {
        const all = [...document.querySelectorAll('alipan-share-badge')];
        return all.length === n && all.every((b) => b.getAttribute('data-state') === 'valid');
      },
      others.length,
      { timeout: 10_000, polling: 20 },
    );
    const elapsed = Date.now() - started;
    console.info(`other tab's badges final after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2000);
    // The big page was still being checked meanwhile.
    expect(await big.$$eval('alipan-share-badge[data-state="checking"]', (els) => els.length)).toBeGreaterThan(100);
    for (const p of [big, other]) await p.close();
  });

  it("a quick-transfer /t/ link gets its state from its own API, and opens on Alipan's page", async () => {
    fake.addShare({
      shareId: 'QuickLive00000000001',
      quickTransfer: true,
      name: 'clip.mp4',
      tree: [listedFile('clip.mp4')],
    });
    fake.addShare({
      shareId: 'QuickOld000000000001',
      quickTransfer: true,
      name: 'old.zip',
      expiration: '2020-01-01T00:00:00.000Z',
      tree: [listedFile('old.zip')],
    });
    const p = await open(
      '/quick',
      '<p>https://www.alipan.com/t/QuickLive00000000001</p><p>https://www.alipan.com/t/QuickOld000000000001</p>',
    );
    expect(await settledBadges(p, 2)).toEqual([
      { id: 'QuickLive00000000001', code: null, state: 'valid' },
      { id: 'QuickOld000000000001', code: null, state: 'expired' },
    ]);
    // One request each (the sample page of the first test has a quick transfer of its own).
    const asked = fake.log
      .filter((r) => r.path.endsWith('/adrive/v1/share/getByAnonymous'))
      .map((r) => r.body.share_id)
      .filter((id) => id === 'QuickLive00000000001' || id === 'QuickOld000000000001');
    expect(asked.sort()).toEqual(['QuickLive00000000001', 'QuickOld000000000001']);
    const opened = ext.context.waitForEvent('page');
    await p.click('alipan-share-badge');
    const alipanTab = await opened;
    await expect
      .poll(() => fake.log.some((r) => r.host === 'www.alipan.com' && r.path === '/t/QuickLive00000000001'), {
        timeout: 10_000,
      })
      .toBe(true);
    for (const tab of [alipanTab, p]) await tab.close();
  });

  it('the user pointing at a valid badge lists its share once: a share with banned files says so in the tooltip', async () => {
    fake.addShare({
      shareId: 'HoverBanned',
      name: 'Mixed',
      tree: [listedFile('ok.txt'), { ...listedFile('bad.mp4'), banned: true }],
    });
    fake.addShare({ shareId: 'HoverClean1', name: 'Clean', tree: [listedFile('ok.txt')] });
    const p = await open(
      '/hover',
      '<p>https://www.alipan.com/s/HoverBanned</p><p>https://www.alipan.com/s/HoverClean1</p>',
    );
    await settledBadges(p, 2);
    const tooltip = (id: string) => p.getAttribute(`alipan-share-badge[data-share-id="${id}"]`, 'title');
    const listings = (id: string) =>
      fake.log.filter((r) => r.path === '/adrive/v3/file/list' && (r.body as { share_id?: string }).share_id === id);
    expect(await tooltip('HoverBanned')).not.toMatch(/banned some/);
    // A page's own synthetic pointer event lists nothing.
    await p.dispatchEvent('alipan-share-badge[data-share-id="HoverClean1"]', 'pointerover', { bubbles: true });
    await p.waitForTimeout(500);
    expect(listings('HoverClean1')).toEqual([]);
    await p.hover('alipan-share-badge[data-share-id="HoverBanned"]');
    await p.waitForFunction(() =>
      document
        .querySelector('alipan-share-badge[data-share-id="HoverBanned"]')
        ?.getAttribute('title')
        ?.includes('banned some of its files'),
    );
    await p.hover('alipan-share-badge[data-share-id="HoverClean1"]');
    await expect.poll(() => listings('HoverClean1').length).toBe(1);
    await p.hover('alipan-share-badge[data-share-id="HoverBanned"]');
    await p.hover('alipan-share-badge[data-share-id="HoverClean1"]');
    await p.waitForTimeout(500);
    expect([listings('HoverBanned').length, listings('HoverClean1').length]).toEqual([1, 1]);
    expect(await tooltip('HoverClean1')).not.toMatch(/banned some/);
  });

  it('a share name carrying an XSS payload executes nothing', async () => {
    const p = await open('/xss', '<p>https://www.alipan.com/s/XssShare001</p>');
    await settledBadges(p, 1);
    const badge = await p.$('alipan-share-badge');
    await must(badge).hover();
    await must(badge).focus();
    await p.waitForTimeout(300);
    expect(await p.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await p.$$('img')).toHaveLength(0);
    await p.close();
  });

  it('a site switched off on the options page is not touched at all; other sites still get badges', async () => {
    const options = await ext.openPage('options.html');
    await options.fill('textarea[name="disabledSites"]', 'forum.test');
    await options.click('button[data-action="save-badge-settings"]');
    await options.waitForSelector('[data-badge-settings-saved]');
    const html =
      '<p>Get it: https://www.alipan.com/s/ValidShare1 提取码: t84d, thanks</p>' +
      '<p><a href="https://www.alipan.com/s/ValidShare1">阿里云盘</a> and https://www.alipan.com/s/LockedShar1 more text</p>';
    const off = await open('/off', html);
    pages.set('blog.test', '/on', htmlPage(html));
    const on = await ext.context.newPage();
    await on.goto('http://blog.test/on');
    expect(await settledBadges(on, 3)).toHaveLength(3);
    // Without the extension: a page the content script does not run on (about:blank).
    const bare = await ext.context.newPage();
    await bare.setContent(htmlPage(html));
    await off.waitForTimeout(1000);
    const bodyOf = (p: Page) =>
      p.evaluate(() => [document.body.innerHTML, document.body.querySelector('p')?.childNodes.length]);
    expect(await bodyOf(off)).toEqual(await bodyOf(bare));
    await options.fill('textarea[name="disabledSites"]', '');
    await options.click('button[data-action="save-badge-settings"]');
    await options.waitForSelector('[data-badge-settings-saved]');
    for (const p of [off, on, bare, options]) await p.close();
  });

  it('a page re-rendering the text a badge split (React-style) ends with its own text and one badge per link', async () => {
    const first =
      'Get it: https://www.alipan.com/s/ValidShare1 提取码: t84d, and https://www.alipan.com/s/LockedShar1 too';
    const second = 'Moved: https://www.alipan.com/s/LockedShar2 提取码: t84d (updated)';
    // The page's own script keeps the text node it rendered, as React and Vue do, and updates it in place.
    const p = await open(
      '/react',
      `<div id="app"><p id="post"></p></div><script>
        const text = document.createTextNode(${JSON.stringify(first)});
        document.getElementById('post').append(text);
        window.render = (value) => { text.data = value; };
        window.replace = (value) => document.getElementById('post').replaceChildren(value);
      </script>`,
    );
    const post = () =>
      p.evaluate(() => [
        document.getElementById('post')?.textContent,
        document.getElementById('post')?.childNodes.length,
      ]);
    const ids = () => p.$$eval('#post alipan-share-badge', (els) => els.map((e) => e.getAttribute('data-share-id')));
    await p.waitForFunction(() => document.querySelectorAll('#post alipan-share-badge').length === 2);
    expect((await post())[0]).toBe(first);

    await p.evaluate((value) => (window as unknown as { render(v: string): void }).render(value), second);
    await p.waitForFunction(
      () => document.querySelector('#post alipan-share-badge')?.getAttribute('data-share-id') === 'LockedShar2',
    );
    await p.waitForTimeout(500);
    expect((await post())[0]).toBe(second);
    expect(await ids()).toEqual(['LockedShar2']);

    await p.evaluate((value) => (window as unknown as { render(v: string): void }).render(value), 'no link any more');
    await p.waitForFunction(() => document.querySelectorAll('#post alipan-share-badge').length === 0);
    await p.waitForTimeout(500);
    expect(await post()).toEqual(['no link any more', 1]);

    await p.evaluate((value) => (window as unknown as { replace(v: string): void }).replace(value), first);
    await p.waitForFunction(() => document.querySelectorAll('#post alipan-share-badge').length === 2);
    await p.waitForTimeout(500);
    expect((await post())[0]).toBe(first);
    expect(await ids()).toEqual(['ValidShare1', 'LockedShar1']);
    await p.close();
  });

  it("a click of the user opens the share in the viewer; the page's own badge.click() or Enter opens nothing", async () => {
    const p = await open('/driven', '<p>https://www.alipan.com/s/ValidShare1</p>');
    await p.waitForSelector('alipan-share-badge[data-state="valid"]');
    const viewerTabs = () => ext.context.pages().filter((t) => t.url().includes('/viewer.html'));
    const before = viewerTabs().length;
    await p.evaluate(() => {
      const badge = document.querySelector('alipan-share-badge') as HTMLElement;
      badge.click();
      badge.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    await p.waitForTimeout(1000);
    expect(viewerTabs()).toHaveLength(before);
    const opened = ext.context.waitForEvent('page');
    await p.click('alipan-share-badge');
    const viewer = await opened;
    await viewer.waitForLoadState();
    expect(viewer.url()).toContain('/viewer.html?');
    expect(decodeURIComponent(viewer.url())).toContain('ValidShare1');
    await viewer.close();
    await p.close();
  });
});
