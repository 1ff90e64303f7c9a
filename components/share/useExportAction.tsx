import { useEffect, useState } from 'preact/hooks';
import type { DownloadRequest } from '../../lib/downloads/model';
import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import { exportedFiles, isActive } from '../../lib/ui/download-jobs';
import { type DownloadProblem, downloadProblem } from '../../lib/ui/download-request';
import { deliverOnPage, type ExportKind, type PageExportKind } from '../../lib/ui/page-export';
import { useDownloadJobs } from '../downloads/DownloadJobs';

export interface ExportOutcome {
  kind: ExportKind;
  /** Links made (sent, for aria2). */
  count: number;
  /** When the first of them stops working (epoch ms). */
  expiresAt?: number;
  /** The file the page saved. */
  file?: string;
  /**
   * Links that stopped working before the last one was made (§8: 15 minutes; a long export makes
   * about one a second): their copies are gone, so they are left out — and said to be.
   */
  expired?: number;
}

/**
 * Starts an export job. For the page's exports it finishes once every link is made (links come
 * about one a second, §8): the page copies or saves them. An aria2 job is done by the background
 * (aria2 downloads each file on a link made just before, within the download cap): it is handed
 * over as soon as it starts. Remembers the outcome, or why it failed (`[data-download-error]`).
 */
export function useExportAction() {
  const { jobs, track } = useDownloadJobs();
  const [starting, setStarting] = useState(false);
  const [pending, setPending] = useState<{ jobId: string; kind: PageExportKind }>();
  const [outcome, setOutcome] = useState<ExportOutcome>();
  const [problem, setProblem] = useState<DownloadProblem>();

  const start = async (kind: ExportKind, makeRequest: () => DownloadRequest) => {
    setStarting(true);
    setProblem(undefined);
    setOutcome(undefined);
    try {
      const target = kind === 'aria2' ? { target: 'aria2' as const } : {};
      const job = await request('downloads.export', { ...makeRequest(), ...target });
      track(job);
      if (kind === 'aria2') setOutcome({ kind, count: job.files.length });
      else setPending({ jobId: job.id, kind });
    } catch (e) {
      setProblem(downloadProblem(e));
    } finally {
      setStarting(false);
    }
  };

  const job = pending && jobs.find((j) => j.id === pending.jobId);
  const settled = job !== undefined && !isActive(job);
  useEffect(() => {
    if (!pending || !job || !settled) return;
    setPending(undefined);
    const files = exportedFiles(job);
    // In a page export, a file is `done` only once its link expired (or its copies were released).
    const expired = job.files.filter((f) => f.state === 'done').length;
    const made: ExportOutcome = {
      kind: pending.kind,
      count: files.length,
      ...(files.length > 0 ? { expiresAt: Math.min(...files.map((f) => f.expiresAt)) } : {}),
      ...(expired > 0 ? { expired } : {}),
    };
    if (files.length === 0) return setOutcome(made);
    deliverOnPage(pending.kind, files, job.shareName).then(
      (file) => setOutcome({ ...made, ...(file ? { file } : {}) }),
      () => setProblem(clipboardRefused()),
    );
  }, [settled]);

  return { busy: starting || pending !== undefined, waiting: pending !== undefined, outcome, problem, start };
}

function clipboardRefused(): DownloadProblem {
  const text = { en: t('exportClipboardRefused', undefined, 'en'), zh: t('exportClipboardRefused', undefined, 'zh') };
  return { code: 'clipboard-refused', text, needsAccount: false };
}
