/**
 * Badges on one page: a first pass over the whole body, then passes over what the page adds;
 * found shares are reported to the background, statuses shown as they arrive. Nothing is
 * written before the background said badges are on for the site (the answer to the first
 * report). Everything stops (badges removed) when `signal` aborts, the user switched badges off
 * for the site, or the extension context is gone.
 */
import { currentLang } from '../i18n';
import { type ShareRef, type ShareStatus, statusKey } from '../shares/model';
import { BADGE_TAG, createBadge, showStatus } from './badge';
import { createBridge, type RuntimeLike } from './bridge';
import { contextOf, isText } from './context';
import { watchAdditions } from './observer';
import { createWriter, isBadged, occurrencesIn } from './place';
import { findOwners } from './scan';
import { runSliced } from './schedule';

/**
 * User Timing measures of the scan, in DevTools' Performance panel: one per slice of a pass, so
 * their sum is the script's work and their extent the pass's wall time.
 */
const SCAN_MEASURE = 'alipan-share-helper:scan';
/** Statuses arrive one message each, hundreds at a time on a busy page: shown in batches. */
const STATUS_BATCH_MS = 100;
const CHECKING: ShareStatus = { state: 'checking' };

export function startBadges({
  document,
  runtime,
  signal,
}: {
  document: Document;
  runtime: RuntimeLike;
  signal: AbortSignal;
}): void {
  const body = document.body;
  if (!body) return; // an SVG or XML document
  const life = new AbortController();
  signal.addEventListener('abort', () => life.abort(), { once: true });
  const bridge = createBridge(runtime, () => life.abort());
  /** Our badges, with their shares. */
  const refs = new WeakMap<Node, ShareRef>();
  const isOwnBadge = (node: Node) => refs.has(node);
  const writer = createWriter();
  const seen = new WeakSet<Node>();
  const statuses = new Map<string, ShareStatus>();
  const reported = new Set<string>();
  // Whether badges are on for the site is the answer to the first report, sent with the first
  // shares found and awaited before any write: a switched-off site's DOM is never touched, and
  // a page without shares sends nothing.
  let siteAsked: Promise<void> | undefined;
  let siteKnown = false;

  // Statuses not shown yet, by key: they arrive one message each (see STATUS_BATCH_MS).
  const unshown = new Map<string, ShareStatus>();
  const show = (key: string, status: ShareStatus) => {
    statuses.set(key, status);
    if (unshown.size === 0) setTimeout(showUnshown, STATUS_BATCH_MS);
    unshown.set(key, status);
  };
  const showUnshown = () => {
    if (life.signal.aborted) return;
    const lang = currentLang();
    for (const badge of [...document.getElementsByTagName(BADGE_TAG)] as HTMLElement[]) {
      const ref = refs.get(badge);
      const status = ref && unshown.get(statusKey(ref));
      if (status) showStatus(badge, status, lang);
    }
    unshown.clear();
  };
  // Click, and Enter / Space, on a badge: one listener for all of them, ahead of the page's own.
  // Only the user's own (trusted) events: a page's badge.click() must not open tabs.
  const activate = (event: Event) => {
    const ref = refs.get(event.target as Node);
    const key = (event as KeyboardEvent).key;
    if (!ref || !event.isTrusted || (event.type === 'keydown' && key !== 'Enter' && key !== ' ')) return;
    // The badge may sit inside a clickable row or label of the page.
    event.preventDefault();
    event.stopPropagation();
    // With the code the badge shows: a candidate Alipan did not take is left out.
    bridge.openViewer({ ...ref, code: (event.target as Element).getAttribute('data-code') });
  };
  for (const type of ['click', 'keydown'])
    document.addEventListener(type, activate, { capture: true, signal: life.signal });
  // The user pointing at a valid badge, once each: only a listing tells whether Alipan banned some
  // of the share's files (its tooltip then says so). Not for the page's own synthetic events.
  const inspected = new WeakSet<Node>();
  const inspect = (event: Event) => {
    const badge = event.target as Element;
    const ref = refs.get(badge);
    if (!ref || !event.isTrusted || inspected.has(badge) || badge.getAttribute('data-state') !== 'valid') return;
    inspected.add(badge);
    bridge.inspect(ref);
  };
  document.addEventListener('pointerover', inspect, { capture: true, signal: life.signal });

  const watcher = watchAdditions(
    document.documentElement,
    (nodes) => {
      // What we wrote after a node the page changed, moved or removed goes (a framework
      // re-rendering its text), and text changed in place, or moved, is looked at again.
      watcher.pause();
      for (const node of nodes) {
        writer.takeBack(node);
        if (isText(node)) seen.delete(node);
      }
      watcher.resume();
      return pass(nodes.filter(isPageContent), false);
    },
    life.signal,
  );
  bridge.onStatus(show, life.signal);
  life.signal.addEventListener('abort', () => {
    for (const badge of [...document.getElementsByTagName(BADGE_TAG)]) if (isOwnBadge(badge)) writer.takeBack(badge);
  });
  void pass([body], true);

  /** Not in <head> (scripts, styles), not one of our badges. */
  function isPageContent(node: Node): boolean {
    return document.body?.contains(node) === true && !isOwnBadge(node);
  }

  async function pass(roots: Node[], first: boolean): Promise<void> {
    const slices: [number, number][] = [];
    const found = new Map<string, ShareRef>();
    const lang = currentLang();
    function* badgeAll() {
      for (const owner of findOwners(roots, seen)) {
        if (!owner) {
          yield;
          continue;
        }
        let occurrences = occurrencesIn(contextOf(owner));
        if (occurrences.length > 0 && !siteKnown) {
          // An "off" answer aborts `life`: runSliced then never comes back here.
          siteAsked ??= report(occurrences.map(({ ref }) => [statusKey(ref), ref])).then(() => {
            siteKnown = true;
          });
          yield siteAsked;
          // The page may have changed meanwhile.
          if (!owner.isConnected) continue;
          occurrences = occurrencesIn(contextOf(owner));
        }
        for (const { ref, place } of occurrences) {
          if (isBadged(place, ref, (node) => refs.get(node))) continue;
          const key = statusKey(ref);
          const badge = createBadge(document, ref, statuses.get(key) ?? CHECKING, lang);
          refs.set(badge, ref);
          // Our own insertions are no additions of the page: the watcher pauses while a slice writes.
          watcher.pause();
          writer.insert(place, badge);
          if (!found.has(key)) found.set(key, ref);
        }
        yield;
      }
    }
    const afterSlice = (start: number, end: number) => {
      watcher.resume();
      slices.push([start, end]);
    };
    if (!(await runSliced(badgeAll(), life.signal, afterSlice))) return;
    // Passes that badged nothing are not worth timeline entries (pages that mutate all the time).
    if (first || found.size > 0) for (const [start, end] of slices) performance.measure(SCAN_MEASURE, { start, end });
    await report([...found]);
  }

  async function report(found: [string, ShareRef][]): Promise<void> {
    const fresh = [...new Map(found.filter(([key]) => !reported.has(key)))];
    if (fresh.length === 0) return;
    for (const [key] of fresh) reported.add(key);
    const reply = await bridge.report(fresh.map(([, ref]) => ref));
    if (life.signal.aborted) return;
    if (!reply) {
      for (const [key] of fresh) show(key, { state: 'unknown' });
    } else if (!reply.enabled) {
      life.abort();
    } else {
      for (const [key, status] of Object.entries(reply.statuses)) show(key, status);
    }
  }
}
