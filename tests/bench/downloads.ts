/**
 * Download benchmark (issue 4, part 6), against the in-process fake Alipan. Each figure is
 * printed with its floor or a baseline measured in the same run:
 * 1. API round trips between a click on a file's download button and the browser's download
 *    start, tokens and temporary folder warm (built extension, headless Chromium);
 * 2. copy batches for N files (the product's DownloadManager in Node, see below);
 * 3. time from the last page of a listing to the first rows of the viewer, against plain <div>s;
 * 4. the viewer's JS heap with 10,000 entries, against the same page on a 10-entry share;
 * 5. at the real service's pace (issue 8): link calls 1/s enforced by the fake, 2 downloads at once,
 *    the CDN at a fixed per-connection speed; a job's wall time (click → job done) against the floor
 *    max(files × 1 s, total bytes ÷ (2 × per-connection speed)), for many small files and a few large.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AccountService } from '../../lib/account/account-service';
import { createTransport, type Transport } from '../../lib/api/transport';
import type { JobView } from '../../lib/downloads/model';
import { DownloadManager } from '../../lib/downloads/pipeline';
import type { DownloadSnapshot, DownloadsPort } from '../../lib/downloads/ports';
import {
  type FakeAlipan,
  type FakeNode,
  type FakeUser,
  type LoggedRequest,
  request,
  startFakeAlipan,
} from '../e2e/fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signIn, viewerPath } from '../e2e/harness.ts';
import { must } from '../must.ts';
import { memoryStore } from '../unit/memory-store.ts';
import { median, ms, table } from './report.ts';

const BATCH_SIZES = [1, 100, 250, 1000];
/** §7: at most 100 copies per batch call. */
const MAX_BATCH = 100;
const ROW_COUNTS = [1_000, 10_000];
const SMALL_SHARE_ROWS = 10;
const RUNS = 3;
const LIST_PATH = '/adrive/v3/file/list';
/** Entries per listing page (the limit the extension asks for, §5). */
const PAGE_SIZE = 200;
/** The product paces download-link calls at one a second: the measured click waits that long after the warm-up. */
const LINK_PACE_MS = 1000;

const numberedFiles = (count: number, size: number): FakeNode[] =>
  Array.from({ length: count }, (_, i) => ({ name: `file-${String(i + 1).padStart(5, '0')}.bin`, type: 'file', size }));

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(10)) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

/** Copies still in the user's drive once they stop going away (deletes follow each download's end). */
async function copiesLeft(user: FakeUser, timeoutMs = 10_000): Promise<number> {
  const count = () => user.files().filter((f) => f.type === 'file').length;
  return until(() => (count() === 0 ? 0 : undefined), 'the copies to be deleted', timeoutMs).catch(count);
}

// ——— 1. round trips of a one-file download, warm ———

interface RoundTrips {
  requests: LoggedRequest[];
  clickToStartMs: number;
}

async function oneFileRoundTrips(fake: FakeAlipan, ext: ExtensionBrowser): Promise<RoundTrips> {
  const user = newAccount(fake);
  const shareId = 'benchOneFil';
  fake.addShare({ shareId, name: 'One file', tree: numberedFiles(2, 100_000) });
  await signIn(ext, user);
  const page = await ext.openPage(viewerPath(shareId));
  await page.waitForSelector('[data-folder-id="root"][data-total-items="2"]');
  /** Clicks a row's download button; resolves when the copy of the downloaded file is gone. */
  const download = async (index: number) => {
    const clickedAt = Date.now();
    await page.click(`[data-index="${index}"] button[data-action="download"]`);
    const start = await until(
      () => fake.log.find((r) => r.time >= clickedAt && r.host === fake.cdnHost && r.method === 'GET'),
      'the download to start',
    );
    await copiesLeft(user);
    return { clickedAt, startedAt: start.time };
  };
  // Warm-up: tokens, share token, temporary folder and free space become known.
  await download(0);
  await sleep(LINK_PACE_MS);
  const { clickedAt, startedAt } = await download(1);
  await page.close();
  return {
    requests: fake.log.filter((r) => r.time >= clickedAt && r.time <= startedAt && r.host !== fake.cdnHost),
    clickToStartMs: startedAt - clickedAt,
  };
}

// ——— 2. copy batches, in Node ———

