/**
 * Preview benchmark (issue 13): click on a row's eye button → first pixels of a 5 MB picture,
 * and → first frame of a video, on the production build in headless Chromium against the
 * in-process fake Alipan, tokens and temporary folder warm. Baseline, measured in the same run
 * on the same files: the three requests a preview cannot do without, timed from Node on warm
 * connections — the copy batch round trip, the getDownloadUrl round trip, and the CDN's first
 * byte (its response headers) for the copy.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type FakeAlipan, type FakeUser, request, startFakeAlipan } from '../e2e/fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signIn, viewerPath } from '../e2e/harness.ts';
import { png } from '../e2e/png.ts';
import { must } from '../must.ts';
import { median, ms, table } from './report.ts';

const RUNS = 5;
/** The product paces download-link calls at one a second: each click waits that long after the last. */
const LINK_PACE_MS = 1000;
const SHARE_ID = 'benchPreview';
const API = 'api.alipan.com';
const OPEN = 'openapi.alipan.com';
const FILES = [
  // ≈ 5 MB: 1600 × 1042 RGB noise, stored uncompressed.
  { kind: 'image', name: 'noise-5mb.png', fileId: 'bench-preview-png', content: png(1600, 1042, 'noise') },
  // The e2e fixture: 60 s of H.264, 160×120 (its ffmpeg command is in tests/e2e/fixtures/README.md).
  {
    kind: 'video',
    name: 'testsrc.mp4',
    fileId: 'bench-preview-mp4',
    content: readFileSync(join(import.meta.dirname, '../e2e/fixtures/testsrc-60s.mp4')),
  },
] as const;
type BenchFile = (typeof FILES)[number];

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

// ——— the preview, in the browser ———

/**
 * Installed before the viewer loads: the times (epoch ms) of the last click on an eye button and
 * of what the pane showed first after it — a picture decoded (`decode()`), a video's first frame
 * handed to the compositor (`requestVideoFrameCallback`).
 * No named inner functions: tsx would wrap them in a helper the page does not have.
 */
function watchPreviews() {
  const times = window as unknown as { __clickAt?: number; __shownAt?: number };
  document.addEventListener(
    'click',
    (e) => {
      if ((e.target as Element).closest('button[data-action="preview"]')) {
        times.__clickAt = performance.timeOrigin + performance.now();
        times.__shownAt = undefined;
      }
    },
    true,
  );
  new MutationObserver((records) => {
    for (const added of records.flatMap((r) => [...r.addedNodes])) {
      if (!(added instanceof Element)) continue;
      const img = added.matches('.preview-image') ? added : added.querySelector('.preview-image');
      const video = added.matches('video.preview-video') ? added : added.querySelector('video.preview-video');
      if (img instanceof HTMLImageElement)
        void img.decode().then(() => (times.__shownAt ??= performance.timeOrigin + performance.now()));
      if (video instanceof HTMLVideoElement)
        video.requestVideoFrameCallback(() => (times.__shownAt ??= performance.timeOrigin + performance.now()));
    }
  }).observe(document, { childList: true, subtree: true });
}

interface PreviewRun {
  /** Click → first pixels / first frame. */
  shownMs: number;
  /** Click → the fake's answer to each request of the preview, and the count of API calls. */
  copiedMs: number;
  linkedMs: number;
  firstByteMs: number;
  apiCalls: number;
}

