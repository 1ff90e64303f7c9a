import { t } from '../../lib/i18n';
import { useDownloadJobs } from './DownloadJobs';
import { JobCard } from './JobCard';

/** Every download job of the extension, newest first; nothing at all until there is one. */
export function DownloadsPanel() {
  // A preview's job belongs to its pane (issue 13).
  const jobs = useDownloadJobs().jobs.filter((job) => job.mode !== 'preview');
  if (jobs.length === 0) return null;
  return (
    <section class="downloads" aria-labelledby="downloads-heading" data-downloads-panel>
      <h2 id="downloads-heading">{t('downloadsHeading')}</h2>
      {jobs.map((job) => (
        <JobCard key={job.id} job={job} />
      ))}
    </section>
  );
}
