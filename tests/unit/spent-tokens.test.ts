import { describe, expect, it } from 'vitest';
import { SPENT_TOKENS_KEY, SpentTokens } from '../../lib/account/spent-tokens';
import { memoryStore } from './memory-store';

describe('SpentTokens', () => {
  it('knows a token it was told about, keeps only a salted hash, and not other tokens', async () => {
    const store = memoryStore();
    const spent = new SpentTokens(store);
    await spent.remember('a'.repeat(32));
    expect(await spent.has('a'.repeat(32))).toBe(true);
    expect(await spent.has('b'.repeat(32))).toBe(false);
    const stored = JSON.stringify(store.data.get(SPENT_TOKENS_KEY));
    expect(stored).not.toContain('a'.repeat(32));
    // Salted: the same token hashes differently in another profile.
    const otherStore = memoryStore();
    await new SpentTokens(otherStore).remember('a'.repeat(32));
    const hashes = (s: typeof store) => (s.data.get(SPENT_TOKENS_KEY) as { hashes: string[] }).hashes;
    expect(hashes(otherStore)).not.toEqual(hashes(store));
  });

  it('records both of two renewals that end at once', async () => {
    const spent = new SpentTokens(memoryStore());
    await Promise.all([spent.remember('web-old'), spent.remember('open-old')]);
    expect(await spent.has('web-old')).toBe(true);
    expect(await spent.has('open-old')).toBe(true);
  });
});
