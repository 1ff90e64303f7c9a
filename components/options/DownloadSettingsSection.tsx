import { useEffect, useState } from 'preact/hooks';
import { CONCURRENCY_RANGE, type DownloadSettings } from '../../lib/downloads/settings';
import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';

/**
 * How many files download at once. Stable hooks: `input[name="maxConcurrentDownloads"]`,
 * `button[data-action="save-downloads"]`.
 */
export function DownloadSettingsSection() {
  const [settings, setSettings] = useState<DownloadSettings>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    request('downloads.settings').then(setSettings, () => {});
  }, []);
  if (!settings) return null;

  const submit = async (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    setSettings(
      await request('downloads.saveSettings', { maxConcurrentDownloads: Number(data.get('maxConcurrentDownloads')) }),
    );
    setSaved(true);
  };

  return (
    <section class="help" aria-labelledby="downloads-heading">
      <h2 id="downloads-heading">{t('downloadSettingsHeading')}</h2>
      <form class="download-settings" onSubmit={submit} onInput={() => setSaved(false)}>
        <div class="field">
          <label for="maxConcurrentDownloads">{t('maxConcurrentLabel')}</label>
          <input
            id="maxConcurrentDownloads"
            name="maxConcurrentDownloads"
            type="number"
            required
            min={CONCURRENCY_RANGE.min}
            max={CONCURRENCY_RANGE.max}
            step={1}
            defaultValue={String(settings.maxConcurrentDownloads)}
          />
          <p class="muted">{t('maxConcurrentHelp')}</p>
        </div>
        <button type="submit" data-action="save-downloads">
          {t('downloadSettingsSave')}
        </button>
        {saved && (
          <p class="muted" role="status" data-download-settings-saved>
            {t('downloadSettingsSaved')}
          </p>
        )}
      </form>
    </section>
  );
}
