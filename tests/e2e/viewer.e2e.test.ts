import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must.ts';
import { type FakeAlipan, type FakeNode, startFakeAlipan } from './fake-alipan/server.ts';
import {
  type ExtensionBrowser,
  launchExtension,
  openPopupForActiveTab,
  type PageServer,
  startPageServer,
} from './harness.ts';

let fake: FakeAlipan;
let pages: PageServer;
let ext: ExtensionBrowser | undefined;

const BIG = 'bigShare0001';
const NESTED = 'nestedShr001';
const LOCKED = 'lockedShr001';
const GONE = 'cancelShr001';
const PICTURES = 'picturesShr1';
const BIG_FOLDER_SIZE = 450;

const numbered = (i: number) => `file-${String(i).padStart(4, '0')}.txt`;

beforeAll(async () => {
  fake = await startFakeAlipan();
  pages = await startPageServer();
  const files: FakeNode[] = Array.from({ length: BIG_FOLDER_SIZE }, (_, i) => ({
    name: numbered(i + 1),
    type: 'file',
    size: 1000 + i,
  }));
  fake.addShare({ shareId: BIG, name: 'Big folder', tree: files });
  fake.addShare({
    shareId: NESTED,
    name: 'Nested',
    tree: [
      { name: 'Season 1', type: 'folder', children: [{ name: 'ep1.mp4', type: 'file', size: 5_000_000 }] },
      { name: 'readme.txt', type: 'file', size: 120, content: 'hello' },
    ],
  });
  fake.addShare({
    shareId: LOCKED,
    pwd: 'ab12',
    name: 'Locked',
    tree: [{ name: 'secret.txt', type: 'file', size: 10 }],
  });
  fake.addShare({ shareId: GONE, name: 'Gone', state: 'cancelled', tree: [{ name: 'x.txt', type: 'file', size: 1 }] });
  fake.addShare({
    shareId: PICTURES,
    name: 'Pictures',
    tree: [
      { name: 'cat.jpg', type: 'file', size: 2000 },
      { name: 'clip.mp4', type: 'file', size: 9000 },
      { name: 'notes.txt', type: 'file', size: 30 },
    ],
  });
});
afterAll(async () => {
  await pages?.close();
  await fake?.close();
});
beforeEach(async () => {
  fake.clearLog();
  fake.clearFaults();
  ext = await launchExtension({ fake, pages });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

const viewer = (shareId: string, extra = '') =>
  must(ext).openPage(`viewer.html?url=${encodeURIComponent(`https://www.alipan.com/s/${shareId}${extra}`)}`);

async function viewState(page: Page, not = 'loading') {
  await page.waitForFunction((skip) => {
    const state = document.querySelector('[data-view-state]')?.getAttribute('data-view-state');
    return state && state !== skip;
  }, not);
  return page.getAttribute('[data-view-state]', 'data-view-state');
}

describe('viewer', () => {
  it('a share some of whose files Alipan banned says so, marks those files, and its badges learn it', async () => {
    const tree = [
      { name: 'ok.txt', type: 'file' as const, size: 1 },
      { name: 'clip.mp4', type: 'file' as const, size: 1, banned: true },
    ];
    fake.addShare({ shareId: 'PartBanned1', name: 'Partly banned', tree });
    // A page showing the share: its badge cannot know yet (the check reads metadata, §3).
    pages.set('forum.test', '/banned', '<p>https://www.alipan.com/s/PartBanned1</p>');
    const forum = await must(ext).context.newPage();
    await forum.goto('http://forum.test/banned');
    const badge = forum.locator('alipan-share-badge[data-share-id="PartBanned1"]');
    await badge.and(forum.locator('[data-state="valid"]')).waitFor();
    expect(await badge.getAttribute('title')).not.toMatch(/banned some/);

    const page = await viewer('PartBanned1');
    await page.waitForSelector('[data-folder-id="root"][data-total-items="2"]');
    expect(
      await page.$$eval('[data-file-id][data-banned]', (rows) => rows.map((r) => r.getAttribute('data-name'))),
    ).toEqual(['clip.mp4']);
    expect(await page.isVisible('[data-banned-files]')).toBe(true);
    // The viewer's listing told the badge on the other tab.
    await forum.waitForFunction(() =>
      document
        .querySelector('alipan-share-badge[data-share-id="PartBanned1"]')
        ?.getAttribute('title')
        ?.includes('banned'),
    );
    expect(await badge.getAttribute('data-state')).toBe('valid');
  });

  it('lists every page of a 450-entry folder and filters the whole list', async () => {
    const page = await viewer(BIG);
    expect(await viewState(page)).toBe('ready');
    await page.waitForSelector(`[data-folder-id="root"][data-total-items="${BIG_FOLDER_SIZE}"]`);
    expect(fake.log.filter((r) => r.path === '/adrive/v3/file/list').length).toBe(3);
    expect(await page.title()).toBe('Big folder — Alipan');
    // Virtualised: only a window of the rows is in the DOM.
    const rendered = await page.locator('[data-file-id]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(100);

    await page.fill('input[name="filter"]', '0442');
    await expect.poll(() => page.locator('[data-type="file"]').count()).toBe(1);
    expect(await page.getAttribute('[data-type="file"]', 'data-name')).toBe('file-0442.txt');
    expect(await page.getAttribute('[data-folder-id]', 'data-total-items')).toBe(String(BIG_FOLDER_SIZE));

    // The last entry is reachable by scrolling the list.
    await page.fill('input[name="filter"]', '');
    await page.locator('.entry-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForSelector(`[data-name="${numbered(BIG_FOLDER_SIZE)}"]`);
  });

  it('shows the first page of a long folder at once, and "Download all" once the last page came', async () => {
    // The second page is held back: rate limited, to be asked again in 2 s.
    fake.rateLimit({ path: '/adrive/v3/file/list', after: 1, count: 1, retryAfterSec: 2 });
    const page = await viewer(BIG);
    const counts = page.locator('.counts');
    await page.waitForSelector('.counts[data-list-state="loading"][data-loaded-items="200"]');
    expect(await counts.textContent()).toBe('Listing… 200 items so far');
    expect(await page.locator('[data-file-id]').count()).toBeGreaterThan(5);
    expect(await page.isDisabled('button[data-action="download-all"]')).toBe(true);
    expect(await page.getAttribute('[data-folder-id="root"]', 'data-total-items')).toBeNull();

    await page.waitForSelector(`[data-folder-id="root"][data-total-items="${BIG_FOLDER_SIZE}"]`);
    expect(await counts.getAttribute('data-list-state')).toBe('complete');
    expect(await counts.textContent()).toBe(`${BIG_FOLDER_SIZE} items`);
    expect(await page.isDisabled('button[data-action="download-all"]')).toBe(false);
  });

  it('goes into a folder and back to the root by the first crumb', async () => {
    const page = await viewer(NESTED);
    expect(await viewState(page)).toBe('ready');
    await page.waitForSelector('[data-folder-id="root"][data-total-items="2"]');
    // Folders first, whatever the name.
    expect(await page.locator('[data-file-id]').first().getAttribute('data-type')).toBe('folder');
    await page.click('[data-type="folder"][data-name="Season 1"] [data-action="open"]');
    await page.waitForSelector('[data-folder-id]:not([data-folder-id="root"])[data-total-items="1"]');
    expect(await page.getAttribute('[data-type="file"]', 'data-name')).toBe('ep1.mp4');
    expect(await page.locator('[data-action="crumb"]').allTextContents()).toEqual(['Nested', 'Season 1']);
    await page.locator('[data-action="crumb"]').first().click();
    await page.waitForSelector('[data-folder-id="root"][data-total-items="2"]');
  });

  it('starts in the folder a /folder/<id> link names, with its name in the crumbs', async () => {
    const root = await viewer(NESTED);
    await root.waitForSelector('[data-folder-id="root"][data-total-items="2"]');
    const folderId = must(await root.getAttribute('[data-type="folder"][data-name="Season 1"]', 'data-file-id'));
    const page = await viewer(NESTED, `/folder/${folderId}`);
    await page.waitForSelector(`[data-folder-id="${folderId}"][data-total-items="1"] [data-name="ep1.mp4"]`);
    await expect.poll(() => page.locator('[data-action="crumb"]').allTextContents()).toEqual(['Nested', 'Season 1']);
  });

  it('opens a folder with the keyboard (Enter on a focused row)', async () => {
    const page = await viewer(NESTED);
    await page.waitForSelector('[data-folder-id="root"][data-total-items="2"]');
    await page.focus('[data-type="folder"][data-name="Season 1"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-folder-id]:not([data-folder-id="root"])[data-total-items="1"]');
  });

  it('asks for the code, says when it is wrong, and opens with the right one', async () => {
    const page = await viewer(LOCKED);
    expect(await viewState(page)).toBe('needs-code');
    await page.fill('form input[name="code"]', 'zz99');
    await page.press('form input[name="code"]', 'Enter');
    await page.waitForSelector('[data-code-error="wrong-code"]');
    expect(await page.getAttribute('[data-view-state]', 'data-view-state')).toBe('needs-code');

    await page.fill('form input[name="code"]', 'ab12');
    await page.press('form input[name="code"]', 'Enter');
    expect(await viewState(page, 'needs-code')).toBe('ready');
    await page.waitForSelector('[data-name="secret.txt"]');
    // The working code is kept in the address for a reload.
    expect(new URL(page.url()).searchParams.get('code')).toBe('ab12');
  });

  it('takes the code from ?pwd= in the share URL', async () => {
    const page = await viewer(LOCKED, '?pwd=ab12');
    expect(await viewState(page)).toBe('ready');
  });

  it('shows a cancelled share as an error with its API code', async () => {
    const page = await viewer(GONE);
    expect(await viewState(page)).toBe('error');
    expect(await page.getAttribute('[data-view-state]', 'data-error-code')).toBe('ShareLink.Cancelled');
  });

  it('says no-account, with a link to the options page, when downloading without an account', async () => {
    const page = await viewer(NESTED);
    await page.waitForSelector('[data-folder-id="root"][data-total-items="2"]');
    await page.click('button[data-action="download-all"]');
    await page.waitForSelector('[data-download-error="no-account"]');
    expect(await page.locator('[data-download-error] [data-action="open-options"]').count()).toBe(1);
  });
});

describe('thumbnails', () => {
  it('shows the listing thumbnails (no Referer sent), switches to a grid, and opens in the grid next time', async () => {
    const page = await viewer(PICTURES);
    expect(await viewState(page)).toBe('ready');
    await page.waitForSelector('[data-folder-id="root"][data-total-items="3"][data-layout="list"]');
    // Loaded, not just placed: the image decoded.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLImageElement>('img[data-thumbnail]')].filter(
          (i) => i.complete && i.naturalWidth > 0,
        ).length === 2,
    );
    expect(await page.locator('[data-name="notes.txt"] img[data-thumbnail]').count()).toBe(0);
    const fetched = fake.log.filter((r) => r.path.startsWith('/thumbnail/'));
    expect(fetched).toHaveLength(2);
    for (const r of fetched) expect(r.headers.referer).toBeUndefined();

    await page.click('button[data-action="toggle-layout"]');
    await page.waitForSelector('[data-folder-id="root"][data-layout="grid"]');
    expect(await page.getAttribute('button[data-action="toggle-layout"]', 'aria-pressed')).toBe('true');
    // The tiles keep every row hook: open, download and select work as in the list.
    await page.waitForSelector('[data-layout="grid"] [data-name="cat.jpg"] button[data-action="download"]');

    const again = await viewer(PICTURES);
    await again.waitForSelector('[data-folder-id="root"][data-layout="grid"]');
    await again.click('button[data-action="toggle-layout"]');
    await again.waitForSelector('[data-folder-id="root"][data-layout="list"]');
  });
});

describe('popup', () => {
  it('opens a pasted link with its code in the viewer', async () => {
    const popup = await must(ext).openPage('popup.html');
    await popup.fill('input[name="share-url"]', 'no link here');
    await popup.press('input[name="share-url"]', 'Enter');
    await popup.waitForSelector('[data-paste-error]');

    await popup.fill('input[name="share-url"]', `分享「Locked」 https://www.alipan.com/s/${LOCKED} 提取码: ab12`);
    const opened = must(ext).context.waitForEvent('page');
    await popup.press('input[name="share-url"]', 'Enter');
    const page = await opened;
    await page.waitForLoadState();
    expect(page.url()).toContain('/viewer.html?');
    expect(await viewState(page)).toBe('ready');
  });

  it('lists the shares of the active tab, one per id, and browses one in place', async () => {
    pages.set(
      'forum.test',
      '/t/1',
      `<!doctype html><meta charset="utf-8"><body>
      <p>https://www.alipan.com/s/${LOCKED}</p><p>https://www.alipan.com/s/${LOCKED} 提取码: ab12</p>
      <p><a href="https://www.alipan.com/s/${NESTED}">nested</a></p><p>https://www.alipan.com/s/${GONE}</p></body>`,
    );
    const forum = await must(ext).context.newPage();
    await forum.goto('http://forum.test/t/1');
    await forum.waitForSelector('alipan-share-badge[data-state="valid"]');
    const popup = await openPopupForActiveTab(must(ext));
    await expect.poll(() => popup.locator('[data-share-id]').count()).toBe(3);
    await popup.waitForSelector(`[data-share-id="${LOCKED}"][data-share-state="valid"]`);
    await popup.waitForSelector(`[data-share-id="${GONE}"][data-share-state="cancelled"]`);
    expect(await popup.isChecked('input[name="site-off"]')).toBe(false);

    await popup.click(`[data-share-id="${LOCKED}"] [data-action="browse"]`);
    expect(await viewState(popup)).toBe('ready');
    await popup.waitForSelector('[data-folder-id="root"][data-total-items="1"] [data-name="secret.txt"]');
  });
});
