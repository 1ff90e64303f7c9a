/** The share statuses' steps of the storage schema (lib/platform/schema.ts). */
import type { KeyValueStore } from '../platform/kv-store';
import { type CachedStatus, StatusCache } from './status-cache';

/** Version 2 kept every cached status in this one value, rewritten whole on each new status. */
export const V2_STATUS_CACHE_KEY = 'shares.statusCache';

/** 2 → 3: the statuses into their buckets (status-cache.ts), those still valid and within the cap. */
export async function sharesStatusBuckets(store: KeyValueStore): Promise<void> {
  const old = await store.get<Record<string, CachedStatus>>(V2_STATUS_CACHE_KEY);
  if (old) {
    const cache = new StatusCache({ store });
    // Oldest first, so the cap keeps the newest.
    for (const [key, entry] of Object.entries(old).sort(([, a], [, b]) => a.until - b.until)) cache.set(key, entry);
    // Written before the old value goes: a stop in between leaves both, and the step runs again.
    await cache.flush();
  }
  await store.remove([V2_STATUS_CACHE_KEY]);
}
