import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../lib/background/storage-schema';
import { JobStore } from '../../lib/downloads/job-store';
import { V1_KEYS } from '../../lib/downloads/storage-migrations';
import { type Migration, migrate, SCHEMA_VERSION_KEY } from '../../lib/platform/schema';
import { StatusCache } from '../../lib/shares/status-cache';
import { V2_STATUS_CACHE_KEY } from '../../lib/shares/storage-migrations';
import { must } from '../must';
import { storedJournal } from './downloads-fake';
import { memoryStore } from './memory-store';

/** Storage as version 1 left it: one job of two files, one copy journaled. */
function versionOne() {
  return memoryStore({
    [V1_KEYS.jobs]: [
      {
        id: 'job1',
        shareId: 'S',
        code: null,
        shareName: 'Share',
        createdAt: 1,
        files: [
          { fileId: 'a', filename: 'Share/a', size: 3 },
          { fileId: 'b', filename: 'Share/b', size: 4 },
        ],
      },
    ],
    [V1_KEYS.jobStates]: { job1: { states: 'Dd', errors: {} } },
    [V1_KEYS.journal]: [
      {
        copyFileId: 'c1',
        driveId: 'r1',
        shareFileId: 'b',
        jobId: 'job1',
        createdAt: 1,
        downloadId: 7,
        state: 'downloading',
      },
    ],
    'secret.webRefreshToken': 'kept as it is',
  });
}

describe('storage schema', () => {
  it('brings version-1 downloads to one key a record, loses nothing, and leaves other data alone', async () => {
    const store = versionOne();
    expect(await migrate(store, MIGRATIONS)).toBe(3);
    expect(await store.get(SCHEMA_VERSION_KEY)).toBe(3);
    for (const key of Object.values(V1_KEYS)) expect(store.data.has(key)).toBe(false);
    const [job] = await new JobStore(store).load();
    expect(must(job).files.map((f) => [f.fileId, f.state])).toEqual([
      ['a', 'done'],
      ['b', 'downloading'],
    ]);
    expect(await storedJournal(store)).toEqual([
      expect.objectContaining({ id: 'c1', copyFileId: 'c1', downloadId: 7, state: 'downloading' }),
    ]);
    expect(await store.get('secret.webRefreshToken')).toBe('kept as it is');
  });

  it('brings version-2 share statuses into their buckets, the expired ones left out', async () => {
    const now = Date.now();
    const valid = { status: { state: 'valid', name: 'A' }, until: now + 60_000 };
    const store = memoryStore({
      [SCHEMA_VERSION_KEY]: 2,
      [V2_STATUS_CACHE_KEY]: {
        'ShareAAAAAA1:': valid,
        'ShareBBBBBB1:t84d': { status: { state: 'valid' }, until: now - 1 },
      },
    });
    expect(await migrate(store, MIGRATIONS)).toBe(3);
    expect(store.data.has(V2_STATUS_CACHE_KEY)).toBe(false);
    const cache = new StatusCache({ store });
    await cache.restore();
    expect(cache.get('ShareAAAAAA1:')).toEqual(valid);
    expect(cache.get('ShareBBBBBB1:t84d')).toBeUndefined();
    expect([...store.data.keys()].filter((k) => k.startsWith('shares.'))).toHaveLength(1);
  });

  it('a fresh install starts at the current version; running again changes nothing', async () => {
    const store = memoryStore();
    expect(await migrate(store, MIGRATIONS)).toBe(MIGRATIONS.length + 1);
    const before = new Map(store.data);
    expect(await migrate(store, MIGRATIONS)).toBe(MIGRATIONS.length + 1);
    expect(store.data).toEqual(before);
  });

  it('a step cut short runs again from where it was; a newer version than known is left as it is', async () => {
    const store = versionOne();
    const steps: number[] = [];
    let failOnce = true;
    const flaky: Migration = async () => {
      steps.push(2);
      if (failOnce) {
        failOnce = false;
        throw new Error('worker stopped');
      }
    };
    await expect(migrate(store, [must(MIGRATIONS[0]), flaky])).rejects.toThrow('worker stopped');
    expect(await store.get(SCHEMA_VERSION_KEY)).toBe(2);
    expect(await migrate(store, [must(MIGRATIONS[0]), flaky])).toBe(3);
    expect(steps).toEqual([2, 2]);
    await store.set({ [SCHEMA_VERSION_KEY]: 9 });
    expect(await migrate(store, MIGRATIONS)).toBe(9);
  });
});
