import { describe, expect, it } from 'vitest';
import { KeyedRecords } from '../../lib/platform/keyed-records';
import { memoryStore } from './memory-store';

/** A memory store that records the keys each write touched. */
function countingStore() {
  const store = memoryStore();
  const sets: string[][] = [];
  const removes: string[][] = [];
  return {
    store: {
      ...store,
      set: async (items: Record<string, unknown>) => {
        sets.push(Object.keys(items).sort());
        return store.set(items);
      },
      remove: async (keys: string[]) => {
        removes.push(keys);
        return store.remove(keys);
      },
    },
    data: store.data,
    sets,
    removes,
  };
}

describe('KeyedRecords', () => {
  it('writes only the records that changed, and the index only when ids come or go', async () => {
    const { store, sets, removes } = countingStore();
    const records = new KeyedRecords<{ n: number }>(store, 'x.');
    await records.save([
      ['a', { n: 1 }],
      ['b', { n: 1 }],
    ]);
    expect(sets).toEqual([['x.a', 'x.b', 'x.ids']]);
    await records.save([
      ['a', { n: 1 }],
      ['b', { n: 2 }],
    ]);
    expect(sets.at(-1)).toEqual(['x.b']);
    await records.save([
      ['a', { n: 1 }],
      ['b', { n: 2 }],
    ]);
    expect(sets).toHaveLength(2); // nothing changed, nothing written
    await records.save([['b', { n: 2 }]]);
    expect(sets.at(-1)).toEqual(['x.ids']);
    expect(removes).toEqual([['x.a']]);
  });

  it('loads what was saved, in order; a record whose write never landed is skipped', async () => {
    const { store, data } = countingStore();
    await new KeyedRecords<string>(store, 'x.').save([
      ['b', 'B'],
      ['a', 'A'],
    ]);
    data.delete('x.a');
    const again = new KeyedRecords<string>(store, 'x.');
    expect(await again.load()).toEqual([['b', 'B']]);
    expect(await new KeyedRecords<string>(store, 'y.').load()).toBeUndefined();
  });
});