/**
 * The product's `fetch` calls, sent to the fake on 127.0.0.1 with the real host name as Host
 * header and TLS server name (a bench-side adapter: the product has no base-URL switch).
 */
export function fetchFromFake(fake: FakeAlipan): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const res = await request(fake.port, url.hostname, init?.method ?? 'GET', url.pathname + url.search, {
      headers: Object.fromEntries(new Headers(init?.headers)),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return new Response(res.raw.length > 0 ? new Uint8Array(res.raw) : null, {
      status: res.status,
      headers: { 'content-type': String(res.headers['content-type'] ?? '') },
    });
  };
}

/**
 * A browser whose downloads complete the moment they start, with the copy's size on disk (no
 * bytes are fetched): `f` in the CDN URL names the copy.
 */
function instantDownloads(user: FakeUser): DownloadsPort {
  const sizes: number[] = [];
  const sizeOf = (url: string) => user.files().find((f) => f.fileId === new URL(url).searchParams.get('f'))?.size ?? -1;
  return {
    download: async ({ url }) => sizes.push(sizeOf(url)),
    // Only asked by id here: the bench never stops the manager mid-download.
    search: async (query) => {
      const size = 'id' in query ? sizes[query.id - 1] : undefined;
      if (size === undefined) return [];
      return [
        {
          id: (query as { id: number }).id,
          state: 'complete',
          bytesReceived: size,
          totalBytes: size,
          fileSize: size,
          exists: true,
        } satisfies DownloadSnapshot,
      ];
    },
    cancel: async () => {},
    resume: async () => {},
    removeFile: async () => {},
    erase: async () => [],
  };
}

function jobEnded(manager: DownloadManager, shareId: string): Promise<JobView> {
  return new Promise((resolve) => {
    const stop = manager.onChange((jobs) => {
      const job = jobs.find((j) => j.shareId === shareId && j.state !== 'preparing' && j.state !== 'running');
      if (job) {
        stop();
        resolve(job);
      }
    });
  });
}

interface BatchRun {
  files: number;
  state: string;
  batches: number;
  largestBatch: number;
  leftovers: number;
  wallMs: number;
}

async function copyBatches(fake: FakeAlipan, transport: Transport, files: number): Promise<BatchRun> {
  const shareId = `benchBatch${files}`;
  const folderId = createHash('sha1').update(shareId).digest('hex');
  fake.addShare({
    shareId,
    name: `Batch ${files}`,
    tree: [{ name: 'all', type: 'folder', fileId: folderId, children: numberedFiles(files, 1000) }],
  });
  const user = newAccount(fake);
  const store = memoryStore();
  const account = new AccountService({ transport, store });
  await account.save({ webRefreshToken: user.webRefreshToken, openRefreshToken: user.openRefreshToken });
  const manager = new DownloadManager({ transport, account, store, downloads: instantDownloads(user) });
  fake.clearLog();
  const started = Date.now();
  const ended = jobEnded(manager, shareId);
  await manager.start({
    shareId,
    code: null,
    shareName: `Batch ${files}`,
    items: [{ fileId: folderId, name: 'all', type: 'folder', path: [] }],
  });
  const job = await ended;
  const wallMs = Date.now() - started;
  const sizes = fake.log.filter((r) => r.path === '/adrive/v4/batch').map((r) => (r.body.requests as unknown[]).length);
  const leftovers = await copiesLeft(user);
  return { files, state: job.state, batches: sizes.length, largestBatch: Math.max(0, ...sizes), leftovers, wallMs };
}

// ——— 3 and 4. the viewer: first rows and memory ———

/**
 * Installed before the viewer loads: the times (epoch ms) the first row is in the DOM and laid
 * out, and the folder's total is shown (its last page listed and rendered).
 * No named inner functions: tsx would wrap them in a helper the page does not have.
 */
