import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { ShareEntry } from '../../lib/shares/browse';
import type { SortKey, SortOrder } from '../../lib/ui/entries';
import { allSelected, type Selection } from '../../lib/ui/selection';
import type { ListLayout } from '../../lib/ui/thumbnails';
import { scrollToRow, virtualWindow } from '../../lib/ui/virtual-window';
import { EntryRow, type RowActions } from './EntryRow';

const OVERSCAN = 8;
// Until the scroller is measured (and in DOM-less tests), assume this many rows fit.
const ASSUMED_VISIBLE_ROWS = 20;
/** A grid tile: its width decides how many fit a row; its height is the grid's row height. */
const TILE = { width: 140, height: 160 };

export interface EntryListProps extends RowActions {
  folderId: string;
  /** Entries in the folder, before the filter; undefined while its pages are still coming. */
  total?: number;
  /** Entries shown: filtered and sorted. */
  entries: readonly ShareEntry[];
  rowHeight: number;
  /** Rows of entries, or a grid of tiles (thumbnails large). */
  layout?: ListLayout;
  selection: Selection;
  onSelectAll(): void;
  sort: SortOrder;
  onSort(key: SortKey): void;
  busy: boolean;
}

/**
 * The folder's entries as a virtualised list: only the rows in view (plus a few) are in the
 * DOM, inside a spacer as tall as the whole list, so ten thousand entries scroll smoothly.
 * Stable hooks: `data-folder-id`, `data-total-items` (every entry of the folder).
 */
export function EntryList(props: EntryListProps) {
  const { entries, layout = 'list' } = props;
  const rowHeight = layout === 'grid' ? TILE.height : props.rowHeight;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState({ height: ASSUMED_VISIBLE_ROWS * rowHeight, width: 4 * TILE.width });
  const viewportHeight = viewport.height;
  const columns = layout === 'grid' ? Math.max(1, Math.floor(viewport.width / TILE.width)) : 1;
  const pendingFocus = useRef<number>();

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(
      () => element.clientHeight > 0 && setViewport({ height: element.clientHeight, width: element.clientWidth }),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const focusRow = (index: number) => {
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    row?.focus();
    return row !== null && row !== undefined;
  };
  // Arrow keys may move focus to a row that only the next render puts in the DOM.
  useLayoutEffect(() => {
    if (pendingFocus.current !== undefined && focusRow(pendingFocus.current)) pendingFocus.current = undefined;
  });

  const moveFocus = (from: number, e: KeyboardEvent) => {
    // In a grid, up and down move a row of tiles; left and right one tile.
    const sideways: Record<string, number> = columns > 1 ? { ArrowRight: 1, ArrowLeft: -1 } : {};
    const steps: Record<string, number> = {
      ArrowDown: columns,
      ArrowUp: -columns,
      PageDown: 10 * columns,
      PageUp: -10 * columns,
      ...sideways,
    };
    const step = steps[e.key];
    const target =
      e.key === 'Home' ? 0 : e.key === 'End' ? entries.length - 1 : step === undefined ? undefined : from + step;
    if (target === undefined || !scroller.current) return;
    e.preventDefault();
    const index = Math.min(entries.length - 1, Math.max(0, target));
    const top = scrollToRow(Math.floor(index / columns), rowHeight, scroller.current.scrollTop, viewportHeight);
    scroller.current.scrollTop = top;
    setScrollTop(top);
    if (!focusRow(index)) pendingFocus.current = index;
  };

  const view = virtualWindow({
    total: entries.length,
    rowHeight,
    scrollTop,
    viewportHeight,
    overscan: OVERSCAN,
    columns,
  });
  const shownIds = entries.map((e) => e.fileId);
  return (
    <div
      class={`entry-list layout-${layout}`}
      data-folder-id={props.folderId}
      data-total-items={props.total}
      data-shown-items={entries.length}
      data-layout={layout}
    >
      <div class="entry-head">
        <input
          type="checkbox"
          name="select-all"
          checked={allSelected(props.selection, shownIds)}
          disabled={entries.length === 0}
          aria-label={t('selectAllShown')}
          onClick={props.onSelectAll}
        />
        <SortButton column="name" label={t('columnName')} sort={props.sort} onSort={props.onSort} />
        <SortButton column="size" label={t('columnSize')} sort={props.sort} onSort={props.onSort} />
        <SortButton column="date" label={t('columnDate')} sort={props.sort} onSort={props.onSort} />
      </div>
      <div
        class="entry-scroller"
        ref={scroller}
        style={`--row-height: ${rowHeight}px; --columns: ${columns}`}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLElement).scrollTop)}
      >
        <div class="entry-spacer" style={{ height: `${view.totalHeight}px` }}>
          <ul
            class="entry-window"
            aria-label={t('listLabel')}
            style={{ transform: `translateY(${view.offsetTop}px)` }}
            onKeyDown={(e) => {
              const index = Number((e.target as HTMLElement).dataset?.index);
              if (Number.isInteger(index)) moveFocus(index, e);
            }}
          >
            {entries.slice(view.start, view.end).map((entry, i) => (
              <EntryRow
                key={entry.fileId}
                entry={entry}
                index={view.start + i}
                count={entries.length}
                selected={props.selection.has(entry.fileId)}
                busy={props.busy}
                onSelect={props.onSelect}
                onOpen={props.onOpen}
                onDownload={props.onDownload}
                onExport={props.onExport}
                onPreview={props.onPreview}
                onSave={props.onSave}
              />
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function SortButton({
  column,
  label,
  sort,
  onSort,
}: {
  column: SortKey;
  label: string;
  sort: SortOrder;
  onSort: (key: SortKey) => void;
}) {
  const active = sort.key === column;
  return (
    <button
      type="button"
      class={`sort sort-${column}${active ? ' active' : ''}`}
      data-action="sort"
      data-sort-key={column}
      aria-pressed={active}
      aria-label={t('sortBy', { column: label })}
      onClick={() => onSort(column)}
    >
      {label}
      {active && <span aria-hidden="true">{sort.direction === 'asc' ? ' ▲' : ' ▼'}</span>}
    </button>
  );
}
