/**
 * The viewer's preview pane, as pure decisions (issue 13): how far a preview job got, which image
 * comes next, how far the picture is zoomed.
 */
import type { ExportedLink, JobView } from '../downloads/model';
import type { ShareEntry } from '../shares/browse';
import { previewKind } from './preview-kind';

export type PreviewProgress =
  | { state: 'loading' }
  | { state: 'linked'; link: ExportedLink }
  /** The preview is over (the pane closed, or its link expired and the copy went). */
  | { state: 'ended' }
  | { state: 'error'; code: string };

/** A preview job's one file: copying and linking, its link held, failed, or over. */
export function previewProgress(job: JobView | undefined): PreviewProgress {
  const file = job?.files[0];
  if (!file) return { state: 'loading' };
  if (file.state === 'exported' && file.link) return { state: 'linked', link: file.link };
  if (file.state === 'failed') return { state: 'error', code: file.error?.code ?? 'unknown' };
  if (file.state === 'done' || file.state === 'cancelled') return { state: 'ended' };
  return { state: 'loading' };
}

/** The image `step` places after (or before) `current` among the folder's entries as shown; none past either end. */
export function neighbourImage(
  entries: readonly ShareEntry[],
  current: ShareEntry,
  step: 1 | -1,
): ShareEntry | undefined {
  const images = entries.filter((e) => previewKind(e) === 'image');
  const at = images.findIndex((e) => e.fileId === current.fileId);
  return at < 0 ? undefined : images[at + step];
}

/** Zoom levels of a picture, 1 being "fit the pane". */
const ZOOM_LEVELS = [0.5, 1, 1.5, 2, 3, 4] as const;

/** The next zoom level up (`step` 1) or down (-1), staying within the levels. */
export function zoomed(zoom: number, step: 1 | -1): number {
  const at = ZOOM_LEVELS.findIndex((z) => z >= zoom);
  const index = Math.min(ZOOM_LEVELS.length - 1, Math.max(0, (at < 0 ? ZOOM_LEVELS.length - 1 : at) + step));
  return ZOOM_LEVELS[index] ?? zoom;
}

/**
 * When to take a fresh link so an open pane keeps its copy (the sweep deletes a copy whose link
 * expired): a minute before, or never for a link too short-lived for that (the pane then renews
 * when the media element fails).
 */
export function keepAliveDelay(link: ExportedLink, now: number): number | undefined {
  const delay = link.expiresAt - 60_000 - now;
  return delay > 0 ? delay : undefined;
}
