/** The user's download settings, kept in storage; the options page edits them. */
import type { KeyValueStore } from '../platform/kv-store';

const DOWNLOAD_SETTINGS_KEY = 'downloads.settings';

/**
 * §8: at most 2 download connections per user per app and 3 per user in total, across every
 * tab, tool and device; over that the CDN answers 403. 2 by default, the user may choose 1–3.
 */
export const CONCURRENCY_RANGE = { min: 1, max: 3, byDefault: 2 } as const;

export interface DownloadSettings {
  maxConcurrentDownloads: number;
}

export const DEFAULT_DOWNLOAD_SETTINGS: DownloadSettings = { maxConcurrentDownloads: CONCURRENCY_RANGE.byDefault };

/** A stored or sent value made valid: a whole number within the range, else the default. */
function asDownloadSettings(value: unknown): DownloadSettings {
  const raw = Number((value as Partial<DownloadSettings> | undefined)?.maxConcurrentDownloads);
  const { min, max, byDefault } = CONCURRENCY_RANGE;
  return { maxConcurrentDownloads: Number.isInteger(raw) && raw >= min && raw <= max ? raw : byDefault };
}

export async function loadDownloadSettings(store: KeyValueStore): Promise<DownloadSettings> {
  return asDownloadSettings(await store.get(DOWNLOAD_SETTINGS_KEY));
}

export async function saveDownloadSettings(store: KeyValueStore, value: unknown): Promise<DownloadSettings> {
  const settings = asDownloadSettings(value);
  await store.set({ [DOWNLOAD_SETTINGS_KEY]: settings });
  return settings;
}
