import { describe, expect, it } from 'vitest';
import { savedLayout, saveLayout, thumbnailSrc } from '../../lib/ui/thumbnails';

describe('thumbnailSrc', () => {
  it('takes https addresses only', () => {
    expect(thumbnailSrc({ thumbnail: 'https://cn-beijing-data.aliyundrive.net/t/1.jpg?x-oss-process=a' })).toBe(
      'https://cn-beijing-data.aliyundrive.net/t/1.jpg?x-oss-process=a',
    );
    for (const thumbnail of [
      undefined,
      '',
      'http://cdn.example/1.jpg',
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/>',
      'not a url',
    ]) {
      expect(thumbnailSrc({ thumbnail })).toBeUndefined();
    }
  });
});

describe('the remembered layout', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
  };

  it('is the list until the grid is chosen, and the grid after', () => {
    const storage = memory();
    expect(savedLayout(storage)).toBe('list');
    saveLayout('grid', storage);
    expect(savedLayout(storage)).toBe('grid');
    saveLayout('list', storage);
    expect(savedLayout(storage)).toBe('list');
  });

  it('falls back to the list when storage cannot be read, and keeps going when it cannot be written', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(savedLayout(broken)).toBe('list');
    expect(() => saveLayout('grid', broken)).not.toThrow();
  });
});
