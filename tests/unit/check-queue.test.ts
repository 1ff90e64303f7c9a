import { describe, expect, it } from 'vitest';
import { type Asker, type CheckLimits, CheckQueue } from '../../lib/shares/check-queue';

/** One check at a time, so that the order is the queue's; each check ends as soon as it starts. */
function harness(limits: Partial<CheckLimits> = {}) {
  const clock = { now: 0 };
  const timers: { fn: () => void; at: number }[] = [];
  const waits: number[] = [];
  const queue = new CheckQueue({
    limits: { concurrent: 1, perTabPerMinute: 100, perTabWaiting: 100, spacingMs: 0, ...limits },
    now: () => clock.now,
    setTimer: (fn, ms) => timers.push({ fn, at: clock.now + ms }),
    onWait: (when) => waits.push(when),
  });
  const started: string[] = [];
  const refused: string[] = [];
  const ask = (key: string, asker: Asker) =>
    void queue.wait(key, asker).then(
      () => {
        started.push(key);
        queue.finished();
      },
      (e: { reason: string }) => refused.push(`${key} ${e.reason}`),
    );
  const settle = () => new Promise((r) => setTimeout(r, 0));
  /** Moves the clock to `at` and fires the timers due by then. */
  const advance = async (at: number) => {
    clock.now = at;
    const due = timers.filter((t) => t.at <= at);
    timers.splice(0, timers.length, ...timers.filter((t) => t.at > at));
    for (const timer of due) timer.fn();
    await settle();
  };
  return { queue, started, refused, waits, ask, settle, advance };
}

const asks = (h: ReturnType<typeof harness>, prefix: string, asker: Asker, n: number) => {
  for (let i = 1; i <= n; i++) h.ask(`${prefix}${i}`, asker);
};

describe('CheckQueue', () => {
  it('a tab that just reported goes before a tab that has had many checks; then they take turns', async () => {
    const h = harness();
    asks(h, 'big', 1, 6);
    await h.settle();
    expect(h.started).toEqual(['big1', 'big2', 'big3', 'big4', 'big5', 'big6']);
    for (let i = 7; i <= 12; i++) h.ask(`big${i}`, 1);
    asks(h, 'small', 2, 3);
    asks(h, 'third', 3, 2);
    await h.settle();
    expect(h.started.slice(6, 14)).toEqual(['big7', 'small1', 'third1', 'small2', 'third2', 'small3', 'big8', 'big9']);
  });

  it("the extension's pages first, then the active tab, then the others", async () => {
    const h = harness();
    h.ask('first', 1); // starts at once: nothing waits yet
    asks(h, 'bg', 1, 2);
    asks(h, 'act', 2, 2);
    h.ask('viewer', 'extension');
    h.queue.setActiveTab(2);
    await h.settle();
    expect(h.started).toEqual(['first', 'viewer', 'act1', 'act2', 'bg1', 'bg2']);
  });

  it('a page just opened in a background tab is not held back by a big active tab', async () => {
    const h = harness();
    h.queue.setActiveTab(1);
    asks(h, 'big', 1, 10);
    await h.settle();
    for (let i = 11; i <= 20; i++) h.ask(`big${i}`, 1);
    asks(h, 'new', 2, 2);
    await h.settle();
    // big11 started at once (nothing ran); then the active tab's 11 count as 2.75: the new tab's two go first.
    expect(h.started.slice(10, 15)).toEqual(['big11', 'new1', 'new2', 'big12', 'big13']);
  });

  it('a check waiting in a background tab moves up when the active tab asks for it too', async () => {
    const h = harness();
    h.queue.setActiveTab(2);
    h.ask('first', 1);
    asks(h, 'bg', 1, 3);
    h.queue.join('bg3', 2);
    await h.settle();
    expect(h.started).toEqual(['first', 'bg3', 'bg1', 'bg2']);
  });

  it("a tab over its minute's budget waits while the others go on, and resumes a minute after its first check", async () => {
    const h = harness({ perTabPerMinute: 3 });
    asks(h, 'big', 1, 5);
    await h.settle();
    expect(h.started).toEqual(['big1', 'big2', 'big3']);
    expect(h.waits).toEqual([60_000]);
    await h.advance(1_000);
    asks(h, 'small', 2, 2);
    await h.settle();
    expect(h.started.slice(3)).toEqual(['small1', 'small2']);
    await h.advance(60_000);
    expect(h.started.slice(5)).toEqual(['big4', 'big5']);
  });

  it("starts checks no faster than the share calls' pace, so the next one is chosen when it can go", async () => {
    const h = harness({ concurrent: 3, spacingMs: 200 });
    asks(h, 'big', 1, 3);
    await h.settle();
    expect(h.started).toEqual(['big1']);
    asks(h, 'small', 2, 1);
    await h.advance(200);
    expect(h.started).toEqual(['big1', 'small1']);
    await h.advance(400);
    expect(h.started).toEqual(['big1', 'small1', 'big2']);
    expect(h.waits).toEqual([]);
  });

  it("a closed tab's checks go unless another tab waits for them; a full lane refuses", async () => {
    const h = harness({ perTabWaiting: 3 });
    h.ask('first', 3);
    asks(h, 'x', 1, 3);
    h.ask('x4', 1);
    h.queue.join('x2', 2);
    h.queue.dropTab(1);
    await h.settle();
    expect(h.started).toEqual(['first', 'x2']);
    expect(h.refused.sort()).toEqual(['x1 tab-closed', 'x3 tab-closed', 'x4 lane-full']);
  });
});
