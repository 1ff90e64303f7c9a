/**
 * Save to my drive (issue 10) on the production build, against a fake as strict as alipan-api.md:
 * the batch copy (≤ 100 items, a folder as one async task), per-item refusals (banned files),
 * MaxSaveFileCountExceed, the drive's quota, and a worker stopped while a batch answer is on its
 * way. The copies land in the folder picked in the user's own drive, and stay there.
 */

import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must';
import { file, folder } from './downloads-kit.ts';
import { batchItems, type FakeAlipan, type FakeUser, startFakeAlipan } from './fake-alipan/server.ts';
import {
  type ExtensionBrowser,
  launchExtension,
  newAccount,
  openPopupForActiveTab,
  openShareViewer,
  type PageServer,
  signedInViewer,
  signIn,
  startPageServer,
  viewerPath,
} from './harness.ts';

let fake: FakeAlipan;
let pages: PageServer;
let ext: ExtensionBrowser | undefined;

const SHARE = {
  shareId: 'svShare0001',
  name: 'Holiday',
  tree: [
    file('a.txt', 1000),
    file('b.txt', 2000),
    folder('Album', [file('1.jpg', 300), folder('Day 2', [file('2.jpg', 400)])]),
  ],
};
const BANNED = {
  shareId: 'svBanned001',
  name: 'Mixed',
  tree: [file('fine.txt', 100), { ...file('bad.mp4', 200), banned: true }],
};
const SLOW = { timeout: 90_000 };