async function previewOnce(fake: FakeAlipan, user: FakeUser, page: Page, file: BenchFile): Promise<PreviewRun> {
  fake.clearLog();
  await page.click(`[data-name="${file.name}"] button[data-action="preview"]`);
  await page.waitForFunction(() => (window as unknown as { __shownAt?: number }).__shownAt !== undefined, null, {
    timeout: 60_000,
    polling: 50,
  });
  const { clickAt, shownAt } = await page.evaluate(() => {
    const times = window as unknown as { __clickAt: number; __shownAt: number };
    return { clickAt: times.__clickAt, shownAt: times.__shownAt };
  });
  const answered = (match: (path: string, host: string) => boolean) =>
    must(
      fake.log.find((r) => r.time >= clickAt && match(r.path, r.host)),
      'a request of the preview',
    ).time - clickAt;
  const run = {
    shownMs: shownAt - clickAt,
    copiedMs: answered((path) => path === '/adrive/v4/batch'),
    linkedMs: answered((path) => path.endsWith('/openFile/getDownloadUrl')),
    firstByteMs: answered((path, host) => host === fake.cdnHost && !path.startsWith('/thumbnail/')),
    apiCalls: fake.log.filter((r) => r.time >= clickAt && r.time <= shownAt && r.host !== fake.cdnHost).length,
  };
  await page.click('button[data-action="close-preview"]');
  for (const end = Date.now() + 20_000; user.files().some((f) => f.type === 'file'); await sleep(20))
    if (Date.now() > end) throw new Error('bench: the preview copy was not deleted');
  return run;
}

async function previewRuns(fake: FakeAlipan, ext: ExtensionBrowser): Promise<Map<BenchFile, PreviewRun[]>> {
  const user = newAccount(fake);
  await signIn(ext, user);
  const page = await ext.context.newPage();
  await page.addInitScript(watchPreviews);
  await page.goto(`chrome-extension://${ext.extensionId}/${viewerPath(SHARE_ID)}`);
  await page.waitForSelector(`[data-folder-id="root"][data-total-items="${FILES.length}"]`);
  // Warm-up: tokens, share token, temporary folder and free space become known.
  await previewOnce(fake, user, page, FILES[0]);
  const runs = new Map<BenchFile, PreviewRun[]>(FILES.map((f) => [f, []]));
  for (let i = 0; i < RUNS; i++)
    for (const file of FILES) {
      await sleep(LINK_PACE_MS);
      must(runs.get(file)).push(await previewOnce(fake, user, page, file));
    }
  await page.close();
  return runs;
}

// ——— the baseline, from Node ———

interface Floor {
  copyMs: number;
  linkMs: number;
  firstByteMs: number;
}

