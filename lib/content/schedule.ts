/**
 * When the content script's work runs. A task over 50 ms is a "long task" that delays the
 * page's input handling, so batches wait for idle time and long passes run in ~8 ms slices.
 */
const SLICE_MS = 8;
const IDLE_TIMEOUT_MS = 200;

/** Calls `run` once the page is idle, at the latest after IDLE_TIMEOUT_MS. */
export function whenIdle(run: () => void): void {
  // Safari has no requestIdleCallback.
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(run, 16);
}

/**
 * Steps through `work` in slices of about SLICE_MS, calling `afterSlice` with each slice's
 * start and end (still inside the slice's task) and yielding to the event loop between slices.
 * A promise the work yields ends its slice, and the work goes on once it settled (it must not
 * reject). Resolves to false when `signal` aborted before the work was done.
 */
export async function runSliced(
  work: Iterator<unknown>,
  signal: AbortSignal,
  afterSlice: (start: number, end: number) => void,
): Promise<boolean> {
  for (;;) {
    if (signal.aborted) return false;
    const start = performance.now();
    let step: IteratorResult<unknown>;
    try {
      step = work.next();
      while (!step.done && !(step.value instanceof Promise) && performance.now() - start < SLICE_MS) step = work.next();
    } finally {
      // Also when the work throws: the caller's per-slice bookkeeping (a paused observer) is undone.
      afterSlice(start, performance.now());
    }
    if (step.done) return true;
    await (step.value instanceof Promise ? step.value : nextTask());
  }
}

/**
 * Resolves in a later task. `scheduler.yield()` (Chromium 129+) resumes ahead of other queued
 * tasks; elsewhere a MessageChannel message, which setTimeout's 4 ms clamp on nested timers
 * does not slow down.
 */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
