import browser from 'webextension-polyfill';
import { WEB_SESSION_PERMISSIONS } from '../../lib/account/web-session';
import { t } from '../../lib/i18n';

/** "Import from alipan.com" — the permission is asked at this click, then the background reads the tab. */
export function WebSessionImport(props: { busy: boolean; onImport: () => void }) {
  const click = async () => {
    // Must be requested inside the click: permissions.request needs a user gesture.
    if (await browser.permissions.request(WEB_SESSION_PERMISSIONS)) props.onImport();
  };
  return (
    <section class="help" aria-labelledby="import-heading">
      <h3 id="import-heading">{t('importHeading')}</h3>
      <p class="muted">{t('importExplain')}</p>
      <button type="button" data-action="import-web-session" disabled={props.busy} onClick={click}>
        {t('importButton')}
      </button>
    </section>
  );
}

/** Step-by-step guidance for the open-platform token. */
export function OpenTokenGuide() {
  return (
    <details class="help">
      <summary>{t('openGuideHeading')}</summary>
      <ol>
        <li>{t('openGuideStep1')}</li>
        <li>{t('openGuideStep2')}</li>
        <li>{t('openGuideStep3')}</li>
        <li>{t('openGuideStep4')}</li>
      </ol>
      <a href="https://api.oplist.org/" target="_blank" rel="noopener noreferrer">
        {t('openGuideLink')}
      </a>
    </details>
  );
}
