/**
 * Every share on a page at once (issue 10), in the production build's popup against the fake:
 * the counts of the active tab's shares, "Copy live links", "Export list" as CSV and Markdown,
 * "Save all live shares", and a block of pasted text listed as a page is.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must';
import { type FakeAlipan, startFakeAlipan } from './fake-alipan/server.ts';
import {
  type ExtensionBrowser,
  launchExtension,
  newAccount,
  openPopupForActiveTab,
  type PageServer,
  signIn,
  startPageServer,
} from './harness.ts';

let fake: FakeAlipan;
let pages: PageServer;
let ext: ExtensionBrowser | undefined;

const one = (name: string) => [{ name, type: 'file' as const, size: 10 }];
/** A page of 20 shares: these 18 live, and two dead. */
const TWENTY_LIVE = Array.from({ length: 18 }, (_, i) => `twentyShr${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  fake = await startFakeAlipan();
  pages = await startPageServer();
  fake.addShare({ shareId: 'sumOpenShr1', name: 'Open, "quoted"', tree: [...one('a.txt'), ...one('b.txt')] });
  fake.addShare({ shareId: 'sumLockShr1', pwd: 'ab12', name: '=Locked', tree: one('c.txt') });
  fake.addShare({ shareId: 'sumLockShr2', pwd: 'cd34', name: 'Locked two', tree: one('d.txt') });
  fake.addShare({ shareId: 'sumLockShr3', pwd: 'ef56', name: 'Locked three', tree: one('e.txt') });
  fake.addShare({ shareId: 'sumGoneShr1', name: 'Gone', state: 'cancelled', tree: one('f.txt') });
  fake.addShare({ shareId: 'sumOldShar1', name: 'Old', expiration: '2020-01-01T00:00:00.000Z', tree: one('g.txt') });
  fake.addShare({ shareId: 'sumSoonGon1', name: 'Soon gone', tree: one('h.txt') });
  for (const n of TWENTY_LIVE) fake.addShare({ shareId: n, name: `Pack ${n.slice(-2)}`, tree: one(`${n}.txt`) });
  fake.addShare({ shareId: 'twentyDed01', name: 'Dead one', state: 'cancelled', tree: one('x.txt') });
  fake.addShare({
    shareId: 'twentyDed02',
    name: 'Dead two',
    expiration: '2020-01-01T00:00:00.000Z',
    tree: one('y.txt'),
  });
  pages.set(
    'forum.test',
    '/twenty',
    `<!doctype html><meta charset="utf-8"><body>${[...TWENTY_LIVE, 'twentyDed01', 'twentyDed02']
      .map((id) => `<p>https://www.alipan.com/s/${id}</p>`)
      .join('')}</body>`,
  );
  pages.set(
    'forum.test',
    '/live',
    `<!doctype html><meta charset="utf-8"><body>
      <p><a href="https://www.alipan.com/s/sumOpenShr1">open</a></p>
      <p>https://www.alipan.com/s/sumLockShr1 提取码: ab12</p>
      <p>https://www.alipan.com/s/sumSoonGon1</p>
      <p>https://www.alipan.com/s/sumGoneShr1</p></body>`,
  );
  pages.set(
    'forum.test',
    '/many',
    `<!doctype html><meta charset="utf-8"><body>
      <p><a href="https://www.alipan.com/s/sumOpenShr1">open</a></p>
      <p>https://www.alipan.com/s/sumLockShr1 提取码: ab12</p>
      <p>https://www.alipan.com/s/sumLockShr2</p>
      <p>https://www.alipan.com/s/sumLockShr3 提取码: zzzz</p>
      <p>https://www.alipan.com/s/sumGoneShr1</p>
      <p>https://www.alipan.com/s/sumOldShar1</p>
      <p>https://www.alipan.com/s/sumNoSuchS1</p></body>`,
  );
});
afterAll(async () => {
  await pages?.close();
  await fake?.close();
});
beforeEach(async () => {
  ext = await launchExtension({ fake, pages });
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

/** The summary's counts once nothing is being checked any more. */
async function settledCounts(scope: Page, within = '') {
  const summary = `${within} [data-page-summary]`.trim();
  await scope.waitForSelector(`${summary}[data-checking="0"]`);
  return scope.$eval(summary, (e) => ({ ...(e as HTMLElement).dataset }));
}

describe('every share on a page', () => {
  it("counts the tab's shares by state, copies the live links with their codes, and exports the list", async () => {
    const forum = await must(ext).context.newPage();
    await forum.goto('http://forum.test/many');
    await forum.waitForSelector('alipan-share-badge[data-state="valid"]');
    const popup = await openPopupForActiveTab(must(ext));

    expect(await settledCounts(popup)).toMatchObject({
      total: '7',
      alive: '2',
      needsCode: '2',
      dead: '3',
      unknown: '0',
    });
    const text = await popup.textContent('[data-page-summary]');
    expect(text).toContain('7 shares: 2 alive · 2 need a code · 3 dead · 0 unknown');
    expect(text).toContain('Wrong code 1 · Expired 1 · Cancelled 1 · Not found 1');

    await popup.click('button[data-action="copy-live-links"]');
    await popup.waitForSelector('[data-summary-note]:text("Copied 2 links")');
    expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(
      'https://www.alipan.com/s/sumOpenShr1\nhttps://www.alipan.com/s/sumLockShr1 提取码: ab12',
    );

    await popup.selectOption('select[name="listFormat"]', 'csv');
    const saving = popup.waitForEvent('download');
    await popup.click('button[data-action="export-list"]');
    const csv = await saving;
    expect(csv.suggestedFilename()).toMatch(/^alipan-shares-forum\.test-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = readFileSync(must(await csv.path()), 'utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows).toEqual([
      'name,link,code,state,files',
      '"Open, ""quoted""",https://www.alipan.com/s/sumOpenShr1,,valid,2',
      "'=Locked,https://www.alipan.com/s/sumLockShr1,ab12,valid,1",
      'Locked two,https://www.alipan.com/s/sumLockShr2,,needs-code,1',
      'Locked three,https://www.alipan.com/s/sumLockShr3,zzzz,wrong-code,1',
      // A share that is gone has no name or count any more (its metadata call fails).
      ',https://www.alipan.com/s/sumGoneShr1,,cancelled,',
      ',https://www.alipan.com/s/sumOldShar1,,expired,',
      ',https://www.alipan.com/s/sumNoSuchS1,,not-found,',
    ]);

    await popup.selectOption('select[name="listFormat"]', 'markdown');
    const savingMd = popup.waitForEvent('download');
    await popup.click('button[data-action="export-list"]');
    const md = readFileSync(must(await (await savingMd).path()), 'utf8').split('\n');
    expect(md[0]).toBe('| Name | Link | Code | State | Files |');
    expect(md).toContain('| Open, "quoted" | <https://www.alipan.com/s/sumOpenShr1> |  | valid | 2 |');
  });

  it('lists every share of a pasted block of text, with its state, as for a page', async () => {
    const popup = await must(ext).openPage('popup.html');
    const chat = [
      '今天的资源：',
      '1. https://www.alipan.com/s/sumOpenShr1',
      '2. https://www.alipan.com/s/sumLockShr1',
      '提取码: ab12',
      '3. https://www.alipan.com/s/sumGoneShr1 (已失效?)',
    ].join('\n');
    // A real paste: the text with its line breaks, as the clipboard holds it.
    await popup.evaluate((text) => navigator.clipboard.writeText(text), chat);
    await popup.focus('input[name="share-url"]');
    await popup.keyboard.press('Control+V');

    await popup.waitForSelector('[data-pasted-shares]');
    expect(await settledCounts(popup, '[data-pasted-shares]')).toMatchObject({ total: '3', alive: '2', dead: '1' });
    await popup.waitForSelector('[data-pasted-shares] [data-share-id="sumLockShr1"][data-share-state="valid"]');
    // The line break became a space: the code on its own line still belongs to the link above it.
    expect(await popup.inputValue('input[name="share-url"]')).toBe(
      '今天的资源： 1. https://www.alipan.com/s/sumOpenShr1 2. https://www.alipan.com/s/sumLockShr1 提取码: ab12 3. https://www.alipan.com/s/sumGoneShr1 (已失效?)',
    );

    await popup.click('button[data-action="clear-pasted"]');
    expect(await popup.locator('[data-pasted-shares]').count()).toBe(0);
  });

  it('saves every live share, whole, into a folder of its own named after it; a share gone meanwhile is listed with its reason', async () => {
    const user = newAccount(fake);
    await signIn(must(ext), user);
    const forum = await must(ext).context.newPage();
    await forum.goto('http://forum.test/live');
    const popup = await openPopupForActiveTab(must(ext));
    expect(await settledCounts(popup)).toMatchObject({ total: '4', alive: '3', dead: '1' });

    await popup.click('button[data-action="save-all"]');
    await popup.waitForSelector('[data-folder-picker] [data-picker-state="ready"]');
    expect(await popup.textContent('[data-folder-picker]')).toContain(
      'Each of the 3 live shares, whole, into a folder of its own',
    );
    // Between the summary and the click, one share is cancelled by its owner.
    fake.setShareState('sumSoonGon1', 'cancelled');
    await popup.click('[data-folder-picker] button[data-action="save-here"]');

    await popup.waitForSelector(
      '[data-save-all-failures] [data-share-id="sumSoonGon1"][data-save-error="ShareLink.Cancelled"]',
    );
    await expect.poll(() => popup.locator('.downloads [data-save-state="done"]').count(), { timeout: 30_000 }).toBe(2);
    const tree = user
      .files()
      .filter((f) => !f.trashed)
      .map((f) => f.path)
      .sort();
    // The cancelled share got no folder.
    expect(tree).toEqual([
      '/=Locked',
      '/=Locked/c.txt',
      '/Open, ＂quoted＂',
      '/Open, ＂quoted＂/a.txt',
      '/Open, ＂quoted＂/b.txt',
    ]);
  });

  it('a page of 20 shares: the 18 live ones saved at once, each in its own folder, one after another; the two dead ones reported, not saved', async () => {
    const user = newAccount(fake);
    await signIn(must(ext), user);
    const forum = await must(ext).context.newPage();
    await forum.goto('http://forum.test/twenty');
    const popup = await openPopupForActiveTab(must(ext));
    expect(await settledCounts(popup)).toMatchObject({ total: '20', alive: '18', dead: '2' });
    expect(await popup.textContent('[data-page-summary]')).toContain('Expired 1 · Cancelled 1');

    await popup.click('button[data-action="save-all"]');
    await popup.waitForSelector('[data-folder-picker] [data-picker-state="ready"]');
    await popup.click('[data-folder-picker] button[data-action="save-here"]');
    await expect
      .poll(() => popup.locator('.downloads [data-save-state="done"]').count(), { timeout: 90_000 })
      .toBe(TWENTY_LIVE.length);
    expect(await popup.locator('[data-save-all-failures]').count()).toBe(0);
    const saved = user
      .files()
      .filter((f) => f.type === 'file')
      .map((f) => f.path)
      .sort();
    expect(saved).toEqual(TWENTY_LIVE.map((id) => `/Pack ${id.slice(-2)}/${id}.txt`).sort());
    // One copy batch a share (each holds one file), none sent twice.
    const batches = fake.log.filter(
      (r) => r.path === '/adrive/v4/batch' && JSON.stringify(r.body).includes('twentyShr'),
    );
    expect(batches).toHaveLength(TWENTY_LIVE.length);
  }, 120_000);
});
