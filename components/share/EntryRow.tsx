import { Download, Eye, FolderInput, Link, type LucideIcon } from 'lucide-preact';
import { currentLang, t } from '../../lib/i18n';
import type { ShareEntry } from '../../lib/shares/browse';
import { entryKind } from '../../lib/ui/file-icon';
import { humanSize, shortDate } from '../../lib/ui/format';
import { EntryThumb } from './EntryThumb';

export interface RowActions {
  onSelect(entry: ShareEntry, range: boolean): void;
  onOpen(entry: ShareEntry): void;
  onDownload(entry: ShareEntry): void;
  /** Opens the export menu for this entry alone. */
  onExport(entry: ShareEntry): void;
  /** Opens the folder picker to save this entry alone to the user's drive. */
  onSave(entry: ShareEntry): void;
  /** Opens a file in the preview pane (the viewer tab; the popup has none). */
  onPreview?(entry: ShareEntry): void;
}

/**
 * One entry. Stable hooks: `data-file-id`, `data-type`, `data-name`, `data-banned` on a file Alipan banned; folders hold
 * `[data-action="open"]`, every row a `button[data-action="download"]`, `button[data-action="save-row"]`
 * and `button[data-action="export-row"]`, file rows in the viewer a `button[data-action="preview"]`; an entry
 * with a thumbnail shows it as `img[data-thumbnail]`.
 * Enter or a double click opens a folder, or previews a file (downloads it where there is no preview); Space selects.
 */
export function EntryRow(
  props: RowActions & { entry: ShareEntry; index: number; count: number; selected: boolean; busy: boolean },
) {
  const { entry, index, selected } = props;
  const isFolder = entry.type === 'folder';
  const preview = !isFolder ? props.onPreview : undefined;
  // Before the name, inside its grid cell: a long name's ellipsis must not hide it.
  const banned = entry.banned && <span class="entry-banned">{t('entryBanned')}</span>;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return; // keys on the row's own buttons keep their meaning
    if (e.key === 'Enter') {
      e.preventDefault();
      if (isFolder) props.onOpen(entry);
      else if (preview) preview(entry);
      else if (!props.busy) props.onDownload(entry);
    } else if (e.key === ' ') {
      e.preventDefault();
      props.onSelect(entry, e.shiftKey);
    }
  };
  return (
    <li
      class={`entry-row${selected ? ' selected' : ''}`}
      tabIndex={0}
      aria-label={entry.banned ? `${entry.name} (${t('entryBanned')})` : entry.name}
      aria-posinset={index + 1}
      aria-setsize={props.count}
      data-index={index}
      data-file-id={entry.fileId}
      data-type={entry.type}
      data-name={entry.name}
      data-banned={entry.banned ? '' : undefined}
      onKeyDown={onKeyDown}
      onDblClick={(e) => {
        if ((e.target as HTMLElement).closest('button, input')) return; // a double click on a button is two clicks of it
        if (isFolder) props.onOpen(entry);
        else preview?.(entry);
      }}
    >
      <input
        type="checkbox"
        tabIndex={-1}
        checked={selected}
        aria-label={t('selectEntry', { name: entry.name })}
        onClick={(e) => props.onSelect(entry, e.shiftKey)}
      />
      <span class="entry-icon" aria-hidden="true">
        <EntryThumb entry={entry} kind={entryKind(entry)} />
      </span>
      {isFolder ? (
        <button
          type="button"
          class="entry-name link"
          tabIndex={-1}
          data-action="open"
          title={entry.name}
          aria-label={t('openFolder', { name: entry.name })}
          onClick={() => props.onOpen(entry)}
        >
          {banned}
          {entry.name}
        </button>
      ) : (
        <span class="entry-name" title={entry.name}>
          {banned}
          {entry.name}
        </span>
      )}
      <span class="entry-size">{isFolder ? '' : humanSize(entry.size)}</span>
      <span class="entry-date">{shortDate(entry.updatedAt, currentLang())}</span>
      {preview && (
        <RowButton
          kind="preview"
          action="preview"
          label={t('previewEntry', { name: entry.name })}
          Icon={Eye}
          onClick={() => preview(entry)}
        />
      )}
      <RowButton
        kind="download"
        action="download"
        disabled={props.busy}
        label={t('downloadEntry', { name: entry.name })}
        Icon={Download}
        onClick={() => props.onDownload(entry)}
      />
      <RowButton
        kind="save"
        action="save-row"
        label={t('saveEntry', { name: entry.name })}
        Icon={FolderInput}
        onClick={() => props.onSave(entry)}
      />
      <RowButton
        kind="export"
        action="export-row"
        label={t('exportEntry', { name: entry.name })}
        Icon={Link}
        onClick={() => props.onExport(entry)}
      />
    </li>
  );
}

/** One of a row's icon buttons: out of the tab order (the row is the focus stop), named for its entry. */
function RowButton(props: {
  kind: 'preview' | 'download' | 'save' | 'export';
  action: string;
  label: string;
  Icon: LucideIcon;
  disabled?: boolean;
  onClick: () => void;
}) {
  const { Icon } = props;
  return (
    <button
      type="button"
      class={`entry-${props.kind}`}
      tabIndex={-1}
      data-action={props.action}
      disabled={props.disabled}
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
    >
      <Icon class="icon" size={16} aria-hidden="true" />
    </button>
  );
}
