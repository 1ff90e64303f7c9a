/**
 * Export instead of download, end to end (issue 5 part 4): the viewer of the production build,
 * signed in through the options page, copies share files into the fake drive and hands out their
 * links — to a fake aria2 JSON-RPC server on 127.0.0.1 (saved in the options page's aria2
 * section), to the clipboard, or as a saved aria2 input file / curl script — and deletes the
 * copies when the user says "Done".
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must.ts';
import { driveLeftovers } from './downloads-kit.ts';
import { type FakeAlipan, type FakeNode, type FakeUser, request, startFakeAlipan } from './fake-alipan/server.ts';
import { closedEndpoint, type FakeAria2, startFakeAria2 } from './fake-aria2.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signedInViewer } from './harness.ts';

const SECRET = 's3cret-token';
let fake: FakeAlipan;
let aria2: FakeAria2;
let ext: ExtensionBrowser | undefined;
/** Where the fake aria2 writes (the "download folder on the aria2 machine"). */
let aria2Dir: string;

const file = (name: string, size = 3_000): FakeNode => ({ name, type: 'file', content: randomBytes(size) });
const SHARE = {
  shareId: 'exportShr01',
  name: 'Export Me',
  tree: [
    { name: 'Season 1', type: 'folder', children: [file('ep1.mkv'), file('ep2.mkv')] } as FakeNode,
    file('readme.txt'),
    file(`it's "odd" $(x).txt`),
  ],
};
/** Copies are deleted just after the click. */
const DELETED = { timeout: 15_000 };

beforeAll(async () => {
  fake = await startFakeAlipan();
  fake.addShare(SHARE);
  aria2 = await startFakeAria2(SECRET, fake);
});
afterAll(async () => {
  await aria2?.close();
  await fake?.close();
});
beforeEach(async () => {
  fake.clearLog();
  aria2.calls.length = 0;
  aria2Dir = realpathSync(mkdtempSync(join(tmpdir(), 'alipan-aria2-')));
  ext = await launchExtension({ fake });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
  rmSync(aria2Dir, { recursive: true, force: true });
});

/** The options page's aria2 section, saved as a user would; resolves to the state it shows after the test call. */
async function saveAria2(settings: {
  endpoint: string;
  secret: string;
  baseDir: string;
}): Promise<{ state: string | null; text: string | null }> {
  const page = await must(ext).openPage('options.html');
  await page.fill('input[name="aria2Endpoint"]', settings.endpoint);
  await page.fill('input[name="aria2Secret"]', settings.secret);
  await page.fill('input[name="aria2BaseDir"]', settings.baseDir);
  await page.click('button[data-action="save-aria2"]');
  const result = page.locator('[data-aria2-state]');
  await result.waitFor();
  const outcome = { state: await result.getAttribute('data-aria2-state'), text: await result.textContent() };
  await page.close();
  return outcome;
}

const viewerOf = (user: FakeUser): Promise<Page> => signedInViewer(must(ext), user, SHARE);

/** Opens the toolbar's export menu and clicks one of its actions. */
async function exportVia(page: Page, action: string): Promise<void> {
  await page.click('summary[data-action="export-menu"]');
  await page.click(`button[data-action="${action}"]`);
}

async function exportDone(page: Page): Promise<number> {
  const done = page.locator('[data-export-status="done"]');
  await done.waitFor({ timeout: 30_000 });
  return Number(await done.getAttribute('data-export-count'));
}

/** The bytes a link serves (fetched without a Referer, as aria2 and curl do). */
async function fetchLink(url: string): Promise<Buffer> {
  const u = new URL(url);
  const res = await request(fake.port, u.hostname, 'GET', u.pathname + u.search);
  expect(res.status).toBe(200);
  return res.raw;
}

const contentOf = (...path: string[]): Buffer => {
  let nodes = SHARE.tree;
  let node: FakeNode | undefined;
  for (const name of path) {
    node = nodes.find((n) => n.name === name);
    nodes = node?.children ?? [];
  }
  return must(node).content as Buffer;
};

