/**
 * The text around a link candidate, as the parser needs it: the candidate's block with `<br>`
 * and block boundaries as line breaks, and the few blocks after it (a code is often printed
 * in the next paragraph). Every character is mapped back to the text node or anchor it came
 * from, so a match's `end` tells where its badge goes.
 */
import { mayLendCodeAbove } from '../links/parse';

/** Elements whose content is not page text to badge: code, styles, form fields, SVG. */
const SKIPPED_TAGS = new Set(['input', 'textarea', 'select', 'script', 'style', 'noscript', 'template', 'svg']);

/** Elements that start a line of their own; the others flow inline. */
const BLOCKS = new Set(
  'address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
/** Above this, a block (a whole thread in one `<td>`, a log in a `<pre>`) is read only around the candidate. */
const MAX_BLOCK_CHARS = 8000;
// The parser gives a link a code up to 3 lines or 400 chars below it, or 160 chars before it
// on its line (lib/links/codes.ts).
const LINES_BELOW = 3;
const CHARS_BELOW = 400;
const CHARS_BEFORE = 160;

export interface Segment {
  start: number;
  /** A text node, or an anchor standing for its href and text as a whole. */
  node: Text | Element;
}

export interface Context {
  text: string;
  /** In text order. */
  segments: Segment[];
  /** Badges go only after links that end in [ownerStart, ownerEnd): the rest only lends codes. */
  owner: Node;
  ownerStart: number;
  ownerEnd: number;
}

/**
 * The owner of a candidate (a text node or an anchor): its nearest block; in an oversized
 * block, the candidate's top-level piece of it. `blockChars` gives a block's text length
 * (memoised by the caller for a pass).
 */
export function ownerOf(candidate: Node, blockChars: (block: Element) => number): Node {
  const block = blockOf(candidate);
  return blockChars(block) <= MAX_BLOCK_CHARS ? block : childOf(block, candidate);
}

/** An owner's context: the owner and the blocks that follow; a piece of a block with its neighbours. */
export function contextOf(owner: Node): Context {
  // A piece of a block is never a block (nor a <br>): its block is the candidate's nearest one.
  const block = isLineBreak(owner);
  const before = block ? [] : siblings(owner, 'previousSibling', CHARS_BEFORE, 0);
  // Below a block its links' lines have ended: blocks there matter only with a code keyword or a
  // link in them, and most have neither (their text was read for the budget anyway). Not so after
  // a piece, whose line goes on: "[提取码 abcd](" there ends in the next piece's link.
  const after = siblings(owner, 'nextSibling', CHARS_BELOW, LINES_BELOW, block ? mayLendCodeAbove : undefined);
  const out: Builder = { parts: [], length: 0, segments: [], atLineStart: true };
  for (const node of before) collect(node, out);
  const ownerStart = out.length;
  collect(owner, out);
  const ownerEnd = out.length;
  for (const node of after) collect(node, out);
  return { text: out.parts.join(''), segments: out.segments, owner, ownerStart, ownerEnd };
}

// Node type numbers rather than Node.TEXT_NODE: shorter, in a bundle injected into every page.
export function isText(node: Node): node is Text {
  return node.nodeType === 3;
}

export function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

/** True for an element whose subtree is never read or touched: skipped tags, editable regions. */
export function isSkipped(element: Element, name = element.localName): boolean {
  if (SKIPPED_TAGS.has(name)) return true;
  const editable = element.getAttribute('contenteditable');
  return editable !== null && editable !== 'false';
}

/** `isSkipped` as a selector: one `closest()` call, no JS wrapper for each ancestor. */
const SKIPPED_SELECTOR = [...SKIPPED_TAGS, '[contenteditable]:not([contenteditable="false"])'].join(',');

/** True when the element or an ancestor is skipped, or there is no element (a detached node). */
export function isExcluded(element: Element | null): boolean {
  return element === null || element.closest(SKIPPED_SELECTOR) !== null;
}

function blockOf(node: Node): Element {
  // Candidates are inside <body>, which is itself a block.
  let element = node.parentElement as Element;
  while (!BLOCKS.has(element.localName) && element.parentElement) element = element.parentElement;
  return element;
}

function childOf(ancestor: Node, node: Node): Node {
  let child = node;
  while (child.parentNode && child.parentNode !== ancestor) child = child.parentNode;
  return child;
}

/**
 * Neighbours of `from` in one direction, until `maxChars` of text or more than `maxBreaks` line
 * breaks; none when their text fails `worthReading`.
 */
function siblings(
  from: Node,
  step: 'previousSibling' | 'nextSibling',
  maxChars: number,
  maxBreaks: number,
  worthReading?: (text: string) => boolean,
): Node[] {
  const found: Node[] = [];
  const texts: string[] = [];
  let chars = 0;
  let breaks = 0;
  for (let node = from[step]; node && chars < maxChars; node = node[step]) {
    if (isLineBreak(node) && ++breaks > maxBreaks) break;
    found.push(node);
    const text = node.textContent ?? '';
    texts.push(text);
    chars += text.length;
  }
  if (worthReading && !worthReading(texts.join(''))) return [];
  return step === 'previousSibling' ? found.reverse() : found;
}

function isLineBreak(node: Node): boolean {
  if (!isElement(node)) return false;
  const name = node.localName;
  return name === 'br' || BLOCKS.has(name);
}

interface Builder {
  parts: string[];
  length: number;
  segments: Segment[];
  atLineStart: boolean;
}

// Called for every node of every context: each DOM property is read once.
function collect(node: Node, out: Builder): void {
  const type = node.nodeType;
  if (type === 3) append(out, (node as Text).data, node as Text);
  if (type !== 1) return;
  const element = node as Element;
  const name = element.localName;
  if (name === 'br') newline(out);
  else if (isSkipped(element, name)) return;
  else if (name === 'a' && element.hasAttribute('href')) append(out, anchorText(element), element);
  else {
    const block = BLOCKS.has(name);
    if (block) lineBreak(out);
    for (let child = element.firstChild; child; child = child.nextSibling) collect(child, out);
    if (block) lineBreak(out);
  }
}

/**
 * An anchor reads as its href and its text: the code may be in the href (`?pwd=`), the share
 * in the text of a redirect link (link.zhihu.com/?target=…), and a foreign href keeps a code
 * printed after it from going to an Alipan link before it.
 */
function anchorText(anchor: Element): string {
  const href = anchor.getAttribute('href') ?? '';
  return ` ${/^https?:/i.test(href) ? href : ''} ${anchor.textContent ?? ''} `;
}

function append(out: Builder, text: string, node: Text | Element): void {
  if (text.length === 0) return;
  out.segments.push({ start: out.length, node });
  out.parts.push(text);
  out.length += text.length;
  out.atLineStart = false;
}

/** A block boundary: one line break, however many blocks nest there. */
function lineBreak(out: Builder): void {
  if (!out.atLineStart) newline(out);
}

function newline(out: Builder): void {
  out.parts.push('\n');
  out.length += 1;
  out.atLineStart = true;
}
