import { useRef, useState } from 'preact/hooks';
import { type SubtitleTrack, SubtitleTrackElement } from './Subtitles';

export interface MediaPreviewProps {
  kind: 'image' | 'audio' | 'video';
  name: string;
  /** The held copy's link; the element keeps the one it started with until it fails. */
  url: string;
  zoom: number;
  /** A video's chosen subtitle. */
  track?: SubtitleTrack | undefined;
  /** A fresh link for the copy (undefined: the preview starts anew and this element goes). */
  renew(): Promise<string | undefined>;
  onShown(): void;
  onFailed(code: string): void;
}

/**
 * A picture, or audio / video with seeking. When the element fails — its link expired during
 * playback (§8: links live 15 minutes) — it takes a fresh link and carries on at the same
 * position, playing if it was; a second failure with no success between is shown as an error.
 * No Referer goes out (§8): `referrerpolicy` here, and the viewer page's referrer meta for media.
 */
export function MediaPreview(props: MediaPreviewProps) {
  const [src, setSrc] = useState(props.url);
  const resumeAt = useRef<{ time: number; play: boolean }>();
  const playing = useRef(false);
  const renewing = useRef(false);

  const onError = async (e: Event) => {
    if (renewing.current) return props.onFailed('MediaError');
    renewing.current = true;
    const media = e.currentTarget as HTMLMediaElement;
    if (props.kind !== 'image') resumeAt.current = { time: media.currentTime, play: playing.current };
    const fresh = await props.renew();
    if (fresh) setSrc(fresh);
  };
  const onLoaded = (e: Event) => {
    renewing.current = false;
    const media = e.currentTarget as HTMLMediaElement;
    const resume = resumeAt.current;
    resumeAt.current = undefined;
    if (resume && props.kind !== 'image') {
      media.currentTime = resume.time;
      if (resume.play) void media.play().catch(() => {});
    }
    props.onShown();
  };

  if (props.kind === 'image') {
    return (
      <div class="preview-image-frame">
        <img
          class="preview-image"
          src={src}
          alt={props.name}
          referrerpolicy="no-referrer"
          data-zoom={props.zoom}
          style={{ transform: `scale(${props.zoom})` }}
          onLoad={onLoaded}
          onError={onError}
        />
      </div>
    );
  }
  const Media = props.kind;
  return (
    <Media
      class={`preview-${props.kind}`}
      src={src}
      controls
      autoPlay
      preload="metadata"
      aria-label={props.name}
      onLoadedMetadata={onLoaded}
      onError={onError}
      onPlay={() => (playing.current = true)}
      onPause={() => (playing.current = false)}
    >
      {props.track && <SubtitleTrackElement key={props.track.src} track={props.track} />}
    </Media>
  );
}
