import type { AccountSettings, AccountView, SaveAccountInput } from '../../lib/account/model';
import { t } from '../../lib/i18n';

/**
 * The token form. Stable hooks: `input[name=webRefreshToken|openRefreshToken|renewApiUrl]`.
 * Saved tokens are never shown back: the placeholder gives only their last characters.
 */
export function AccountForm(props: {
  view: AccountView | undefined;
  settings: AccountSettings;
  busy: boolean;
  onSave: (input: SaveAccountInput, form: HTMLFormElement) => void;
}) {
  const { view, settings, busy } = props;
  const keep = (hint: string | undefined) => (hint ? t('savedKeepPlaceholder', { hint }) : '');
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const field = (name: keyof SaveAccountInput) => String(data.get(name) ?? '');
    props.onSave(
      {
        webRefreshToken: field('webRefreshToken'),
        openRefreshToken: field('openRefreshToken'),
        renewApiUrl: field('renewApiUrl'),
        clientId: field('clientId'),
        clientSecret: field('clientSecret'),
      },
      form,
    );
  };
  return (
    <form class="account-form" onSubmit={submit} autocomplete="off">
      <Field name="webRefreshToken" label={t('webRefreshTokenLabel')} help={t('webRefreshTokenHelp')}>
        <input
          id="webRefreshToken"
          name="webRefreshToken"
          type="password"
          spellcheck={false}
          placeholder={keep(view?.web?.hint)}
        />
      </Field>
      <Field name="openRefreshToken" label={t('openRefreshTokenLabel')} help={t('openRefreshTokenHelp')}>
        <input
          id="openRefreshToken"
          name="openRefreshToken"
          type="password"
          spellcheck={false}
          placeholder={keep(view?.open?.hint)}
        />
      </Field>
      <Field name="renewApiUrl" label={t('renewApiUrlLabel')} help={t('renewApiUrlHelp')}>
        <input id="renewApiUrl" name="renewApiUrl" type="url" required defaultValue={settings.renewApiUrl} />
      </Field>
      <details>
        <summary>{t('clientHelp')}</summary>
        <Field name="clientId" label={t('clientIdLabel')}>
          <input id="clientId" name="clientId" type="text" spellcheck={false} defaultValue={settings.clientId} />
        </Field>
        <Field name="clientSecret" label={t('clientSecretLabel')}>
          <input id="clientSecret" name="clientSecret" type="password" spellcheck={false} />
        </Field>
      </details>
      <button type="submit" disabled={busy}>
        {t('saveAndCheck')}
      </button>
    </form>
  );
}

function Field(props: { name: string; label: string; help?: string; children: preact.ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.help && <small class="muted">{props.help}</small>}
    </div>
  );
}