function watchRows() {
  const times = window as unknown as { __firstRowAt?: number; __completeAt?: number };
  const observer = new MutationObserver(() => {
    if (times.__firstRowAt === undefined && document.querySelector('[data-file-id]')) {
      void document.body.offsetHeight; // layout, as the baseline pays it
      times.__firstRowAt = performance.timeOrigin + performance.now();
    }
    if (document.querySelector('[data-folder-id][data-total-items]')) {
      void document.body.offsetHeight;
      times.__completeAt = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-total-items'],
  });
}

interface ViewerRun {
  firstPageToRowsMs: number;
  navigationToRowsMs: number;
  lastPageToCompleteMs: number;
  navigationToCompleteMs: number;
  heapBytes: number;
  domElements: number;
}

async function viewerRun(fake: FakeAlipan, ext: ExtensionBrowser, shareId: string, rows: number): Promise<ViewerRun> {
  const page = await ext.context.newPage();
  await page.addInitScript(watchRows);
  const navigatedAt = Date.now();
  await page.goto(`chrome-extension://${ext.extensionId}/${viewerPath(shareId)}`);
  await page.waitForSelector(`[data-folder-id="root"][data-total-items="${rows}"]`, { timeout: 120_000 });
  const { firstRowAt, completeAt } = await page.evaluate(() => {
    const times = window as unknown as { __firstRowAt: number; __completeAt: number };
    return { firstRowAt: times.__firstRowAt, completeAt: times.__completeAt };
  });
  const pages = fake.log.filter((r) => r.path === LIST_PATH && r.body?.share_id === shareId && r.time >= navigatedAt);
  const result = {
    firstPageToRowsMs: firstRowAt - must(pages[0]).time,
    navigationToRowsMs: firstRowAt - navigatedAt,
    lastPageToCompleteMs: completeAt - must(pages.at(-1)).time,
    navigationToCompleteMs: completeAt - navigatedAt,
    heapBytes: await heapAfterGc(page),
    domElements: await page.evaluate(() => document.getElementsByTagName('*').length),
  };
  await page.close();
  return result;
}

async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/** The baseline: `rows` plain <div>s with textContent, appended to a blank page and laid out. */
async function plainRowsMs(ext: ExtensionBrowser, rows: number): Promise<number> {
  const page = await ext.context.newPage();
  const elapsed = await page.evaluate((n) => {
    const t0 = performance.now();
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < n; i++) {
      const div = document.createElement('div');
      div.textContent = `file-${String(i + 1).padStart(5, '0')}.bin`;
      fragment.append(div);
    }
    document.body.append(fragment);
    void document.body.offsetHeight;
    return performance.now() - t0;
  }, rows);
  await page.close();
  return elapsed;
}

/** `RUNS` loads of the viewer on a share of `rows` files. */
async function viewerRuns(fake: FakeAlipan, ext: ExtensionBrowser, rows: number): Promise<ViewerRun[]> {
  const shareId = `benchRows${rows}`;
  fake.addShare({ shareId, name: `${rows} rows`, tree: numberedFiles(rows, 1000) });
  const runs: ViewerRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await viewerRun(fake, ext, shareId, rows));
  return runs;
}

async function plainRuns(ext: ExtensionBrowser, rows: number): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await plainRowsMs(ext, rows));
  return runs;
}

interface ListingFigures {
  rows: number;
  viewer: ViewerRun[];
  /** Baselines: as many plain <div>s as one listing page, and as the whole folder. */
  plain: { firstPage: number[]; all: number[] };
}

/** Figures 1, 3 and 4, in one browser. */
async function browserFigures(fake: FakeAlipan) {
  const downloadsDir = mkdtempSync(join(tmpdir(), 'alipan-bench-downloads-'));
  let ext: ExtensionBrowser | undefined;
  try {
    ext = await launchExtension({ fake, downloadsDir });
    const trips = await oneFileRoundTrips(fake, ext);
    const small = await viewerRuns(fake, ext, SMALL_SHARE_ROWS);
    const listings: ListingFigures[] = [];
    for (const rows of ROW_COUNTS)
      listings.push({
        rows,
        viewer: await viewerRuns(fake, ext, rows),
        plain: { firstPage: await plainRuns(ext, Math.min(rows, PAGE_SIZE)), all: await plainRuns(ext, rows) },
      });
    return { trips, small, listings };
  } finally {
    await ext?.close();
    rmSync(downloadsDir, { recursive: true, force: true });
  }
}

