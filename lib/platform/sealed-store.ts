import type { KeyValueStore } from './kv-store';

/** Account tokens and the client secret (STORAGE_KEYS in lib/account/model.ts). */
const isSecretKey = (name: string) => name.startsWith('secret.');

/** A secret as it lies in storage: AES-GCM ciphertext of its JSON, base64. */
interface Sealed {
  sealed: 'AES-GCM';
  iv: string;
  data: string;
}

/**
 * Wraps a store so `secret.*` values are written encrypted with `key()`. For browsers where
 * content scripts can read `storage.local` (Firefox has no `setAccessLevel`): they see only
 * ciphertext, and the key lives where they cannot reach it (`indexedDbKey`).
 */
export function sealSecrets(store: KeyValueStore, key: () => Promise<CryptoKey>): KeyValueStore {
  return {
    async get<T>(name: string) {
      const value = await store.get<unknown>(name);
      return (isSealed(value) ? await unseal(value, name, await key()) : value) as T | undefined;
    },
    async getMany<T>(names: string[]) {
      const values = await store.getMany<unknown>(names);
      for (const [name, value] of Object.entries(values))
        if (isSealed(value)) values[name] = await unseal(value, name, await key());
      return values as Record<string, T>;
    },
    async set(items) {
      const out: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(items)) {
        out[name] = isSecretKey(name) ? await seal(value, name, await key()) : value;
      }
      await store.set(out);
    },
    remove: (names) => store.remove(names),
  };
}

async function seal(value: unknown, name: string, key: CryptoKey): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  // The storage key is the additional data: a sealed value copied under another key fails to open.
  const params = { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(name) };
  const data = await crypto.subtle.encrypt(params, key, new TextEncoder().encode(JSON.stringify(value)));
  return { sealed: 'AES-GCM', iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/**
 * A sealed value that no longer opens (its key lost with the profile's IndexedDB, or the value
 * moved under another key). Thrown, not read as absent: saved tokens that silently vanish would
 * leave the account saying `ok` (issue 9). Writing a new value over it works as ever.
 */
export class UnreadableSecretError extends Error {
  constructor(readonly key: string) {
    super(`sealed-store: ${key} can no longer be opened`);
    this.name = 'UnreadableSecretError';
  }
}

export function isUnreadableSecret(e: unknown): e is UnreadableSecretError {
  return e instanceof UnreadableSecretError;
}

async function unseal(value: Sealed, name: string, key: CryptoKey): Promise<unknown> {
  const params = { name: 'AES-GCM', iv: fromBase64(value.iv), additionalData: new TextEncoder().encode(name) };
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(params, key, fromBase64(value.data));
  } catch {
    throw new UnreadableSecretError(name);
  }
  return JSON.parse(new TextDecoder().decode(plain));
}

function isSealed(value: unknown): value is Sealed {
  return typeof value === 'object' && value !== null && (value as Sealed).sealed === 'AES-GCM';
}

// Secrets are a few KB at most, so the spread stays far below argument-count limits.
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

const DB_NAME = 'sealed-store';
const KEY_ID = 'aes-gcm';

/**
 * The sealing key: created once, non-extractable, kept in IndexedDB of the extension's origin.
 * Content scripts use the page's IndexedDB, so they can never load it; no code can export it.
 */
export function indexedDbKey(idb: IDBFactory = indexedDB): () => Promise<CryptoKey> {
  let key: Promise<CryptoKey> | undefined;
  return () =>
    (key ??= loadOrCreateKey(idb).catch((e: unknown) => {
      key = undefined; // let the next call try again
      throw e;
    }));
}

async function loadOrCreateKey(idb: IDBFactory): Promise<CryptoKey> {
  const open = idb.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('keys');
  const db = await done(open);
  const read = () => done<CryptoKey | undefined>(db.transaction('keys').objectStore('keys').get(KEY_ID));
  try {
    const stored = await read();
    if (stored) return stored;
    const created = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    // `add`, not `put`: if another extension page stored a key meanwhile, this aborts and theirs wins.
    const tx = db.transaction('keys', 'readwrite');
    tx.objectStore('keys').add(created, KEY_ID);
    const committed = await new Promise<boolean>((resolve) => {
      tx.oncomplete = () => resolve(true);
      tx.onabort = () => resolve(false);
    });
    const key = committed ? created : await read();
    if (!key) throw new Error('sealed-store: cannot store the key in IndexedDB');
    return key;
  } finally {
    db.close();
  }
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
