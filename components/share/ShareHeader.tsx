import { currentLang, t } from '../../lib/i18n';
import type { ShareOverview } from '../../lib/shares/browse';
import { shortDate } from '../../lib/ui/format';
import { itemCount } from '../../lib/ui/item-count';
import { StatusLabel } from './StatusLabel';

export function shareDisplayName(overview: ShareOverview): string {
  return overview.status.name || t('shareUnnamed', { id: overview.shareId });
}

/** Name, state, sharer, item count and expiry of a share. */
export function ShareHeader({ overview, compact }: { overview: ShareOverview; compact: boolean }) {
  const { status } = overview;
  const Heading = compact ? 'h2' : 'h1';
  const expiry = status.expiration
    ? t('shareExpires', { date: shortDate(status.expiration, currentLang()) })
    : t('shareNeverExpires');
  return (
    <header class="share-header">
      <div class="share-title">
        <Heading class="share-name" data-share-name>
          {shareDisplayName(overview)}
        </Heading>
        <StatusLabel state={status.state} />
      </div>
      <p class="share-facts muted">
        {status.creator && <span data-share-creator>{t('shareCreator', { name: status.creator })}</span>}
        {status.fileCount !== undefined && <span data-share-file-count>{itemCount(status.fileCount)}</span>}
        {status.expiration !== undefined && <span data-share-expiry>{expiry}</span>}
        {!compact && (
          <a href={overview.url} target="_blank" rel="noreferrer noopener">
            {t('shareOnAlipan')}
          </a>
        )}
      </p>
    </header>
  );
}
