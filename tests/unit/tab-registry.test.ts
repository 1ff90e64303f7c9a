import { describe, expect, it } from 'vitest';
import { MAX_SHARES_PER_TAB, TabRegistry } from '../../lib/shares/tab-registry';
import { memoryStore } from './memory-store';

const ref = (shareId: string, code: string | null = null) => ({ shareId, code });

function registry() {
  const store = memoryStore();
  const sets: Record<string, unknown>[] = [];
  const counted = {
    ...store,
    set: async (items: Record<string, unknown>) => {
      sets.push(items);
      return store.set(items);
    },
  };
  return { tabs: new TabRegistry(counted), store, sets };
}

describe('TabRegistry', () => {
  it("writes each report's new shares only, never the tab's whole list again", async () => {
    const { tabs, sets } = registry();
    await tabs.add(1, 'forum.test', [ref('ShareAAAAAA1'), ref('ShareBBBBBB1')]);
    sets.length = 0;
    await tabs.add(1, 'forum.test', [ref('ShareAAAAAA1'), ref('ShareCCCCCC1')]);
    expect(sets).toEqual([{ 'tab.1.1': [ref('ShareCCCCCC1')], 'tab.1': { site: 'forum.test', chunks: 2 } }]);
    await tabs.add(1, 'forum.test', [ref('ShareCCCCCC1')]);
    expect(sets).toHaveLength(1);
    expect((await tabs.get(1))?.shares.map((s) => s.shareId)).toEqual(['ShareAAAAAA1', 'ShareBBBBBB1', 'ShareCCCCCC1']);
  });

  it('a new worker reads the tabs back; another site starts afresh; a closed tab leaves storage', async () => {
    const { tabs, store } = registry();
    await tabs.add(1, 'forum.test', [ref('ShareAAAAAA1', 't84d')]);
    await tabs.add(1, 'forum.test', [ref('ShareBBBBBB1')]);
    await tabs.add(2, 'blog.test', [ref('ShareAAAAAA1', 't84d')]);
    const restarted = new TabRegistry(store);
    expect(await restarted.tabsShowing('ShareAAAAAA1:t84d')).toEqual([1, 2]);
    expect((await restarted.get(1))?.shares).toHaveLength(2);
    await restarted.add(1, 'other.test', [ref('ShareCCCCCC1')]);
    expect(await restarted.get(1)).toEqual({ site: 'other.test', shares: [ref('ShareCCCCCC1')] });
    await restarted.remove(1);
    await restarted.remove(2);
    expect([...store.data.keys()]).toEqual(['tab.ids']);
    expect(store.data.get('tab.ids')).toEqual([]);
  });

  it("stops listing a tab's shares at the cap", async () => {
    const { tabs } = registry();
    const many = Array.from({ length: MAX_SHARES_PER_TAB + 10 }, (_, i) => ref(`Share${String(i).padStart(6, '0')}`));
    await tabs.add(1, 'forum.test', many);
    expect((await tabs.get(1))?.shares).toHaveLength(MAX_SHARES_PER_TAB);
  });
});
