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

export function cachedLoader<V, P = never>(
  load: (key: string, progress: (progress: P) => void) => Promise<V>,
): CachedLoader<V, P> {
  const cache = new Map<string, Entry<V, P>>();
  const start = (key: string): Entry<V, P> => {
    const heard: Omit<Entry<V, P>, 'pending'> = { settled: false, listeners: new Set() };
    const pending = load(key, (progress) => {
      heard.latest = { progress };
      for (const listener of heard.listeners) listener(progress);
    });
    // Once settled the value is all there is to hear.
    const settle = () => {
      heard.settled = true;
      heard.listeners.clear();
    };
    pending.then(settle, () => {
      settle();
      cache.delete(key);
    });
    return Object.assign(heard, { pending });
  };
  return (key, onProgress) => {
    let entry = cache.get(key);
    if (!entry) {
      entry = start(key);
      cache.set(key, entry);
    }
    if (onProgress && !entry.settled) {
      if (entry.latest) onProgress(entry.latest.progress);
      entry.listeners.add(onProgress);
    }
    return entry.pending;
  };
}
