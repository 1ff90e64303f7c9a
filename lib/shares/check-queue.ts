/**
 * Who checks next, when many pages wait for their badges (issue 11: one page with thousands of
 * links filled the one shared queue, and every other tab stayed `checking` for minutes). Each
 * asker has a lane of its own: the extension's pages go first (the user opened that share), then
 * the tab with the fewest checks this minute, the active tab counting its checks at a quarter
 * (so it goes first, yet a page just opened in another tab is not held back by a big active
 * one). All share calls together are paced at 5 a second (pacer.ts, alipan-api.md §3: 429s make
 * every badge `unknown`); one tab starts at most `perTabPerMinute` checks a minute, half of
 * that, so a big page always leaves room for the others.
 */

import { PACE_INTERVAL_MS } from '../api/pacer';

/** A tab's content script, or the extension's own pages (viewer, popup). */
export type Asker = number | 'extension';

export interface CheckLimits {
  /** Checks running at once. */
  concurrent: number;
  /** Checks started in any 60 s for one asker. */
  perTabPerMinute: number;
  /** Checks one asker may have waiting; more are refused (`LaneFull`). */
  perTabWaiting: number;
  /**
   * Time between two starts, 0 for none. At the share calls' pace (pacer.ts), no check waits in
   * the pacer's line, where a tab that asks next could no longer go before it.
   */
  spacingMs: number;
}

export const CHECK_LIMITS: CheckLimits = { concurrent: 3, perTabPerMinute: 150, perTabWaiting: 5000, spacingMs: 0 };
/** The background's badge checks: started at the share calls' pace. */
export const BADGE_CHECK_LIMITS: CheckLimits = { ...CHECK_LIMITS, spacingMs: PACE_INTERVAL_MS.share };
const MINUTE_MS = 60_000;
/** The active tab's checks count this much less when the least served tab is chosen. */
const ACTIVE_TAB_WEIGHT = 4;

/** Why a check will not run: its lane was full, or every tab that asked for it closed. */
export class CheckRefused extends Error {
  constructor(readonly reason: 'lane-full' | 'tab-closed') {
    super(reason);
  }
}

interface Waiting {
  start: () => void;
  refuse: (e: CheckRefused) => void;
  askers: Set<Asker>;
}

export class CheckQueue {
  /** Keys waiting, per asker, first asked first; a key started from another lane is skipped when met. */
  private readonly lanes = new Map<Asker, string[]>();
  private readonly waiting = new Map<string, Waiting>();
  private running = 0;
  private activeTab?: number;
  /** Start times within the last minute, per asker. */
  private readonly startsByAsker = new Map<Asker, number[]>();
  private wakeAt = Infinity;
  private lastStart = -Infinity;

  constructor(
    private readonly deps: {
      limits?: CheckLimits;
      now?: () => number;
      setTimer?: (fn: () => void, ms: number) => void;
      /** Checks wait for a minute's budget until `when`: a worker stopped meanwhile must be woken. */
      onWait?: (when: number) => void;
    } = {},
  ) {}

