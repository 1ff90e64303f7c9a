/**
 * The share statuses the badges showed lately, kept in `storage.local` so that a restarted
 * worker does not ask Alipan again. Issue 11: one value rewritten whole on every status made a
 * 2,000-link page write ~280 MB. Here the entries are spread over a fixed set of buckets (one
 * key each, no index to rewrite): a change rewrites only its bucket, changes that come together
 * are written in one call, and the number of entries is capped, the oldest going first.
 */
import type { KeyValueStore } from '../platform/kv-store';
import type { ShareStatus } from './model';

export interface CachedStatus<T = ShareStatus> {
  status: T;
  /** Epoch ms after which the status must be asked again. */
  until: number;
}

/** Where a cache's buckets live in storage, how many there are, and how many entries it keeps. */
export interface CacheLayout {
  prefix: string;
  buckets: number;
  maxEntries: number;
}

export const MAX_CACHED_STATUSES = 3000;
/** At the cap a bucket holds ~6 entries (under 1 KB); a restart reads them all in one call. */
const STATUS_LAYOUT: CacheLayout = { prefix: 'shares.status.', buckets: 512, maxEntries: MAX_CACHED_STATUSES };
/** Statuses arrive a few at a time for as long as a big page is being checked: written together. */
export const STATUS_FLUSH_MS = 1000;

/** The storage key of the bucket holding `key` (FNV-1a: stable across versions and restarts). */
export function statusBucketKey(key: string, layout: CacheLayout = STATUS_LAYOUT): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return `${layout.prefix}${(hash >>> 0) % layout.buckets}`;
}

/** Share statuses by default; short links' targets (short-links.ts) are kept the same way under a layout of their own. */
export class StatusCache<T = ShareStatus> {
  /** In write order: the first entry is the one evicted when the cache is full. */
  private readonly entries = new Map<string, CachedStatus<T>>();
  private readonly dirty = new Set<string>();
  private flushPlanned = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      /** Absent: the cache lives in memory only. */
      store?: KeyValueStore;
      now?: () => number;
      setTimer?: (fn: () => void, ms: number) => void;
      layout?: CacheLayout;
    } = {},
  ) {}

  private get layout(): CacheLayout {
    return this.deps.layout ?? STATUS_LAYOUT;
  }

  private bucketOf(key: string): string {
    return statusBucketKey(key, this.layout);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Loads every bucket; expired entries are left out (and go at their bucket's next write). */
  async restore(): Promise<void> {
    const { store } = this.deps;
    if (!store) return;
    const { prefix, buckets: count } = this.layout;
    const keys = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    const buckets = await store.getMany<Record<string, CachedStatus<T>>>(keys);
    const now = this.now();
    const live = Object.values(buckets)
      .flatMap((bucket) => Object.entries(bucket))
      .filter(([, entry]) => entry.until > now);
    // Soonest to expire first: the nearest thing to write order that storage keeps.
    live.sort(([, a], [, b]) => a.until - b.until);
    for (const [key, entry] of live) if (!this.entries.has(key)) this.entries.set(key, entry);
  }

  get(key: string): CachedStatus<T> | undefined {
    const hit = this.entries.get(key);
    return hit && hit.until > this.now() ? hit : undefined;
  }

  /** The live entries' keys of one share, whatever its codes (statusKey starts with the id). */
  keysOfShare(shareId: string): string[] {
    return [...this.entries.keys()].filter((key) => key.startsWith(`${shareId}:`) && this.get(key));
  }

  set(key: string, entry: CachedStatus<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.dirty.add(this.bucketOf(key));
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.layout.maxEntries) break;
      this.entries.delete(oldest);
      this.dirty.add(this.bucketOf(oldest));
    }
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (!this.deps.store || this.flushPlanned) return;
    this.flushPlanned = true;
    const setTimer = this.deps.setTimer ?? ((fn, ms) => void setTimeout(fn, ms));
    setTimer(() => void this.flush().catch(() => {}), STATUS_FLUSH_MS);
  }

  /** Writes the buckets changed since the last flush, in one call; empty buckets are removed. */
  flush(): Promise<void> {
    this.flushPlanned = false;
    const { store } = this.deps;
    if (!store || this.dirty.size === 0) return this.writes;
    const buckets = new Map<string, Record<string, CachedStatus<T>>>([...this.dirty].map((bucket) => [bucket, {}]));
    this.dirty.clear();
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.until > now) {
        const bucket = buckets.get(this.bucketOf(key));
        if (bucket) bucket[key] = entry;
      }
    }
    const full = [...buckets].filter(([, entries]) => Object.keys(entries).length > 0);
    const empty = [...buckets].filter(([, entries]) => Object.keys(entries).length === 0).map(([bucket]) => bucket);
    const write = this.writes.then(async () => {
      if (full.length > 0) await store.set(Object.fromEntries(full));
      if (empty.length > 0) await store.remove(empty);
    });
    this.writes = write.catch(() => {});
    return write;
  }
}
