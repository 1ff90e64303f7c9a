import { useEffect, useRef, useState } from 'preact/hooks';
import type { DownloadRequest } from '../../lib/downloads/model';
import { request } from '../../lib/messaging/client';
import { keepAliveDelay, previewProgress } from '../../lib/previews/preview-view';
import { downloadProblem } from '../../lib/ui/download-request';
import { useDownloadJobs } from '../downloads/DownloadJobs';

/**
 * A preview job for one file while the pane shows it (issue 13): started on open, released when
 * the pane closes or moves to another file, or at once by `release()` (the page has read the
 * bytes it needed). `renew()` gives a fresh link for the held copy (the old one expired during
 * playback) or, when the preview is over, starts a new one. `companion`: see `downloads.preview`.
 */
export function usePreviewLink(previewRequest: (DownloadRequest & { companion?: boolean }) | undefined) {
  const { jobs, track } = useDownloadJobs();
  const [jobId, setJobId] = useState<string>();
  const [startError, setStartError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const key = previewRequest?.items[0]?.fileId;

  useEffect(() => {
    if (!previewRequest) return;
    let open = true;
    let started: string | undefined;
    setJobId(undefined);
    setStartError(undefined);
    request('downloads.preview', previewRequest).then(
      (job) => {
        started = job.id;
        if (!open) return release(job.id);
        track(job);
        setJobId(job.id);
      },
      (e: unknown) => open && setStartError(downloadProblem(e)?.code ?? 'unknown'),
    );
    return () => {
      open = false;
      if (started) release(started);
    };
  }, [key, attempt]);

  const progress = previewProgress(jobs.find((j) => j.id === jobId));
  const link = progress.state === 'linked' ? progress.link : undefined;

  // The sweep deletes a copy whose link expired: a pane left open takes a fresh link in time.
  const latest = useRef(jobId);
  latest.current = jobId;
  useEffect(() => {
    const delay = link && keepAliveDelay(link, Date.now());
    if (!jobId || delay === undefined) return;
    const timer = setTimeout(() => void request('downloads.relink', { jobId }).then(track, () => {}), delay);
    return () => clearTimeout(timer);
  }, [jobId, link?.expiresAt]);

  const renew = async (): Promise<string | undefined> => {
    const fresh = latest.current
      ? await request('downloads.relink', { jobId: latest.current }).catch(() => undefined)
      : undefined;
    const url = fresh?.files[0]?.link?.url;
    if (fresh && url) {
      track(fresh);
      return url;
    }
    setAttempt((n) => n + 1);
    return undefined;
  };

  const error = startError ?? (progress.state === 'error' ? progress.code : undefined);
  return { jobId, link, error, renew, release: () => latest.current && release(latest.current) };
}

function release(jobId: string) {
  void request('downloads.release', { jobId }).catch(() => {});
}
