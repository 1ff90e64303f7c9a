import { describe, expect, it } from 'vitest';
import type { JobView } from '../../lib/downloads/model';
import { MAX_READ_BYTES, MAX_TEXT_BYTES, previewKind, tooLargeToPreview } from '../../lib/previews/preview-kind';
import { keepAliveDelay, neighbourImage, previewProgress, zoomed } from '../../lib/previews/preview-view';
import { subtitlesFor, toWebVtt } from '../../lib/previews/subtitles';
import { decodeText } from '../../lib/previews/text-decoding';
import type { ShareEntry } from '../../lib/shares/browse';
import { must } from '../must';

const file = (name: string, size = 100): ShareEntry => ({ fileId: name, name, type: 'file', size });

describe('previewKind', () => {
  it('what the browser renders itself, by extension; anything else has details only', () => {
    const kinds = Object.fromEntries(
      [
        'a.JPG',
        'a.svg',
        'a.mp4',
        'a.webm',
        'a.flac',
        'a.m4a',
        'a.pdf',
        'a.txt',
        'a.srt',
        'a.py',
        'a.mkv',
        'a.rmvb',
        'a.heic',
        'a.zip',
        'README',
      ].map((n) => [n, previewKind(file(n))]),
    );
    expect(kinds).toEqual({
      'a.JPG': 'image',
      'a.svg': 'image',
      'a.mp4': 'video',
      'a.webm': 'video',
      'a.flac': 'audio',
      'a.m4a': 'audio',
      'a.pdf': 'pdf',
      'a.txt': 'text',
      'a.srt': 'text',
      'a.py': 'text',
      'a.mkv': 'none',
      'a.rmvb': 'none',
      'a.heic': 'none',
      'a.zip': 'none',
      README: 'none',
    });
  });

  it('text up to 1 MB, PDF up to 50 MB (larger ones say why they are not shown); folders never', () => {
    expect(previewKind(file('big.log', MAX_TEXT_BYTES))).toBe('text');
    expect(previewKind(file('big.log', MAX_TEXT_BYTES + 1))).toBe('none');
    expect(tooLargeToPreview(file('big.log', MAX_TEXT_BYTES + 1))).toBe(true);
    expect(MAX_READ_BYTES.pdf).toBe(50 * 1024 * 1024);
    expect(previewKind(file('book.pdf', MAX_READ_BYTES.pdf))).toBe('pdf');
    expect(previewKind(file('book.pdf', MAX_READ_BYTES.pdf + 1))).toBe('none');
    expect(tooLargeToPreview(file('book.pdf', MAX_READ_BYTES.pdf + 1))).toBe(true);
    expect(tooLargeToPreview(file('film.mkv', 10 * MAX_READ_BYTES.pdf))).toBe(false);
    expect(previewKind({ name: 'photos.jpg', type: 'folder' })).toBe('none');
  });
});

describe('preview pane decisions', () => {
  const job = (file: Partial<JobView['files'][number]>): JobView =>
    ({ files: [{ fileId: 'f', filename: 'a.jpg', size: 1, received: 0, state: 'queued', ...file }] }) as JobView;
  const link = { url: 'https://cdn.example/a', expiresAt: 1_000_000 };

  it('a preview job is loading until its link is held; a failure carries the API code; a released one is over', () => {
    expect(previewProgress(undefined)).toEqual({ state: 'loading' });
    expect(previewProgress(job({ state: 'copying' }))).toEqual({ state: 'loading' });
    expect(previewProgress(job({ state: 'exported', link }))).toEqual({ state: 'linked', link });
    expect(
      previewProgress(
        job({
          state: 'failed',
          error: { code: 'QuotaExhausted.Drive', category: 'drive-full', status: 400, text: { en: '', zh: '' } },
        }),
      ),
    ).toEqual({
      state: 'error',
      code: 'QuotaExhausted.Drive',
    });
    expect(previewProgress(job({ state: 'done' }))).toEqual({ state: 'ended' });
  });

  it('next and previous go through the pictures only, and stop at either end', () => {
    const entries = [
      file('1.jpg'),
      file('notes.txt'),
      file('2.png'),
      { ...file('dir.jpg'), type: 'folder' as const },
      file('3.webp'),
    ];
    expect(neighbourImage(entries, must(entries[0]), 1)?.name).toBe('2.png');
    expect(neighbourImage(entries, must(entries[2]), 1)?.name).toBe('3.webp');
    expect(neighbourImage(entries, must(entries[4]), 1)).toBeUndefined();
    expect(neighbourImage(entries, must(entries[0]), -1)).toBeUndefined();
  });

  it('zooms by steps within its levels', () => {
    expect(zoomed(1, 1)).toBe(1.5);
    expect(zoomed(1, -1)).toBe(0.5);
    expect(zoomed(0.5, -1)).toBe(0.5);
    expect(zoomed(4, 1)).toBe(4);
  });

  it('keeps a copy alive a minute before its link expires, never for a link too short for that', () => {
    expect(keepAliveDelay(link, 1_000_000 - 90_000)).toBe(30_000);
    expect(keepAliveDelay(link, 1_000_000 - 30_000)).toBeUndefined();
  });
});

