/**
 * The badge: `<alipan-share-badge data-share-id data-code data-state data-label>` after a share
 * link (for a short link, the share it leads to), drawn by one sheet for the document.
 */
import { currentLang, type Lang } from '../i18n';
import { enBadge } from '../i18n/en';
import { zhBadge } from '../i18n/zh';
import type { ShareRef, ShareStatus } from '../shares/model';
import { shortDate } from '../ui/format';

export const BADGE_TAG = 'alipan-share-badge';

// One sheet for the whole document, no shadow root: a badge is one element with attributes, its
// icon and label drawn by `::before` and `::after` (generated text is no text of the page's: not
// in its `textContent`, not copied with a selection). A shadow root, its adopted sheet and a label
// element per badge made 300 badges cost 17.9 ms of CPU instead of 14.0 in a page's first visit.
// Every rule is `!important` in a cascade layer, which beats the page's own important rules
// however specific (layered important declarations win over unlayered ones), and `all` resets
// what the page's `* {…}` rules set. The font size is the surrounding text's. Dark text on its
// own light fill reads on light and dark pages. The icons are text glyphs, never emoji: an emoji
// is an empty box on a desktop without an emoji font (issue 12). These are in DejaVu Sans, which
// Linux desktops ship (most also in Noto Sans CJK). All literals, joined at build time.
const B = BADGE_TAG;
const STYLE =
  '@layer alipan-share-helper{' +
  `${B}{all:initial!important;display:inline-flex!important;align-items:center!important;gap:.3em!important;` +
  'margin:0 .3em!important;padding:0 .5em!important;border:1px solid color-mix(in srgb,var(--alipan-fg) 35%,var(--alipan-bg))!important;' +
  'border-radius:1em!important;background:var(--alipan-bg)!important;color:var(--alipan-fg)!important;cursor:pointer!important;' +
  'font:600 .8em/1.3 system-ui,sans-serif!important;white-space:nowrap!important;' +
  // The dead states (expired, cancelled, forbidden, not-found) share this red.
  '--alipan-bg:#fdecec!important;--alipan-fg:#9b1c1c!important}' +
  `${B}::before{all:unset!important;content:var(--alipan-icon)!important}` +
  `${B}::after{all:unset!important;content:attr(data-label)!important}` +
  `${B}:focus-visible{outline:2px solid #2563eb!important;outline-offset:1px!important}` +
  `${B}[data-state=checking]{--alipan-icon:"\u2026"!important;--alipan-bg:#eef1f5!important;--alipan-fg:#3f4a5a!important}` +
  `${B}[data-state=valid]{--alipan-icon:"\u2713"!important;--alipan-bg:#e7f6ec!important;--alipan-fg:#13622f!important}` +
  `${B}[data-state=needs-code]{--alipan-icon:"*"!important;--alipan-bg:#fff5db!important;--alipan-fg:#734600!important}` +
  `${B}[data-state=wrong-code]{--alipan-icon:"\u2717"!important;--alipan-bg:#fff0e0!important;--alipan-fg:#8f3e08!important}` +
  `${B}[data-state=expired]{--alipan-icon:"\u25F7"!important}` +
  `${B}[data-state=cancelled]{--alipan-icon:"\u2298"!important}` +
  `${B}[data-state=forbidden]{--alipan-icon:"\u2296"!important}` +
  `${B}[data-state=not-found]{--alipan-icon:"?"!important}` +
  `${B}[data-state=empty]{--alipan-icon:"\u2205"!important;--alipan-bg:#f1eefb!important;--alipan-fg:#4c3a91!important}` +
  `${B}[data-state=unknown]{--alipan-icon:"!"!important;--alipan-bg:#f4f4f5!important;--alipan-fg:#52525b!important}}`;

/**
 * The document's badge sheet: a constructed sheet adopted by the document, no element in it.
 * Firefox's content scripts cannot adopt their own sheets into the page, so there it is a
 * `<style>` in the page's head. Made for the first badges (a switched-off site gets none).
 */
