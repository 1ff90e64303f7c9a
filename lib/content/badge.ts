/**
 * The badge: `<alipan-share-badge data-share-id data-code data-state>` after a share link (for a
 * short link, the share it leads to), its look in a closed shadow root. No custom element class:
 * `customElements` is null in Chrome content scripts, and a shadow root can be attached to any
 * valid custom element name anyway.
 */
import { currentLang, type Lang } from '../i18n';
import { enBadge } from '../i18n/en';
import { zhBadge } from '../i18n/zh';
import type { ShareRef, ShareStatus } from '../shares/model';
import { shortDate } from '../ui/format';

export const BADGE_TAG = 'alipan-share-badge';

// `all: initial !important` on the host: the page's own rules (`* {…}`) cannot reach inside,
// and important rules of a shadow tree beat the page's. The font size is the surrounding text's.
// Each state's icon, background and text colour follow. Dark text on its own light fill reads on
// light and dark pages. The icons are text glyphs, never emoji: an emoji is an empty box on a
// desktop without an emoji font (issue 12). These are in DejaVu Sans, which Linux desktops ship
// (most also in Noto Sans CJK). Inline SVG icons were tried and cost ~380 B, more than the content
// script's 20 KB budget has left. All literals, joined at build time: built from a table at run
// time, the sheet cost ~0.4 ms of the script's start-up on every page.
const STYLE =
  ':host{all:initial!important;font-size:inherit!important}' +
  '.b{all:initial;display:inline-flex;align-items:center;gap:.3em;margin:0 .3em;padding:0 .5em;' +
  'border:1px solid color-mix(in srgb,var(--fg) 35%,var(--bg));border-radius:1em;background:var(--bg);color:var(--fg);cursor:pointer;' +
  'font:600 .8em/1.3 system-ui,sans-serif;white-space:nowrap}' +
  '.b::before{content:var(--icon)}:host(:focus-visible) .b{outline:2px solid #2563eb;outline-offset:1px}' +
  // The dead states (expired, cancelled, forbidden, not-found) share one red.
  '.b{--bg:#fdecec;--fg:#9b1c1c}' +
  ':host([data-state=checking]) .b{--icon:"\u2026";--bg:#eef1f5;--fg:#3f4a5a}' +
  ':host([data-state=valid]) .b{--icon:"\u2713";--bg:#e7f6ec;--fg:#13622f}' +
  ':host([data-state=needs-code]) .b{--icon:"*";--bg:#fff5db;--fg:#734600}' +
  ':host([data-state=wrong-code]) .b{--icon:"\u2717";--bg:#fff0e0;--fg:#8f3e08}' +
  ':host([data-state=expired]) .b{--icon:"\u25F7"}' +
  ':host([data-state=cancelled]) .b{--icon:"\u2298"}' +
  ':host([data-state=forbidden]) .b{--icon:"\u2296"}' +
  ':host([data-state=not-found]) .b{--icon:"?"}' +
  ':host([data-state=empty]) .b{--icon:"\u2205";--bg:#f1eefb;--fg:#4c3a91}' +
  ':host([data-state=unknown]) .b{--icon:"!";--bg:#f4f4f5;--fg:#52525b}';

/**
 * One constructed style sheet shared by every badge's shadow root: no `<style>` element to
 * create and no style text to match per badge. Null where it cannot be used, then a `<style>`
 * per badge: Firefox, whose content scripts cannot adopt their own sheets into the page's
 * shadow roots, and engines without constructable sheets.
 */
let sheet: CSSStyleSheet | null | undefined;

function adoptStyle(doc: Document, root: ShadowRoot): void {
  try {
    if (sheet === undefined && !import.meta.env.FIREFOX) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    if (sheet) {
      root.adoptedStyleSheets = [sheet];
      return;
    }
  } catch {
    // not adoptable here
  }
  sheet = null;
  const style = doc.createElement('style');
  style.textContent = STYLE;
  root.append(style);
}

/**
 * What showing a status needs of a badge, beside it: the label in its closed shadow root, and the
 * share and code it shows (read from here, not from its attributes: a badge is made and shown
 * hundreds of times in a page's first scan). A candidate code (no keyword) is shown as
 * `data-code` only once Alipan took it.
 */
interface Parts {
  label: HTMLElement;
  shareId: string;
  code: string | null;
  candidate: string | null;
}
const parts = new WeakMap<Element, Parts>();

/** A badge showing `status` (the page listens for clicks and keys on badges). */
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
  const root = host.attachShadow({ mode: 'closed' });
  adoptStyle(doc, root);
  const label = doc.createElement('span');
  label.className = 'b';
  root.append(label);
  parts.set(host, { label, shareId, code, candidate: ref.candidate ? ref.code : null });
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
  badge.label.textContent = label;
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