/** Figure 2, in Node. Client pacing is off: it spaces calls in time and does not change how they are batched. */
async function batchFigures(fake: FakeAlipan): Promise<BatchRun[]> {
  const transport = createTransport({ fetch: fetchFromFake(fake), pacer: { wait: async () => {} } });
  const runs: BatchRun[] = [];
  for (const files of BATCH_SIZES) runs.push(await copyBatches(fake, transport, files));
  return runs;
}

// ——— 5. a whole job at the real service's pace ———

/** Bytes per second the fake's CDN sends on each connection in the real-pace runs. */
const PACE_SPEED = 2_000_000;
/** §8: the extension's default, and the CDN's cap per user per app. */
const PACE_CONCURRENCY = 2;
const PACE_RUNS = [
  { label: '200 small files (20 kB)', files: 200, size: 20_000 },
  { label: '6 large files (12 MB)', files: 6, size: 12_000_000 },
];

interface PaceRun {
  label: string;
  files: number;
  bytes: number;
  wallMs: number;
  floorMs: number;
  onDisk: number;
  leftovers: number;
  refusals: number;
}

async function paceRun(
  fake: FakeAlipan,
  ext: ExtensionBrowser,
  downloadsDir: string,
  run: (typeof PACE_RUNS)[number],
  index: number,
): Promise<PaceRun> {
  const shareId = `benchPace${String(index).padStart(2, '0')}`;
  const name = `Pace ${index}`;
  fake.addShare({ shareId, name, tree: numberedFiles(run.files, run.size) });
  const user = newAccount(fake);
  user.downloadBytesPerSec = PACE_SPEED;
  await signIn(ext, user);
  const page = await ext.openPage(viewerPath(shareId));
  await page.waitForSelector(`[data-folder-id="root"][data-total-items="${run.files}"]`);
  fake.clearLog();
  const clickedAt = Date.now();
  await page.click('button[data-action="download-all"]');
  // The panel lists the earlier runs' jobs too: wait for this share's.
  await page.waitForFunction(
    (shareName) =>
      [...document.querySelectorAll('[data-job-id]')].some(
        (card) =>
          card.querySelector('.job-name')?.textContent === shareName &&
          ['done', 'failed'].includes(card.getAttribute('data-job-state') ?? ''),
      ),
    name,
    { timeout: 30 * 60_000, polling: 50 },
  );
  const wallMs = Date.now() - clickedAt;
  const bytes = run.files * run.size;
  const floorMs = Math.max(run.files * LINK_PACE_MS, (bytes / (PACE_CONCURRENCY * PACE_SPEED)) * 1000);
  const onDisk = readdirSync(join(downloadsDir, name)).filter(
    (f) => statSync(join(downloadsDir, name, f)).size === run.size,
  ).length;
  const refusals = fake.log.filter((r) => r.status === 429 || r.code === 'ExceedMaxConcurrency').length;
  await page.close();
  return {
    label: run.label,
    files: run.files,
    bytes,
    wallMs,
    floorMs,
    onDisk,
    leftovers: await copiesLeft(user),
    refusals,
  };
}

/** Figure 5: the production build, the fake enforcing the documented pace (429 beyond it). */
async function paceFigures(fake: FakeAlipan): Promise<PaceRun[]> {
  const downloadsDir = mkdtempSync(join(tmpdir(), 'alipan-bench-pace-'));
  let ext: ExtensionBrowser | undefined;
  fake.setPaceLimits(true);
  try {
    ext = await launchExtension({ fake, downloadsDir });
    const runs: PaceRun[] = [];
    for (const [i, run] of PACE_RUNS.entries()) runs.push(await paceRun(fake, ext, downloadsDir, run, i));
    return runs;
  } finally {
    fake.setPaceLimits(false);
    await ext?.close();
    rmSync(downloadsDir, { recursive: true, force: true });
  }
}

function paceRows(runs: PaceRun[]): string[][] {
  return runs.flatMap((r, i) => [
    [
      `${i === 0 ? '5.' : '  '} real pace, ${r.label}: job wall time (${r.onDisk}/${r.files} whole on disk, ${r.leftovers} copies left, ${r.refusals} 429/403)`,
      `${ms(r.wallMs)} = ${(r.wallMs / r.floorMs).toFixed(3)} × floor`,
      `floor ${ms(r.floorMs)}; target ≤ 1.15 ×`,
    ],
  ]);
}

// ——— the report ———

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;

