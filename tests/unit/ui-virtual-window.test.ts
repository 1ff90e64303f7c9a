import { describe, expect, it } from 'vitest';
import { scrollToRow, virtualWindow } from '../../lib/ui/virtual-window';

const base = { total: 10_000, rowHeight: 36, viewportHeight: 360, overscan: 5 };

describe('virtualWindow', () => {
  it('renders the visible rows plus overscan below at the top', () => {
    expect(virtualWindow({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 16, offsetTop: 0, totalHeight: 360_000 });
  });

  it('renders overscan on both sides in the middle, placed at the first rendered row', () => {
    const w = virtualWindow({ ...base, scrollTop: 36 * 1000 + 10 });
    expect(w.start).toBe(995);
    expect(w.end).toBe(1016);
    expect(w.offsetTop).toBe(995 * 36);
  });

  it('stops at the last row, also when scrollTop is past the end (list shrunk by a filter)', () => {
    const atEnd = virtualWindow({ ...base, scrollTop: 360_000 - 360 });
    expect(atEnd.end).toBe(10_000);
    expect(virtualWindow({ ...base, scrollTop: 10_000_000 })).toEqual(atEnd);
  });

  it('handles short and empty lists', () => {
    expect(virtualWindow({ ...base, total: 3, scrollTop: 500 })).toEqual({
      start: 0,
      end: 3,
      offsetTop: 0,
      totalHeight: 108,
    });
    expect(virtualWindow({ ...base, total: 0, scrollTop: 0 })).toEqual({
      start: 0,
      end: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
  });
});

describe('virtualWindow over a grid', () => {
  it('renders whole rows of `columns` items, the last row as far as the items go', () => {
    const grid = { total: 1003, rowHeight: 150, viewportHeight: 600, overscan: 1, columns: 4 };
    expect(virtualWindow({ ...grid, scrollTop: 0 })).toEqual({
      start: 0,
      end: 24,
      offsetTop: 0,
      totalHeight: 251 * 150,
    });
    const middle = virtualWindow({ ...grid, scrollTop: 150 * 100 + 20 });
    expect(middle).toMatchObject({ start: 99 * 4, end: 106 * 4, offsetTop: 99 * 150 });
    expect(virtualWindow({ ...grid, scrollTop: 1e9 }).end).toBe(1003);
  });
});

describe('scrollToRow', () => {
  it('scrolls only as far as needed to show the row', () => {
    expect(scrollToRow(5, 36, 0, 360)).toBe(0); // already visible
    expect(scrollToRow(10, 36, 0, 360)).toBe(36); // just below: its bottom at the viewport bottom
    expect(scrollToRow(2, 36, 720, 360)).toBe(72); // above: its top at the viewport top
  });
});
