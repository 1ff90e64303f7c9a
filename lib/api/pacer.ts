/**
 * Client-side pacing: calls of one class are spaced at least `intervalMs` apart, in arrival
 * order. Alipan answers 429 when a user exceeds about 1 download-link call/s, 4 list calls/s and
 * 15 other open calls/s (alipan-api.md §8); pacing below that means we rarely provoke one.
 */
export type PaceClass = 'share' | 'web' | 'auth' | 'open-list' | 'open-link' | 'open-other' | 'renew';

export const PACE_INTERVAL_MS: Record<PaceClass, number> = {
  share: 200, // anonymous share calls: undocumented limit, 5/s keeps us well clear
  web: 100,
  auth: 0, // refreshes are already one at a time
  'open-list': 250,
  'open-link': 1000,
  'open-other': 67,
  renew: 0,
};

export interface Pacer {
  /** Resolves when the caller may send its request. */
  wait(key: string, intervalMs: number): Promise<void>;
}

export function createPacer(now: () => number = Date.now, sleep: (ms: number) => Promise<void> = defaultSleep): Pacer {
  const nextFree = new Map<string, number>();
  return {
    async wait(key, intervalMs) {
      if (intervalMs <= 0) return;
      const t = now();
      const slot = Math.max(t, nextFree.get(key) ?? 0);
      nextFree.set(key, slot + intervalMs);
      if (slot > t) await sleep(slot - t);
    },
  };
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
