/**
 * Downloads against a fake as strict as the real service (alipan-api.md §8, issue 8): 15-minute
 * links (here a few seconds), 2 downloads per user per app with 403 beyond, transfers cut
 * mid-file, 200s with an error body, a browser closed mid-job, files of the user's in the
 * temporary folder, a reinstall, and cancel / retry while a link is on its way. Each ends with the right
 * bytes at the right name, no duplicate, no copy left, and the user's files untouched.
 */
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must.ts';
import { browserDownloads, driveLeftovers, file, filesOf, filesOnDisk, jobEnd } from './downloads-kit.ts';
import { type FakeAlipan, type FakeNode, startFakeAlipan } from './fake-alipan/server.ts';
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
} from './harness.ts';

let fake: FakeAlipan;
let pages: PageServer;
let ext: ExtensionBrowser | undefined;
let downloadsDir: string;

const KB = 1000;
/** Five files of 300 KB: at 100 KB/s each download lasts 3 s, so they overlap. */
const FIVE = {
  shareId: 'rcFive00001',
  name: 'Five',
  tree: ['a', 'b', 'c', 'd', 'e'].map((n) => file(`${n}.bin`, 300 * KB)),
};
const ONE = { shareId: 'rcOne000001', name: 'One', tree: [file('movie.mkv', 400 * KB)] };
const TWO = { shareId: 'rcTwo000001', name: 'Two', tree: [file('first.bin', 200 * KB), file('second.bin', 200 * KB)] };
const SLOW = { timeout: 120_000 };
const DELETED = { timeout: 20_000 };

beforeAll(async () => {
  fake = await startFakeAlipan();
  pages = await startPageServer();
  for (const share of [FIVE, ONE, TWO]) fake.addShare(share);
});
afterAll(async () => {
  await fake?.close();
  await pages?.close();
});
beforeEach(async () => {
  fake.clearLog();
  fake.clearFaults();
  fake.setDownloadUrlTtl(900);
  downloadsDir = realpathSync(mkdtempSync(join(tmpdir(), 'alipan-downloads-')));
  ext = await launchExtension({ fake, pages, downloadsDir });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
  rmSync(downloadsDir, { recursive: true, force: true });
});

const openViewer = (share: { shareId: string; tree: FakeNode[] }) => openShareViewer(must(ext), share);

/** Right bytes at the right names, nothing else on disk (no "(1)", no partial file, no error body). */
function expectExactly(share: { name: string; tree: FakeNode[] }) {
  expect(filesOnDisk(downloadsDir)).toEqual(filesOf(share.tree, `${share.name}/`));
}

const cdnGets = () => fake.log.filter((r) => r.host === fake.cdnHost && r.method === 'GET');

