/**
 * Refresh tokens the extension has used (issue 9). Each rotates on use (§1, §2): the copy the
 * user took from devtools, or the one an alipan.com tab still holds, is spent once we used it,
 * and saving it again would overwrite the working token with a dead one. Only a salted SHA-256
 * of each is kept, never the token.
 */
import type { KeyValueStore } from '../platform/kv-store';

export const SPENT_TOKENS_KEY = 'account.spentTokens';
/** A few renewals a day for years; older entries matter less than a bounded size. */
const KEEP = 500;

interface Stored {
  salt: string;
  hashes: string[];
}

export class SpentTokens {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: KeyValueStore) {}

  /** Records a token as spent; one write at a time, so concurrent renewals of both tokens both land. */
  remember(token: string): Promise<void> {
    const write = this.writes.then(async () => {
      const saved = await this.load();
      const hash = await digest(saved.salt, token);
      if (saved.hashes.includes(hash)) return;
      await this.store.set({ [SPENT_TOKENS_KEY]: { salt: saved.salt, hashes: [...saved.hashes, hash].slice(-KEEP) } });
    });
    this.writes = write.catch(() => {});
    return write;
  }

  async has(token: string): Promise<boolean> {
    await this.writes;
    const saved = await this.store.get<Stored>(SPENT_TOKENS_KEY);
    return !!saved && saved.hashes.includes(await digest(saved.salt, token));
  }

  private async load(): Promise<Stored> {
    const saved = await this.store.get<Stored>(SPENT_TOKENS_KEY);
    if (saved?.salt && Array.isArray(saved.hashes)) return saved;
    return { salt: toHex(crypto.getRandomValues(new Uint8Array(16))), hashes: [] };
  }
}

async function digest(salt: string, token: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${token}`))));
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
