import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AccountView, SaveAccountInput } from '../../lib/account/model';
import { DEFAULT_RENEW_API_URL } from '../../lib/api/hosts';
import { checkRenewApiUrl } from '../../lib/api/renew-url';
import { type MessageKey, t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import type { AccountChangedEvent } from '../../lib/messaging/protocol';
import { AccountCard } from './AccountCard';
import { AccountForm } from './AccountForm';
import { Aria2Section } from './Aria2Section';
import { BadgeSettingsSection } from './BadgeSettingsSection';
import { DownloadSettingsSection } from './DownloadSettingsSection';
import { describe } from './describe';
import { OpenTokenGuide, WebSessionImport } from './SignInHelp';

/** The options page. Stable hook: `[data-account-state]` = signed-out | checking | ok | mismatch | error. */
export function OptionsApp() {
  const [view, setView] = useState<AccountView>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  useEffect(() => {
    request('account.get').then(setView, (e) => setProblem(describe(e)));
    const onEvent = (message: unknown, sender: browser.Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id) return;
      const event = message as AccountChangedEvent;
      if (event?.type === 'event.accountChanged') setView(event.view);
    };
    browser.runtime.onMessage.addListener(onEvent);
    return () => browser.runtime.onMessage.removeListener(onEvent);
  }, []);

  const run = async (work: () => Promise<AccountView>) => {
    setBusy(true);
    setProblem('');
    try {
      setView(await work());
    } catch (e) {
      setProblem(describe(e));
    } finally {
      setBusy(false);
    }
  };

  const save = (input: SaveAccountInput, form: HTMLFormElement) =>
    run(async () => {
      await ensureRenewApiPermission(input.renewApiUrl);
      const next = await request('account.save', input);
      // Tokens leave the page as soon as they are saved: the form keeps only the settings.
      for (const name of ['webRefreshToken', 'openRefreshToken', 'clientSecret']) {
        const input = form.elements.namedItem(name) as HTMLInputElement | null;
        if (input) input.value = '';
      }
      return next;
    });

  const state = busy ? 'checking' : view?.state;
  // A token service being retried says so in the state line: the state itself is the last check's.
  const retrying = !busy ? view?.retrying?.service : undefined;
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <section aria-labelledby="account-heading">
        <h2 id="account-heading">{t('accountHeading')}</h2>
        <p class="muted">{t('accountIntro')}</p>
        {state && (
          <p
            class={`state state-${retrying ? 'checking' : state}`}
            data-account-state={state}
            data-account-retrying={retrying}
            role="status"
          >
            {t(retrying ? `state_retrying_${retrying}` : (`state_${state.replace('-', '_')}` as MessageKey))}
          </p>
        )}
        {view && <AccountCard view={view} now={Date.now()} />}
        {problem && (
          <p class="problem" role="alert">
            {problem}
          </p>
        )}
        {/* Always there, whatever is stored: the form is how the user gets out of any state. */}
        <AccountForm view={view} settings={view?.settings ?? DEFAULT_SETTINGS} busy={busy} onSave={save} />
        <OpenTokenGuide />
        <WebSessionImport busy={busy} onImport={() => run(() => request('account.importWebSession'))} />
        <div class="actions">
          <button type="button" disabled={busy || !view?.web} onClick={() => run(() => request('account.check'))}>
            {t('checkAgain')}
          </button>
          <button type="button" class="danger" disabled={busy} onClick={() => run(() => request('account.signOut'))}>
            {t('signOut')}
          </button>
        </div>
      </section>
      <BadgeSettingsSection />
      <DownloadSettingsSection />
      <Aria2Section />
      <footer class="options-footer">
        {/* The policy ships with the extension (entrypoints/privacy): offline, and the text of this version. */}
        <a href={browser.runtime.getURL('/privacy.html')} target="_blank" rel="noopener" data-action="open-privacy">
          {t('privacyLink')}
        </a>
      </footer>
    </main>
  );
}

const DEFAULT_SETTINGS = { renewApiUrl: DEFAULT_RENEW_API_URL, clientId: '' };

/**
 * A renew API on another host needs that host's permission, asked while the click still counts as a
 * gesture; a URL the background would refuse (plain http://) is refused first, with no prompt.
 */
async function ensureRenewApiPermission(url: string | undefined): Promise<void> {
  if (!url) return;
  const origin = new URL(checkRenewApiUrl(url)).origin;
  if (origin === new URL(DEFAULT_RENEW_API_URL).origin) return;
  // request() answers true at once when the permission is already held.
  const granted = await browser.permissions.request({ origins: [`${origin}/*`] });
  if (!granted) throw new Error(t('permissionDenied', { origin }));
}