  private get limits(): CheckLimits {
    return this.deps.limits ?? CHECK_LIMITS;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Resolves when the check of `key` may start; call `finished()` once it is done. */
  wait(key: string, asker: Asker): Promise<void> {
    const lane = this.lanes.get(asker) ?? [];
    if (lane.length >= this.limits.perTabWaiting) return Promise.reject(new CheckRefused('lane-full'));
    return new Promise<void>((start, refuse) => {
      this.waiting.set(key, { start, refuse, askers: new Set([asker]) });
      lane.push(key);
      this.lanes.set(asker, lane);
      this.pump();
    });
  }

  /** Another asker for a check already waiting: it moves up to that asker's place in line too. */
  join(key: string, asker: Asker): void {
    const job = this.waiting.get(key);
    if (!job || job.askers.has(asker)) return;
    job.askers.add(asker);
    const lane = this.lanes.get(asker) ?? [];
    lane.push(key);
    this.lanes.set(asker, lane);
    this.pump();
  }

  finished(): void {
    this.running--;
    this.pump();
  }

  setActiveTab(tabId: number): void {
    this.activeTab = tabId;
    this.pump();
  }

  /** A closed tab: its waiting checks go, unless another asker waits for them too. */
  dropTab(tabId: number): void {
    for (const key of this.lanes.get(tabId) ?? []) {
      const job = this.waiting.get(key);
      if (!job?.askers.delete(tabId) || job.askers.size > 0) continue;
      this.waiting.delete(key);
      job.refuse(new CheckRefused('tab-closed'));
    }
    this.lanes.delete(tabId);
    this.startsByAsker.delete(tabId);
  }

  private pump(): void {
    const now = this.now();
    while (this.running < this.limits.concurrent && this.waiting.size > 0) {
      const spaced = this.lastStart + this.limits.spacingMs;
      if (spaced > now) {
        this.wakeWhenFree(spaced, false);
        return;
      }
      const next = this.next(now);
      if (!next) return;
      const [asker, key] = next;
      const job = this.waiting.get(key);
      this.waiting.delete(key);
      if (!job) continue; // next() hands out waiting keys only
      this.running++;
      this.lastStart = now;
      const mine = this.startsByAsker.get(asker) ?? [];
      mine.push(now);
      this.startsByAsker.set(asker, mine);
      job.start();
    }
  }

  /**
   * The next check: the extension's pages' if they have one, else that of the least served tab
   * (see the top), the round's order breaking ties. Tabs over their minute's budget wait.
   */
  private next(now: number): [Asker, string] | undefined {
    let budgetFreesAt = Infinity;
    let best: { asker: Asker; lane: string[]; served: number } | undefined;
    for (const asker of this.turnOrder()) {
      const lane = this.lanes.get(asker) ?? [];
      while (lane.length > 0 && !this.waiting.has(lane[0] ?? '')) lane.shift();
      if (lane.length === 0) {
        this.lanes.delete(asker);
        continue;
      }
      const started = recent(this.startsByAsker.get(asker) ?? [], now);
      if (started.length >= this.limits.perTabPerMinute) {
        budgetFreesAt = Math.min(budgetFreesAt, (started[0] ?? now) + MINUTE_MS);
        continue;
      }
      if (asker === 'extension') {
        best = { asker, lane, served: -1 };
        break;
      }
      const served = asker === this.activeTab ? started.length / ACTIVE_TAB_WEIGHT : started.length;
      if (!best || served < best.served) best = { asker, lane, served };
    }
    if (!best) {
      if (budgetFreesAt < Infinity) this.wakeWhenFree(budgetFreesAt);
      return undefined;
    }
    // Its turn is used: to the back of the round (Map order).
    this.lanes.delete(best.asker);
    this.lanes.set(best.asker, best.lane);
    const key = best.lane.shift();
    return key === undefined ? undefined : [best.asker, key];
  }

  /** The extension's pages, the active tab, then the other tabs in their round's order (ties go this way). */
  private turnOrder(): Asker[] {
    const first: Asker[] = ['extension', ...(this.activeTab === undefined ? [] : [this.activeTab])];
    return [...first.filter((a) => this.lanes.has(a)), ...[...this.lanes.keys()].filter((a) => !first.includes(a))];
  }

  /** Pumps again at `when`; a wait for a minute's budget (`alarm`) may outlive the worker. */
  private wakeWhenFree(when: number, alarm = true): void {
    if (when >= this.wakeAt) return;
    this.wakeAt = when;
    const setTimer = this.deps.setTimer ?? ((fn, ms) => void setTimeout(fn, ms));
    setTimer(
      () => {
        this.wakeAt = Infinity;
        this.pump();
      },
      Math.max(0, when - this.now()),
    );
    if (alarm) this.deps.onWait?.(when);
  }
}

/** Drops the start times older than a minute (they are in order) and returns what is left. */
function recent(starts: number[], now: number): number[] {
  while ((starts[0] ?? Number.POSITIVE_INFINITY) <= now - MINUTE_MS) starts.shift();
  return starts;
}
