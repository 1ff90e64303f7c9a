import { useState } from 'preact/hooks';
import type { FileProgress, FileWait, JobView } from '../../lib/downloads/model';
import { localized, type MessageKey, t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import { canCancel, canRetry, isActive } from '../../lib/ui/download-jobs';
import { clockDuration, humanSize, humanSpeed } from '../../lib/ui/format';
import { useDownloadJobs } from './DownloadJobs';
import { ExportedLinks } from './ExportedLinks';
import { ProgressBar } from './ProgressBar';

// Above this many files the list opens only on demand: it re-renders every second.
const FILES_SHOWN_OPEN = 20;

/**
 * One download job: total progress, speed, time left, its files, cancel and retry. An export job
 * with links shows them and `button[data-action="release-copies"]` ("Done, delete the copies").
 */
export function JobCard({ job }: { job: JobView }) {
  const { track } = useDownloadJobs();
  const act = (type: 'downloads.cancel' | 'downloads.retry', fileId?: string) =>
    request(type, { jobId: job.id, ...(fileId ? { fileId } : {}) }).then(track, () => {});
  const releaseCopies = () => request('downloads.release', { jobId: job.id }).then(track, () => {});
  const filesDone = job.files.filter((f) => f.state === 'done' || f.state === 'exported').length;
  const [filesOpen, setFilesOpen] = useState(job.files.length <= FILES_SHOWN_OPEN);
  return (
    <article class={`job job-${job.state}`} data-job-id={job.id} data-job-state={job.state}>
      <header class="job-head">
        <strong class="job-name">{job.shareName}</strong>
        <span class="job-state">{t(`jobState_${job.state}` as MessageKey)}</span>
        {canCancel(job.state) && (
          <button type="button" class="small" data-action="cancel" onClick={() => act('downloads.cancel')}>
            {t('cancelButton')}
          </button>
        )}
        {canRetry(job.state) && (
          <button type="button" class="small" data-action="retry" onClick={() => act('downloads.retry')}>
            {t('retryButton')}
          </button>
        )}
      </header>
      <ProgressBar done={job.receivedBytes} total={job.totalBytes} label={job.shareName} />
      <p class="job-meta muted">
        <span>{t('jobBytes', { received: humanSize(job.receivedBytes), total: humanSize(job.totalBytes) })}</span>
        <span>{t('jobFiles', { done: filesDone, total: job.files.length })}</span>
        {isActive(job) && job.speed > 0 && <span data-job-speed>{humanSpeed(job.speed)}</span>}
        {isActive(job) && job.etaSec !== undefined && (
          <span data-job-eta>{t('jobTimeLeft', { time: clockDuration(job.etaSec) })}</span>
        )}
      </p>
      {job.error && (
        <p class="job-error" role="alert" data-job-error={job.error.code}>
          {localized(job.error.text)}
        </p>
      )}
      {job.state === 'exported' && <ExportedLinks job={job} onRelease={releaseCopies} />}
      <details open={filesOpen} onToggle={(e) => setFilesOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>{t('jobFiles', { done: filesDone, total: job.files.length })}</summary>
        {filesOpen && (
          <ul class="job-files">
            {job.files.map((file) => (
              <FileLine
                key={file.fileId}
                file={file}
                inAria2={job.target === 'aria2'}
                onAct={(type) => act(type, file.fileId)}
              />
            ))}
          </ul>
        )}
      </details>
    </article>
  );
}

function FileLine(props: {
  file: FileProgress;
  inAria2: boolean;
  onAct: (type: 'downloads.cancel' | 'downloads.retry') => void;
}) {
  const { file, onAct } = props;
  const name = file.filename.split('/').pop() ?? file.filename;
  const stateKey =
    file.state === 'downloading' && props.inAria2 ? 'fileState_aria2Downloading' : `fileState_${file.state}`;
  return (
    <li class={`job-file file-${file.state}`} data-job-file-id={file.fileId} data-file-state={file.state}>
      <span class="job-file-name" title={file.filename}>
        {name}
      </span>
      <span class="muted">{t(stateKey as MessageKey)}</span>
      {canCancel(file.state) && (
        <button
          type="button"
          class="small"
          data-action="cancel"
          aria-label={t('cancelEntry', { name })}
          onClick={() => onAct('downloads.cancel')}
        >
          {t('cancelButton')}
        </button>
      )}
      {canRetry(file.state) && (
        <button
          type="button"
          class="small"
          data-action="retry"
          aria-label={t('retryEntry', { name })}
          onClick={() => onAct('downloads.retry')}
        >
          {t('retryButton')}
        </button>
      )}
      <ProgressBar done={file.received} total={file.size} label={name} />
      {file.wait && (
        <span class="job-file-wait" data-file-wait={file.wait.reason}>
          {waitText(file.wait)}
        </span>
      )}
      {file.error && (
        <span class="job-file-error" data-file-error={file.error.code}>
          {localized(file.error.text)}
        </span>
      )}
    </li>
  );
}

function waitText(wait: FileWait): string {
  const seconds = Math.max(1, Math.ceil(((wait.until ?? Date.now()) - Date.now()) / 1000));
  return t(`wait_${wait.reason}` as MessageKey, { seconds, attempt: wait.attempt ?? 1 });
}
