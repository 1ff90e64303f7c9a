/**
 * Downloads end to end (issue 4, part 6): the viewer of the production build, signed in through
 * the options page, copies share files into the user's fake drive, downloads them with
 * `chrome.downloads` into a real folder, and deletes the copies. Files are read back from disk.
 */
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must.ts';
import {
  browserDownloads,
  driveLeftovers,
  file,
  filesOf,
  folder,
  jobEnd,
  filesOnDisk as onDiskIn,
} from './downloads-kit.ts';
import { type FakeAlipan, startFakeAlipan } from './fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signedInViewer } from './harness.ts';

let fake: FakeAlipan;
let ext: ExtensionBrowser | undefined;
/** This test's downloads folder (real path: Chrome reports resolved paths). */
let downloadsDir: string;

const SINGLE = {
  shareId: 'dlSingle001',
  name: 'Single',
  tree: [file('report 2024.pdf', 300_000), file('notes.txt', 2_000)],
};
/** 7 files in sub-folders two levels deep. */
const BOX_SET = {
  shareId: 'dlBoxSet001',
  name: 'Box Set',
  tree: [
    folder('Season 1', [file('ep1.mkv', 250_000), file('ep2.mkv', 250_000), file('ep3.mkv', 250_000)]),
    folder('Season 2', [
      file('ep1.mkv', 250_000),
      folder('Extras', [file('making-of.mp4', 250_000), file('poster.jpg', 250_000)]),
    ]),
    file('readme.txt', 250_000),
  ],
};
const HOSTILE = {
  shareId: 'dlHostile01',
  name: 'Hostile',
  tree: [
    file('../../evil.txt', 100),
    file('CON.txt', 101),
    file('a\u202Eexe.txt', 102),
    file('<script>.txt', 103),
    file('name. ', 104),
    file(`${'x'.repeat(196)}.txt`, 105),
    folder('..', [file('inside.txt', 106)]),
  ],
};
const BIG_FILE = { shareId: 'dlBigFile01', name: 'Big file', tree: [file('huge.iso', 50_000)] };
/** Each throttled download lasts 2.5 s; links come at most one a second, so three overlap. */
const THROTTLE_BYTES_PER_SEC = 100_000;
/** A throttled folder takes about 10 s alone, several times that on a busy 2-core machine. */
const SLOW = { timeout: 120_000 };
/** Copies are deleted just after the job is done (and, after a restart, by the sweep). */
const DELETED = { timeout: 15_000 };

beforeAll(async () => {
  fake = await startFakeAlipan();
  for (const share of [SINGLE, BOX_SET, HOSTILE, BIG_FILE]) fake.addShare(share);
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.clearLog();
  fake.clearFaults();
  downloadsDir = realpathSync(mkdtempSync(join(tmpdir(), 'alipan-downloads-')));
  ext = await launchExtension({ fake, downloadsDir });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
  rmSync(downloadsDir, { recursive: true, force: true });
});

const filesOnDisk = () => onDiskIn(downloadsDir);
const copyBatches = () => fake.log.filter((r) => r.path === '/adrive/v4/batch');

