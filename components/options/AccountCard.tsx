import type { AccountView } from '../../lib/account/model';
import { currentLang, localized, t } from '../../lib/i18n';
import { humanSize, timeAgo } from '../../lib/ui/format';

/** Who is signed in, how full the drive is, and how fresh each token is. Never shows a token. */
export function AccountCard({ view, now }: { view: AccountView; now: number }) {
  const lang = currentLang();
  const summary = view.summary;
  const renewed = (at: number | undefined) => (at ? timeAgo(at, now, lang) : t('neverRenewed'));
  return (
    <section class="account-card" data-account-card>
      {summary && (
        <div class="who">
          {summary.avatar && <img class="avatar" src={summary.avatar} alt="" referrerpolicy="no-referrer" />}
          <div>
            <div class="nick" data-account-nick>
              {summary.nickName}
            </div>
            <div class="muted">{t('userId', { id: summary.userId })}</div>
            {summary.totalSize !== undefined && (
              <div class="muted" data-account-space>
                {t('driveUsed', { used: humanSize(summary.usedSize), total: humanSize(summary.totalSize) })}
              </div>
            )}
          </div>
        </div>
      )}
      {view.message && (
        <p class="message" role="status" data-account-message>
          {localized(view.message)}
        </p>
      )}
      {view.tokensUnsaved && (
        <p class="message problem" role="alert" data-tokens-unsaved>
          {t('tokensUnsaved')}
        </p>
      )}
      <ul class="freshness muted">
        {view.web && <li>{t('tokenFreshWeb', { when: renewed(view.web.refreshedAt) })}</li>}
        {view.open && <li>{t('tokenFreshOpen', { when: renewed(view.open.refreshedAt) })}</li>}
      </ul>
    </section>
  );
}