describe('downloads on the real service', () => {
  it(
    'never runs more than 2 at once by default; with 3 allowed, the CDN’s 403 beyond 2 per app is waited out',
    SLOW,
    async () => {
      const user = newAccount(fake);
      user.downloadBytesPerSec = 100 * KB;
      await signIn(must(ext), user);
      const options = await must(ext).openPage('options.html');
      expect(await options.inputValue('input[name="maxConcurrentDownloads"]')).toBe('2');
      await options.fill('input[name="maxConcurrentDownloads"]', '3');
      await options.click('button[data-action="save-downloads"]');
      await options.waitForSelector('[data-download-settings-saved]');

      const page = await openViewer(FIVE);
      await page.click('button[data-action="download-all"]');
      expect(await jobEnd(page)).toBe('done');
      expectExactly(FIVE);
      // The third download at once was refused (2 per user per app) and started again later.
      expect(fake.log.filter((r) => r.code === 'ExceedMaxConcurrency').length).toBeGreaterThan(0);
      expect(user.downloads.peakByApp.relay).toBe(2);
      expect(await page.locator('[data-file-error]').count()).toBe(0);
      await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
    },
  );

  it(
    'a transfer cut mid-file is resumed into the same file at its path, with its copy kept until it is whole',
    SLOW,
    async () => {
      const user = newAccount(fake);
      user.downloadBytesPerSec = 200 * KB;
      fake.cutDownloads({ name: 'movie.mkv', afterBytes: 150 * KB });
      const page = await signedInViewer(must(ext), user, ONE);
      await page.click('[data-name="movie.mkv"] button[data-action="download"]');
      expect(await jobEnd(page)).toBe('done');
      expectExactly(ONE);
      // Continued with a Range request, or started again on a fresh link: either way one download.
      expect(cdnGets().length).toBeGreaterThanOrEqual(2);
      expect((await browserDownloads(page)).filter((d) => d.state === 'complete')).toHaveLength(1);
      await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
    },
  );

  it('a cut after the link expired is finished on a fresh link at the same name', SLOW, async () => {
    const user = newAccount(fake);
    user.downloadBytesPerSec = 100 * KB;
    fake.setDownloadUrlTtl(2);
    fake.cutDownloads({ name: 'movie.mkv', afterBytes: 250 * KB });
    const page = await signedInViewer(must(ext), user, ONE);
    await page.click('[data-name="movie.mkv"] button[data-action="download"]');
    expect(await jobEnd(page)).toBe('done');
    expectExactly(ONE);
    expect(fake.log.filter((r) => r.path.endsWith('/getDownloadUrl')).length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  it('a 200 with a short error body is never left as the file: removed and downloaded again', SLOW, async () => {
    const user = newAccount(fake);
    fake.errorBodyNext({ name: 'movie.mkv' });
    const page = await signedInViewer(must(ext), user, ONE);
    await page.click('[data-name="movie.mkv"] button[data-action="download"]');
    expect(await jobEnd(page)).toBe('done');
    expectExactly(ONE);
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  // One retry, from a fresh browser and folder: about 1 run in 5 here, a file whose download
  // completes around the close is saved by the browser under a GUID in Playwright's artifacts
  // folder, not in the downloads folder (the job rightly sees it complete, and 4 of 5 files land
  // where the test looks). That is Playwright's download handling racing the harness's
  // `Browser.setDownloadBehavior` (harness.ts), not the extension; its cause is not pinned down yet.
  it('a job running when the browser closes finishes by itself at its next start, with no page open', {
    ...SLOW,
    retry: 1,
  }, async () => {
    const user = newAccount(fake);
    user.downloadBytesPerSec = 100 * KB;
    const page = await signedInViewer(must(ext), user, FIVE);
    await page.click('button[data-action="download-all"]');
    await expect.poll(() => user.downloads.active, { timeout: 30_000 }).toBeGreaterThan(0);
    const { profileDir } = must(ext);
    await must(ext).close({ keepProfile: true });
    ext = await launchExtension({ fake, pages, downloadsDir, profileDir });
    // Nothing opened: the worker's start (runtime.onStartup) carries the job on.
    const finished = () => [...filesOnDisk(downloadsDir).keys()].filter((p) => !p.endsWith('.crdownload')).length;
    await expect.poll(finished, { timeout: 90_000 }).toBe(FIVE.tree.length);
    await expect
      .poll(() => [...filesOnDisk(downloadsDir).keys()].some((p) => p.endsWith('.crdownload')), DELETED)
      .toBe(false);
    expectExactly(FIVE);
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
    const panel = await openViewer(FIVE);
    expect(await jobEnd(panel)).toBe('done');
    rmSync(profileDir, { recursive: true, force: true });
  });

  it(
    'never deletes a file the user put in the temporary folder, nor a copy the user moved out of it',
    SLOW,
    async () => {
      const user = newAccount(fake);
      user.downloadBytesPerSec = 100 * KB;
      const page = await signedInViewer(must(ext), user, TWO);
      await page.click('button[data-action="download-all"]');
      await expect.poll(() => user.downloads.active, { timeout: 30_000 }).toBeGreaterThan(0);
      const temp = must(user.files().find((f) => f.type === 'folder' && f.parentFileId === 'root'));
      const [placed] = user.addFiles([{ name: 'my notes.txt', type: 'file', content: 'mine' }], {
        parentFileId: temp.fileId,
      });
      const [myFolder] = user.addFiles([{ name: 'Kept', type: 'folder', children: [] }]);
      const moved = must(user.files().find((f) => f.name === 'first.bin'));
      user.moveFile(moved.fileId, must(myFolder).fileId);
      expect(await jobEnd(page)).toBe('done');
      expectExactly(TWO);
      // The sweep (run at every worker start) leaves both alone too.
      await must(ext).killWorker();
      await openViewer(TWO);
      // (driveLeftovers leaves out the root's folders: the temporary folder, and the user's "Kept".)
      await expect
        .poll(
          () =>
            driveLeftovers(user)
              .map((f) => f.name)
              .sort(),
          DELETED,
        )
        .toEqual(['first.bin', 'my notes.txt']);
      expect(user.files().every((f) => !f.trashed)).toBe(true);
      expect(placed).toBeDefined();
    },
  );

  it(
    "a reinstall (a new profile, the same account) finds the temporary folder again by its name: one folder, the user's file in it kept",
    SLOW,
    async () => {
      const user = newAccount(fake);
      const first = await signedInViewer(must(ext), user, ONE);
      await first.click('[data-name="movie.mkv"] button[data-action="download"]');
      expect(await jobEnd(first)).toBe('done');
      const folders = () => user.files().filter((f) => f.type === 'folder' && f.parentFileId === 'root');
      const [temp] = folders();
      user.addFiles([{ name: 'my notes.txt', type: 'file', content: 'mine' }], { parentFileId: must(temp).fileId });

      // Removing the extension forgets everything it stored, the folder's id and the journal too.
      await must(ext).close();
      rmSync(downloadsDir, { recursive: true, force: true });
      downloadsDir = realpathSync(mkdtempSync(join(tmpdir(), 'alipan-downloads-')));
      ext = await launchExtension({ fake, pages, downloadsDir });
      const again = await signedInViewer(ext, user, ONE);
      await again.click('[data-name="movie.mkv"] button[data-action="download"]');
      expect(await jobEnd(again)).toBe('done');
      expectExactly(ONE);

      expect(folders().map((f) => f.fileId)).toEqual([must(temp).fileId]);
      await expect.poll(() => driveLeftovers(user).map((f) => f.name), DELETED).toEqual(['my notes.txt']);
      expect(user.files().every((f) => !f.trashed)).toBe(true);
    },
  );

  it(
    'cancel, then retry, while the link request is on its way: one download at the right name, one delete',
    SLOW,
    async () => {
      const user = newAccount(fake);
      const page = await signedInViewer(must(ext), user, ONE);
      // The link call is held back: rate limited, to be asked again in 3 s.
      fake.rateLimit({ path: '/adrive/v1.0/openFile/getDownloadUrl', count: 1, retryAfterSec: 3 });
      await page.click('[data-name="movie.mkv"] button[data-action="download"]');
      await page.waitForSelector('[data-file-state="linking"]');
      await page.click('[data-job-state="running"] header button[data-action="cancel"]');
      await page.waitForSelector('[data-job-state="cancelled"]');
      await page.click('[data-job-state="cancelled"] header button[data-action="retry"]');
      expect(await jobEnd(page)).toBe('done');
      await page.waitForTimeout(3500); // the first link answer arrives now, and must change nothing
      expectExactly(ONE);
      expect(await browserDownloads(page)).toHaveLength(1);
      expect(existsSync(join(downloadsDir, 'One', 'movie (1).mkv'))).toBe(false);
      await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
    },
  );

  it(
    '"Download all" from the popup is handed to the background at once: closing the popup changes nothing',
    SLOW,
    async () => {
      const user = newAccount(fake);
      await signIn(must(ext), user);
      pages.set(
        'forum.test',
        '/dl',
        `<!doctype html><meta charset="utf-8"><p>https://www.alipan.com/s/${TWO.shareId}</p>`,
      );
      const forum = await must(ext).context.newPage();
      await forum.goto('http://forum.test/dl');
      await forum.waitForSelector('alipan-share-badge[data-state="valid"]');
      const popup = await openPopupForActiveTab(must(ext));
      await popup.click(`[data-share-id="${TWO.shareId}"] button[data-action="download-all"]`);
      await popup.close();
      await expect.poll(() => filesOnDisk(downloadsDir).size, { timeout: 60_000 }).toBe(TWO.tree.length);
      await expect
        .poll(() => [...filesOnDisk(downloadsDir).keys()].some((p) => p.endsWith('.crdownload')), DELETED)
        .toBe(false);
      expectExactly(TWO);
      await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
    },
  );
});
