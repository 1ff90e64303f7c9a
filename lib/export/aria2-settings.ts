/** Where aria2 listens, its secret and the base folder, as the options page saves them. */
import type { KeyValueStore } from '../platform/kv-store';
import { isUnreadableSecret } from '../platform/sealed-store';
import { DEFAULT_ARIA2_ENDPOINT } from './aria2';
import { aria2BadEndpointError } from './errors';

export const ARIA2_SETTINGS_KEY = 'export.aria2';
/** A `secret.*` key: sealed like the account's tokens where content scripts could read storage (browser-store.ts). */
export const ARIA2_SECRET_KEY = 'secret.aria2';

export interface Aria2Settings {
  endpoint: string;
  /** Folder on the aria2 machine; '' = aria2's own `--dir`. */
  baseDir: string;
}

/** What pages see: never the secret itself. */
export interface Aria2View extends Aria2Settings {
  hasSecret: boolean;
  /** The user saved the section at least once (the context menu sends to aria2 only then). */
  configured: boolean;
}

export interface SaveAria2Input {
  endpoint: string;
  baseDir: string;
  /** A new secret; '' or absent keeps the saved one, null forgets it. */
  secret?: string | null;
}

export class Aria2SettingsStore {
  constructor(private readonly store: KeyValueStore) {}

  async view(): Promise<Aria2View> {
    const [saved, secret] = await Promise.all([this.saved(), this.secret()]);
    return {
      endpoint: DEFAULT_ARIA2_ENDPOINT,
      baseDir: '',
      ...saved,
      hasSecret: !!secret,
      configured: saved !== undefined,
    };
  }

  /** For the background's calls only. */
  async withSecret(): Promise<Aria2Settings & { secret: string }> {
    const [view, secret] = await Promise.all([this.view(), this.secret()]);
    return { endpoint: view.endpoint, baseDir: view.baseDir, secret: secret ?? '' };
  }

  async save(input: SaveAria2Input): Promise<Aria2View> {
    const endpoint = input.endpoint.trim() || DEFAULT_ARIA2_ENDPOINT;
    if (!isHttpUrl(endpoint)) throw aria2BadEndpointError(endpoint);
    await this.store.set({ [ARIA2_SETTINGS_KEY]: { endpoint, baseDir: input.baseDir.trim() } satisfies Aria2Settings });
    const secret = input.secret?.trim();
    if (secret) await this.store.set({ [ARIA2_SECRET_KEY]: secret });
    else if (input.secret === null) await this.store.remove([ARIA2_SECRET_KEY]);
    return this.view();
  }

  /** A sealed secret that no longer opens (Firefox, key lost) reads as none: the page shows it unset, to type again. */
  private secret(): Promise<string | undefined> {
    return this.store.get<string>(ARIA2_SECRET_KEY).catch((e: unknown) => {
      if (isUnreadableSecret(e)) return undefined;
      throw e;
    });
  }

  private saved(): Promise<Aria2Settings | undefined> {
    return this.store.get<Aria2Settings>(ARIA2_SETTINGS_KEY);
  }
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}
