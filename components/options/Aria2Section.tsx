import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { DEFAULT_ARIA2_ENDPOINT } from '../../lib/export/aria2';
import type { Aria2View, SaveAria2Input } from '../../lib/export/aria2-settings';
import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import { describe } from './describe';

/**
 * Where "Send to aria2" goes: the JSON-RPC address, the secret and the base folder; saving tests
 * the connection. Stable hooks: `input[name="aria2Endpoint" | "aria2Secret" | "aria2BaseDir"]`,
 * `button[data-action="save-aria2"]`, and `[data-aria2-state]` = ok | error after a test.
 */
export function Aria2Section() {
  const [view, setView] = useState<Aria2View>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ state: 'ok' | 'error'; text: string }>();
  useEffect(() => void request('aria2.get').then(setView, (e) => setResult({ state: 'error', text: describe(e) })), []);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setResult(undefined);
    try {
      await work();
      const { version } = await request('aria2.check');
      setResult({ state: 'ok', text: t('aria2Connected', { version }) });
    } catch (e) {
      setResult({ state: 'error', text: describe(e) });
    } finally {
      setBusy(false);
    }
  };

  const save = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const input: SaveAria2Input = {
      endpoint: String(data.get('aria2Endpoint') ?? ''),
      baseDir: String(data.get('aria2BaseDir') ?? ''),
      secret: String(data.get('aria2Secret') ?? ''),
    };
    // Asked for first, while the click still counts as a user gesture (permissions.request needs one).
    const permission = ensureHostPermission(input.endpoint.trim() || DEFAULT_ARIA2_ENDPOINT);
    void run(async () => {
      await permission;
      setView(await request('aria2.save', input));
      (form.elements.namedItem('aria2Secret') as HTMLInputElement).value = '';
    });
  };

  const forgetSecret = () =>
    view &&
    run(async () =>
      setView(await request('aria2.save', { endpoint: view.endpoint, baseDir: view.baseDir, secret: null })),
    );

  return (
    <section aria-labelledby="aria2-heading">
      <h2 id="aria2-heading">{t('aria2Heading')}</h2>
      <p class="muted">{t('aria2Intro')}</p>
      {view && (
        <form class="aria2-form" onSubmit={save} autocomplete="off">
          <div class="field">
            <label for="aria2Endpoint">{t('aria2EndpointLabel')}</label>
            <input id="aria2Endpoint" name="aria2Endpoint" type="url" spellcheck={false} defaultValue={view.endpoint} />
            <small class="muted">{t('aria2EndpointHelp')}</small>
          </div>
          <div class="field">
            <label for="aria2Secret">{t('aria2SecretLabel')}</label>
            <input
              id="aria2Secret"
              name="aria2Secret"
              type="password"
              spellcheck={false}
              placeholder={view.hasSecret ? t('aria2SecretSaved') : ''}
            />
          </div>
          <div class="field">
            <label for="aria2BaseDir">{t('aria2BaseDirLabel')}</label>
            <input id="aria2BaseDir" name="aria2BaseDir" type="text" spellcheck={false} defaultValue={view.baseDir} />
            <small class="muted">{t('aria2BaseDirHelp')}</small>
          </div>
          <div class="actions">
            <button type="submit" data-action="save-aria2" disabled={busy}>
              {t('aria2Save')}
            </button>
            {view.hasSecret && (
              <button type="button" data-action="forget-aria2-secret" disabled={busy} onClick={forgetSecret}>
                {t('aria2ForgetSecret')}
              </button>
            )}
          </div>
        </form>
      )}
      {result && (
        <p class={`state state-${result.state}`} role="status" data-aria2-state={result.state}>
          {result.text}
        </p>
      )}
    </section>
  );
}

/**
 * The background's fetch needs the endpoint's host permission (localhost and 127.0.0.1 are in the
 * manifest; request() answers true at once for them). Match patterns carry no port: Firefox
 * refuses one, and a pattern without one matches every port.
 */
async function ensureHostPermission(endpoint: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return; // the background says what is wrong with the address
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  const origin = `${url.protocol}//${url.hostname}`;
  if (!(await browser.permissions.request({ origins: [`${origin}/*`] })))
    throw new Error(t('aria2PermissionDenied', { origin }));
}
