/** Injected failures (rateLimit / failNext, spoiled CDN transfers) and the documented per-user pace limits. */
import { ApiError } from './http.ts';
import type {
  CdnRule,
  CutRule,
  DelayRule,
  ErrorBodyRule,
  FailRule,
  HostPathRule,
  HtmlRule,
  RateLimitRule,
} from './types.ts';

interface Armed<R> {
  rule: R;
  /** Matching requests still let through. */
  passes: number;
  left: number;
}

/** Armed rules, spent oldest first by the requests they match. */
class RuleQueue<R> {
  private armed: Armed<R>[] = [];

  add(rule: R, count: number, passes = 0): void {
    this.armed.push({ rule, passes, left: count });
  }

  clear(): void {
    this.armed = [];
  }

  /** The oldest matching rule when it bites; spends one of its passes (then nothing bites) or uses. */
  take(matches: (rule: R) => boolean): R | undefined {
    const hit = this.armed.find((a) => matches(a.rule));
    if (!hit) return undefined;
    if (hit.passes > 0) {
      hit.passes -= 1;
      return undefined;
    }
    hit.left -= 1;
    this.armed = this.armed.filter((a) => a.left > 0);
    return hit.rule;
  }
}

function matches(pattern: string | RegExp | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === value : pattern.test(value);
}

function tooManyRequests(code: string, retryAfterSec?: number): ApiError {
  const headers: Record<string, string> =
    retryAfterSec === undefined ? {} : { 'x-retry-after': String(retryAfterSec), 'retry-after': String(retryAfterSec) };
  return new ApiError(429, code, 'Too Many Requests', headers);
}

export class Faults {
  private readonly errors = new RuleQueue<{ where: HostPathRule; error: () => ApiError }>();
  private readonly cuts = new RuleQueue<CutRule>();
  private readonly errorBodies = new RuleQueue<ErrorBodyRule>();
  private readonly htmlPages = new RuleQueue<HtmlRule>();
  private readonly delays = new RuleQueue<DelayRule>();

  delayAnswers(rule: DelayRule): void {
    this.delays.add(rule, rule.count ?? 1, rule.after ?? 0);
  }

  /** How long this request's answer is held back, if a rule says so. */
  takeDelay(host: string, path: string): number | undefined {
    return this.delays.take((r) => matches(r.host, host) && matches(r.path, path))?.ms;
  }

  rateLimit(rule: RateLimitRule): void {
    const error = () => tooManyRequests(rule.code ?? 'TooManyRequests', rule.retryAfterSec);
    this.errors.add({ where: rule, error }, rule.count, rule.after ?? 0);
  }

  failNext(rule: FailRule): void {
    const error = () => new ApiError(rule.status, rule.code, rule.message ?? `injected ${rule.code}`);
    this.errors.add({ where: rule, error }, rule.count ?? 1, rule.after ?? 0);
  }

  htmlNext(rule: HtmlRule): void {
    this.htmlPages.add(rule, rule.count ?? 1, rule.after ?? 0);
  }

  cutDownloads(rule: CutRule): void {
    this.cuts.add(rule, rule.count ?? 1);
  }

  errorBodyNext(rule: ErrorBodyRule): void {
    this.errorBodies.add(rule, rule.count ?? 1);
  }

  clear(): void {
    for (const queue of [this.errors, this.cuts, this.errorBodies, this.htmlPages, this.delays]) queue.clear();
  }

  /** The error injected for this request, if any. */
  take(host: string, path: string): ApiError | undefined {
    return this.errors.take(({ where }) => matches(where.host, host) && matches(where.path, path))?.error();
  }

  /** The HTML page armed for this request, if any. */
  takeHtml(host: string, path: string): string | undefined {
    const rule = this.htmlPages.take((r) => matches(r.host, host) && matches(r.path, path));
    return (
      rule && (rule.body ?? '<!DOCTYPE html><html><body><h1>Access denied</h1><p>Request blocked.</p></body></html>')
    );
  }

  /** The cut armed for this CDN GET of the drive file `name`, if any. */
  takeCut(path: string, name: string): CutRule | undefined {
    return this.cuts.take((rule) => matchesCdn(rule, path, name));
  }

  /** The error body armed for this CDN GET of the drive file `name`, if any. */
  takeErrorBody(path: string, name: string): ErrorBodyRule | undefined {
    return this.errorBodies.take((rule) => matchesCdn(rule, path, name));
  }
}

function matchesCdn(rule: CdnRule, path: string, name: string): boolean {
  return matches(rule.path, path) && matches(rule.name, name);
}

export type PaceClass = 'link' | 'list' | 'other';

/** Calls per second per user (alipan-api.md §8). */
const PACE_PER_SECOND: Record<PaceClass, number> = { link: 1, list: 4, other: 15 };

/** Clients pacing at exactly the limit arrive a little early or late; forgive that much jitter. */
const WINDOW_MS = 1000 - 50;

export class PaceLimits {
  enabled = false;
  private readonly recent = new Map<string, number[]>();

  /** Counts a call, or throws 429 TooManyRequests when the user is over the limit for this class. */
  check(userId: string, cls: PaceClass): void {
    if (!this.enabled) return;
    const key = `${userId}:${cls}`;
    const now = Date.now();
    const inWindow = (this.recent.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    if (inWindow.length >= PACE_PER_SECOND[cls]) {
      this.recent.set(key, inWindow);
      throw tooManyRequests('TooManyRequests', 1);
    }
    this.recent.set(key, [...inWindow, now]);
  }
}
