/**
 * The preview pane on the production build against the fake (issue 13): a picture and a sound are
 * copied into the temporary folder, shown from the copy's link (no Referer: the fake CDN refuses
 * one), and the copy goes when the pane or the tab closes — also after a worker stop; a link
 * that expires while the sound plays is renewed and playback carries on at the same position.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must';
import { driveLeftovers } from './downloads-kit.ts';
import { type FakeAlipan, type FakeNode, type FakeUser, startFakeAlipan } from './fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signedInViewer } from './harness.ts';
import { png } from './png.ts';

let fake: FakeAlipan;
let ext: ExtensionBrowser | undefined;

/** `seconds` of a quiet 440 Hz tone: 8 kHz, 16-bit mono PCM (16 KB a second). */
function wav(seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    out.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return out;
}

/** Three seconds of changing colours, 160×120 VP8 webm, as base64 (runs in a page). */
async function recordWebm(): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = 160;
  canvas.height = 120;
  // Runs in the page (evaluate): no test helper reaches it.
  const draw = canvas.getContext('2d');
  if (!draw) throw new Error('no 2d context');
  const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm;codecs=vp8' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  let frame = 0;
  const paint = () => {
    draw.fillStyle = `hsl(${(frame++ * 12) % 360} 80% 50%)`;
    draw.fillRect(0, 0, 160, 120);
  };
  paint();
  recorder.start(250);
  const timer = setInterval(paint, 40);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  clearInterval(timer);
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const node = (name: string, content: Buffer): FakeNode => ({ name, type: 'file', content });
const SHARE = {
  shareId: 'pvShare0001',
  name: 'Previews',
  tree: [
    node('a-first.png', png(64, 48)),
    node('b-second.png', png(32, 32)),
    node('tone.wav', wav(600)),
    node('notes.txt', Buffer.from('hello')),
  ],
};
const SLOW = { timeout: 90_000 };
const GONE = { timeout: 20_000 };

