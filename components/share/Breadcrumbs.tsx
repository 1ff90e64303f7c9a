import { t } from '../../lib/i18n';
import type { Crumb } from '../../lib/ui/crumbs';

/**
 * A folder path, its last crumb the folder shown: the share's (hook `[data-action="crumb"]`, the
 * first crumb the share root) by default, or the folder picker's (`action`, `label`).
 */
export function Breadcrumbs({
  crumbs,
  onGo,
  action = 'crumb',
  label = t('crumbsLabel'),
}: {
  crumbs: readonly Pick<Crumb, 'fileId' | 'name'>[];
  onGo: (index: number) => void;
  action?: string;
  label?: string;
}) {
  return (
    <nav class="crumbs" aria-label={label}>
      <ol>
        {crumbs.map((crumb, i) => (
          <li key={crumb.fileId}>
            <button
              type="button"
              class="link"
              data-action={action}
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
