import { LayoutGrid, List } from 'lucide-preact';
import type { ComponentChildren } from 'preact';
import { t } from '../../lib/i18n';
import { itemCount } from '../../lib/ui/item-count';
import type { ListLayout } from '../../lib/ui/thumbnails';

/**
 * Filter box, counts, the list/grid switch, the folder's download buttons, and `children` (the
 * export menu) before "Download all". Stable hooks: `input[name="filter"]`,
 * `button[data-action="toggle-layout"]` (pressed in the grid), `button[data-action="download-all"]`,
 * `button[data-action="save"]` (the selection, or the folder); while pages are still coming the
 * counts say so (`data-list-state="loading"`, `data-loaded-items`).
 */
export function ListToolbar(props: {
  filter: string;
  onFilter: (text: string) => void;
  shown: number;
  total: number;
  /** False while later pages of the folder are still coming: "Download all" waits for them. */
  complete: boolean;
  selected: number;
  busy: boolean;
  onDownloadSelected: () => void;
  onDownloadAll: () => void;
  /** The list/grid switch, where there is room for a grid (the viewer, not the popup). */
  layout?: { current: ListLayout; onChange: (layout: ListLayout) => void };
  /** The selection, or the whole folder when nothing is selected, to the user's drive. */
  onSave: () => void;
  children?: ComponentChildren;
}) {
  const { shown, total, selected, complete } = props;
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
      <span
        class="counts muted"
        aria-live="polite"
        data-list-state={complete ? 'complete' : 'loading'}
        data-loaded-items={total}
      >
        {!complete
          ? t('listLoadingMore', { count: total })
          : shown === total
            ? itemCount(total)
            : t('itemsFiltered', { shown, total })}
      </span>
      {props.layout && <LayoutToggle {...props.layout} />}
      {selected > 0 && (
        <button type="button" data-action="download-selected" disabled={props.busy} onClick={props.onDownloadSelected}>
          {t('downloadSelected', { count: selected })}
        </button>
      )}
      <button
        type="button"
        data-action="save"
        disabled={selected === 0 && (!complete || total === 0)}
        onClick={props.onSave}
      >
        {selected > 0 ? t('saveButtonSelected', { count: selected }) : t('saveButtonFolder')}
      </button>
      {props.children}
      <button
        type="button"
        class="primary"
        data-action="download-all"
        disabled={props.busy || !complete || total === 0}
        onClick={props.onDownloadAll}
      >
        {t('downloadAll')}
      </button>
    </div>
  );
}

function LayoutToggle({ current, onChange }: { current: ListLayout; onChange: (layout: ListLayout) => void }) {
  const grid = current === 'grid';
  const label = grid ? t('showAsList') : t('showAsGrid');
  return (
    <button
      type="button"
      class="layout-toggle"
      data-action="toggle-layout"
      aria-pressed={grid}
      aria-label={label}
      title={label}
      onClick={() => onChange(grid ? 'list' : 'grid')}
    >
      {grid ? (
        <List class="icon" size={16} aria-hidden="true" />
      ) : (
        <LayoutGrid class="icon" size={16} aria-hidden="true" />
      )}
    </button>
  );
}