const copyBatches = () => fake.log.filter((r) => r.path === '/adrive/v4/batch');

describe('export', () => {
  it('hands the selection to aria2 (saved secret and folder): it downloads within the cap on fresh links; each copy goes once aria2 has the file', async () => {
    const user = newAccount(fake);
    user.downloadBytesPerSec = 6_000; // each file takes half a second: downloads overlap
    const page = await viewerOf(user);
    const saved = await saveAria2({ endpoint: aria2.endpoint, secret: SECRET, baseDir: aria2Dir });
    expect(saved).toEqual({ state: 'ok', text: expect.stringContaining('1.37.0') });

    await page.click('[data-name="Season 1"] input[type="checkbox"]');
    await page.click('[data-name="readme.txt"] input[type="checkbox"]');
    await exportVia(page, 'export-aria2');
    expect(await exportDone(page)).toBe(3);
    await page.waitForSelector('[data-job-state="done"]', { timeout: 30_000 });

    const adds = aria2.calls.filter((c) => c.method === 'aria2.addUri');
    const oneConnection = { split: '1', 'max-connection-per-server': '1', continue: 'true' };
    expect(adds.map((c) => c.params[1])).toEqual([
      {
        dir: `${aria2Dir}/Export Me/Season 1`,
        out: 'ep1.mkv',
        gid: expect.stringMatching(/^[0-9a-f]{16}$/),
        ...oneConnection,
        checksum: expect.stringMatching(/^sha-1=[0-9a-f]{40}$/),
      },
      {
        dir: `${aria2Dir}/Export Me/Season 1`,
        out: 'ep2.mkv',
        gid: expect.any(String),
        ...oneConnection,
        checksum: expect.any(String),
      },
      {
        dir: `${aria2Dir}/Export Me`,
        out: 'readme.txt',
        gid: expect.any(String),
        ...oneConnection,
        checksum: expect.any(String),
      },
    ]);
    // Each link is a signed URL on the CDN; aria2 wrote each file's bytes, never more than 2 at once.
    for (const c of adds) expect(new URL(must((c.params[0] as string[])[0])).hostname).toBe(fake.cdnHost);
    expect(readFileSync(join(aria2Dir, 'Export Me', 'Season 1', 'ep1.mkv'))).toEqual(contentOf('Season 1', 'ep1.mkv'));
    expect(readFileSync(join(aria2Dir, 'Export Me', 'Season 1', 'ep2.mkv'))).toEqual(contentOf('Season 1', 'ep2.mkv'));
    expect(readFileSync(join(aria2Dir, 'Export Me', 'readme.txt'))).toEqual(contentOf('readme.txt'));
    expect(aria2.peak).toBeLessThanOrEqual(2);
    expect(user.downloads.peak).toBeLessThanOrEqual(2);
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  it('a link that expired before aria2 was cut off is replaced: aria2 continues its own partial file on a fresh link', async () => {
    const user = newAccount(fake);
    user.downloadBytesPerSec = 3_000;
    fake.setDownloadUrlTtl(1);
    fake.cutDownloads({ name: 'readme.txt', afterBytes: 1_500 });
    const page = await viewerOf(user);
    await saveAria2({ endpoint: aria2.endpoint, secret: SECRET, baseDir: aria2Dir });
    await page.click('[data-name="readme.txt"] input[type="checkbox"]');
    await exportVia(page, 'export-aria2');
    await page.waitForSelector('[data-job-state="done"]', { timeout: 45_000 });
    fake.setDownloadUrlTtl(900);
    const adds = aria2.calls.filter((c) => c.method === 'aria2.addUri');
    expect(adds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(adds.map((c) => (c.params[0] as string[])[0])).size).toBe(adds.length);
    expect(readFileSync(join(aria2Dir, 'Export Me', 'readme.txt'))).toEqual(contentOf('readme.txt'));
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  it('copies the links to the clipboard, saves an aria2 file and a curl script, and leaves no copy after "Done"', async () => {
    await must(ext).context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const user = newAccount(fake);
    const page = await viewerOf(user);

    // Nothing selected: the whole folder.
    await exportVia(page, 'export-copy');
    expect(await exportDone(page)).toBe(4);
    const lines = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(new URL(line).hostname).toBe(fake.cdnHost);
    expect(new Set(await Promise.all(lines.map(async (l) => (await fetchLink(l)).toString('hex'))))).toEqual(
      new Set(
        [
          contentOf('Season 1', 'ep1.mkv'),
          contentOf('Season 1', 'ep2.mkv'),
          contentOf('readme.txt'),
          contentOf(`it's "odd" $(x).txt`),
        ].map((b) => b.toString('hex')),
      ),
    );

    // The job card saves the same links as an aria2 input file.
    const saving = page.waitForEvent('download');
    await page.click('[data-job-state="exported"] button[data-action="save-aria2-file"]');
    const inputFile = await saving;
    expect(inputFile.suggestedFilename()).toBe('Export Me.aria2.txt');
    const text = readFileSync(must(await inputFile.path()), 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('  out='))).toEqual([
      '  out=Export Me/Season 1/ep1.mkv',
      '  out=Export Me/Season 1/ep2.mkv',
      `  out=Export Me/it's ＂odd＂ $(x).txt`,
      '  out=Export Me/readme.txt',
    ]);
    expect(text.split('\n').filter((l) => l.startsWith('https://'))).toEqual(lines);

    // One row's export menu: a curl script for that file alone, saved when its link is made.
    await page.click(`[data-name="it's \\"odd\\" $(x).txt"] button[data-action="export-row"]`);
    expect(await page.textContent('[data-export-scope]')).toBe(`it's "odd" $(x).txt`);
    const scripting = page.waitForEvent('download', { timeout: 30_000 });
    await page.click('button[data-action="export-curl"]');
    const script = await scripting;
    expect(script.suggestedFilename()).toBe('Export Me.curl.sh');
    const sh = readFileSync(must(await script.path()), 'utf8');
    expect(sh.startsWith('#!/bin/sh\n')).toBe(true);
    expect(sh).toContain("mkdir -p -- 'Export Me'\n");
    expect(sh).toMatch(/^curl -L --fail -o 'Export Me\/it'\\''s ＂odd＂ \$\(x\)\.txt' 'https:\/\/[^']+'$/m);
    expect(await exportDone(page)).toBe(1);

    // Two export jobs hold 5 copies; "Done" on each leaves the drive as it was.
    expect(driveLeftovers(user)).toHaveLength(5);
    const releases = page.locator('button[data-action="release-copies"]');
    await expect.poll(() => releases.count()).toBe(2);
    // One click at a time, each waited out: a button vanishes when its job is released.
    for (const left of [1, 0]) {
      await releases.first().click();
      await expect.poll(() => releases.count()).toBe(left);
    }
    await expect.poll(() => driveLeftovers(user), DELETED).toEqual([]);
  });

  it('says clearly when aria2 is not running or refuses the secret, before copying anything', async () => {
    const user = newAccount(fake);
    const page = await viewerOf(user);

    const stopped = await saveAria2({ endpoint: await closedEndpoint(), secret: SECRET, baseDir: '' });
    expect(stopped.state).toBe('error');
    expect(stopped.text).toMatch(/did not answer.*--enable-rpc/);
    await exportVia(page, 'export-aria2');
    const unreachable = page.locator('[data-download-error="Aria2.Unreachable"]');
    await unreachable.waitFor();
    expect(await unreachable.textContent()).toContain('127.0.0.1');

    const refused = await saveAria2({ endpoint: aria2.endpoint, secret: 'wrong', baseDir: '' });
    expect(refused).toEqual({ state: 'error', text: expect.stringMatching(/secret/) });
    await exportVia(page, 'export-aria2');
    const unauthorized = page.locator('[data-download-error="Aria2.Unauthorized"]');
    await unauthorized.waitFor();
    expect(await unauthorized.locator('[data-action="open-options"]').count()).toBe(1);

    expect(copyBatches()).toEqual([]);
    expect(driveLeftovers(user)).toEqual([]);
    expect(aria2.calls).toEqual([]);
  });
});
