import { describe, expect, it } from 'vitest';
import type { ShareEntry } from '../../lib/shares/browse';
import { MAX_TEXT_BYTES, previewKind } from '../../lib/previews/preview-kind';

const file = (name: string, size = 100): ShareEntry => ({ fileId: name, name, type: 'file', size });

describe('previewKind', () => {
  it('what the browser renders itself, by extension; anything else has details only', () => {
    const kinds = Object.fromEntries(
      ['a.JPG', 'a.svg', 'a.mp4', 'a.webm', 'a.flac', 'a.m4a', 'a.pdf', 'a.txt', 'a.srt', 'a.py', 'a.mkv', 'a.rmvb', 'a.heic', 'a.zip', 'README'].map((n) => [
        n,
        previewKind(file(n)),
      ]),
    );
    expect(kinds).toEqual({
      'a.JPG': 'image', 'a.svg': 'image', 'a.mp4': 'video', 'a.webm': 'video', 'a.flac': 'audio', 'a.m4a': 'audio', 'a.pdf': 'pdf',
      'a.txt': 'text', 'a.srt': 'text', 'a.py': 'text', 'a.mkv': 'none', 'a.rmvb': 'none', 'a.heic': 'none', 'a.zip': 'none', README: 'none',
    });
  });

  it('text up to 1 MB; folders never', () => {
    expect(previewKind(file('big.log', MAX_TEXT_BYTES))).toBe('text');
    expect(previewKind(file('big.log', MAX_TEXT_BYTES + 1))).toBe('none');
    expect(previewKind({ name: 'photos.jpg', type: 'folder' })).toBe('none');
  });
});
