import { describe, expect, it } from 'vitest';
import { allSelected, toggleAll, toggleOne, toggleRange } from '../../lib/ui/selection';

const ids = ['a', 'b', 'c', 'd', 'e'];
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe('selection', () => {
  it('toggles one id and returns a new set', () => {
    const empty = new Set<string>();
    const one = toggleOne(empty, 'b');
    expect(sorted(one)).toEqual(['b']);
    expect(empty.size).toBe(0);
    expect(toggleOne(one, 'b').size).toBe(0);
  });

  it('selects a range from the anchor, in either direction', () => {
    expect(sorted(toggleRange(new Set(['b']), ids, 'b', 'd'))).toEqual(['b', 'c', 'd']);
    expect(sorted(toggleRange(new Set(['d']), ids, 'd', 'a'))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('clears a range when the target was selected', () => {
    expect(sorted(toggleRange(new Set(ids), ids, 'a', 'c'))).toEqual(['d', 'e']);
  });

  it('toggles only the target without an anchor in view', () => {
    expect(sorted(toggleRange(new Set(), ids, undefined, 'c'))).toEqual(['c']);
    expect(sorted(toggleRange(new Set(), ids, 'gone', 'c'))).toEqual(['c']);
  });

  it('selects all shown, or clears them when all were selected, keeping others', () => {
    const shown = ['b', 'c'];
    const all = toggleAll(new Set(['x', 'b']), shown);
    expect(sorted(all)).toEqual(['b', 'c', 'x']);
    expect(allSelected(all, shown)).toBe(true);
    expect(sorted(toggleAll(all, shown))).toEqual(['x']);
    expect(allSelected(new Set(), [])).toBe(false);
  });
});
