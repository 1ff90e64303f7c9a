import { useState } from 'preact/hooks';
import type { DownloadRequest, JobView } from '../../lib/downloads/model';
import { request } from '../../lib/messaging/client';
import type { ShareRef } from '../../lib/shares/model';
import { type DownloadProblem, downloadProblem } from '../../lib/ui/download-request';
import { useDownloadJobs } from '../downloads/DownloadJobs';

/**
 * Starts a download job and remembers why it did not start: `start(request)` for what the page
 * picked, `startShare(ref)` for a whole share or linked folder, listed by the background (the
 * popup may close at once: the job goes on).
 */
export function useDownloadAction() {
  const { track } = useDownloadJobs();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<DownloadProblem>();
  const run = async (send: () => Promise<JobView>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      track(await send());
    } catch (e) {
      setProblem(downloadProblem(e));
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    problem,
    start: (data: DownloadRequest) => run(() => request('downloads.start', data)),
    startShare: (ref: ShareRef) => run(() => request('downloads.startShare', ref)),
  };
}
