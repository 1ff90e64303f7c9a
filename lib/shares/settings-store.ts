import type { KeyValueStore } from '../platform/kv-store';
import { type BadgeSettings, badgesOnSite, DEFAULT_BADGE_SETTINGS, withSiteToggled } from './settings';

const KEY = 'settings.badges';

/** Badge settings in storage.local; read by the background when a content script reports. */
export class SettingsStore {
  constructor(private readonly store: KeyValueStore) {}

  async get(): Promise<BadgeSettings> {
    return { ...DEFAULT_BADGE_SETTINGS, ...(await this.store.get<Partial<BadgeSettings>>(KEY)) };
  }

  async onSite(site: string): Promise<boolean> {
    return badgesOnSite(await this.get(), site);
  }

  async update(patch: Partial<BadgeSettings>): Promise<BadgeSettings> {
    const next: BadgeSettings = { ...(await this.get()) };
    if (typeof patch.badgesEnabled === 'boolean') next.badgesEnabled = patch.badgesEnabled;
    if (Array.isArray(patch.disabledSites)) {
      next.disabledSites = [
        ...new Set(patch.disabledSites.map((s) => String(s).trim().toLowerCase()).filter(Boolean)),
      ].sort();
    }
    await this.store.set({ [KEY]: next });
    return next;
  }

  async toggleSite(site: string, enabled: boolean): Promise<BadgeSettings> {
    const next = withSiteToggled(await this.get(), site, enabled);
    await this.store.set({ [KEY]: next });
    return next;
  }
}
