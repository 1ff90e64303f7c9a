import { ChevronLeft, ChevronRight, Download, FolderInput, X, ZoomIn, ZoomOut } from 'lucide-preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { currentLang, t } from '../../lib/i18n';
import { isReadKind, previewKind, tooLargeToPreview } from '../../lib/previews/preview-kind';
import { neighbourImage, zoomed } from '../../lib/previews/preview-view';
import { type SubtitleFile, subtitlesFor } from '../../lib/previews/subtitles';
import type { ShareEntry } from '../../lib/shares/browse';
import type { ShareRef } from '../../lib/shares/model';
import { downloadRequest } from '../../lib/ui/download-request';
import { humanSize, shortDate } from '../../lib/ui/format';
import { MediaPreview } from './MediaPreview';
import { ReadPreview } from './ReadPreview';
import { SubtitleChooser, SubtitleLoader, type SubtitleTrack } from './Subtitles';
import { usePreviewLink } from './usePreviewLink';

export interface PreviewPaneProps {
  share: ShareRef;
  shareName: string;
  /** Folder names from the share root down to the entry's folder. */
  path: readonly string[];
  entry: ShareEntry;
  /** The folder's entries as shown: next and previous go through its images. */
  entries: readonly ShareEntry[];
  /** All the folder's entries (the filter aside): a video's subtitles are found among them. */
  folderEntries: readonly ShareEntry[];
  onShow(entry: ShareEntry): void;
  onClose(): void;
  onDownload(entry: ShareEntry): void;
  /** Save to my drive: the pane closes for the folder picker. */
  onSave(entry: ShareEntry): void;
  downloadBusy: boolean;
}

/**
 * A file of the share, looked at without saving it (issue 13), from a temporary copy: pictures,
 * audio and video play from the copy's link, held while the pane is open; text and PDF are read
 * into the page, then the copy goes. Stable hooks: `[data-preview]` = loading | ready | error,
 * `data-preview-kind`, `[data-preview-error]` (the API code), `button[data-action="close-preview"]`,
 * a video's `select[name="subtitle"]`. Names, text and media stay inert: text nodes, `<img>`, `<video>`.
 */
