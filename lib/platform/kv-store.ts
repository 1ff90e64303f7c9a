/** The slice of `storage.local` the background needs (tests use a Map-backed one). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Several keys in one call (one round trip to the browser's storage); absent keys are left out. */
  getMany<T>(keys: string[]): Promise<Record<string, T>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}