describe('decodeText', () => {
  const gbk = Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7]); // 你好，世界 in GBK

  it('UTF-8 when the bytes are valid UTF-8; GBK otherwise', () => {
    expect(decodeText(new TextEncoder().encode('你好，世界'))).toEqual({ text: '你好，世界', encoding: 'utf-8' });
    expect(decodeText(gbk)).toEqual({ text: '你好，世界', encoding: 'gb18030' });
  });

  it('a byte-order mark decides, and is not part of the text', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a', encoding: 'utf-8' });
    expect(decodeText(Uint8Array.from([0xff, 0xfe, 0x60, 0x4f]))).toEqual({ text: '你', encoding: 'utf-16le' });
    expect(decodeText(Uint8Array.from([0xfe, 0xff, 0x4f, 0x60]))).toEqual({ text: '你', encoding: 'utf-16be' });
  });
});

describe('subtitles', () => {
  it('finds the files named after the video beside it, with a label and a language', () => {
    const siblings = [
      'Movie.mp4',
      'Movie.srt',
      'movie.chs.ass',
      'Movie.en.vtt',
      'Movie 2.srt',
      'Other.srt',
      'Movie.txt',
    ].map((n) => file(n));
    expect(subtitlesFor(file('Movie.mp4'), siblings).map((s) => [s.entry.name, s.format, s.label, s.language])).toEqual(
      [
        ['movie.chs.ass', 'ass', 'chs', 'zh-Hans'],
        ['Movie.en.vtt', 'vtt', 'en', 'en'],
        ['Movie.srt', 'srt', 'SRT', ''],
      ],
    );
  });

  it('offers no subtitle over 1 MB (read whole, as text is)', () => {
    const siblings = [file('Movie.srt', MAX_TEXT_BYTES + 1), file('Movie.en.srt', MAX_TEXT_BYTES)];
    expect(subtitlesFor(file('Movie.mp4'), siblings).map((s) => s.entry.name)).toEqual(['Movie.en.srt']);
  });

  it('SRT to WebVTT: times with dots, cue numbers and CRLF tolerated, markup kept as text', () => {
    const srt =
      '\ufeff1\r\n00:00:01,500 --> 00:00:03,000\r\nHello <script>x</script> & bye\r\n\r\n2\r\n0:00:04,000 --> 0:00:05,25\r\nTwo\r\nlines\r\n';
    expect(toWebVtt(srt, 'srt')).toBe(
      'WEBVTT\n\n00:00:01.500 --> 00:00:03.000\nHello &lt;script&gt;x&lt;/script&gt; &amp; bye\n\n00:00:04.000 --> 00:00:05.250\nTwo\nlines\n',
    );
  });

  it('ASS to WebVTT: the Events by their Format line, overrides dropped, \\N a line break, commas in the text kept', () => {
    const ass = [
      '[Script Info]',
      'Title: x',
      '[V4+ Styles]',
      'Format: Name, Fontname',
      'Style: Default,Arial',
      '[Events]',
      'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
      'Dialogue: 0,0:00:02.50,0:00:04.00,Default,,0,0,0,,{\\i1}Second{\\i0}, with a comma',
      'Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,第一行\\N第二行',
      'Comment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,not shown',
    ].join('\n');
    expect(toWebVtt(ass, 'ass')).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n第一行\n第二行\n\n00:00:02.500 --> 00:00:04.000\nSecond, with a comma\n',
    );
  });
});
