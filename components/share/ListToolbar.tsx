import type { ComponentChildren } from 'preact';
import { t } from '../../lib/i18n';
import { itemCount } from '../../lib/ui/item-count';

/**
 * Filter box, counts, the folder's download buttons, and `children` (the export menu) before
 * "Download all". Stable hooks: `input[name="filter"]`, `button[data-action="download-all"]`.
 */
export function ListToolbar(props: {
  filter: string;
  onFilter: (text: string) => void;
  shown: number;
  total: number;
  selected: number;
  busy: boolean;
  onDownloadSelected: () => void;
  onDownloadAll: () => void;
  children?: ComponentChildren;
}) {
  const { shown, total, selected } = props;
  return (
    <div class="list-toolbar">
      <input
        type="search"
        name="filter"
        class="filter"
        value={props.filter}
        placeholder={t('filterLabel')}
        aria-label={t('filterLabel')}
        onInput={(e) => props.onFilter((e.currentTarget as HTMLInputElement).value)}
      />
      <span class="counts muted" aria-live="polite">
        {shown === total ? itemCount(total) : t('itemsFiltered', { shown, total })}
      </span>
      {selected > 0 && (
        <button type="button" data-action="download-selected" disabled={props.busy} onClick={props.onDownloadSelected}>
          {t('downloadSelected', { count: selected })}
        </button>
      )}
      {props.children}
      <button type="button" class="primary" data-action="download-all" disabled={props.busy || total === 0} onClick={props.onDownloadAll}>
        {t('downloadAll')}
      </button>
    </div>
  );
}
