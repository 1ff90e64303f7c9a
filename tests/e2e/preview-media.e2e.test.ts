/**
 * The preview pane plays an mp4 and seeks in it (issue 13) on the production build against the
 * fake: the `<video>` reads the temporary copy with Range requests, the fake's CDN answers 206 as
 * OSS does, and the copy goes when the pane closes. The fixture is a real H.264 mp4 with a
 * keyframe every second and its index first (tests/e2e/fixtures/README.md has the ffmpeg command).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { must } from '../must';
import { driveLeftovers } from './downloads-kit.ts';
import { type FakeAlipan, startFakeAlipan } from './fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signedInViewer } from './harness.ts';

const CLIP = readFileSync(join(import.meta.dirname, 'fixtures/testsrc-60s.mp4'));
const SHARE = {
  shareId: 'pvMp4000001',
  name: 'Mp4',
  tree: [{ name: 'testsrc.mp4', type: 'file' as const, content: CLIP }],
};
const SLOW = { timeout: 90_000 };
const SOON = { timeout: 20_000 };

let fake: FakeAlipan;
let ext: ExtensionBrowser | undefined;

beforeAll(async () => {
  fake = await startFakeAlipan();
  fake.addShare(SHARE);
  ext = await launchExtension({ fake });
});
afterAll(async () => {
  await ext?.close();
  await fake?.close();
});

describe('preview pane, mp4', () => {
  it(
    'plays an H.264 mp4 from the temporary copy, seeks to 45 s over Range requests, and deletes the copy on close',
    SLOW,
    async () => {
      const user = newAccount(fake);
      // About 8 s for the whole clip: the seek lands beyond what has arrived. (A far seek in a large
      // file opens a new Range request, see the sound in preview.e2e.test.ts; this one is within the
      // distance Chromium waits for the running read to cover.)
      user.downloadBytesPerSec = 24_000;
      const page = await signedInViewer(must(ext), user, SHARE);
      fake.clearLog();
      await page.click('[data-name="testsrc.mp4"] button[data-action="preview"]');
      await page.waitForSelector('[data-preview="ready"][data-preview-kind="video"]');
      const copies = () => driveLeftovers(user).filter((f) => !f.trashed);
      expect(copies().map((f) => f.name)).toEqual(['testsrc.mp4']);
      const video = page.locator('video.preview-video');
      const at = () => video.evaluate((v: HTMLVideoElement) => v.currentTime);
      await video.evaluate((v: HTMLVideoElement) => v.play());
      await expect.poll(at, SOON).toBeGreaterThan(0.5);
      expect(
        await video.evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight, Math.round(v.duration)]),
      ).toEqual([160, 120, 60]);

      await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 45));
      await expect.poll(at, SOON).toBeGreaterThanOrEqual(45.5);
      const afterSeek = await at();
      expect(afterSeek).toBeLessThan(55); // from 45 s on, not from the start nor the end
      await expect.poll(at, SOON).toBeGreaterThan(afterSeek);
      expect(await video.evaluate((v: HTMLVideoElement) => v.error?.code ?? 0)).toBe(0);

      const reads = fake.log.filter((r) => r.host === fake.cdnHost && !r.path.startsWith('/thumbnail/'));
      expect(reads.length).toBeGreaterThan(0);
      for (const r of reads)
        expect([r.method, r.headers.range?.startsWith('bytes='), r.status]).toEqual(['GET', true, 206]);

      await page.click('button[data-action="close-preview"]');
      expect(await page.$('[data-preview]')).toBeNull();
      await expect.poll(copies, SOON).toEqual([]);
    },
  );
});
