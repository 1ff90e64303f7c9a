/**
 * Hands what the page adds, removes or moves (and text it changes) to a callback in batches,
 * in an idle period.
 * The MutationObserver callback runs on every DOM change of the page, so it only collects
 * nodes (as uBlock's content script does); one batch is processed at a time.
 */
import { whenIdle } from './schedule';

export interface AdditionWatcher {
  /**
   * Stops watching while we write (badges, split text nodes): our own changes then cost no
   * records at all. What the page changed before is kept. Call `resume` before yielding.
   */
  pause(): void;
  resume(): void;
}

const OPTIONS: MutationObserverInit = { childList: true, subtree: true, characterData: true };

export function watchAdditions(
  root: Node,
  onBatch: (nodes: Node[]) => Promise<void>,
  signal: AbortSignal,
): AdditionWatcher {
  let pending = new Set<Node>();
  let scheduled = false;
  let busy = false;

  const schedule = () => {
    if (scheduled || busy || pending.size === 0 || signal.aborted) return;
    scheduled = true;
    whenIdle(() => void flush());
  };
  const flush = async () => {
    scheduled = false;
    if (signal.aborted) return;
    const batch = [...pending];
    pending = new Set();
    busy = true;
    try {
      await onBatch(batch);
    } finally {
      busy = false;
    }
    schedule();
  };

  const collect = (records: MutationRecord[]) => {
    for (const record of records) {
      if (record.type === 'characterData') pending.add(record.target);
      else {
        for (const node of record.addedNodes) pending.add(node);
        for (const node of record.removedNodes) pending.add(node);
      }
    }
    schedule();
  };
  const observer = new MutationObserver(collect);
  observer.observe(root, OPTIONS);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  // A slice writes hundreds of badges, each after a pause: only the first does anything.
  let paused = false;
  return {
    pause() {
      if (paused) return;
      paused = true;
      collect(observer.takeRecords());
      observer.disconnect();
    },
    resume() {
      paused = false;
      if (!signal.aborted) observer.observe(root, OPTIONS);
    },
  };
}
