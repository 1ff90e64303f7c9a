/** The slice of `storage.local` the background needs (tests use a Map-backed one). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}
