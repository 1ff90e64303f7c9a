/** Badge settings: on/off, and the sites where the user switched them off. Not secret. */
export interface BadgeSettings {
  badgesEnabled: boolean;
  /** Host names (e.g. `bbs.example.com`) where no badge is shown. */
  disabledSites: string[];
}

export const DEFAULT_BADGE_SETTINGS: BadgeSettings = { badgesEnabled: true, disabledSites: [] };

export function badgesOnSite(settings: BadgeSettings, site: string): boolean {
  return settings.badgesEnabled && !settings.disabledSites.includes(site.toLowerCase());
}

export function withSiteToggled(settings: BadgeSettings, site: string, enabled: boolean): BadgeSettings {
  const host = site.toLowerCase();
  const others = settings.disabledSites.filter((s) => s !== host);
  return { ...settings, disabledSites: enabled ? others : [...others, host].sort() };
}
