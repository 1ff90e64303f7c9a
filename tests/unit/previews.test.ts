import { describe, expect, it } from 'vitest';
import type { JobView } from '../../lib/downloads/model';
import { MAX_TEXT_BYTES, previewKind } from '../../lib/previews/preview-kind';
import { keepAliveDelay, neighbourImage, previewProgress, zoomed } from '../../lib/previews/preview-view';
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

  it('text up to 1 MB; folders never', () => {
    expect(previewKind(file('big.log', MAX_TEXT_BYTES))).toBe('text');
    expect(previewKind(file('big.log', MAX_TEXT_BYTES + 1))).toBe('none');
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