export function PreviewPane(props: PreviewPaneProps) {
  const { entry } = props;
  const kind = previewKind(entry);
  const previewRequest = useMemo(
    () => (kind !== 'none' ? downloadRequest(props.share, props.shareName, [entry], props.path) : undefined),
    [entry.fileId],
  );
  const { jobId, link, error: linkError, renew, release } = usePreviewLink(previewRequest);
  const [shown, setShown] = useState<{ fileId: string; error?: string }>();
  const bodyState = shown?.fileId === entry.fileId ? shown : undefined;
  const error = linkError ?? bodyState?.error;
  const state = error ? 'error' : kind === 'none' || bodyState ? 'ready' : 'loading';
  const subtitles = useMemo(
    () => (kind === 'video' ? subtitlesFor(entry, props.folderEntries) : []),
    [entry.fileId, props.folderEntries],
  );
  const [subtitle, setSubtitle] = useState<SubtitleFile>();
  const [track, setTrack] = useState<SubtitleTrack>();
  const [zoom, setZoom] = useState(1);
  const previous = kind === 'image' ? neighbourImage(props.entries, entry, -1) : undefined;
  const next = kind === 'image' ? neighbourImage(props.entries, entry, 1) : undefined;
  const pane = useRef<HTMLElement>(null);

  useEffect(() => pane.current?.focus(), []);
  useEffect(() => {
    setZoom(1);
    setSubtitle(undefined);
  }, [entry.fileId]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
    else if (e.key === 'ArrowLeft' && previous) props.onShow(previous);
    else if (e.key === 'ArrowRight' && next) props.onShow(next);
    else return;
    e.preventDefault();
  };

  return (
    // Closed by its button or Escape (a click beside the pane is not a key a keyboard user has).
    <div class="preview-backdrop">
      <section
        ref={pane}
        class="preview-pane"
        role="dialog"
        aria-modal="true"
        aria-label={entry.name}
        tabIndex={-1}
        data-preview={state}
        data-preview-kind={kind}
        data-file-id={entry.fileId}
        onKeyDown={onKeyDown}
      >
        <header class="preview-head">
          <h2 class="preview-title" title={entry.name}>
            {entry.name}
          </h2>
          {kind === 'image' && (
            <div class="preview-tools">
              <IconButton
                action="preview-previous"
                label={t('previewPrevious')}
                disabled={!previous}
                onClick={() => previous && props.onShow(previous)}
              >
                <ChevronLeft class="icon" size={18} aria-hidden="true" />
              </IconButton>
              <IconButton
                action="preview-next"
                label={t('previewNext')}
                disabled={!next}
                onClick={() => next && props.onShow(next)}
              >
                <ChevronRight class="icon" size={18} aria-hidden="true" />
              </IconButton>
              <IconButton action="zoom-out" label={t('zoomOut')} onClick={() => setZoom((z) => zoomed(z, -1))}>
                <ZoomOut class="icon" size={18} aria-hidden="true" />
              </IconButton>
              <IconButton action="zoom-in" label={t('zoomIn')} onClick={() => setZoom((z) => zoomed(z, 1))}>
                <ZoomIn class="icon" size={18} aria-hidden="true" />
              </IconButton>
            </div>
          )}
          {subtitles.length > 0 && (
            <div class="preview-tools">
              {subtitle && (
                <SubtitleLoader
                  key={subtitle.entry.fileId}
                  share={props.share}
                  shareName={props.shareName}
                  path={props.path}
                  subtitle={subtitle}
                  onTrack={setTrack}
                />
              )}
              <SubtitleChooser subtitles={subtitles} chosen={subtitle} onChoose={setSubtitle} />
            </div>
          )}
          <IconButton action="close-preview" label={t('closePreview')} onClick={props.onClose}>
            <X class="icon" size={18} aria-hidden="true" />
          </IconButton>
        </header>
        <div class="preview-body">
          {error ? (
            <p class="preview-error" role="alert" data-preview-error={error}>
              {t('previewFailed')} <code>{error}</code>
            </p>
          ) : kind === 'none' ? (
            <FileDetails
              entry={entry}
              busy={props.downloadBusy}
              onDownload={() => props.onDownload(entry)}
              onSave={() => props.onSave(entry)}
            />
          ) : isReadKind(kind) && jobId ? (
            <ReadPreview
              key={jobId}
              kind={kind}
              name={entry.name}
              size={entry.size}
              url={link?.url}
              release={release}
              onShown={() => setShown({ fileId: entry.fileId })}
              onFailed={(code) => setShown({ fileId: entry.fileId, error: code })}
            />
          ) : !isReadKind(kind) && link && jobId ? (
            <MediaPreview
              key={jobId}
              kind={kind}
              name={entry.name}
              url={link.url}
              zoom={zoom}
              track={track}
              renew={renew}
              onShown={() => setShown({ fileId: entry.fileId })}
              onFailed={(code) => setShown({ fileId: entry.fileId, error: code })}
            />
          ) : (
            <p class="preview-loading muted" role="status">
              {t('previewLoading')}
            </p>
          )}
        </div>
      </section>
    </div>
  );
}

function FileDetails({
  entry,
  busy,
  onDownload,
  onSave,
}: {
  entry: ShareEntry;
  busy: boolean;
  onDownload: () => void;
  onSave: () => void;
}) {
  return (
    <div class="preview-details">
      <dl>
        <dt>{t('columnSize')}</dt>
        <dd>{humanSize(entry.size)}</dd>
        <dt>{t('columnDate')}</dt>
        <dd>{shortDate(entry.updatedAt, currentLang())}</dd>
      </dl>
      <p class="muted">{tooLargeToPreview(entry) ? t('previewTooLarge') : t('previewNotHere')}</p>
      <button type="button" class="primary" data-action="preview-download" disabled={busy} onClick={onDownload}>
        <Download class="icon" size={16} aria-hidden="true" /> {t('previewDownload')}
      </button>
      <button type="button" data-action="preview-save" onClick={onSave}>
        <FolderInput class="icon" size={16} aria-hidden="true" /> {t('previewSave')}
      </button>
    </div>
  );
}

function IconButton(props: {
  action: string;
  label: string;
  disabled?: boolean;
  onClick: () => void;
  children: preact.ComponentChildren;
}) {
  return (
    <button
      type="button"
      class="icon-button"
      data-action={props.action}
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
