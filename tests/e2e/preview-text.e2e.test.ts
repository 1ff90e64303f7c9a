/**
 * The preview pane reads text, PDF and subtitles into the page (issue 13), on the production
 * build against the fake: its CDN sends no CORS headers (alipan-api.md promises none) and refuses
 * a Referer, so these pass only through the extension's CDN host permission and a fetch without
 * Referer. Each copy goes as soon as its bytes are read — while the pane is still open.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { must } from '../must';
import { driveLeftovers } from './downloads-kit.ts';
import { type FakeAlipan, type FakeNode, type FakeUser, startFakeAlipan } from './fake-alipan/server.ts';
import { type ExtensionBrowser, launchExtension, newAccount, signedInViewer } from './harness.ts';

let fake: FakeAlipan;
let ext: ExtensionBrowser | undefined;

/** A one-page PDF, its cross-reference table at the right offsets. */
function onePagePdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  const rows = offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * Ten seconds of silence as WAV (8 kHz, 16-bit mono). Named `.webm` below: the pane offers
 * subtitles for videos, and a media element goes by the bytes, not the name — a sound-only
 * "video" plays, with no codec Debian's Chromium lacks and no recording to wait for.
 */
function silentWav(seconds: number): Buffer {
  const dataBytes = 8000 * 2 * seconds;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(8000, 24);
  out.writeUInt32LE(16000, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  return out;
}

// 你好，世界 / 中文 in GBK (no two-byte sequence here is valid UTF-8).
const GBK_TEXT = Buffer.from('c4e3bac3a3accac0bde70ad6d0cec4', 'hex');
const HOSTILE = '<script>window.previewPwned = 1</script><img src="x" onerror="window.previewPwned = 2"> & &amp;';
const SRT =
  '1\r\n00:00:01,000 --> 00:00:02,500\r\n<b>你好</b> & bye\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo\r\nlines\r\n';

const node = (name: string, content: Buffer | string): FakeNode => ({ name, type: 'file', content });
const SHARE = {
  shareId: 'pvText00001',
  name: 'Reading',
  tree: [
    node('gbk.txt', GBK_TEXT),
    node('hostile.html', HOSTILE),
    node('paper.pdf', onePagePdf()),
    node('Movie.webm', silentWav(10)),
    node('Movie.srt', SRT),
    node('Other.srt', SRT),
    { name: 'huge.log', type: 'file', size: 1024 * 1024 + 1 } satisfies FakeNode,
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
  ext = await launchExtension({ fake });
});
afterEach(async () => {
  await ext?.close();
  ext = undefined;
});

const copies = (user: FakeUser) =>
  driveLeftovers(user)
    .filter((f) => !f.trashed)
    .map((f) => f.name);
/** Reads of files from the CDN (the listing's thumbnails come from it too). */
const cdnReads = () =>
  fake.log.filter((r) => r.host === fake.cdnHost && r.method === 'GET' && !r.path.startsWith('/thumbnail/'));

async function openPreview(page: Page, name: string): Promise<void> {
  await page.click(`[data-name="${name}"] button[data-action="preview"]`);
  await page.waitForSelector('[data-preview]');
}

describe('preview pane: text, PDF, subtitles', () => {
  it('shows a GBK text file as Chinese text, says GBK, and lets the copy go once read', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'gbk.txt');
    await page.waitForSelector('[data-preview="ready"][data-preview-kind="text"]');
    expect(await page.textContent('pre.preview-text')).toBe('你好，世界\n中文');
    expect(await page.textContent('.preview-encoding')).toContain('GBK');
    // The CDN refuses a Referer and sends no CORS headers: this read came through the host permission, with none.
    expect(cdnReads()).toEqual([
      expect.objectContaining({
        status: 206,
        headers: expect.objectContaining({ range: `bytes=0-${GBK_TEXT.length - 1}` }),
      }),
    ]);
    expect(cdnReads()[0]?.headers.referer).toBeUndefined();
    // Read: the copy is gone while the pane still shows the text.
    await expect.poll(() => copies(user), GONE).toEqual([]);
    expect(await page.getAttribute('[data-preview]', 'data-preview')).toBe('ready');
    await page.click('button[data-action="close-preview"]');
    expect(await page.$('[data-preview]')).toBeNull();
  });

  it('shows markup in a file as text: no element made, nothing run', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'hostile.html');
    await page.waitForSelector('[data-preview="ready"][data-preview-kind="text"]');
    expect(await page.textContent('pre.preview-text')).toBe(HOSTILE);
    expect(await page.$$eval('pre.preview-text *', (elements) => elements.length)).toBe(0);
    expect(await page.$('img[src="x"]')).toBeNull();
    expect(await page.evaluate(() => (window as { previewPwned?: number }).previewPwned)).toBeUndefined();
    expect(await page.textContent('.preview-encoding')).toContain('UTF-8');
    await expect.poll(() => copies(user), GONE).toEqual([]);
  });

  it("shows a PDF in a frame from a blob: URL of type application/pdf (the browser's viewer)", SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'paper.pdf');
    await page.waitForSelector('[data-preview="ready"][data-preview-kind="pdf"]');
    const src = must(await page.getAttribute('iframe.preview-pdf', 'src'));
    expect(src).toMatch(/^blob:chrome-extension:\/\//);
    const blob = await page.evaluate(async (url) => {
      const body = await (await fetch(url)).blob();
      return { type: body.type, size: body.size };
    }, src);
    expect(blob).toEqual({ type: 'application/pdf', size: onePagePdf().length });
    await expect.poll(() => copies(user), GONE).toEqual([]);
    // Closed: the blob URL is revoked.
    await page.click('button[data-action="close-preview"]');
    expect(
      await page.evaluate(
        (url) =>
          fetch(url).then(
            () => 'read',
            () => 'revoked',
          ),
        src,
      ),
    ).toBe('revoked');
  });

  it('offers the subtitles beside a video; one chosen becomes a showing track with its cues', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'Movie.webm');
    await page.waitForSelector('[data-preview="ready"][data-preview-kind="video"]');
    expect(await page.$$eval('select[name="subtitle"] option', (os) => os.map((o) => o.textContent))).toEqual([
      'Off',
      'Movie.srt',
    ]);
    await page.selectOption('select[name="subtitle"]', { label: 'Movie.srt' });
    const track = () =>
      page.$eval('video.preview-video', (v: HTMLVideoElement) => {
        const t = v.textTracks[0];
        return {
          tracks: v.textTracks.length,
          mode: t?.mode,
          cues: Array.from(t?.cues ?? [], (c) => ({
            start: c.startTime,
            end: c.endTime,
            text: (c as VTTCue).text,
          })),
        };
      });
    await expect.poll(track, GONE).toEqual({
      tracks: 1,
      mode: 'showing',
      cues: [
        // Markup in the SRT stays text (escaped in the WebVTT): a cue's text reads as written.
        { start: 1, end: 2.5, text: '&lt;b&gt;你好&lt;/b&gt; &amp; bye' },
        { start: 3, end: 4, text: 'Two\nlines' },
      ],
    });
    // The subtitle's own copy went once read; the video's stays while it plays.
    await expect.poll(() => copies(user), GONE).toEqual(['Movie.webm']);
    expect(await page.getAttribute('[data-preview]', 'data-preview')).toBe('ready');

    await page.selectOption('select[name="subtitle"]', { label: 'Off' });
    await expect.poll(() => page.$eval('video.preview-video', (v: HTMLVideoElement) => v.textTracks.length)).toBe(0);
    await page.click('button[data-action="close-preview"]');
    await expect.poll(() => copies(user), GONE).toEqual([]);
  });

  it('shows details, the caps, Download and Save for text over 1 MB, copying nothing', SLOW, async () => {
    const user = newAccount(fake);
    const page = await signedInViewer(must(ext), user, SHARE);
    await openPreview(page, 'huge.log');
    await page.waitForSelector(
      '[data-preview="ready"][data-preview-kind="none"] button[data-action="preview-download"]',
    );
    expect(await page.textContent('.preview-details')).toContain('1 MB');
    expect(copies(user)).toEqual([]);
    expect(cdnReads()).toEqual([]);
    // Save: the pane gives way to the folder picker, for that one file.
    await page.click('button[data-action="preview-save"]');
    await page.waitForSelector('[data-folder-picker]');
    expect(await page.$('[data-preview]')).toBeNull();
    expect(await page.textContent('[data-picker-what]')).toContain('huge.log');
  });
});
