/**
 * The download jobs the panel shows, kept in storage so they survive worker and browser restarts.
 * What a job is (its files and names) is written when it comes and forgotten when it goes; how
 * far its files got is written when one of them changes, and is small: one letter per file, plus
 * the errors.
 */
import type { SerializedError } from '../api/errors';
import { KeyedRecords } from '../platform/keyed-records';
import type { KeyValueStore } from '../platform/kv-store';
import type { ExportTarget, FileProgress, FileState, JobMode } from './model';

/** One key a job for what it is (`downloads.job.<id>`), one for how far its files got. */
export const JOB_PREFIX = 'downloads.job.';
export const STATES_PREFIX = 'downloads.jobStates.';

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

export type StoredJob = Omit<Job, 'files'> & { files: Pick<JobFile, 'fileId' | 'filename' | 'size' | 'name'>[] };

export interface StoredStates {
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
  private readonly definitions: KeyedRecords<StoredJob>;
  private readonly progress: KeyedRecords<StoredStates>;

  constructor(store: KeyValueStore) {
    this.definitions = new KeyedRecords(store, JOB_PREFIX);
    this.progress = new KeyedRecords(store, STATES_PREFIX);
  }

  async load(): Promise<Job[]> {
    const [stored, storedStates] = await Promise.all([this.definitions.load(), this.progress.load()]);
    const states = Object.fromEntries(storedStates ?? []);
    return this.withStates(
      (stored ?? []).map(([, job]) => job),
      states,
    );
  }

  private withStates(jobs: StoredJob[], states: Record<string, StoredStates>): Job[] {
    return jobs.map((job) => {
      const progress = states[job.id];
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

  /** Jobs came or went: writes the ones that are new, forgets the ones that left. */
  async saveAll(jobs: Job[]): Promise<void> {
    const stored = jobs.map((job) => {
      const files = job.files.map(({ fileId, filename, size, name }) => ({ fileId, filename, size, name }));
      return [job.id, { ...job, files }] as const;
    });
    await Promise.all([this.definitions.save(stored), this.saveStates(jobs)]);
  }

  /** File states changed: writes the jobs whose states did. */
  saveStates(jobs: Job[]): Promise<void> {
    return this.progress.save(jobs.map((job) => [job.id, statesOf(job)] as const));
  }
}

function statesOf(job: Job): StoredStates {
  const errors = Object.fromEntries(job.files.flatMap((f, i) => (f.error ? [[i, f.error]] : [])));
  const states = job.files.map((f) => LETTER[f.state]).join('');
  return Object.keys(errors).length > 0 ? { states, errors } : { states };
}
