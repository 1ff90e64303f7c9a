import { useEffect, useState } from 'preact/hooks';
import type { AccountState } from '../../lib/account/model';
import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import { OptionsLink } from '../share/OptionsLink';

/** A short note when downloads cannot work yet: no account, or one with a problem. */
export function AccountNote() {
  const [state, setState] = useState<AccountState>();
  useEffect(() => {
    request('account.get').then(
      (view) => setState(view.state),
      () => {},
    );
  }, []);
  if (state === undefined || state === 'ok' || state === 'checking') return null;
  return (
    <p class="account-note" data-account-note={state}>
      {t('accountNote')} <OptionsLink>{t('openSettings')}</OptionsLink>
    </p>
  );
}
