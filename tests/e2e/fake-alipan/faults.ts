/** Injected failures (rateLimit / failNext) and the documented per-user pace limits. */
import { ApiError } from './http.ts';
import type { FailRule, HostPathRule, RateLimitRule } from './types.ts';

interface Armed {
  rule: HostPathRule;
  /** Matching requests still let through. */
  passes: number;
  left: number;
  error: () => ApiError;
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
  private armed: Armed[] = [];

  rateLimit(rule: RateLimitRule): void {
    const error = () => tooManyRequests(rule.code ?? 'TooManyRequests', rule.retryAfterSec);
    this.armed.push({ rule, passes: rule.after ?? 0, left: rule.count, error });
  }

  failNext(rule: FailRule): void {
    const error = () => new ApiError(rule.status, rule.code, rule.message ?? `injected ${rule.code}`);
    this.armed.push({ rule, passes: rule.after ?? 0, left: rule.count ?? 1, error });
  }

  clear(): void {
    this.armed = [];
  }

  /** The error injected for this request, if any; spends one pass or use of the oldest matching rule. */
  take(host: string, path: string): ApiError | undefined {
    const hit = this.armed.find((a) => matches(a.rule.host, host) && matches(a.rule.path, path));
    if (!hit) return undefined;
    if (hit.passes > 0) return void (hit.passes -= 1);
    hit.left -= 1;
    this.armed = this.armed.filter((a) => a.left > 0);
    return hit.error();
  }
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
