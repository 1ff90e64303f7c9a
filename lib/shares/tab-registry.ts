import type { KeyValueStore } from '../platform/kv-store';
import { type ShareRef, statusKey } from './model';

export interface TabShares {
  site: string;
  shares: ShareRef[];
}

/** A tab as stored: its site and how many report chunks (`tab.<id>.<n>`) hold its shares. */
interface StoredTab {
  site: string;
  chunks: number;
}

/** A page that keeps adding links (an infinite scroll) stops being listed past this many shares. */
export const MAX_SHARES_PER_TAB = 5000;
const IDS_KEY = 'tab.ids';

/**
 * Which shares each tab's content script found, so the popup can list them and status updates
 * reach the right tabs. Kept in `storage.session`: it survives the worker, not the browser (nor
 * an update of the extension, so its layout needs no migration). Each report's new shares are
 * one chunk of their own: a page that reports again and again (issue 11: an infinite scroll)
 * writes only what it adds, never its whole list again. Read once per worker, then from memory.
 */
export class TabRegistry {
  /** Writes are read-modify-write on shared keys: one at a time, or concurrent reports lose tabs. */
  private writes: Promise<unknown> = Promise.resolve();
  private loaded?: Promise<Map<number, TabShares & { keys: Set<string>; chunks: number }>>;

  constructor(private readonly store: KeyValueStore) {}

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writes.then(work, work);
    this.writes = next.catch(() => {});
    return next;
  }

  private tabs() {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private async load() {
    const tabs = new Map<number, TabShares & { keys: Set<string>; chunks: number }>();
    const ids = (await this.store.get<number[]>(IDS_KEY)) ?? [];
    const stored = await this.store.getMany<StoredTab>(ids.map((tabId) => `tab.${tabId}`));
    const chunkKeys = ids.flatMap((tabId) =>
      Array.from({ length: stored[`tab.${tabId}`]?.chunks ?? 0 }, (_, n) => `tab.${tabId}.${n}`),
    );
    const chunks = await this.store.getMany<ShareRef[]>(chunkKeys);
    for (const tabId of ids) {
      const tab = stored[`tab.${tabId}`];
      if (!tab) continue;
      const shares = Array.from({ length: tab.chunks }, (_, n) => chunks[`tab.${tabId}.${n}`] ?? []).flat();
      tabs.set(tabId, { site: tab.site, shares, keys: new Set(shares.map(statusKey)), chunks: tab.chunks });
    }
    return tabs;
  }

  async get(tabId: number): Promise<TabShares | undefined> {
    const tab = (await this.tabs()).get(tabId);
    return tab && { site: tab.site, shares: tab.shares };
  }

  /** Every tab with the shares its page showed. */
  async all(): Promise<[number, TabShares][]> {
    return [...(await this.tabs())].map(([tabId, tab]) => [tabId, { site: tab.site, shares: tab.shares }]);
  }

  /** Adds shares found on a tab; a navigation to another site starts the list afresh. */
  add(tabId: number, site: string, found: ShareRef[]): Promise<void> {
    return this.serial(() => this.addNow(tabId, site, found));
  }

  private async addNow(tabId: number, site: string, found: ShareRef[]): Promise<void> {
    const tabs = await this.tabs();
    let tab = tabs.get(tabId);
    if (tab?.site !== site) {
      if (tab) await this.forget(tabId, tab.chunks);
      tab = { site, shares: [], keys: new Set(), chunks: 0 };
      tabs.set(tabId, tab);
    }
    const fresh: ShareRef[] = [];
    for (const ref of found) {
      if (tab.shares.length + fresh.length >= MAX_SHARES_PER_TAB) break;
      if (tab.keys.has(statusKey(ref))) continue;
      tab.keys.add(statusKey(ref));
      fresh.push(ref);
    }
    const isNew = tab.chunks === 0;
    if (fresh.length === 0 && !isNew) return;
    tab.shares.push(...fresh);
    const chunk = tab.chunks++;
    await this.store.set({
      [`tab.${tabId}.${chunk}`]: fresh,
      [`tab.${tabId}`]: { site, chunks: tab.chunks } satisfies StoredTab,
    });
    if (isNew) await this.store.set({ [IDS_KEY]: [...tabs.keys()] });
  }

  remove(tabId: number): Promise<void> {
    return this.serial(async () => {
      const tabs = await this.tabs();
      const tab = tabs.get(tabId);
      if (!tab) return;
      tabs.delete(tabId);
      await this.store.set({ [IDS_KEY]: [...tabs.keys()] });
      await this.forget(tabId, tab.chunks);
    });
  }

  private forget(tabId: number, chunks: number): Promise<void> {
    return this.store.remove([`tab.${tabId}`, ...Array.from({ length: chunks }, (_, n) => `tab.${tabId}.${n}`)]);
  }

  /** Tabs whose pages show this share (with this code). */
  async tabsShowing(key: string): Promise<number[]> {
    return [...(await this.tabs())].filter(([, tab]) => tab.keys.has(key)).map(([tabId]) => tabId);
  }
}