beforeAll(async () => {
  fake = await startFakeAlipan();
  pages = await startPageServer();
  fake.addShare(SHARE);
  fake.addShare(BANNED);
});
afterAll(async () => {
  await fake?.close();
  await pages?.close();
});
beforeEach(async () => {
  fake.clearLog();
  fake.clearFaults();
  fake.setMaxSaveFileCount(undefined);
  ext = await launchExtension({ fake, pages });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

/** Paths below the drive root of everything in the user's drives (the resource drive is the open token's). */
const driveTree = (user: FakeUser) =>
  user
    .files()
    .filter((f) => !f.trashed)
    .map((f) => f.path)
    .sort();
const batchCopies = () =>
  fake.log
    .filter((r) => r.path === '/adrive/v4/batch')
    .flatMap((r) => batchItems(r.body).filter((q) => q.url === '/file/copy'));

/** In the open picker: a new folder here, entered. */
async function newFolder(page: Page, name: string) {
  await page.fill('[data-folder-picker] input[name="newFolderName"]', name);
  await page.click('[data-folder-picker] button[data-action="picker-new-folder"]');
  await page.waitForSelector(
    `[data-folder-picker] [data-action="picker-crumb"][aria-current="location"]:text("${name}")`,
  );
}

async function saveHere(page: Page, opts: { skip?: boolean } = {}) {
  await page.waitForSelector('[data-folder-picker] [data-picker-state="ready"]');
  if (opts.skip) await page.check('[data-folder-picker] input[name="skipExisting"]');
  await page.click('[data-folder-picker] button[data-action="save-here"]');
  await page.waitForSelector('[data-folder-picker]', { state: 'detached' });
}

/** Waits for the newest save to end; its state. */
async function saveEnd(page: Page): Promise<string | null> {
  const ended = '[data-save-state]:not([data-save-state="saving"])';
  await page.waitForSelector(`.downloads ${ended}`, { timeout: 0 });
  return page.getAttribute(`.downloads ${ended}`, 'data-save-state');
}

describe('save to my drive', () => {
  it(
    'a row into a folder made in the picker; then a selection, offered that folder first; nothing else touched',
    SLOW,
    async () => {
      const user = newAccount(fake);
      const page = await signedInViewer(must(ext), user, SHARE);
      await page.click('[data-name="a.txt"] button[data-action="save-row"]');
      await expect.poll(() => page.textContent('[data-picker-what]')).toContain('“a.txt”');
      await newFolder(page, 'Saved');
      await saveHere(page);
      expect(await saveEnd(page)).toBe('done');
      const saved = must(user.files().find((f) => f.name === 'Saved'));
      expect(await page.getAttribute('a[data-action="open-saved-folder"]', 'href')).toBe(
        `https://www.alipan.com/drive/folder/${saved.fileId}`,
      );

      await page.click('[data-name="b.txt"] input[type="checkbox"]');
      await page.click('[data-name="Album"] input[type="checkbox"]');
      await page.click('button[data-action="save"]');
      await expect.poll(() => page.textContent('[data-picker-what]')).toContain('(2)');
      // The last folder used comes first.
      await page.waitForSelector(
        '[data-folder-picker] [data-action="picker-crumb"][aria-current="location"]:text("Saved")',
      );
      await saveHere(page);
      await expect.poll(() => page.locator('.downloads [data-save-state="done"]').count(), { timeout: 30_000 }).toBe(2);
      expect(driveTree(user)).toEqual([
        '/Saved',
        '/Saved/Album',
        '/Saved/Album/1.jpg',
        '/Saved/Album/Day 2',
        '/Saved/Album/Day 2/2.jpg',
        '/Saved/a.txt',
        '/Saved/b.txt',
      ]);
      // A folder went as one item (its async task followed): one copy request for each item picked.
      expect(batchCopies().map((q) => q.body.file_id)).toHaveLength(3);
    },
  );

  it(
    'the current folder’s contents; a second time keeps both, and "skip files that already exist" skips them',
    SLOW,
    async () => {
      const user = newAccount(fake);
      const page = await signedInViewer(must(ext), user, SHARE);
      await page.click('[data-name="Album"] [data-action="open"]');
      await page.waitForSelector('[data-folder-id]:not([data-folder-id="root"])[data-total-items="2"]');
      await page.click('button[data-action="save"]');
      await expect.poll(() => page.textContent('[data-picker-what]')).toContain('“Album”');
      await saveHere(page); // the drive's root
      expect(await saveEnd(page)).toBe('done');
      expect(driveTree(user)).toEqual(['/1.jpg', '/Day 2', '/Day 2/2.jpg']);

      await page.click('button[data-action="save"]');
      await saveHere(page, { skip: true });
      await expect.poll(() => page.locator('.downloads [data-save-state="done"]').count(), { timeout: 30_000 }).toBe(2);
      expect(await page.getAttribute('.downloads [data-save-skipped]', 'data-save-skipped')).toBe('2');
      expect(driveTree(user)).toEqual(['/1.jpg', '/Day 2', '/Day 2/2.jpg']);

      await page.click('button[data-action="save"]');
      await saveHere(page);
      await expect.poll(() => page.locator('.downloads [data-save-state="done"]').count(), { timeout: 30_000 }).toBe(3);
      expect(driveTree(user)).toEqual([
        '/1(1).jpg',
        '/1.jpg',
        '/Day 2',
        '/Day 2(1)',
        '/Day 2(1)/2.jpg',
        '/Day 2/2.jpg',
      ]);
    },
  );

  it('refused up front when the drive cannot hold it (QuotaExhausted.Drive): nothing copied', SLOW, async () => {
    const user = newAccount(fake, { totalSize: 2500 });
    const page = await signedInViewer(must(ext), user, SHARE);
    await page.click('[data-name="a.txt"] input[type="checkbox"]');
    await page.click('[data-name="b.txt"] input[type="checkbox"]');
    await page.click('button[data-action="save"]');
    await saveHere(page);
    expect(await saveEnd(page)).toBe('error');
    expect(await page.getAttribute('.downloads [data-save-state="error"] [data-save-error]', 'data-save-error')).toBe(
      'QuotaExhausted.Drive',
    );
    expect(batchCopies()).toHaveLength(0);
    expect(driveTree(user)).toEqual([]);
  });

  it('a banned file: the rest is saved, the save is partial and says which file and why', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, BANNED);
    await page.click('button[data-action="save"]');
    await saveHere(page);
    expect(await saveEnd(page)).toBe('partial');
    const failure = page.locator('.downloads [data-save-state="partial"] li[data-save-error]');
    expect(await failure.getAttribute('data-save-error')).toBe('ForbiddenNoPermission.File');
    expect(await failure.textContent()).toContain('bad.mp4');
    expect(driveTree(user)).toEqual(['/fine.txt']);
  });

  it('more files than the account may save at once: MaxSaveFileCountExceed, nothing copied', SLOW, async () => {
    const user = newAccount(fake);
    fake.setMaxSaveFileCount(2);
    const page = await signedInViewer(must(ext), user, SHARE);
    await page.click('[data-name="Album"] button[data-action="save-row"]');
    await expect.poll(() => page.textContent('[data-picker-what]')).toContain('this folder itself');
    await saveHere(page);
    expect(await saveEnd(page)).toBe('done'); // 2 files in Album: within the limit

    await page.click('button[data-action="save"]'); // the share's root: 4 files
    await saveHere(page);
    await expect.poll(() => page.locator('.downloads [data-save-state="error"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getAttribute('.downloads [data-save-state="error"] [data-save-error]', 'data-save-error')).toBe(
      'MaxSaveFileCountExceed',
    );
    expect(driveTree(user)).toEqual(['/Album', '/Album/1.jpg', '/Album/Day 2', '/Album/Day 2/2.jpg']);
  });

  it(
    'a worker stopped while the batch answer is on its way: the save carries on by itself, nothing copied twice',
    SLOW,
    async () => {
      const user = newAccount(fake);
      const page = await signedInViewer(must(ext), user, SHARE);
      fake.delayAnswers({ path: '/adrive/v4/batch', ms: 6000 });
      await page.click('button[data-action="save"]');
      await saveHere(page);
      // Alipan made the copies; the answer is still held back when the worker stops.
      await expect.poll(() => driveTree(user).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      await must(ext).killWorker();
      const again = await openShareViewer(must(ext), SHARE);
      expect(await must(ext).workerWasRestarted()).toBe(true);
      expect(await saveEnd(again)).toBe('done');
      // Found after the lost answer, the folder was not copied again; Alipan's task fills it by itself.
      const all = ['/Album', '/Album/1.jpg', '/Album/Day 2', '/Album/Day 2/2.jpg', '/a.txt', '/b.txt'];
      await expect.poll(() => driveTree(user), { timeout: 10_000 }).toEqual(all);
      const copied = batchCopies().map((q) => q.body.file_id);
      expect(new Set(copied).size).toBe(copied.length);
    },
  );

  it('the popup’s share entry and the link menu’s viewer (save=1) save the whole share', SLOW, async () => {
    const user = newAccount(fake);
    await signIn(must(ext), user);
    pages.set(
      'forum.test',
      '/s',
      `<!doctype html><meta charset="utf-8"><p>https://www.alipan.com/s/${BANNED.shareId}</p>`,
    );
    const forum = await must(ext).context.newPage();
    await forum.goto('http://forum.test/s');
    await forum.waitForSelector('alipan-share-badge[data-state="valid"]');
    const popup = await openPopupForActiveTab(must(ext));
    await popup.click(`[data-share-id="${BANNED.shareId}"] button[data-action="save-share"]`);
    await expect.poll(() => popup.textContent('[data-picker-what]')).toContain('The contents of “Mixed”');
    await newFolder(popup, 'From popup');
    await saveHere(popup);
    expect(await saveEnd(popup)).toBe('partial');
    expect(driveTree(user)).toEqual(['/From popup', '/From popup/fine.txt']);

    // "Save to my Alipan" on a link opens the viewer with the picker (the menu itself cannot be clicked headless).
    const viewer = await must(ext).openPage(`${viewerPath(SHARE.shareId)}&save=1`);
    await expect.poll(() => viewer.textContent('[data-picker-what]')).toContain('The contents of “Holiday”');
    await viewer.waitForSelector(
      '[data-folder-picker] [data-action="picker-crumb"][aria-current="location"]:text("From popup")',
    );
    await saveHere(viewer);
    await expect.poll(() => viewer.locator('.downloads [data-save-state="done"]').count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => driveTree(user), { timeout: 10_000 })
      .toEqual([
        '/From popup',
        '/From popup/Album',
        '/From popup/Album/1.jpg',
        '/From popup/Album/Day 2',
        '/From popup/Album/Day 2/2.jpg',
        '/From popup/a.txt',
        '/From popup/b.txt',
        '/From popup/fine.txt',
      ]);
  });
});
