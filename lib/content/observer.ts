/**
 * Hands what the page adds (or text it changes) to a callback in batches, in an idle period.
 * The MutationObserver callback runs on every DOM change of the page, so it only collects
 * nodes (as uBlock's content script does); one batch is processed at a time.
 */
import { whenIdle } from './schedule';

export interface AdditionWatcher {
  /** Drops the records of our own DOM writes (badges, split text nodes): call right after writing. */
  forgetOwnChanges(): void;
}

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
    const batch = [...pending].filter((node) => node.isConnected);
    pending = new Set();
    busy = true;
    try {
      await onBatch(batch);
    } finally {
      busy = false;
    }
    schedule();
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') pending.add(record.target);
      else for (const node of record.addedNodes) pending.add(node);
    }
    schedule();
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  return { forgetOwnChanges: () => void observer.takeRecords() };
}
