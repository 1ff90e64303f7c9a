/**
 * Loads each key once and keeps the promise, so going back to a folder shows it at once and
 * two asks share one request. A failure is forgotten: the next ask tries again.
 */
export function cachedLoader<V>(load: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const cache = new Map<string, Promise<V>>();
  return (key) => {
    let pending = cache.get(key);
    if (!pending) {
      pending = load(key);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return pending;
  };
}