beforeAll(async () => {
  fake = await startFakeAlipan();
  fake.addShare(SHARE);
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(async () => {
  fake.clearLog();
  fake.clearFaults();
  fake.setDownloadUrlTtl(900);
  ext = await launchExtension({ fake });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

const copies = (user: FakeUser) => driveLeftovers(user).filter((f) => !f.trashed);
const linkCalls = () => fake.log.filter((r) => r.path.endsWith('/openFile/getDownloadUrl')).length;

async function openPreview(page: Page, name: string): Promise<void> {
  await page.click(`[data-name="${name}"] button[data-action="preview"]`);
  await page.waitForSelector('[data-preview]');
}

describe('preview pane', () => {
  it(
    'shows a picture from a temporary copy, goes to the next one, and deletes each copy when it moves on or closes',
    SLOW,
    async () => {
      const user = newAccount(fake);
      const page = await signedInViewer(must(ext), user, SHARE);
      await openPreview(page, 'a-first.png');
      await page.waitForSelector('[data-preview="ready"][data-preview-kind="image"]');
      expect(copies(user).map((f) => f.name)).toEqual(['a-first.png']);
      expect(await page.$eval('.preview-image', (img) => (img as HTMLImageElement).naturalWidth)).toBe(64);
      // The fake CDN answers a Referer with 403: the picture came without one.
      expect(await page.getAttribute('.preview-image', 'referrerpolicy')).toBe('no-referrer');
      // Not a download: the panel shows nothing.
      expect(await page.$('[data-job-id]')).toBeNull();

      await page.click('button[data-action="preview-next"]');
      await page.waitForSelector(
        '[data-preview="ready"][data-preview-kind="image"] .preview-image[alt="b-second.png"]',
      );
      await expect.poll(() => copies(user).map((f) => f.name), GONE).toEqual(['b-second.png']);
      await page.click('button[data-action="zoom-in"]');
      expect(await page.getAttribute('.preview-image', 'data-zoom')).toBe('1.5');

      await page.click('button[data-action="close-preview"]');
      expect(await page.$('[data-preview]')).toBeNull();
      await expect.poll(() => copies(user), GONE).toEqual([]);
    },
  );

  it(
    'plays a sound and seeks; a link that expires mid-playback is renewed and playback carries on where it was',
    SLOW,
    async () => {
      const user = newAccount(fake);
      // Slow enough that a far seek needs a new request, made after the link expired: Chromium
      // waits for the running one instead when it is a few MB away at most (9.6 MB in all here).
      user.downloadBytesPerSec = 100_000;
      fake.setDownloadUrlTtl(4);
      const page = await signedInViewer(must(ext), user, SHARE);
      await page.focus('[data-name="tone.wav"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-preview="ready"][data-preview-kind="audio"]');
      const audio = page.locator('audio.preview-audio');
      await audio.evaluate((a: HTMLAudioElement) => a.play());
      await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime), GONE).toBeGreaterThan(0.5);
      const linksBefore = linkCalls();

      await page.waitForTimeout(4500); // the link is past its x-oss-expires now
      await audio.evaluate((a: HTMLAudioElement) => (a.currentTime = 500));
      await expect.poll(() => linkCalls(), GONE).toBeGreaterThan(linksBefore);
      expect(fake.log.some((r) => r.host === fake.cdnHost && r.status === 403)).toBe(true); // the old link was refused
      const state = () =>
        audio.evaluate((a: HTMLAudioElement) => ({
          at: a.currentTime,
          playing: !a.paused && a.readyState >= 3,
          error: a.error?.code ?? 0,
        }));
      await expect.poll(state, GONE).toMatchObject({ playing: true, error: 0 });
      // On a fresh link, at the position it was sent to — not from the start.
      const { at } = await state();
      expect(at).toBeGreaterThanOrEqual(500);
      expect(at).toBeLessThan(520);
      expect(await page.getAttribute('[data-preview]', 'data-preview')).toBe('ready');

      await page.click('button[data-action="close-preview"]');
      await expect.poll(() => copies(user), GONE).toEqual([]);
    },
  );

  it('plays a video (a VP8 webm recorded in the page; the mp4 is in preview-media.e2e.test.ts)', SLOW, async () => {
    const recorder = await must(ext).context.newPage();
    const clip = Buffer.from(await recorder.evaluate(recordWebm), 'base64');
    await recorder.close();
    const share = { shareId: 'pvVideo0001', name: 'Video', tree: [node('clip.webm', clip)] };
    fake.addShare(share);
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, share);
    await page.dblclick('[data-name="clip.webm"] .entry-name');
    await page.waitForSelector('[data-preview="ready"][data-preview-kind="video"]');
    const video = page.locator('video.preview-video');
    await video.evaluate((v: HTMLVideoElement) => v.play());
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), GONE).toBeGreaterThan(0.5);
    expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(160);
    await page.click('button[data-action="close-preview"]');
    await expect.poll(() => copies(user), GONE).toEqual([]);
  });

  it('a reloaded viewer (its pane never closed) lets the copy go at the next preview of that tab', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'a-first.png');
    await page.waitForSelector('[data-preview="ready"]');
    await page.reload();
    await page.waitForSelector(`[data-folder-id="root"][data-total-items="${SHARE.tree.length}"]`);
    await openPreview(page, 'b-second.png');
    await page.waitForSelector('[data-preview="ready"]');
    await expect.poll(() => copies(user).map((f) => f.name), GONE).toEqual(['b-second.png']);
  });

  it('closing the viewer tab deletes the copy of its open preview', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'a-first.png');
    await page.waitForSelector('[data-preview="ready"]');
    expect(copies(user)).toHaveLength(1);
    await page.close();
    await expect.poll(() => copies(user), GONE).toEqual([]);
  });

  it('a worker stop mid-preview leaves no copy once the pane closes', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'a-first.png');
    await must(ext).killWorker();
    await page.waitForSelector('[data-preview="ready"][data-preview-kind="image"]', GONE);
    await must(ext).killWorker();
    await page.click('button[data-action="close-preview"]');
    await expect.poll(() => copies(user), GONE).toEqual([]);
    expect(await must(ext).workerWasRestarted()).toBe(true);
  });
});
