import { useState } from 'preact/hooks';
import type { DownloadRequest } from '../../lib/downloads/model';
import { request } from '../../lib/messaging/client';
import { downloadProblem, type DownloadProblem } from '../../lib/ui/download-request';
import { useDownloadJobs } from '../downloads/DownloadJobs';

/**
 * Starts a download job and remembers why it did not start. `makeRequest` may list folders
 * first (the popup's "download all"): its failures are shown the same way.
 */
export function useDownloadAction() {
  const { track } = useDownloadJobs();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<DownloadProblem>();
  const start = async (makeRequest: () => DownloadRequest | Promise<DownloadRequest>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      track(await request('downloads.start', await makeRequest()));
    } catch (e) {
      setProblem(downloadProblem(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, start };
}
