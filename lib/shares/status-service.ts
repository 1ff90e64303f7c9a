import { type AlipanError, type ErrorCategory, isAlipanError } from '../api/errors';
import { getQuickTransferByAnonymous, getShareByAnonymous, getShareToken, type ShareInfo } from '../api/share';
import type { Transport } from '../api/transport';
import { type Asker, CheckQueue, type CheckRefused } from './check-queue';
import { DEAD_STATES, refOfStatusKey, type ShareRef, type ShareState, type ShareStatus, statusKey } from './model';
import { StatusCache } from './status-cache';

export const ALIVE_TTL_MS = 10 * 60_000;
export const DEAD_TTL_MS = 24 * 60 * 60_000;
/** Unknown (rate limited, offline) is retried after these delays, then left alone until reported again. */
export const UNKNOWN_RETRY_MS = [30_000, 120_000, 600_000];

const DEAD_BY_CATEGORY: Partial<Record<ErrorCategory, ShareState>> = {
  'share-cancelled': 'cancelled',
  'share-expired': 'expired',
  'share-forbidden': 'forbidden',
  'share-not-found': 'not-found',
};

/**
 * Answers "is this share alive?" for badges and the popup (alipan-api.md §3, §4): one metadata
 * request per distinct share however many tabs and copies ask, a code verified with a share
 * token, results cached (alive minutes, dead a day, unknown never), checks taken in a fair order
 * per tab (check-queue.ts). Rate limits and network errors give `unknown`, never a dead state.
 */
export class ShareStatusService {
  private readonly cache: StatusCache;
  private readonly inflight = new Map<string, Promise<ShareStatus>>();
  /** Metadata per share id, in flight or recent (it does not depend on the code). */
  private readonly metadataById = new Map<string, { info: Promise<ShareInfo>; until: number }>();
  private readonly retries = new Map<string, number>();
  private readonly queue: CheckQueue;

  constructor(
    private readonly deps: {
      transport: Transport;
      now?: () => number;
      /** Called whenever a status becomes known or changes (also after a scheduled retry). */
      onStatus?: (ref: ShareRef, status: ShareStatus) => void;
      setTimer?: (fn: () => void, ms: number) => void;
      /** Where the cache is kept, so a restarted worker does not ask again (absent: memory only). */
      cache?: StatusCache;
      queue?: CheckQueue;
    },
  ) {
    this.cache = deps.cache ?? new StatusCache({ now: deps.now });
    this.queue = deps.queue ?? new CheckQueue({ now: deps.now, setTimer: deps.setTimer });
  }

  setActiveTab(tabId: number): void {
    this.queue.setActiveTab(tabId);
  }

