/**
 * Loads each key once and keeps the promise, so going back to a folder shows it at once and
 * two asks share one request. A failure is forgotten: the next ask tries again. A load may
 * report progress on its way; every asker hears it, a late one first the latest report.
 */
export type CachedLoader<V, P> = (key: string, onProgress?: (progress: P) => void) => Promise<V>;

interface Entry<V, P> {
  pending: Promise<V>;
  settled: boolean;
  latest?: { progress: P };
  listeners: Set<(progress: P) => void>;
}

export function cachedLoader<V, P = never>(load: (key: string, progress: (progress: P) => void) => Promise<V>): CachedLoader<V, P> {
  const cache = new Map<string, Entry<V, P>>();
  return (key, onProgress) => {
    let entry = cache.get(key);
    if (!entry) {
      const listeners = new Set<(progress: P) => void>();
      const fresh: Entry<V, P> = { pending: Promise.resolve() as Promise<V>, settled: false, listeners };
      fresh.pending = load(key, (progress) => {
        fresh.latest = { progress };
        for (const listener of listeners) listener(progress);
      });
      // Once settled the value is all there is to hear.
      const settle = () => {
        fresh.settled = true;
        listeners.clear();
      };
      fresh.pending.then(settle, () => {
        settle();
        cache.delete(key);
      });
      cache.set(key, (entry = fresh));
    }
    if (onProgress && !entry.settled) {
      if (entry.latest) onProgress(entry.latest.progress);
      entry.listeners.add(onProgress);
    }
    return entry.pending;
  };
}
