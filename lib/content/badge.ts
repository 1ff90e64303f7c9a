/**
 * The badge: `<alipan-share-badge data-share-id data-code data-state>` after a share link, its
 * look in a closed shadow root. No custom element class: `customElements` is null in Chrome
 * content scripts, and a shadow root can be attached to any valid custom element name anyway.
 */
import { currentLang, type Lang } from '../i18n';
import { enBadge } from '../i18n/en';
import { zhBadge } from '../i18n/zh';
import type { ShareRef, ShareState, ShareStatus } from '../shares/model';
import { shortDate } from '../ui/format';

export const BADGE_TAG = 'alipan-share-badge';

// Icon, background, text. Dark text on its own light fill reads on light and dark pages.
const DEAD = ['#fdecec', '#9b1c1c'];
const LOOKS: Record<ShareState, string[]> = {
  checking: ['\u2026', '#eef1f5', '#3f4a5a'],
  valid: ['\u2713', '#e7f6ec', '#13622f'],
  'needs-code': ['\u{1F511}', '#fff5db', '#734600'],
  'wrong-code': ['\u2717', '#fff0e0', '#8f3e08'],
  expired: ['\u231B', ...DEAD],
  cancelled: ['\u2298', ...DEAD],
  forbidden: ['\u26D4', ...DEAD],
  'not-found': ['?', ...DEAD],
  empty: ['\u2205', '#f1eefb', '#4c3a91'],
  unknown: ['!', '#f4f4f5', '#52525b'],
};

// `all: initial !important` on the host: the page's own rules (`* {…}`) cannot reach inside,
// and important rules of a shadow tree beat the page's. The font size is the surrounding text's.
const STYLE =
  ':host{all:initial!important;font-size:inherit!important}' +
  '.b{all:initial;display:inline-flex;align-items:center;gap:.3em;margin:0 .3em;padding:0 .5em;' +
  'border:1px solid color-mix(in srgb,var(--fg) 35%,var(--bg));border-radius:1em;background:var(--bg);color:var(--fg);cursor:pointer;' +
  'font:600 .8em/1.3 system-ui,sans-serif;white-space:nowrap}' +
  '.b::before{content:var(--icon)}:host(:focus-visible) .b{outline:2px solid #2563eb;outline-offset:1px}' +
  Object.entries(LOOKS)
    .map(([state, [icon, bg, fg]]) => `:host([data-state=${state}]) .b{--icon:"${icon}";--bg:${bg};--fg:${fg}}`)
    .join('');

/** The label inside each closed shadow root. */
const labels = new WeakMap<Element, HTMLElement>();

/** A badge showing `status`; clicking it, or Enter / Space on it, calls `open`. */
export function createBadge(doc: Document, ref: ShareRef, status: ShareStatus, open: (ref: ShareRef) => void): HTMLElement {
  const host = doc.createElement(BADGE_TAG);
  host.dataset.shareId = ref.shareId;
  if (ref.code) host.dataset.code = ref.code;
  host.tabIndex = 0;
  host.setAttribute('role', 'link');
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const label = doc.createElement('span');
  label.className = 'b';
  host.attachShadow({ mode: 'closed' }).append(style, label);
  labels.set(host, label);
  const activate = (event: Event) => {
    // The badge may sit inside a clickable row or label of the page.
    event.preventDefault();
    event.stopPropagation();
    open(ref);
  };
  host.addEventListener('click', activate);
  host.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') activate(event);
  });
  showStatus(host, status);
  return host;
}

/** Shows a status: state attribute, label, tooltip and accessible name; all of it as text. */
export function showStatus(host: HTMLElement, status: ShareStatus): void {
  const lang = currentLang();
  const text = badgeText(lang);
  const label = text(status.state);
  host.dataset.state = status.state;
  const labelElement = labels.get(host);
  if (labelElement) labelElement.textContent = label;
  const lines = [label];
  if (status.name) lines.push(status.name);
  if (status.fileCount !== undefined) lines.push(text('files', { count: status.fileCount }));
  if (status.creator) lines.push(text('creator', { name: status.creator }));
  if (status.expiration === '') lines.push(text('neverExpires'));
  else if (status.expiration) lines.push(text('expires', { date: shortDate(status.expiration, lang) }));
  if (host.dataset.code) lines.push(text('code', { code: host.dataset.code }));
  lines.push(text('open'));
  host.title = lines.join('\n');
  host.setAttribute('aria-label', text('aria', { share: status.name ?? host.dataset.shareId ?? '', state: label }));
}

/** The badge strings of a language: key → text, `{name}` placeholders filled from `vars`. */
function badgeText(lang: Lang) {
  const table = lang === 'zh' ? zhBadge : enBadge;
  return (key: keyof typeof enBadge, vars: Record<string, string | number> = {}) =>
    table[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => String(vars[name] ?? placeholder));
}
