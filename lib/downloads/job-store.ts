/**
 * The download jobs the panel shows, kept in storage so they survive worker restarts. What a job
 * is (its files and names) is written when jobs come and go; how far each file got is written on
 * every state change, so that part is small: one letter per file, plus the errors.
 */
import type { SerializedError } from '../api/errors';
import type { KeyValueStore } from '../platform/kv-store';
import type { ExportTarget, FileProgress, FileState, JobMode } from './model';

export const JOBS_KEY = 'downloads.jobs';
export const JOB_STATES_KEY = 'downloads.jobStates';

/** Finished jobs beyond this many are forgotten, oldest first. */
export const MAX_KEPT_JOBS = 30;

export interface Job {
  id: string;
  shareId: string;
  /** The extraction code, to renew the share token after a restart. */
  code: string | null;
  shareName: string;
  createdAt: number;
  /** Absent in jobs stored before export existed: `download`. */
  mode?: JobMode;
  target?: ExportTarget;
  files: JobFile[];
}

/**
 * A job's file as stored: the shape the pages see, without what the journal holds (link, wait),
 * plus its name in the share (what its copy is called in the temporary folder).
 */
export type JobFile = Omit<FileProgress, 'link' | 'wait'> & { name?: string };

type StoredJob = Omit<Job, 'files'> & { files: Pick<JobFile, 'fileId' | 'filename' | 'size' | 'name'>[] };

interface StoredStates {
  /** One letter per file, in file order (see LETTER). */
  states: string;
  /** By file index. */
  errors?: Record<number, SerializedError>;
}

const LETTER: Record<FileState, string> = {
  queued: 'q',
  copying: 'c',
  linking: 'l',
  downloading: 'd',
  exported: 'e',
  done: 'D',
  failed: 'f',
  cancelled: 'x',
};
const STATE_OF = new Map(Object.entries(LETTER).map(([state, letter]) => [letter, state as FileState]));

export class JobStore {
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly store: KeyValueStore) {}

  async load(): Promise<Job[]> {
    const [jobs, states] = await Promise.all([
      this.store.get<StoredJob[]>(JOBS_KEY),
      this.store.get<Record<string, StoredStates>>(JOB_STATES_KEY),
    ]);
    return (jobs ?? []).map((job) => {
      const progress = states?.[job.id];
      return {
        ...job,
        files: job.files.map((f, i) => {
          const state = STATE_OF.get(progress?.states[i] ?? '') ?? 'queued';
          const error = progress?.errors?.[i];
          const whole = state === 'done' || state === 'exported';
          return { ...f, state, received: whole ? f.size : 0, ...(error ? { error } : {}) };
        }),
      };
    });
  }

  /** The list of jobs changed: writes everything. */
  saveAll(jobs: Job[]): Promise<void> {
    const stored: StoredJob[] = jobs.map((job) => ({
      ...job,
      files: job.files.map(({ fileId, filename, size, name }) => ({ fileId, filename, size, name })),
    }));
    return this.write(() => ({ [JOBS_KEY]: stored, [JOB_STATES_KEY]: statesOf(jobs) }));
  }

  /** Only file states changed. */
  saveStates(jobs: Job[]): Promise<void> {
    return this.write(() => ({ [JOB_STATES_KEY]: statesOf(jobs) }));
  }

  /** Writes happen one after another; each takes the state of the moment it runs. */
  private write(items: () => Record<string, unknown>): Promise<void> {
    const write = this.writes.then(() => this.store.set(items()));
    this.writes = write.catch(() => {});
    return write;
  }
}

function statesOf(jobs: Job[]): Record<string, StoredStates> {
  return Object.fromEntries(
    jobs.map((job) => {
      const errors = Object.fromEntries(job.files.flatMap((f, i) => (f.error ? [[i, f.error]] : [])));
      const states = job.files.map((f) => LETTER[f.state]).join('');
      return [job.id, Object.keys(errors).length > 0 ? { states, errors } : { states }];
    }),
  );
}
