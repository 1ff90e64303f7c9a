/** Every step of the storage schema, in order: step n brings version n to n + 1 (lib/platform/schema.ts). */
import { downloadsOneKeyPerRecord } from '../downloads/storage-migrations';
import type { Migration } from '../platform/schema';
import { sharesStatusBuckets } from '../shares/storage-migrations';

export const MIGRATIONS: readonly Migration[] = [downloadsOneKeyPerRecord, sharesStatusBuckets];
