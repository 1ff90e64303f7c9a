import browser from 'webextension-polyfill';
import type { KeyValueStore } from './kv-store';

/** `storage.local` (survives restarts) or `storage.session` (until the browser closes). */
export function extensionStore(areaName: 'local' | 'session' = 'local'): KeyValueStore {
  const area = areaName === 'local' ? browser.storage.local : (browser.storage as unknown as { session: typeof browser.storage.local }).session;
  return {
    async get<T>(key: string) {
      return (await area.get(key))[key] as T | undefined;
    },
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
  };
}

/**
 * Hides `storage.local` from content scripts (Chromium ≥ 102 supports access levels for it;
 * Firefox lacks `setAccessLevel`, and there content scripts never get secrets by message either).
 */
export async function lockLocalStorageToTrustedContexts(): Promise<boolean> {
  const local = browser.storage.local as unknown as {
    setAccessLevel?: (o: { accessLevel: string }) => Promise<void>;
  };
  if (typeof local.setAccessLevel !== 'function') return false;
  await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return true;
}