interface TimedRequest {
  host: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A request to the fake on `agent`'s kept-alive connection; `ms` runs to the response headers. */
function timedRequest(
  fake: FakeAlipan,
  agent: Agent,
  { host, method, path, headers, body }: TimedRequest,
): Promise<{ ms: number; json: Promise<Record<string, unknown>> }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const sent = {
    host,
    ...headers,
    ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port: fake.port, servername: host, method, path, agent, headers: sent };
    const req = httpsRequest({ ...options, rejectUnauthorized: false }, (res) => {
      const ms = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      // The whole body is read in any case: the connection is then free for the next request.
      const json = new Promise<Record<string, unknown>>((done, fail) => {
        res.on('error', fail);
        res.on('end', () =>
          done(/json/.test(res.headers['content-type'] ?? '') ? JSON.parse(String(Buffer.concat(chunks))) : {}),
        );
      });
      resolve({ ms, json });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Copy, link and first byte for `file` as the product asks for them: once per run, after one that opens the connections. */
async function floorRuns(fake: FakeAlipan, file: BenchFile): Promise<Floor[]> {
  const user = newAccount(fake);
  const answer = async (
    host: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => (await request(fake.port, host, method, path, { body, headers })).json;
  const token = { grant_type: 'refresh_token', refresh_token: user.webRefreshToken };
  const web = must((await answer('auth.alipan.com', 'POST', '/v2/account/token', token)).access_token);
  const renew = `/alicloud/renewapi?refresh_ui=${user.openRefreshToken}&server_use=true&driver_txt=alicloud_qr`;
  const open = { authorization: `Bearer ${must((await answer('api.oplist.org', 'GET', renew)).access_token)}` };
  const share = { share_id: SHARE_ID, share_pwd: '' };
  const shareToken = must((await answer(API, 'POST', '/v2/share_link/get_share_token', share)).share_token);
  const driveId = user.resourceDriveId ?? user.defaultDriveId;
  const copy = {
    share_id: SHARE_ID,
    file_id: file.fileId,
    to_drive_id: driveId,
    to_parent_file_id: 'root',
    auto_rename: true,
  };
  const batch = {
    resource: 'file',
    requests: [
      { id: '0', method: 'POST', url: '/file/copy', headers: { 'Content-Type': 'application/json' }, body: copy },
    ],
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const runs: Floor[] = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      const copied = await timedRequest(fake, agent, {
        host: API,
        method: 'POST',
        path: '/adrive/v4/batch',
        headers: { authorization: `Bearer ${web}`, 'x-share-token': shareToken },
        body: batch,
      });
      const responses = (await copied.json).responses as { body: { file_id: string } }[];
      const fileId = must(responses[0]).body.file_id;
      const linked = await timedRequest(fake, agent, {
        host: OPEN,
        method: 'POST',
        path: '/adrive/v1.0/openFile/getDownloadUrl',
        headers: open,
        body: { drive_id: driveId, file_id: fileId },
      });
      const url = new URL(String((await linked.json).url));
      const read = await timedRequest(fake, agent, {
        host: url.host,
        method: 'GET',
        path: url.pathname + url.search,
        headers: { range: 'bytes=0-' },
      });
      await read.json;
      await answer(OPEN, 'POST', '/adrive/v1.0/openFile/delete', { drive_id: driveId, file_id: fileId }, open);
      if (i > 0) runs.push({ copyMs: copied.ms, linkMs: linked.ms, firstByteMs: read.ms });
    }
  } finally {
    agent.destroy();
  }
  return runs;
}

// ——— the report ———

function rows(file: BenchFile, runs: PreviewRun[], floors: Floor[]): string[][] {
  const shown = median(runs.map((r) => r.shownMs));
  const floor = median(floors.map((f) => f.copyMs + f.linkMs + f.firstByteMs));
  const what =
    file.kind === 'image' ? `first pixels, ${(file.content.length / 1e6).toFixed(1)} MB PNG` : 'first frame, H.264 mp4';
  const steps = <T>(list: T[], ...picks: ((r: T) => number)[]) =>
    picks.map((pick) => ms(median(list.map(pick)))).join(' / ');
  return [
    [`click → ${what}`, ms(shown), ms(floor), `${(shown / floor).toFixed(1)} ×`],
    [
      '   copy / link / CDN first byte (preview: answered, from the click)',
      steps(
        runs,
        (r) => r.copiedMs,
        (r) => r.linkedMs,
        (r) => r.firstByteMs,
      ),
      steps(
        floors,
        (f) => f.copyMs,
        (f) => f.linkMs,
        (f) => f.firstByteMs,
      ),
      '',
    ],
    ['   API calls, click → shown', String(median(runs.map((r) => r.apiCalls))), '2 (copy, link)', ''],
  ];
}

/** Runs the preview benchmark and returns its report (a plain text table). */
export async function runPreviewBench(): Promise<string> {
  const fake = await startFakeAlipan();
  let ext: ExtensionBrowser | undefined;
  try {
    fake.addShare({
      shareId: SHARE_ID,
      name: 'Previews',
      tree: FILES.map((f) => ({ name: f.name, type: 'file' as const, fileId: f.fileId, content: f.content })),
    });
    ext = await launchExtension({ fake });
    const previews = await previewRuns(fake, ext);
    const report = [['measure', 'preview (median)', 'baseline (median)', 'ratio']];
    for (const file of FILES) report.push(...rows(file, must(previews.get(file)), await floorRuns(fake, file)));
    return [
      `Previews — the production build in headless Chromium against the in-process fake Alipan; median of ${RUNS} previews ` +
        'of each file after a warm-up, the pane closed (and its copy deleted) between them.',
      'Baseline: copy batch round trip + getDownloadUrl round trip + CDN first byte (response headers) for the same file, ' +
        'timed from Node on kept-alive connections in the same run. "Answered" times are when the fake sent its answer.',
      '',
      table(report),
    ].join('\n');
  } finally {
    await ext?.close();
    await fake.close();
  }
}
