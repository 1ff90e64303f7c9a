/** The download pipeline's steps of the storage schema (lib/platform/schema.ts). */
import { KeyedRecords } from '../platform/keyed-records';
import type { KeyValueStore } from '../platform/kv-store';
import { JOB_PREFIX, STATES_PREFIX, type StoredJob, type StoredStates } from './job-store';
import { type CopyEntry, JOURNAL_PREFIX } from './journal';

/** Version 1 kept the journal, the jobs and their states each in one value, rewritten whole. */
export const V1_KEYS = {
  journal: 'downloads.journal',
  jobs: 'downloads.jobs',
  jobStates: 'downloads.jobStates',
} as const;

/** 1 → 2: one key a record (keyed-records.ts), so that a file's step writes only what changed. */
export async function downloadsOneKeyPerRecord(store: KeyValueStore): Promise<void> {
  const [journal, jobs, states] = await Promise.all([
    store.get<Omit<CopyEntry, 'id'>[]>(V1_KEYS.journal),
    store.get<StoredJob[]>(V1_KEYS.jobs),
    store.get<Record<string, StoredStates>>(V1_KEYS.jobStates),
  ]);
  // Written before the old values go: a stop in between leaves both, and the step runs again.
  if (journal) await new KeyedRecords<CopyEntry>(store, JOURNAL_PREFIX).save(journal.map((e) => withId(e)));
  if (jobs) await new KeyedRecords<StoredJob>(store, JOB_PREFIX).save(jobs.map((job) => [job.id, job] as const));
  if (states) await new KeyedRecords<StoredStates>(store, STATES_PREFIX).save(Object.entries(states));
  await store.remove(Object.values(V1_KEYS));
}

/** A stable id (the same on a second run): the entry's copy, or its job and file. */
function withId(entry: Omit<CopyEntry, 'id'>): readonly [string, CopyEntry] {
  const id = entry.copyFileId ?? `${entry.jobId}-${entry.shareFileId}`;
  return [id, { ...entry, id }];
}