function roundTripRows(trips: RoundTrips): string[][] {
  const names = trips.requests.map((r) => `${r.method} ${r.path}`);
  return [
    [
      '1. API round trips, click → download start (1 file, warm)',
      `${trips.requests.length}: ${names.join(', ')}`,
      '2 (copy, link)',
    ],
    ['   wall time, click → download start', ms(trips.clickToStartMs), ''],
  ];
}

function batchRows(runs: BatchRun[]): string[][] {
  return runs.map((r, i) => [
    `${i === 0 ? '2.' : '  '} copy batches for ${r.files.toLocaleString('en')} file${r.files === 1 ? '' : 's'} (job ${r.state}, largest batch ${r.largestBatch}, ${ms(r.wallMs)}, ${r.leftovers} copies left)`,
    String(r.batches),
    String(Math.ceil(r.files / MAX_BATCH)),
  ]);
}

function viewerRows(listings: ListingFigures[], small: ViewerRun[]): string[][] {
  const med = (runs: ViewerRun[], pick: (r: ViewerRun) => number) => median(runs.map(pick));
  const largest = must(listings.at(-1));
  return [
    ...listings.flatMap(({ rows, viewer, plain }, i) => [
      [
        `${i === 0 ? '3.' : '  '} first listing page → first rows laid out, ${rows.toLocaleString('en')} entries`,
        ms(med(viewer, (r) => r.firstPageToRowsMs)),
        `${Math.min(rows, PAGE_SIZE)} plain <div>s: ${ms(median(plain.firstPage))}`,
      ],
      ['   (navigation → first rows, first page included)', ms(med(viewer, (r) => r.navigationToRowsMs)), ''],
      [
        `   last listing page → whole folder shown (data-total-items), ${rows.toLocaleString('en')} entries`,
        ms(med(viewer, (r) => r.lastPageToCompleteMs)),
        `${rows.toLocaleString('en')} plain <div>s: ${ms(median(plain.all))}`,
      ],
      [
        '   (navigation → whole folder shown, every page included)',
        ms(med(viewer, (r) => r.navigationToCompleteMs)),
        '',
      ],
    ]),
    [
      `4. viewer JS heap after GC, ${largest.rows.toLocaleString('en')} entries`,
      mb(med(largest.viewer, (r) => r.heapBytes)),
      `${SMALL_SHARE_ROWS} entries: ${mb(med(small, (r) => r.heapBytes))}`,
    ],
    [
      '   DOM elements of the viewer',
      String(med(largest.viewer, (r) => r.domElements)),
      `${SMALL_SHARE_ROWS} entries: ${med(small, (r) => r.domElements)}`,
    ],
  ];
}

/** Runs the download benchmark and returns its report (plain text tables). */
export async function runDownloadBench(): Promise<string> {
  const fake = await startFakeAlipan();
  try {
    const pace = await paceFigures(fake);
    const { trips, small, listings } = await browserFigures(fake);
    const batches = await batchFigures(fake);
    return [
      'Downloads — in-process fake Alipan. Figures 1, 3 and 4: the production build in headless Chromium ' +
        '(1: clicks in the viewer, signed in through the options page, real browser downloads). Figure 2: the ' +
        "product's DownloadManager in Node, its fetch sent to the fake (real host names as Host and TLS name), " +
        'client pacing off, downloads that complete at once (no bytes fetched).',
      `Figures 3 and 4: median of ${RUNS} page loads. "First / last listing page" is when the fake answered the share's ` +
        `first / last ${LIST_PATH} call; rows count once they are in the DOM and laid out. The heap is the extension renderer's ` +
        '(one isolate for all its pages; only the viewer is open).',
      '',
      table([
        ['measure', 'value', 'floor / baseline'],
        ...roundTripRows(trips),
        ...batchRows(batches),
        ...viewerRows(listings, small),
        ...paceRows(pace),
      ]),
      '',
      `Figure 5: link calls paced at 1/s and enforced by the fake (429 beyond), ${PACE_CONCURRENCY} downloads at once (the default), ` +
        `each CDN connection at ${PACE_SPEED / 1e6} MB/s; floor = max(files × 1 s, total bytes ÷ (${PACE_CONCURRENCY} × per-connection speed)).`,
    ].join('\n');
  } finally {
    await fake.close();
  }
}