  /** A closed tab's checks that no one else waits for are dropped. */
  dropTab(tabId: number): void {
    this.queue.dropTab(tabId);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  restore(): Promise<void> {
    return this.cache.restore();
  }

  /** The cached status, if still valid. */
  peek(ref: ShareRef): ShareStatus | undefined {
    return this.cache.get(statusKey(ref))?.status;
  }

  /**
   * A listing showed banned files: every known status of the share says so from now on, and
   * the badges showing it are told (the check itself cannot know: §3 has no `punish_flag`).
   */
  noteBanned(shareId: string): void {
    for (const key of this.cache.keysOfShare(shareId)) {
      const entry = this.cache.get(key);
      if (!entry || entry.status.banned || DEAD_STATES.has(entry.status.state)) continue;
      const status: ShareStatus = { ...entry.status, banned: true };
      this.cache.set(key, { ...entry, status });
      this.deps.onStatus?.(refOfStatusKey(key), status);
    }
  }

  /**
   * The status, from cache or from Alipan, for a tab's page or the extension's pages; concurrent
   * asks for one share share one request.
   */
  resolve(ref: ShareRef, asker: Asker = 'extension'): Promise<ShareStatus> {
    const cached = this.peek(ref);
    if (cached) return Promise.resolve(cached);
    const key = statusKey(ref);
    let pending = this.inflight.get(key);
    if (pending) {
      this.queue.join(key, asker);
    } else {
      pending = this.queue.wait(key, asker).then(
        () => this.checkNow(ref, asker),
        (e: CheckRefused) => this.refused(ref, e),
      );
      pending.finally(() => this.inflight.delete(key)).catch(() => {});
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async checkNow(ref: ShareRef, asker: Asker): Promise<ShareStatus> {
    try {
      return this.record(ref, await this.check(ref), asker);
    } finally {
      this.queue.finished();
    }
  }

  /** Not checked: too many waiting for that tab (it is told `unknown`), or no one waits any more. */
  private refused(ref: ShareRef, e: CheckRefused): ShareStatus {
    const status: ShareStatus = { state: 'unknown', code: 'TooManyRequests' };
    if (e.reason === 'lane-full') this.deps.onStatus?.(ref, status);
    return status;
  }

  private record(ref: ShareRef, status: ShareStatus, asker: Asker): ShareStatus {
    const key = statusKey(ref);
    if (status.state === 'unknown') {
      this.scheduleRetry(ref, asker);
    } else {
      this.retries.delete(key);
      const ttl = DEAD_STATES.has(status.state) ? DEAD_TTL_MS : ALIVE_TTL_MS;
      this.cache.set(key, { status, until: this.now() + ttl });
    }
    this.deps.onStatus?.(ref, status);
    return status;
  }

  private scheduleRetry(ref: ShareRef, asker: Asker): void {
    const key = statusKey(ref);
    const attempt = this.retries.get(key) ?? 0;
    const delay = UNKNOWN_RETRY_MS[attempt];
    if (delay === undefined) return; // retries used up
    this.retries.set(key, attempt + 1);
    const setTimer = this.deps.setTimer ?? ((fn, ms) => void setTimeout(fn, ms));
    setTimer(() => void this.resolve(ref, asker), delay);
  }

  private async check(ref: ShareRef): Promise<ShareStatus> {
    if (ref.kind === 'quick_transfer') return this.checkQuickTransfer(ref.shareId);
    let info: ShareInfo;
    try {
      info = await this.metadata(ref.shareId);
    } catch (e) {
      return statusFromError(e);
    }
    const base = describeShare(info);
    if (!info.has_pwd) return { ...base, state: (info.file_count ?? 1) > 0 ? 'valid' : 'empty' };
    if (!ref.code) return { ...base, state: 'needs-code' };
    try {
      await getShareToken(this.deps.transport, ref.shareId, ref.code);
      return {
        ...base,
        state: (info.file_count ?? 1) > 0 ? 'valid' : 'empty',
        ...(ref.candidate && { codeAccepted: true }),
      };
    } catch (e) {
      if (isAlipanError(e) && e.category === 'code-needed') {
        // Only a code the page stated with a keyword may be called wrong: a candidate is dropped.
        return ref.candidate ? { ...base, state: 'needs-code' } : { ...base, state: 'wrong-code', code: e.code };
      }
      return { ...statusFromError(e), ...base };
    }
  }

  /** §10: a quick transfer has no code; its errors are a share's (§3). */
  private async checkQuickTransfer(transferId: string): Promise<ShareStatus> {
    try {
      const info = await getQuickTransferByAnonymous(this.deps.transport, transferId);
      return { ...describeShare(info), state: (info.file_infos?.length ?? 1) > 0 ? 'valid' : 'empty' };
    } catch (e) {
      return statusFromError(e);
    }
  }

  /** One metadata request per share id, whatever codes different pages found for it. */
  private metadata(shareId: string): Promise<ShareInfo> {
    const hit = this.metadataById.get(shareId);
    if (hit && hit.until > this.now()) return hit.info;
    const info = getShareByAnonymous(this.deps.transport, shareId);
    this.metadataById.set(shareId, { info, until: this.now() + ALIVE_TTL_MS });
    // A failure is not remembered: the next ask tries again.
    info.catch(() => this.metadataById.delete(shareId));
    return info;
  }
}

function statusFromError(e: unknown): ShareStatus {
  const error = e as AlipanError;
  const dead = isAlipanError(e) ? DEAD_BY_CATEGORY[e.category] : undefined;
  return { state: dead ?? 'unknown', code: isAlipanError(error) ? error.code : 'Internal' };
}

function describeShare(info: ShareInfo): Omit<ShareStatus, 'state'> {
  return {
    name: info.share_name || info.share_title || info.display_name || info.file_infos?.[0]?.file_name,
    fileCount: info.file_count,
    creator: info.creator_name,
    expiration: info.expiration ?? '',
  };
}
