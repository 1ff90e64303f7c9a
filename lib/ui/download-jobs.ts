import type { JobView } from '../downloads/model';

/** Jobs still moving bytes or preparing: the page polls while there is one. */
export function isActive(job: JobView): boolean {
  return job.state === 'preparing' || job.state === 'running';
}

export function newestFirst(jobs: readonly JobView[]): JobView[] {
  return [...jobs].sort((a, b) => b.createdAt - a.createdAt);
}

/** Puts a fresh view of one job into the list, replacing its old view. */
export function withJob(jobs: readonly JobView[], job: JobView): JobView[] {
  return newestFirst([job, ...jobs.filter((j) => j.id !== job.id)]);
}

/** Files that can be retried / cancelled one by one. */
export function canRetry(state: JobView['state'] | JobView['files'][number]['state']): boolean {
  return state === 'failed' || state === 'cancelled';
}

/** Not once it ended, nor once its links are out (those are released instead). */
export function canCancel(state: JobView['state'] | JobView['files'][number]['state']): boolean {
  return state !== 'done' && state !== 'failed' && state !== 'cancelled' && state !== 'exported';
}

/** An export job's links, with the path each file takes (the generators' input). */
export function exportedFiles(job: JobView): { url: string; filename: string; expiresAt: number }[] {
  return job.files.flatMap((f) =>
    f.link ? [{ url: f.link.url, filename: f.filename, expiresAt: f.link.expiresAt }] : [],
  );
}