let sheet: CSSStyleSheet | undefined;
let style: HTMLStyleElement | undefined;

/**
 * Puts the badge sheet in the document, or back in it: a page script may set the document's
 * sheets anew or rewrite its head (the badges would draw nothing). Called for each batch of
 * badges and of statuses, not per badge.
 */
export function styleDocument(doc: Document): void {
  if (!import.meta.env.FIREFOX) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return;
  }
  if (!style) {
    style = doc.createElement('style');
    style.textContent = STYLE;
  }
  if (!style.isConnected) (doc.head ?? doc.documentElement).append(style);
}

/** Takes the badge sheet out of the document (its badges are gone). */
export function unstyleDocument(doc: Document): void {
  if (sheet) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
  style?.remove();
}

/**
 * What showing a status needs of a badge, beside it: the share and code it shows (read from
 * here, not from its attributes: a badge is made and shown hundreds of times in a page's first
 * scan). A candidate code (no keyword) is shown as `data-code` only once Alipan took it.
 */
interface Parts {
  shareId: string;
  code: string | null;
  candidate: string | null;
}
const parts = new WeakMap<Element, Parts>();

/** A badge showing `status`, drawn by the document's badge sheet (`styleDocument`). */
export function createBadge(
  doc: Document,
  ref: ShareRef,
  status: ShareStatus,
  lang: Lang = currentLang(),
): HTMLElement {
  const host = doc.createElement(BADGE_TAG);
  // A short link's share is known once the background followed it (showStatus).
  const shareId = ref.kind === 'short_url' ? '' : ref.shareId;
  const code = ref.code && !ref.candidate ? ref.code : null;
  host.setAttribute('data-share-id', shareId);
  host.setAttribute('tabindex', '0');
  host.setAttribute('role', 'link');
  parts.set(host, { shareId, code, candidate: ref.candidate ? ref.code : null });
  showStatus(host, status, lang);
  return host;
}

/**
 * Shows a status: state attribute, label, accessible name, and the tooltip with the share's
 * details (while checking only the code found and what a click does); all of it as text.
 */
export function showStatus(host: HTMLElement, status: ShareStatus, lang: Lang = currentLang()): void {
  const badge = parts.get(host);
  if (!badge) return;
  const table = lang === 'zh' ? zhBadge : enBadge;
  const label = table[status.state];
  const { target } = status;
  if (target) {
    badge.shareId = target.shareId;
    host.setAttribute('data-share-id', target.shareId);
    // The code the short link's URL carried (a candidate shows once Alipan took it, below).
    if (target.code && !target.candidate) badge.code = target.code;
  }
  if (badge.candidate && status.codeAccepted) badge.code = badge.candidate;
  if (badge.code) host.setAttribute('data-code', badge.code);
  host.setAttribute('data-state', status.state);
  host.setAttribute('data-label', label);
  host.setAttribute('aria-label', fill(fill(table.aria, '{share}', status.name ?? badge.shareId), '{state}', label));
  // Made for hundreds of badges in a page's first scan: plain concatenation, no line array.
  let title = label;
  if (status.name) title += `\n${status.name}`;
  if (status.fileCount !== undefined) title += `\n${fill(table.files, '{count}', String(status.fileCount))}`;
  if (status.creator) title += `\n${fill(table.creator, '{name}', status.creator)}`;
  if (status.expiration === '') title += `\n${table.neverExpires}`;
  else if (status.expiration) title += `\n${fill(table.expires, '{date}', shortDate(status.expiration, lang))}`;
  if (badge.code) title += `\n${fill(table.code, '{code}', badge.code)}`;
  if (status.banned) title += `\n${table.banned}`;
  host.title = `${title}\n${table.open}`;
}

/** A badge string with its placeholder filled: spliced, so that `$` in a share's name stays as written. */
function fill(text: string, placeholder: string, value: string): string {
  const at = text.indexOf(placeholder);
  return at < 0 ? text : text.slice(0, at) + value + text.slice(at + placeholder.length);
}
