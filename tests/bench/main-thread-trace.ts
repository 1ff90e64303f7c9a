/**
 * The page's main-thread tasks as Chromium's own trace records them, with each task's thread
 * CPU time (`tdur`) beside its wall time (`dur`). A `longtask` entry is wall time only: on a
 * loaded machine a task the OS descheduled looks long though it did no more work, so the scan
 * bench judges "no task over 50 ms" on both and says which (issue 11).
 */
import type { CDPSession, Page } from 'playwright-core';

export interface TraceTask {
  /** Trace clock, µs. */
  start: number;
  /** Wall time, ms. */
  wall: number;
  /** Time the thread was on a CPU, ms. */
  cpu: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const CATEGORIES = ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'].join(',');

/** Starts a browser-wide trace; `stop()` returns the tasks of the main thread that ran `measure`. */
export async function traceMainThread(page: Page): Promise<{ stop(measure: string): Promise<TraceTask[][]> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  return {
    async stop(measure) {
      const done = new Promise<string>((resolve) =>
        cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')),
      );
      await cdp.send('Tracing.end');
      const events = parse(await readStream(cdp, await done));
      await cdp.detach();
      return tasksPerMeasure(events, measure);
    },
  };
}

async function readStream(cdp: CDPSession, handle: string): Promise<string> {
  const chunks: string[] = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle });
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle });
  return chunks.join('');
}

function parse(text: string): TraceEvent[] {
  const json = JSON.parse(text) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(json) ? json : json.traceEvents;
}

/**
 * For each `measure` span (user timing, in order), the main-thread tasks that overlap it:
 * the renderer main thread is the one whose process recorded the measures.
 */
function tasksPerMeasure(events: TraceEvent[], measure: string): TraceTask[][] {
  const spans = events.filter((e) => e.name === measure && (e.ph === 'b' || e.ph === 'e'));
  const pid = spans[0]?.pid;
  if (pid === undefined) return [];
  const main = events.find(
    (e) => e.pid === pid && e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )?.tid;
  const tasks = events
    .filter((e) => e.pid === pid && e.tid === main && e.ph === 'X' && e.name === 'RunTask')
    .map((e) => ({ start: e.ts, end: e.ts + (e.dur ?? 0), wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
  const begins = spans.filter((e) => e.ph === 'b').map((e) => e.ts);
  const ends = spans.filter((e) => e.ph === 'e').map((e) => e.ts);
  return begins.map((begin, i) => {
    const end = ends[i] ?? begin;
    return tasks.filter((t) => t.end >= begin && t.start <= end).map(({ start, wall, cpu }) => ({ start, wall, cpu }));
  });
}
