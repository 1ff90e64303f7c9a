/**
 * Preview jobs in the download pipeline (issue 13): a preview is an export of one file whose link
 * goes to the viewer's pane instead of another tool. These are the rules that set it apart.
 */
import { AlipanError } from '../api/errors';
import type { Job, JobFile } from '../downloads/job-store';
import type { DownloadRequest } from '../downloads/model';

export function isPreview(job: Pick<Job, 'mode'>): boolean {
  return job.mode === 'preview';
}

/**
 * An open preview's link is being read by the pane (a video streams for as long as it plays): it
 * holds a CDN connection (alipan-api.md §8), so it holds a download slot until the pane closes.
 */
export function holdsPreviewSlot(job: Pick<Job, 'mode'>, file: Pick<JobFile, 'state'>): boolean {
  return isPreview(job) && file.state === 'exported';
}

/** A preview shows one file: anything else is refused before anything is copied. Only the request's own fields are kept. */
export function asPreviewRequest(data: unknown): DownloadRequest {
  const request = data as DownloadRequest | undefined;
  const [item, ...more] = Array.isArray(request?.items) ? request.items : [];
  if (!request || typeof request.shareId !== 'string' || !item || more.length > 0 || item.type !== 'file') {
    throw new AlipanError({ code: 'InvalidParameter.Preview', category: 'unknown' });
  }
  const { shareId, code, shareName, items } = request;
  return { shareId, code, shareName, items };
}

/**
 * After a browser restart the pages that showed previews are gone: their files end (a held link
 * `done`, one still on its way `cancelled`), so the sweep deletes their copies. True if any ended.
 */
export function endPreviewsOfClosedPages(jobs: readonly Job[]): boolean {
  let ended = false;
  for (const file of jobs.filter(isPreview).flatMap((job) => job.files)) {
    if (file.state === 'done' || file.state === 'failed' || file.state === 'cancelled') continue;
    file.state = file.state === 'exported' ? 'done' : 'cancelled';
    ended = true;
  }
  return ended;
}

/** The previews a viewer tab opened: they end when it closes. */
export function previewsOfTab(jobs: readonly Job[], tabId: number): Job[] {
  return jobs.filter((job) => isPreview(job) && job.tabId === tabId);
}
