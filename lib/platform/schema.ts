/**
 * The version of what the extension keeps in storage, and the steps that bring an older layout
 * up to date. Run once at every background start, before anything reads storage: an update
 * installed over stored jobs, copies or tokens must find them in the shape it expects.
 */
import type { KeyValueStore } from './kv-store';

export const SCHEMA_VERSION_KEY = 'storage.schemaVersion';

/** Rewrites stored data from one version to the next; safe to run again if it was cut short. */
export type Migration = (store: KeyValueStore) => Promise<void>;

/**
 * Brings `store` to version `migrations.length + 1` (version 1 is the layout before versions
 * were kept: no version key). Each step's version is stored as soon as it is done, so a worker
 * stopped midway resumes at the step it was in. A newer version than this code knows (the
 * extension was downgraded) is left as it is. Resolves to the version storage is at.
 */
export async function migrate(store: KeyValueStore, migrations: readonly Migration[]): Promise<number> {
  let version = (await store.get<number>(SCHEMA_VERSION_KEY)) ?? 1;
  for (let step = migrations[version - 1]; step; step = migrations[version - 1]) {
    await step(store);
    version += 1;
    await store.set({ [SCHEMA_VERSION_KEY]: version });
  }
  return version;
}
