import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { SaveItem, SaveScope } from '../../lib/saves/model';
import type { ShareEntry } from '../../lib/shares/browse';
import type { ShareRef } from '../../lib/shares/model';
import { type Crumb, enterFolder, pathBelowRoot, ROOT_FOLDER, upTo } from '../../lib/ui/crumbs';
import { downloadRequest } from '../../lib/ui/download-request';
import { filterEntries, nextSort, type SortOrder, sortEntries } from '../../lib/ui/entries';
import type { ExportKind } from '../../lib/ui/page-export';
import { type Selection, toggleAll, toggleOne, toggleRange } from '../../lib/ui/selection';
import { type ListLayout, savedLayout, saveLayout } from '../../lib/ui/thumbnails';
import { SavePicker } from '../saves/SavePicker';
import { PreviewPane } from '../viewer/PreviewPane';
import { Breadcrumbs } from './Breadcrumbs';
import { DownloadError } from './DownloadError';
import { EntryList } from './EntryList';
import { ExportMenu, ExportStatus } from './ExportMenu';
import { ListToolbar } from './ListToolbar';
import { useDownloadAction } from './useDownloadAction';
import { useExportAction } from './useExportAction';

const ROW_HEIGHT = { full: 36, compact: 32 };

export interface FolderViewProps {
  share: ShareRef;
  shareName: string;
  /** The path to this folder; the last crumb is the folder shown. */
  crumbs: readonly Crumb[];
  onNavigate: (crumbs: Crumb[]) => void;
  /** All entries of a folder; `onPage` hears the entries so far as pages arrive. */
  loadFolder: (folderId: string, onPage?: (loaded: ShareEntry[]) => void) => Promise<ShareEntry[]>;
  /** A listing failed: the share browser shows the error view. */
  onError: (e: unknown) => void;
  sort: SortOrder;
  onSort: (sort: SortOrder) => void;
  compact: boolean;
}

/**
 * One folder of the share: path, filter, sortable virtual list, selection, downloads and exports.
 * Mounted anew per folder (keyed by its id), so filter, selection and scroll start fresh.
 */
