import type { KeyValueStore } from '../platform/kv-store';
import { statusKey, type ShareRef } from './model';

export interface TabShares {
  site: string;
  shares: ShareRef[];
}

/**
 * Which shares each tab's content script found, so the popup can list them and status updates
 * reach the right tabs. Kept in `storage.session`: it survives the worker, not the browser.
 */
export class TabRegistry {
  /** Writes are read-modify-write on shared keys: one at a time, or concurrent reports lose tabs. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: KeyValueStore) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work, work);
    this.writes = next.catch(() => {});
    return next;
  }

  private key(tabId: number): string {
    return `tab.${tabId}`;
  }

  async get(tabId: number): Promise<TabShares | undefined> {
    return this.store.get<TabShares>(this.key(tabId));
  }

  /** Adds shares found on a tab; a navigation to another site starts the list afresh. */
  add(tabId: number, site: string, found: ShareRef[]): Promise<void> {
    return this.serial(() => this.addNow(tabId, site, found));
  }

  private async addNow(tabId: number, site: string, found: ShareRef[]): Promise<void> {
    const known = await this.get(tabId);
    const shares = known && known.site === site ? known.shares : [];
    const seen = new Set(shares.map(statusKey));
    for (const ref of found) {
      if (seen.has(statusKey(ref))) continue;
      seen.add(statusKey(ref));
      shares.push(ref);
    }
    await this.store.set({ [this.key(tabId)]: { site, shares } satisfies TabShares });
    await this.remember(tabId);
  }

  remove(tabId: number): Promise<void> {
    return this.serial(async () => {
      await this.store.remove([this.key(tabId)]);
      const ids = (await this.store.get<number[]>('tab.ids')) ?? [];
      await this.store.set({ 'tab.ids': ids.filter((id) => id !== tabId) });
    });
  }

  /** Tabs whose pages show this share (with this code). */
  async tabsShowing(key: string): Promise<number[]> {
    const ids = (await this.store.get<number[]>('tab.ids')) ?? [];
    const hits: number[] = [];
    for (const id of ids) {
      const tab = await this.get(id);
      if (tab?.shares.some((s) => statusKey(s) === key)) hits.push(id);
    }
    return hits;
  }

  private async remember(tabId: number): Promise<void> {
    const ids = (await this.store.get<number[]>('tab.ids')) ?? [];
    if (!ids.includes(tabId)) await this.store.set({ 'tab.ids': [...ids, tabId] });
  }
}
