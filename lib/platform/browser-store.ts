import browser from 'webextension-polyfill';
import type { KeyValueStore } from './kv-store';
import { indexedDbKey, sealSecrets } from './sealed-store';

type LockableArea = { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };

/**
 * `storage.local` (survives restarts) or `storage.session` (until the browser closes). Where
 * `storage.local` cannot be hidden from content scripts (Firefox lacks `setAccessLevel`), its
 * `secret.*` values are sealed with a key content scripts cannot reach (sealed-store.ts).
 */
export function extensionStore(areaName: 'local' | 'session' = 'local'): KeyValueStore {
  const area =
    areaName === 'local'
      ? browser.storage.local
      : (browser.storage as unknown as { session: typeof browser.storage.local }).session;
  const store: KeyValueStore = {
    async get<T>(key: string) {
      return (await area.get(key))[key] as T | undefined;
    },
    getMany: async <T>(keys: string[]) => (await area.get(keys)) as Record<string, T>,
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
  };
  return areaName === 'local' && !canLockLocal() ? sealSecrets(store, indexedDbKey()) : store;
}

function canLockLocal(): boolean {
  return typeof (browser.storage.local as unknown as LockableArea).setAccessLevel === 'function';
}

/**
 * Hides `storage.local` from content scripts (Chromium ≥ 102 supports access levels for it;
 * elsewhere `extensionStore` seals the secrets instead).
 */
export async function lockLocalStorageToTrustedContexts(): Promise<boolean> {
  if (!canLockLocal()) return false;
  await (browser.storage.local as unknown as Required<LockableArea>).setAccessLevel({
    accessLevel: 'TRUSTED_CONTEXTS',
  });
  return true;
}
