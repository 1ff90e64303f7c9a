import { t } from '../../lib/i18n';
import type { Crumb } from '../../lib/ui/crumbs';

/** The folder path; the first crumb is the share root. */
export function Breadcrumbs({ crumbs, onGo }: { crumbs: readonly Crumb[]; onGo: (index: number) => void }) {
  return (
    <nav class="crumbs" aria-label={t('crumbsLabel')}>
      <ol>
        {crumbs.map((crumb, i) => (
          <li key={crumb.fileId}>
            <button
              type="button"
              class="link"
              data-action="crumb"
              data-crumb-id={crumb.fileId}
              aria-current={i === crumbs.length - 1 ? 'location' : undefined}
              onClick={() => onGo(i)}
            >
              {crumb.name}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