export function FolderView(props: FolderViewProps) {
  const { crumbs, sort } = props;
  const folderId = crumbs.at(-1)?.fileId ?? ROOT_FOLDER;
  const { entries, complete } = useFolderEntries(props.loadFolder, folderId, props.onError);
  const [filter, setFilter] = useState('');
  const [selection, setSelection] = useState<Selection>(new Set());
  const selectionAnchor = useRef<string>();
  const download = useDownloadAction();
  const exporting = useExportAction();
  const [exportMenuOpen, setExportMenuOpen] = useState(false);
  /** The row whose export button opened the menu; otherwise the menu acts on the selection, or the folder. */
  const [exportRow, setExportRow] = useState<ShareEntry>();
  const [layout, setLayout] = useState<ListLayout>(savedLayout);
  const [previewing, setPreviewing] = useState<ShareEntry>();
  const changeLayout = (next: ListLayout) => {
    setLayout(next);
    saveLayout(next);
  };

  const sorted = useMemo(() => sortEntries(entries ?? [], sort), [entries, sort]);
  const shown = useMemo(() => filterEntries(sorted, filter), [sorted, filter]);
  const shownIds = useMemo(() => shown.map((e) => e.fileId), [shown]);

  const startDownload = (items: readonly ShareEntry[]) =>
    download.start(downloadRequest(props.share, props.shareName, items, pathBelowRoot(crumbs)));
  const selected = (entries ?? []).filter((e) => selection.has(e.fileId));
  const exportItems = exportRow ? [exportRow] : selected.length > 0 ? selected : (entries ?? []);
  // The whole folder is only known once its last page came.
  const wholeFolder = !exportRow && selected.length === 0;
  const exportScope = exportRow
    ? exportRow.name
    : selected.length > 0
      ? t('exportScopeSelected', { count: selected.length })
      : t('exportScopeFolder');
  const showExportMenu = (open: boolean, row?: ShareEntry) => {
    setExportMenuOpen(open);
    setExportRow(open ? row : undefined);
  };
  const startExport = (kind: ExportKind) => {
    const items = exportItems;
    showExportMenu(false);
    void exporting.start(kind, () => downloadRequest(props.share, props.shareName, items, pathBelowRoot(crumbs)));
  };
  const [saving, setSaving] = useState<{ items: SaveItem[]; scope: SaveScope; name: string; count: number }>();
  /** A row: a folder goes as itself; the toolbar: the selection, or this folder's contents. */
  const saveRow = (entry: ShareEntry) =>
    setSaving({
      items: saveItems([entry]),
      scope: entry.type === 'folder' ? 'folder-itself' : 'selected',
      name: entry.name,
      count: 1,
    });
  const saveToolbar = () =>
    selected.length > 0
      ? setSaving({
          items: saveItems(selected),
          scope: 'selected',
          name: selected[0]?.name ?? '',
          count: selected.length,
        })
      : setSaving({
          items: saveItems(entries ?? []),
          scope: 'contents',
          name: crumbs.at(-1)?.name ?? props.shareName,
          count: entries?.length ?? 0,
        });
  const open = (folder: ShareEntry) => props.onNavigate(enterFolder(crumbs, folder));
  const select = (entry: ShareEntry, range: boolean) => {
    setSelection((s) =>
      range ? toggleRange(s, shownIds, selectionAnchor.current, entry.fileId) : toggleOne(s, entry.fileId),
    );
    selectionAnchor.current = entry.fileId;
  };

  return (
    <div class="folder-view">
      <Breadcrumbs crumbs={crumbs} onGo={(i) => props.onNavigate(upTo(crumbs, i))} />
      {entries === undefined ? (
        <p class="list-loading muted" role="status" data-list-state="loading">
          {t('listLoading')}
        </p>
      ) : (
        <>
          <ListToolbar
            filter={filter}
            onFilter={setFilter}
            shown={shown.length}
            total={entries.length}
            complete={complete}
            selected={selection.size}
            busy={download.busy}
            onDownloadSelected={() => startDownload(selected)}
            onDownloadAll={() => startDownload(entries)}
            layout={props.compact ? undefined : { current: layout, onChange: changeLayout }}
            onSave={saveToolbar}
          >
            <ExportMenu
              open={exportMenuOpen}
              onOpenChange={(open) => showExportMenu(open, open ? exportRow : undefined)}
              scope={exportScope}
              busy={exporting.busy || entries.length === 0 || (wholeFolder && !complete)}
              onExport={startExport}
            />
          </ListToolbar>
          {download.problem && <DownloadError problem={download.problem} />}
          {exporting.problem && <DownloadError problem={exporting.problem} />}
          <ExportStatus waiting={exporting.waiting} outcome={exporting.outcome} />
          {entries.some((e) => e.banned) && (
            <p class="list-banned" role="note" data-banned-files>
              {t('someFilesBanned')}
            </p>
          )}
          {shown.length === 0 && (
            <p class="list-empty muted">{entries.length === 0 ? t('folderEmpty') : t('noFilterMatches')}</p>
          )}
          <EntryList
            folderId={folderId}
            total={complete ? entries.length : undefined}
            entries={shown}
            rowHeight={props.compact ? ROW_HEIGHT.compact : ROW_HEIGHT.full}
            layout={props.compact ? 'list' : layout}
            selection={selection}
            onSelect={select}
            onSelectAll={() => setSelection((s) => toggleAll(s, shownIds))}
            sort={sort}
            onSort={(key) => props.onSort(nextSort(sort, key))}
            onOpen={open}
            onDownload={(entry) => startDownload([entry])}
            onExport={(entry) => showExportMenu(true, entry)}
            onSave={saveRow}
            onPreview={props.compact ? undefined : setPreviewing}
            busy={download.busy}
          />
          {saving && (
            <SavePicker
              share={props.share}
              shareName={props.shareName}
              {...saving}
              onClose={() => setSaving(undefined)}
            />
          )}
          {previewing && (
            <PreviewPane
              share={props.share}
              shareName={props.shareName}
              path={pathBelowRoot(crumbs)}
              entry={previewing}
              entries={shown}
              folderEntries={entries}
              onShow={setPreviewing}
              onClose={() => setPreviewing(undefined)}
              onDownload={(entry) => startDownload([entry])}
              onSave={(entry) => {
                setPreviewing(undefined);
                saveRow(entry);
              }}
              downloadBusy={download.busy}
            />
          )}
        </>
      )}
    </div>
  );
}

function saveItems(entries: readonly ShareEntry[]): SaveItem[] {
  return entries.map(({ fileId, name, type, size }) => ({
    fileId,
    name,
    type,
    ...(size !== undefined ? { size } : {}),
  }));
}

/** The folder's entries as its pages arrive (undefined before the first), and whether the last one came. */
function useFolderEntries(loadFolder: FolderViewProps['loadFolder'], folderId: string, onError: (e: unknown) => void) {
  const [listing, setListing] = useState<{ entries?: ShareEntry[]; complete: boolean }>({ complete: false });
  useEffect(() => {
    let current = true;
    loadFolder(folderId, (loaded) => current && setListing({ entries: loaded, complete: false })).then(
      (list) => current && setListing({ entries: list, complete: true }),
      (e) => current && onError(e),
    );
    return () => {
      current = false;
    };
  }, [loadFolder, folderId]);
  return listing;
}
