import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../lib/background/storage-schema';
import { JobStore } from '../../lib/downloads/job-store';
import { V1_KEYS } from '../../lib/downloads/storage-migrations';
import { migrate, SCHEMA_VERSION_KEY, type Migration } from '../../lib/platform/schema';
import { storedJournal } from './downloads-fake';
import { memoryStore } from './memory-store';

/** Storage as version 1 left it: one job of two files, one copy journaled. */
function versionOne() {
  return memoryStore({
    [V1_KEYS.jobs]: [
      { id: 'job1', shareId: 'S', code: null, shareName: 'Share', createdAt: 1, files: [{ fileId: 'a', filename: 'Share/a', size: 3 }, { fileId: 'b', filename: 'Share/b', size: 4 }] },
    ],
    [V1_KEYS.jobStates]: { job1: { states: 'Dd', errors: {} } },
    [V1_KEYS.journal]: [{ copyFileId: 'c1', driveId: 'r1', shareFileId: 'b', jobId: 'job1', createdAt: 1, downloadId: 7, state: 'downloading' }],
    'secret.webRefreshToken': 'kept as it is',
  });
}

describe('storage schema', () => {
  it('brings version-1 downloads to one key a record, loses nothing, and leaves other data alone', async () => {
    const store = versionOne();
    expect(await migrate(store, MIGRATIONS)).toBe(2);
    expect(await store.get(SCHEMA_VERSION_KEY)).toBe(2);
    for (const key of Object.values(V1_KEYS)) expect(store.data.has(key)).toBe(false);
    const [job] = await new JobStore(store).load();
    expect(job!.files.map((f) => [f.fileId, f.state])).toEqual([
      ['a', 'done'],
      ['b', 'downloading'],
    ]);
    expect(await storedJournal(store)).toEqual([expect.objectContaining({ id: 'c1', copyFileId: 'c1', downloadId: 7, state: 'downloading' })]);
    expect(await store.get('secret.webRefreshToken')).toBe('kept as it is');
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
      if (failOnce) throw ((failOnce = false), new Error('worker stopped'));
    };
    await expect(migrate(store, [MIGRATIONS[0]!, flaky])).rejects.toThrow('worker stopped');
    expect(await store.get(SCHEMA_VERSION_KEY)).toBe(2);
    expect(await migrate(store, [MIGRATIONS[0]!, flaky])).toBe(3);
    expect(steps).toEqual([2, 2]);
    await store.set({ [SCHEMA_VERSION_KEY]: 9 });
    expect(await migrate(store, MIGRATIONS)).toBe(9);
  });
});