describe('downloads', () => {
  it('downloads one file with its name and bytes into <share name>/, then deletes its copy', async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SINGLE);
    await page.click('[data-name="report 2024.pdf"] button[data-action="download"]');
    expect(await jobEnd(page)).toBe('done');

    const [download, ...others] = await browserDownloads(page);
    expect(others).toEqual([]);
    expect(download).toMatchObject({ state: 'complete', filename: join(downloadsDir, 'Single', 'report 2024.pdf') });
    expect(filesOnDisk()).toEqual(new Map([['Single/report 2024.pdf', filesOf(SINGLE.tree).get('report 2024.pdf')]]));
    expect(copyBatches()).toHaveLength(1);
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  it('cancels a job still listing its folders: no copy, no download, no error shown', async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, BOX_SET);
    // The job's two sub-folder listings are held back: rate limited, to be asked again in 3 s.
    fake.rateLimit({ path: '/adrive/v3/file/list', count: 2, retryAfterSec: 3 });
    await page.click('button[data-action="download-all"]');
    await page.click('[data-job-state="preparing"] button[data-action="cancel"]');
    await page.waitForSelector('[data-job-state]', { state: 'detached' });
    expect(await page.locator('[data-download-error]').count()).toBe(0);
    expect(copyBatches()).toEqual([]);
    expect(await browserDownloads(page)).toEqual([]);
    expect(driveLeftovers(user)).toEqual([]);
    fake.clearFaults();
  });

  it(
    'downloads a nested folder with its structure, never more than 2 at once (the default), and leaves no copy',
    SLOW,
    async () => {
      const user = newAccount(fake);
      user.downloadBytesPerSec = THROTTLE_BYTES_PER_SEC;
      const page = await signedInViewer(must(ext), user, BOX_SET);
      await page.click('button[data-action="download-all"]');
      expect(await jobEnd(page)).toBe('done');

      const expected = filesOf(BOX_SET.tree, 'Box Set/');
      expect(expected.size).toBe(7);
      expect(filesOnDisk()).toEqual(expected);
      // Throttled downloads overlapped up to the default of 2, and never beyond it: no 403 from the CDN.
      expect(user.downloads.peak).toBe(2);
      expect(fake.log.filter((r) => r.code === 'ExceedMaxConcurrency')).toEqual([]);
      await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
    },
  );

  it('keeps hostile names inside <share name>/', async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, HOSTILE);
    await page.click('button[data-action="download-all"]');
    expect(await jobEnd(page)).toBe('done');

    const downloads = await browserDownloads(page);
    const expected = filesOf(HOSTILE.tree);
    expect(downloads).toHaveLength(expected.size);
    for (const d of downloads) {
      expect(d.state).toBe('complete');
      expect(d.filename.startsWith(`${join(downloadsDir, 'Hostile')}/`)).toBe(true);
    }
    // Every file arrived whole (contents are unique), and nothing was written beside the share folder.
    const onDisk = filesOnDisk();
    expect([...onDisk.keys()].every((path) => path.startsWith('Hostile/'))).toBe(true);
    expect(new Set([...onDisk.values()].map((b) => b.toString('hex')))).toEqual(
      new Set([...expected.values()].map((b) => b.toString('hex'))),
    );
    expect(existsSync(join(downloadsDir, '..', 'evil.txt'))).toBe(false);
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  it('refuses a file bigger than the free space with a clear error, before copying anything', async () => {
    const user = newAccount(fake, { totalSize: 10_000_000, usedSize: 9_990_000 });
    const page = await signedInViewer(must(ext), user, BIG_FILE);
    await page.click('[data-name="huge.iso"] button[data-action="download"]');
    const error = page.locator('[data-download-error="QuotaExhausted.Drive"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/drive is full/i);
    expect(copyBatches()).toEqual([]);
    expect(driveLeftovers(user)).toEqual([]);
    expect(await browserDownloads(page)).toEqual([]);
  });

  it('survives the worker being stopped mid-folder: the job ends and no copy is left behind', SLOW, async () => {
    const user = newAccount(fake);
    user.downloadBytesPerSec = THROTTLE_BYTES_PER_SEC;
    const page = await signedInViewer(must(ext), user, BOX_SET);
    await page.click('button[data-action="download-all"]');
    await expect.poll(() => user.downloads.active, { timeout: 20_000 }).toBeGreaterThan(0);
    await must(ext).killWorker();
    expect(await page.getAttribute('[data-job-state]', 'data-job-state')).toBe('running');
    // The viewer keeps polling the jobs: that restarts the worker, which picks the job up again.
    expect(await jobEnd(page)).toBe('done');
    expect(await must(ext).workerWasRestarted()).toBe(true);

    expect(filesOnDisk()).toEqual(filesOf(BOX_SET.tree, 'Box Set/'));
    expect(user.downloads.peak).toBeLessThanOrEqual(2);
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  // Without an account: `[data-download-error="no-account"]` is covered by viewer.e2e.test.ts.
});
