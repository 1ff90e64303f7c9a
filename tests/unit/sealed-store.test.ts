// @vitest-environment node
// Node's WebCrypto is the real AES-GCM; IndexedDB (indexedDbKey) is only in the browser.
import { describe, expect, it } from 'vitest';
import { sealSecrets, UnreadableSecretError } from '../../lib/platform/sealed-store';
import { memoryStore } from './memory-store';

const newKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

async function sealed() {
  const raw = memoryStore();
  const key = await newKey();
  return { raw, store: sealSecrets(raw, async () => key) };
}

describe('sealSecrets', () => {
  it('stores secret.* values only as ciphertext and reads them back', async () => {
    const { raw, store } = await sealed();
    const tokens = { refreshToken: '0123456789abcdef0123456789abcdef', accessToken: 'eyJ.access' };
    await store.set({ 'secret.web': tokens, 'secret.clientSecret': 'app-secret' });

    const stored = JSON.stringify([...raw.data]);
    expect(stored).not.toContain(tokens.refreshToken);
    expect(stored).not.toContain('app-secret');
    expect(raw.data.get('secret.web')).toMatchObject({ sealed: 'AES-GCM' });
    expect(await store.get('secret.web')).toEqual(tokens);
    expect(await store.get('secret.clientSecret')).toBe('app-secret');
    expect(await store.getMany(['secret.web', 'secret.clientSecret', 'secret.none'])).toEqual({
      'secret.web': tokens,
      'secret.clientSecret': 'app-secret',
    });
  });

  it('leaves other keys in plain form', async () => {
    const { raw, store } = await sealed();
    await store.set({ 'account.status': { state: 'ok' } });
    expect(raw.data.get('account.status')).toEqual({ state: 'ok' });
    expect(await store.get('account.status')).toEqual({ state: 'ok' });
  });

  it('uses a fresh IV for every write', async () => {
    const { raw, store } = await sealed();
    await store.set({ 'secret.open': 'same' });
    const first = raw.data.get('secret.open');
    await store.set({ 'secret.open': 'same' });
    expect(raw.data.get('secret.open')).not.toEqual(first);
  });

  it('binds a sealed value to its key: moved under another key it cannot be read', async () => {
    const { raw, store } = await sealed();
    await store.set({ 'secret.web': { refreshToken: 'web' } });
    raw.data.set('secret.open', raw.data.get('secret.web'));
    await expect(store.get('secret.open')).rejects.toBeInstanceOf(UnreadableSecretError);
  });

  it('says so when the key is gone (a new key cannot open old values), and takes a new value over it', async () => {
    const raw = memoryStore();
    await sealSecrets(raw, newKey).set({ 'secret.web': { refreshToken: 'web' } });
    const other = await newKey();
    const store = sealSecrets(raw, async () => other);
    // Not read as absent: the account must not go on saying `ok` over tokens that vanished (issue 9).
    await expect(store.get('secret.web')).rejects.toMatchObject({ key: 'secret.web' });
    await store.set({ 'secret.web': { refreshToken: 'pasted again' } });
    expect(await store.get('secret.web')).toEqual({ refreshToken: 'pasted again' });
  });

  it('removes keys from the underlying store', async () => {
    const { raw, store } = await sealed();
    await store.set({ 'secret.web': 'x' });
    await store.remove(['secret.web']);
    expect(raw.data.has('secret.web')).toBe(false);
  });
});
