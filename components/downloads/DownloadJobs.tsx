import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { JobView } from '../../lib/downloads/model';
import { request } from '../../lib/messaging/client';
import type { SaveView } from '../../lib/saves/model';
import { isActive, newestFirst, withJob } from '../../lib/ui/download-jobs';

interface DownloadJobs {
  jobs: JobView[];
  /** A job view a page got back (start, cancel, retry): shown at once, without waiting for an event. */
  track(job: JobView | undefined): void;
  /** Saves to the user's drive, in the same panel. */
  saves: SaveView[];
  trackSave(save: SaveView): void;
}

const DownloadJobsContext = createContext<DownloadJobs>({ jobs: [], track: () => {}, saves: [], trackSave: () => {} });

export const useDownloadJobs = () => useContext(DownloadJobsContext);

const POLL_MS = 1000;

/**
 * The page's view of the background's download jobs and saves: listed on open, replaced by every
 * `event.downloads` / `event.saves`; downloads are polled every second while one runs (the
 * background measures their progress when asked; a save tells each step itself).
 */
export function DownloadJobsProvider({ children }: { children: ComponentChildren }) {
  const [jobs, setJobs] = useState<JobView[]>([]);
  const [saves, setSaves] = useState<SaveView[]>([]);
  const refresh = useCallback(() => {
    request('downloads.list').then(
      (list) => setJobs(newestFirst(list)),
      () => {},
    );
  }, []);

  useEffect(() => {
    refresh();
    request('saves.list').then(setSaves, () => {});
    const onEvent = (message: unknown, sender: browser.Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id) return;
      const event = message as { type?: string; jobs?: JobView[]; saves?: SaveView[] };
      if (event?.type === 'event.downloads' && Array.isArray(event.jobs)) setJobs(newestFirst(event.jobs));
      if (event?.type === 'event.saves' && Array.isArray(event.saves)) setSaves(event.saves);
    };
    browser.runtime.onMessage.addListener(onEvent);
    return () => browser.runtime.onMessage.removeListener(onEvent);
  }, [refresh]);

  const running = jobs.some(isActive);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const value = useMemo<DownloadJobs>(
    () => ({
      jobs,
      track: (job) => job && setJobs((current) => withJob(current, job)),
      saves,
      // An event may have brought this save's later state before the start's answer came back
      // ("save all" answers after every share has started): the view already here is the newer.
      trackSave: (save) =>
        setSaves((current) => (current.some((s) => s.id === save.id) ? current : [...current, save])),
    }),
    [jobs, saves],
  );
  return <DownloadJobsContext.Provider value={value}>{children}</DownloadJobsContext.Provider>;
}
