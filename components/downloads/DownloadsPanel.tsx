import { t } from '../../lib/i18n';
import { SaveCard } from '../saves/SaveCard';
import { useDownloadJobs } from './DownloadJobs';
import { JobCard } from './JobCard';

/** Every download job and save of the extension, newest first; nothing at all until there is one. */
export function DownloadsPanel() {
  const { jobs: allJobs, saves } = useDownloadJobs();
  // A preview's job belongs to its pane (issue 13).
  const jobs = allJobs.filter((job) => job.mode !== 'preview');
  if (jobs.length === 0 && saves.length === 0) return null;
  const cards = [
    ...jobs.map((job) => ({ at: job.createdAt, card: <JobCard key={job.id} job={job} /> })),
    ...saves.map((save) => ({ at: save.createdAt, card: <SaveCard key={save.id} save={save} /> })),
  ].sort((a, b) => b.at - a.at);
  return (
    <section class="downloads" aria-labelledby="downloads-heading" data-downloads-panel>
      <h2 id="downloads-heading">{t('downloadsHeading')}</h2>
      {cards.map((c) => c.card)}
    </section>
  );
}
