import { describe, expect, it } from 'vitest';
import { folderPathText, whatLands } from '../../lib/ui/save-scope';

describe('what a save puts where, in words', () => {
  it('names a folder row as itself, a folder shown by its contents, a selection by its count', () => {
    expect(whatLands({ scope: 'folder-itself', name: 'Album' }, 'en')).toBe(
      '“Album”: this folder itself, with everything in it',
    );
    expect(whatLands({ scope: 'contents', name: 'Album', count: 3 }, 'en')).toBe(
      'The contents of “Album” (3 items), not the folder itself',
    );
    expect(whatLands({ scope: 'contents', name: 'Holiday' }, 'en')).toBe(
      'The contents of “Holiday”, not the folder itself',
    );
    expect(whatLands({ scope: 'selected', name: 'a.txt', count: 1 }, 'en')).toBe('“a.txt”');
    expect(whatLands({ scope: 'selected', name: 'a.txt', count: 4 }, 'zh')).toBe('所选的 4 项');
  });

  it('writes the target folder from the drive root', () => {
    expect(folderPathText([], 'en')).toBe('My drive');
    expect(
      folderPathText(
        [
          { fileId: 'a', name: 'Films' },
          { fileId: 'b', name: '2024' },
        ],
        'zh',
      ),
    ).toBe('我的网盘 › Films › 2024');
  });
});
