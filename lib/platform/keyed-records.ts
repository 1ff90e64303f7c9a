/**
 * A collection kept in storage one record per key, with an index of the ids: a change writes only
 * the records that changed (and the index when ids come or go), never the whole collection — a
 * job of 2,000 files must not rewrite megabytes on every file's step.
 */
import type { KeyValueStore } from './kv-store';

export class KeyedRecords<T> {
  /** The JSON last written per id: what the next save compares against. */
  private written = new Map<string, string>();
  /** The index last written, joined. */
  private writtenIds = '';
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: KeyValueStore,
    /** e.g. `downloads.copy.`: records live at `<prefix><id>`, the index at `<prefix>ids`. */
    private readonly prefix: string,
  ) {}

  private get indexKey(): string {
    return `${this.prefix}ids`;
  }

  private recordKey(id: string): string {
    return `${this.prefix}${id}`;
  }

  /** The stored records in index order; undefined when the collection was never written. */
  async load(): Promise<[string, T][] | undefined> {
    const ids = await this.store.get<string[]>(this.indexKey);
    if (!ids) return undefined;
    this.writtenIds = ids.join('\n');
    const records: [string, T][] = [];
    for (const id of ids) {
      const record = await this.store.get<T>(this.recordKey(id));
      if (record === undefined) continue; // its write never landed: the index went first
      records.push([id, record]);
      this.written.set(id, JSON.stringify(record));
    }
    return records;
  }

  /** Makes storage hold exactly `records`; writes happen one after another, the last state wins. */
  save(records: readonly (readonly [string, T])[]): Promise<void> {
    const changed: Record<string, unknown> = {};
    const ids = records.map(([id]) => id);
    for (const [id, record] of records) {
      const json = JSON.stringify(record);
      if (this.written.get(id) === json) continue;
      changed[this.recordKey(id)] = record;
      this.written.set(id, json);
    }
    const kept = new Set(ids);
    const gone = [...this.written.keys()].filter((id) => !kept.has(id));
    for (const id of gone) this.written.delete(id);
    const joined = ids.join('\n');
    if (joined !== this.writtenIds) changed[this.indexKey] = ids;
    this.writtenIds = joined;
    if (Object.keys(changed).length === 0 && gone.length === 0) return this.writes;
    const write = this.writes.then(async () => {
      // Records and index in one call; a removed record's key goes after the index stops naming it.
      await this.store.set(changed);
      if (gone.length > 0) await this.store.remove(gone.map((id) => this.recordKey(id)));
    });
    this.writes = write.catch(() => {});
    return write;
  }
}
