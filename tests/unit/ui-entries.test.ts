import { describe, expect, it } from 'vitest';
import type { ShareEntry } from '../../lib/shares/browse';
import { filterEntries, nextSort, sortEntries } from '../../lib/ui/entries';
import { cpuTimeOf } from '../cpu-time';
import { must } from '../must';

const file = (name: string, size?: number, updatedAt?: string): ShareEntry => ({
  fileId: `f-${name}`,
  name,
  type: 'file',
  size,
  updatedAt,
});
const folder = (name: string, updatedAt?: string): ShareEntry => ({
  fileId: `d-${name}`,
  name,
  type: 'folder',
  updatedAt,
});
const names = (entries: readonly ShareEntry[]) => entries.map((e) => e.name);

describe('sortEntries', () => {
  const entries = [
    file('10.mp4', 300, '2024-01-03T00:00:00Z'),
    folder('Zeta', '2024-01-01T00:00:00Z'),
    file('2.mp4', 100, '2024-01-05T00:00:00Z'),
    folder('alpha', '2024-01-09T00:00:00Z'),
    file('B.txt', 200),
  ];

  it('puts folders first, then names in natural order, ignoring case', () => {
    expect(names(sortEntries(entries, { key: 'name', direction: 'asc' }))).toEqual([
      'alpha',
      'Zeta',
      '2.mp4',
      '10.mp4',
      'B.txt',
    ]);
  });

  it('keeps folders first when descending', () => {
    expect(names(sortEntries(entries, { key: 'name', direction: 'desc' }))).toEqual([
      'Zeta',
      'alpha',
      'B.txt',
      '10.mp4',
      '2.mp4',
    ]);
  });

  it('sorts by size, and by date with missing dates oldest', () => {
    expect(names(sortEntries(entries, { key: 'size', direction: 'desc' }))).toEqual([
      'Zeta',
      'alpha',
      '10.mp4',
      'B.txt',
      '2.mp4',
    ]);
    expect(names(sortEntries(entries, { key: 'date', direction: 'asc' }))).toEqual([
      'Zeta',
      'alpha',
      'B.txt',
      '10.mp4',
      '2.mp4',
    ]);
  });

  it('does not change the list it was given', () => {
    const copy = [...entries];
    sortEntries(entries, { key: 'size', direction: 'asc' });
    expect(entries).toEqual(copy);
  });

  it('sorts 10,000 entries quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => file(`第${(i * 7919) % 10_000}集.mp4`, i));
    let sorted: ReturnType<typeof sortEntries> = [];
    expect(cpuTimeOf(() => (sorted = sortEntries(many, { key: 'name', direction: 'asc' })))).toBeLessThan(1000);
    expect(must(sorted[0]).name).toBe('第0集.mp4');
    expect(must(sorted[9_999]).name).toBe('第9999集.mp4');
  });
});

describe('nextSort', () => {
  it('flips the current column and starts another ascending, dates newest first', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'desc' }, 'size')).toEqual({ key: 'size', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'date')).toEqual({ key: 'date', direction: 'desc' });
  });
});

describe('filterEntries', () => {
  const entries = [file('Movie.Part1.MKV'), file('movie part2.mkv'), file('字幕.srt'), folder('Extras')];

  it('matches every word anywhere in the name, ignoring case', () => {
    expect(names(filterEntries(entries, 'movie'))).toEqual(['Movie.Part1.MKV', 'movie part2.mkv']);
    expect(names(filterEntries(entries, 'mkv part2'))).toEqual(['movie part2.mkv']);
    expect(names(filterEntries(entries, '字幕'))).toEqual(['字幕.srt']);
  });

  it('ignores full-width letters and surrounding spaces', () => {
    expect(names(filterEntries(entries, '  ＭＫＶ '))).toEqual(['Movie.Part1.MKV', 'movie part2.mkv']);
  });

  it('gives the list back for an empty query', () => {
    expect(filterEntries(entries, '   ')).toBe(entries);
  });
});
