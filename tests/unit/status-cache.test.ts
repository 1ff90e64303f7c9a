import { describe, expect, it } from 'vitest';
import { MAX_CACHED_STATUSES, STATUS_FLUSH_MS, StatusCache, statusBucketKey } from '../../lib/shares/status-cache';
import { must } from '../must';
import { memoryStore } from './memory-store';

function cache(clock = { now: 1_000 }) {
  const store = memoryStore();
  const sets: string[][] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const counted = {
    ...store,
    set: async (items: Record<string, unknown>) => {
      sets.push(Object.keys(items));
      return store.set(items);
    },
  };
  const statuses = new StatusCache({
    store: counted,
    now: () => clock.now,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  return { statuses, store, sets, timers, clock };
}

const valid = (until: number) => ({ status: { state: 'valid' as const }, until });

describe('StatusCache', () => {
  it('writes the statuses of a batch together, each bucket once, after the batch delay', async () => {
    const { statuses, sets, timers } = cache();
    for (let i = 0; i < 50; i++) statuses.set(`Share${i}:`, valid(9_000));
    expect(sets).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([STATUS_FLUSH_MS]);
    must(timers[0]).fn();
    await statuses.flush();
    expect(sets).toHaveLength(1);
    expect(new Set(sets[0])).toEqual(new Set(Array.from({ length: 50 }, (_, i) => statusBucketKey(`Share${i}:`))));
  });

  it('a change rewrites only its own bucket', async () => {
    const { statuses, sets } = cache();
    for (let i = 0; i < 50; i++) statuses.set(`Share${i}:`, valid(9_000));
    await statuses.flush();
    statuses.set('Share7:', { status: { state: 'expired' }, until: 9_000 });
    await statuses.flush();
    expect(sets.at(-1)).toEqual([statusBucketKey('Share7:')]);
  });

  it('keeps at most the cap, the oldest written going first', async () => {
    const { statuses } = cache();
    for (let i = 0; i <= MAX_CACHED_STATUSES; i++) statuses.set(`Share${i}:`, valid(9_000));
    expect(statuses.get('Share0:')).toBeUndefined();
    expect(statuses.get('Share1:')).toBeDefined();
    expect(statuses.get(`Share${MAX_CACHED_STATUSES}:`)).toBeDefined();
  });

  it('a new worker finds what was written, without the expired entries; an emptied bucket is removed', async () => {
    const { statuses, store, clock } = cache();
    statuses.set('Alive:', valid(5_000));
    statuses.set('Gone:', valid(2_000));
    await statuses.flush();
    clock.now = 3_000;
    const restarted = new StatusCache({ store, now: () => clock.now });
    await restarted.restore();
    expect(restarted.get('Alive:')).toEqual(valid(5_000));
    expect(restarted.get('Gone:')).toBeUndefined();
    // Gone's bucket, rewritten with nothing alive in it, leaves storage.
    restarted.set('Gone:', valid(2_500));
    await restarted.flush();
    expect(store.data.has(statusBucketKey('Gone:'))).toBe(statusBucketKey('Gone:') === statusBucketKey('Alive:'));
  });
});
