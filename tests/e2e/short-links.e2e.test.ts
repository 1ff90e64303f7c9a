/**
 * Short `alywp.net/<code>` links (issue 11, alipan-api.md §10) on the production build: the
 * background follows each code's redirect once, badges the share it leads to, and remembers
 * where it led across a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPage, listedFile, settledBadges } from './badge-states.ts';
import { type FakeAlipan, startFakeAlipan } from './fake-alipan/server.ts';
import {
  type ExtensionBrowser,
  launchExtension,
  openPopupForActiveTab,
  type PageServer,
  startPageServer,
} from './harness.ts';

let fake: FakeAlipan;
let pages: PageServer;
let ext: ExtensionBrowser;

beforeAll(async () => {
  fake = await startFakeAlipan();
  pages = await startPageServer();
  fake.addShare({ shareId: 'ShortLive01', name: 'Live', tree: [listedFile('a.txt')] });
  fake.addShare({ shareId: 'ShortLock01', name: 'Locked', pwd: 't84d', tree: [listedFile('b.txt')] });
  fake.addShare({ shareId: 'ShortDead01', name: 'Gone', state: 'cancelled', tree: [listedFile('c.txt')] });
  fake.addShortLink('live01', 'https://www.aliyundrive.com/s/ShortLive01');
  fake.addShortLink('lock01', 'https://www.alipan.com/s/ShortLock01?pwd=t84d');
  fake.addShortLink('dead01', 'https://www.aliyundrive.com/s/ShortDead01');
  ext = await launchExtension({ fake, pages });
});
afterAll(async () => {
  await ext?.close();
  await pages?.close();
  await fake?.close();
});

const shortenerAsked = (code: string) => fake.log.filter((r) => r.host === 'alywp.net' && r.path === `/${code}`).length;

describe('short alywp.net links', () => {
  it('badge the share each leads to, asking the shortener once per code, even after a reload', async () => {
    pages.set(
      'forum.test',
      '/short',
      htmlPage(
        `<p>Live: <a href="https://alywp.net/live01">https://alywp.net/live01</a></p>
         <p>Locked: https://alywp.net/lock01</p>
         <p>Dead: https://alywp.net/dead01</p>
         <p>Nowhere: https://alywp.net/nope01</p>
         <p>Live again: https://alywp.net/live01</p>`,
      ),
    );
    const p = await ext.context.newPage();
    await p.goto('http://forum.test/short');
    const want = [
      // The anchor and its text are one link: one badge.
      { id: 'ShortLive01', code: null, state: 'valid' },
      { id: 'ShortLock01', code: 't84d', state: 'valid' },
      { id: 'ShortDead01', code: null, state: 'cancelled' },
      { id: '', code: null, state: 'not-found' },
      { id: 'ShortLive01', code: null, state: 'valid' },
    ];
    expect(await settledBadges(p, 5)).toEqual(want);
    for (const code of ['live01', 'lock01', 'dead01', 'nope01']) expect(shortenerAsked(code), code).toBe(1);
    // Each redirect was followed to the share's page, without cookies or the page's address.
    const landed = fake.log.filter((r) => r.path.startsWith('/s/Short') && r.host.startsWith('www.'));
    expect(landed.map((r) => r.path).sort()).toEqual(['/s/ShortDead01', '/s/ShortLive01', '/s/ShortLock01']);
    for (const r of fake.log.filter((r) => r.host === 'alywp.net')) {
      expect(r.headers.referer).toBeUndefined();
      expect(r.headers.cookie).toBeUndefined();
    }

    await p.reload();
    expect(await settledBadges(p, 5)).toEqual(want);
    for (const code of ['live01', 'lock01', 'dead01', 'nope01']) expect(shortenerAsked(code), code).toBe(1);
    await p.close();
  });

  it('the popup lists the shares the short links lead to, each once', async () => {
    pages.set(
      'forum.test',
      '/short-popup',
      htmlPage(
        `<p>https://alywp.net/live01 https://alywp.net/lock01 https://alywp.net/dead01 https://alywp.net/nope01</p>
         <p>The same share: https://www.alipan.com/s/ShortLive01</p>`,
      ),
    );
    const p = await ext.context.newPage();
    await p.goto('http://forum.test/short-popup');
    await settledBadges(p, 5);
    const popup = await openPopupForActiveTab(ext);
    await popup.waitForSelector('[data-page-summary][data-checking="0"]');
    const listed = await popup.$$eval('[data-share-id]', (els) => els.map((e) => e.getAttribute('data-share-id')));
    expect(listed.sort()).toEqual(['ShortDead01', 'ShortLive01', 'ShortLock01']);
    // Two alive: the locked share opens with the code its short link's URL carried.
    expect(await popup.$eval('[data-page-summary]', (e) => ({ ...(e as HTMLElement).dataset }))).toMatchObject({
      total: '3',
      alive: '2',
      dead: '1',
    });
    for (const tab of [popup, p]) await tab.close();
  });

  it('may read where a redirect ends by its own host permissions', async () => {
    // Chromium also lets the worker read the hosts its content script matches (every site): the
    // test above would pass without these, Firefox lets the user withdraw that access per site.
    type Permissions = { getAll(): Promise<{ origins?: string[] }> };
    const granted = await (await ext.worker()).evaluate(async () => {
      const { permissions } = (globalThis as unknown as { chrome: { permissions: Permissions } }).chrome;
      return (await permissions.getAll()).origins ?? [];
    });
    expect(granted).toEqual(
      expect.arrayContaining(['https://alywp.net/*', 'https://www.alipan.com/*', 'https://www.aliyundrive.com/*']),
    );
  });

  it("a click on a resolved short link's badge opens its share in the viewer, with the code its URL carried", async () => {
    pages.set('forum.test', '/short-click', htmlPage('<p>https://alywp.net/lock01</p>'));
    const p = await ext.context.newPage();
    await p.goto('http://forum.test/short-click');
    expect(await settledBadges(p, 1)).toEqual([{ id: 'ShortLock01', code: 't84d', state: 'valid' }]);
    const opened = ext.context.waitForEvent('page');
    await p.click('alipan-share-badge');
    const viewer = await opened;
    await viewer.waitForLoadState();
    const query = new URL(viewer.url()).searchParams;
    expect(new URL(viewer.url()).pathname).toBe('/viewer.html');
    expect([query.get('url'), query.get('code')]).toEqual(['https://www.alipan.com/s/ShortLock01', 't84d']);
    await viewer.waitForSelector('[data-view-state="ready"]', { timeout: 20_000 });
    for (const tab of [viewer, p]) await tab.close();
  });
});
