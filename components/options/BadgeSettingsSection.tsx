import { useEffect, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import type { BadgeSettings } from '../../lib/shares/settings';

/** Badges on/off and the sites where they are off (the popup's "off on this site" edits the same list). */
export function BadgeSettingsSection() {
  const [settings, setSettings] = useState<BadgeSettings>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    request('settings.get').then(setSettings, () => {});
  }, []);
  if (!settings) return null;

  const submit = async (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const next = await request('settings.set', {
      badgesEnabled: data.get('badgesEnabled') === 'on',
      disabledSites: String(data.get('disabledSites') ?? '').split(/\s+/),
    });
    setSettings(next);
    setSaved(true);
  };

  return (
    <section class="help" aria-labelledby="badges-heading">
      <h2 id="badges-heading">{t('badgesHeading')}</h2>
      <form class="badge-settings" onSubmit={submit} onInput={() => setSaved(false)}>
        <label class="check">
          <input type="checkbox" name="badgesEnabled" defaultChecked={settings.badgesEnabled} />
          {t('badgesEnabledLabel')}
        </label>
        <div class="field">
          <label for="disabledSites">{t('disabledSitesLabel')}</label>
          <textarea
            id="disabledSites"
            name="disabledSites"
            rows={4}
            spellcheck={false}
            defaultValue={settings.disabledSites.join('\n')}
          />
        </div>
        <button type="submit" data-action="save-badge-settings">
          {t('badgesSave')}
        </button>
        {saved && (
          <p class="muted" role="status" data-badge-settings-saved>
            {t('badgesSaved')}
          </p>
        )}
      </form>
    </section>
  );
}
