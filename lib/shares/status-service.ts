import { type AlipanError, type ErrorCategory, isAlipanError } from '../api/errors';
import { getQuickTransferByAnonymous, getShareByAnonymous, getShareToken, type ShareInfo } from '../api/share';
import type { Transport } from '../api/transport';
import { type Asker, CheckQueue, type CheckRefused } from './check-queue';
import { DEAD_STATES, refOfStatusKey, type ShareRef, type ShareState, type ShareStatus, statusKey } from './model';
import { ShortLinks, shareOfShortLink } from './short-links';
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

/** A short link that leads to no share (the shortener's home page, a 404): as dead as a share not found. */
const LEADS_NOWHERE: ShareStatus = { state: 'not-found', code: 'ShortLink.NoShare' };

/**
 * Answers "is this share alive?" for badges and the popup (alipan-api.md §3, §4): one metadata
 * request per distinct share however many tabs and copies ask, a code verified with a share
 * token, results cached (alive minutes, dead a day, unknown never), checks taken in a fair order
 * per tab (check-queue.ts). Rate limits and network errors give `unknown`, never a dead state.
 * A short link (§10) shows the status of the share it leads to (short-links.ts), with that share.
 */
export class ShareStatusService {
  private readonly cache: StatusCache;
  private readonly inflight = new Map<string, Promise<ShareStatus>>();
  /** Metadata per share id, in flight or recent (it does not depend on the code). */
  private readonly metadataById = new Map<string, { info: Promise<ShareInfo>; until: number }>();
  private readonly retries = new Map<string, number>();
  private readonly queue: CheckQueue;
  private readonly shortLinks: ShortLinks;
  /** By a share's status key: the short links leading to it, told whenever its status changes. */
  private readonly shortLinksTo = new Map<string, Map<string, ShareRef>>();

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
      shortLinks?: ShortLinks;
    },
  ) {
    this.cache = deps.cache ?? new StatusCache({ now: deps.now });
    this.queue = deps.queue ?? new CheckQueue({ now: deps.now, setTimer: deps.setTimer });
    this.shortLinks = deps.shortLinks ?? new ShortLinks({ now: deps.now });
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

  async restore(): Promise<void> {
    await Promise.all([this.cache.restore(), this.shortLinks.restore()]);
  }

  /** The cached status, if still valid; a short link's when both its target and that share's status are known. */
  peek(ref: ShareRef): ShareStatus | undefined {
    if (ref.kind !== 'short_url') return this.cache.get(statusKey(ref))?.status;
    const leadsTo = this.shortLinks.peek(ref.shareId);
    if (leadsTo === null) return LEADS_NOWHERE;
    const target = leadsTo && shareOfShortLink(ref, leadsTo);
    const status = target && this.peek(target);
    return status && { ...status, target };
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
      this.notify(refOfStatusKey(key), status);
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
      pending =
        ref.kind === 'short_url'
          ? this.followShortLink(ref, asker)
          : this.queue.wait(key, asker).then(
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
    if (e.reason === 'lane-full') this.notify(ref, status);
    return status;
  }

  /**
   * §10: where the link leads is asked in the tab's turn, like a check (a page of short links
   * waits behind no other tab, and gets no more than its share of turns), then the share there
   * is checked as any other. The redirect goes to alywp.net, not to the share API, but it is one
   * request as a check is: the queue's pace is Alipan's anyway.
   */
  private async followShortLink(ref: ShareRef, asker: Asker): Promise<ShareStatus> {
    let leadsTo = this.shortLinks.peek(ref.shareId);
    if (leadsTo === undefined) {
      try {
        await this.queue.wait(statusKey(ref), asker);
      } catch (e) {
        return this.refused(ref, e as CheckRefused);
      }
      try {
        leadsTo = await this.shortLinks.resolve(ref.shareId);
      } catch (e) {
        return this.record(ref, statusFromError(e), asker);
      } finally {
        this.queue.finished();
      }
    }
    if (!leadsTo) return this.record(ref, LEADS_NOWHERE, asker);
    const target = shareOfShortLink(ref, leadsTo);
    const targetKey = statusKey(target);
    const links = this.shortLinksTo.get(targetKey) ?? new Map<string, ShareRef>();
    links.set(statusKey(ref), ref);
    this.shortLinksTo.set(targetKey, links);
    const known = this.peek(target);
    // Not known: the share's check tells this link too (notify).
    return known ? this.record(ref, { ...known, target }, asker) : { ...(await this.resolve(target, asker)), target };
  }

  private record(ref: ShareRef, status: ShareStatus, asker: Asker): ShareStatus {
    const key = statusKey(ref);
    if (status.state === 'unknown') {
      this.scheduleRetry(ref, asker);
    } else {
      this.retries.delete(key);
      const ttl = DEAD_STATES.has(status.state) ? DEAD_TTL_MS : ALIVE_TTL_MS;
      // A short link's own status is not kept: its target and its share's status are.
      if (ref.kind !== 'short_url') this.cache.set(key, { status, until: this.now() + ttl });
    }
    this.notify(ref, status);
    return status;
  }

  /** Tells the share's status, and to every short link known to lead to it, the same with the share. */
  private notify(ref: ShareRef, status: ShareStatus): void {
    this.deps.onStatus?.(ref, status);
    for (const link of this.shortLinksTo.get(statusKey(ref))?.values() ?? [])
      this.deps.onStatus?.(link, { ...status, target: ref });
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
