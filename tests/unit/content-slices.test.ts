/**
 * The content script's scheduling pieces on their own: slices end (and their bookkeeping is
 * undone) even when the work throws, and the addition watcher ignores our own writes while
 * paused without losing what the page changed before.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchAdditions } from '../../lib/content/observer';
import { runSliced } from '../../lib/content/schedule';

let stop: AbortController | undefined;

afterEach(() => {
  stop?.abort();
  document.body.innerHTML = '';
});

describe('runSliced', () => {
  it('ends the slice even when the work throws', async () => {
    const afterSlice = vi.fn();
    function* work() {
      yield;
      throw new Error('boom');
    }
    await expect(runSliced(work(), new AbortController().signal, afterSlice)).rejects.toThrow('boom');
    expect(afterSlice).toHaveBeenCalledTimes(1);
  });

  it('ends the slice at a promise the work yields, and goes on once it settled', async () => {
    const afterSlice = vi.fn();
    let answer!: () => void;
    const steps: string[] = [];
    function* work() {
      steps.push('before');
      yield new Promise<void>((resolve) => (answer = resolve));
      steps.push('after');
    }
    const done = runSliced(work(), new AbortController().signal, afterSlice);
    await new Promise((r) => setTimeout(r, 20));
    expect([steps, afterSlice.mock.calls.length]).toEqual([['before'], 1]);
    answer();
    await expect(done).resolves.toBe(true);
    expect([steps, afterSlice.mock.calls.length]).toEqual([['before', 'after'], 2]);
  });

  it('does not go on after a yielded promise when the signal aborted meanwhile', async () => {
    const controller = new AbortController();
    let after = false;
    function* work() {
      yield Promise.resolve().then(() => controller.abort());
      after = true;
    }
    await expect(runSliced(work(), controller.signal, () => {})).resolves.toBe(false);
    expect(after).toBe(false);
  });
});

describe('watchAdditions', () => {
  it('keeps what the page added before a pause, ignores what is written during it, and watches again after', async () => {
    stop = new AbortController();
    const batches: Node[][] = [];
    const watcher = watchAdditions(document.body, async (nodes) => void batches.push(nodes), stop.signal);
    const fromPage = document.createElement('p');
    document.body.append(fromPage);
    watcher.pause();
    document.body.append(document.createElement('span'));
    watcher.resume();
    await vi.waitFor(() => expect(batches).toEqual([[fromPage]]));
    const later = document.createElement('div');
    document.body.append(later);
    await vi.waitFor(() => expect(batches).toEqual([[fromPage], [later]]));
  });

  it('stays stopped once its signal aborted, even when resumed', async () => {
    stop = new AbortController();
    const onBatch = vi.fn(async () => {});
    const watcher = watchAdditions(document.body, onBatch, stop.signal);
    watcher.pause();
    stop.abort();
    watcher.resume();
    document.body.append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 100));
    expect(onBatch).not.toHaveBeenCalled();
  });
});
