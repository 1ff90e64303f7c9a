/**
 * Badges on one page: a first pass over the whole body, then passes over what the page adds.
 * The texts around candidates go to the background in batches; it finds the links in them and
 * says whether badges are on for the site, and statuses are shown as they arrive. So nothing is
 * written before the background's answer. Everything stops (badges removed) when `signal`
 * aborts, the user switched badges off for the site, or the extension context is gone.
 */
import { currentLang, type Lang } from '../i18n';
import type { FoundLinksReply } from '../messaging/protocol';
import { type ShareRef, type ShareStatus, statusKey } from '../shares/model';
import type { PageText } from '../shares/page-links';
import { BADGE_TAG, createBadge, showStatus, styleDocument, unstyleDocument } from './badge';
import { createBridge, type RuntimeLike } from './bridge';
import { type Context, contextOf, isText } from './context';
import { watchAdditions } from './observer';
import { createWriter, isBadged, placesOf } from './place';
import { findOwners } from './scan';
import { runSliced } from './schedule';

/**
 * User Timing measures of the scan, in DevTools' Performance panel: one per slice of a pass, so
 * their sum is the script's work and their extent the pass's wall time.
 */
const SCAN_MEASURE = 'alipan-share-helper:scan';
/**
 * Contexts sent to the background in one message: each message costs the page about 0.7 ms
 * however small (a 300-link page in 32s spent 7 ms sending, in 100s 2 ms).
 */
const BATCH = 100;
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
  const pageText = ({ text, ownerStart, ownerEnd }: Context): PageText => ({ text, from: ownerStart, to: ownerEnd });
  // Asked once, when the first badge is made: the browser's UI language stays for its session,
  // and the first call of the i18n API costs a page ~0.35 ms (its bindings are made then).
  let lang: Lang | undefined;
  const uiLang = () => {
    lang ??= currentLang();
    return lang;
  };

  // Statuses not shown yet, by key: they arrive one message each (see STATUS_BATCH_MS).
  const unshown = new Map<string, ShareStatus>();
  const show = (key: string, status: ShareStatus) => {
    statuses.set(key, status);
    if (unshown.size === 0) setTimeout(showUnshown, STATUS_BATCH_MS);
    unshown.set(key, status);
  };
  // The badge sheet, put back at each batch of badges, of statuses and of the page's changes once
  // there are badges: a page script may set the document's sheets anew (lib/content/badge.ts).
  let styled = false;
  const style = () => {
    styled = true;
    styleDocument(document);
  };
  const showUnshown = () => {
    if (life.signal.aborted) return;
    const lang = uiLang();
    style();
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
      if (styled) style();
      return pass(nodes.filter(isPageContent), false);
    },
    life.signal,
  );
  bridge.onStatus(show, life.signal);
  life.signal.addEventListener('abort', () => {
    for (const badge of [...document.getElementsByTagName(BADGE_TAG)]) if (isOwnBadge(badge)) writer.takeBack(badge);
    unstyleDocument(document);
  });
  void pass([body], true);

  /** Not in <head> (scripts, styles), not one of our badges. */
  function isPageContent(node: Node): boolean {
    return document.body?.contains(node) === true && !isOwnBadge(node);
  }

  async function pass(roots: Node[], first: boolean): Promise<void> {
    const slices: [number, number][] = [];
    let badged = 0;
    // The background finds the links in each batch's texts; its answer also says whether badges
    // are on for the site, so nothing is written before it. While it works the page has its main
    // thread: the batch waits in no slice (runSliced), and the scan does not go on meanwhile, to
    // leave the background the CPU (on a 2-core machine both at once made the scan's slices longer).
    function* badgeAll() {
      const batch: Context[] = [];
      for (const owner of findOwners(roots, seen)) {
        if (owner) batch.push(contextOf(owner));
        if (batch.length >= BATCH) yield* badgeBatch(batch.splice(0));
        yield;
      }
      if (batch.length > 0) yield* badgeBatch(batch);
    }
    function* badgeBatch(contexts: Context[]) {
      const answer: { reply?: FoundLinksReply | null } = {};
      yield bridge.find(contexts.map(pageText)).then((reply) => {
        answer.reply = reply;
      });
      const { reply } = answer;
      if (!reply) return; // no background: nothing is known to be a link
      if (!reply.enabled) {
        life.abort(); // runSliced stops; the page was not touched
        return;
      }
      for (const [key, status] of Object.entries(reply.statuses)) show(key, status);
      if (reply.links.some((links) => links.length > 0)) style();
      for (const [i, context] of contexts.entries()) {
        for (const { ref, place } of placesOf(context, reply.links[i] ?? [])) {
          if (isBadged(place, ref, (node) => refs.get(node))) continue;
          const badge = createBadge(document, ref, statuses.get(statusKey(ref)) ?? CHECKING, uiLang());
          refs.set(badge, ref);
          // Our own insertions are no additions of the page: the watcher pauses while a slice writes.
          watcher.pause();
          writer.insert(place, badge);
          badged++;
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
    if (first || badged > 0) for (const [start, end] of slices) performance.measure(SCAN_MEASURE, { start, end });
  }
}
