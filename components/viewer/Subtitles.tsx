import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { MAX_TEXT_BYTES } from '../../lib/previews/preview-kind';
import { type SubtitleFile, toWebVtt } from '../../lib/previews/subtitles';
import { decodeText } from '../../lib/previews/text-decoding';
import type { ShareRef } from '../../lib/shares/model';
import { downloadRequest } from '../../lib/ui/download-request';
import { PermissionPrompt } from './ReadPreview';
import { useLinkBytes } from './useLinkBytes';
import { usePreviewLink } from './usePreviewLink';

/** A subtitle ready for a `<track>`: WebVTT in a blob URL. */
export interface SubtitleTrack {
  src: string;
  label: string;
  language: string;
}

/** The subtitle chooser (stable hook `select[name="subtitle"]`): "Off" first, then the files beside the video. */
export function SubtitleChooser(props: {
  subtitles: readonly SubtitleFile[];
  chosen: SubtitleFile | undefined;
  onChoose(subtitle: SubtitleFile | undefined): void;
}) {
  return (
    <select
      name="subtitle"
      aria-label={t('subtitles')}
      value={props.chosen?.entry.fileId ?? ''}
      onChange={(e) =>
        props.onChoose(props.subtitles.find((s) => s.entry.fileId === (e.currentTarget as HTMLSelectElement).value))
      }
    >
      <option value="">{t('subtitlesOff')}</option>
      {props.subtitles.map((s) => (
        <option key={s.entry.fileId} value={s.entry.fileId}>
          {s.entry.name}
        </option>
      ))}
    </select>
  );
}

export interface SubtitleLoaderProps {
  share: ShareRef;
  shareName: string;
  path: readonly string[];
  subtitle: SubtitleFile;
  onTrack(track: SubtitleTrack | undefined): void;
}

/**
 * One chosen subtitle, loaded when chosen: a preview job of its own beside the video's (copy →
 * link → read → the copy let go), decoded like text (UTF-8 or GBK), converted to WebVTT in the
 * page (cue text escaped) and handed over as a blob URL, revoked when another is chosen or the
 * pane closes. Shows only how the loading goes.
 */
export function SubtitleLoader({ share, shareName, path, subtitle, onTrack }: SubtitleLoaderProps) {
  const { entry } = subtitle;
  const request = useMemo(
    () => ({ ...downloadRequest(share, shareName, [entry], path), companion: true }),
    [entry.fileId],
  );
  const { link, error, release } = usePreviewLink(request);
  const bytes = useLinkBytes(link?.url, MAX_TEXT_BYTES, entry.size, release);
  const read = bytes.state === 'read' ? bytes.bytes : undefined;

  useEffect(() => {
    if (!read) return;
    const vtt = toWebVtt(decodeText(read).text, subtitle.format);
    const src = URL.createObjectURL(new Blob([vtt], { type: 'text/vtt' }));
    onTrack({ src, label: subtitle.label, language: subtitle.language });
    return () => {
      onTrack(undefined);
      URL.revokeObjectURL(src);
    };
  }, [read]);

  if (bytes.state === 'needs-permission') return <PermissionPrompt {...bytes} />;
  const failure = error ?? (bytes.state === 'failed' ? bytes.code : undefined);
  if (failure) {
    return (
      <span class="preview-subtitle-status" role="alert" data-subtitle-error={failure}>
        {t('subtitlesFailed')} <code>{failure}</code>
      </span>
    );
  }
  return read ? null : (
    <span class="preview-subtitle-status muted" role="status">
      {t('subtitlesLoading')}
    </span>
  );
}

/** The `<track>` of the subtitle shown, switched on (`default` alone shows only a track present at load). */
export function SubtitleTrackElement({ track }: { track: SubtitleTrack }) {
  return (
    <track
      kind="subtitles"
      src={track.src}
      label={track.label}
      srcLang={track.language || undefined}
      default
      ref={(el) => {
        if (el) el.track.mode = 'showing';
      }}
    />
  );
}
