/**
 * Extraction codes written as text near a link, and which link each one belongs to.
 *
 * Ownership, for a code keyword on line L:
 *  1. it ends the text of a markdown link on L ("[阿里云盘（提取码 t84d）](url)") → that link;
 *  2. else a link earlier on L → the nearest such link ("[链接](url) 提取码: 88dk");
 *  3. else a link later on L → that link ("（提取码：2021）：[点这里](url)");
 *  4. else the nearest link above, if at most 3 lines up ("url\n\n\n提取码：w9jl").
 * Every link counts, not only Alipan ones, so a code printed for a Baidu or Quark link stays
 * with it; and a keyword inside a URL (Baidu's ?pwd=) is skipped, as it belongs to that URL.
 */

import { alnumEnd, isAsciiLetter } from './chars';
import type { LinkHit } from './scan';

export interface CodeHit {
  /** Where the keyword starts. */
  start: number;
  /** Just after the code. */
  end: number;
  code: string;
}

const KEYWORDS = /提取[码碼]|访问码|訪問碼|验证码|驗證碼|密[码碼]|password|pwd|code/gi;
const KEYWORD = new RegExp(KEYWORDS.source, 'i');
// Between keyword and code: "提取码：", "code = ", "**密码**：", "(pwd: ", "密码为 ", "pwd\":\"".
const SEPARATORS = ' \t\u00a0:=(*`"\'[【「为為是';
const MAX_SEPARATORS = 6;
// "解压密码" and friends protect the archive, not the share.
const ARCHIVE_PREFIXES = ['解压', '解壓', '压缩', '壓縮'];
const SAME_LINE_GAP = 160;
const LINES_BELOW = 3;
const LINES_BELOW_GAP = 400;
// What may sit between a code and the URL when the code ends a markdown link text.
const LINK_TEXT_END = /^[)\]】」*_ ]*\]\(<?$/;
// "[阿里云盘（t84d）](url)": a bare code only counts in a link text that names the drive.
const BARE_CODE_IN_LINK_TEXT = /\[([^[\]\n]*)\(([A-Za-z0-9]{4})\)[*_]*\]\(<?$/;
const DRIVE_WORD = /阿里|[云雲网網][盘盤]|ali(?:pan|yun)/i;
const BARE_LOOKBEHIND = 48;
// A bracketed code after a link: right after it ("…/s/<id> (ab12)", "（ab12）"), or after text
// naming the drive on its line, as an anchor's text follows its href in the content script's
// context (<a href="…/s/<id>">阿里云盘（ab12）</a>). No "/" before it: another link's text.
const CANDIDATE_AFTER_LINK = /^([^\n/(【]{0,24}?)[(【]([A-Za-z0-9]{4})[)】]/;
// "(2023)" after a link is a year; a code of letters only is a word ("(beta)").
const YEAR = /^(?:19|20)\d\d$/;

/** False when the text holds no code keyword, so no code of `findCodes`: a cheap first test. */
export function mayNameCode(text: string): boolean {
  return KEYWORD.test(text);
}

/** `linkEnds`: where links end; a keyword right there is one even when glued to the id ("…/s/<id>pwd: 1234"). */
export function findCodes(t: string, linkEnds: ReadonlySet<number> = new Set()): CodeHit[] {
  const codes: CodeHit[] = [];
  const re = new RegExp(KEYWORDS);
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const code = readCode(t, m.index, m[0], linkEnds.has(m.index));
    if (code) codes.push(code);
  }
  return codes;
}

function readCode(t: string, at: number, keyword: string, afterLink: boolean): CodeHit | null {
  const latin = keyword.charCodeAt(0) < 0x80;
  if (
    latin
      ? !afterLink && isAsciiLetter(t.charCodeAt(at - 1))
      : ARCHIVE_PREFIXES.includes(t.slice(Math.max(0, at - 2), at))
  ) {
    return null;
  }
  const from = at + keyword.length;
  let i = from;
  let explicit = !latin;
  for (const limit = Math.min(t.length, from + MAX_SEPARATORS); i < limit && SEPARATORS.includes(t.charAt(i)); i++) {
    if (t[i] === ':' || t[i] === '=') explicit = true;
  }
  // "code" and "pwd" are also plain words: demand a separator, and ":"/"=" or a digit.
  if (latin && i === from) return null;
  const end = alnumEnd(t, i, 4);
  if (end - i !== 4) return null;
  const code = t.slice(i, end);
  return explicit || /\d/.test(code) ? { start: at, end, code } : null;
}

/** A code with no keyword at the end of a markdown link text, e.g. "[阿里云盘（t84d）](url)". */
export function codeInLinkText(t: string, linkStart: number): string | null {
  const m = BARE_CODE_IN_LINK_TEXT.exec(t.slice(Math.max(0, linkStart - BARE_LOOKBEHIND), linkStart));
  return m && DRIVE_WORD.test(m[1] ?? '') ? (m[2] ?? null) : null;
}

/**
 * A code written with no keyword in brackets after a link (see CANDIDATE_AFTER_LINK): only a
 * candidate, for a link that has no stated code. It must hold a digit and not be a year.
 */
export function candidateCodeAfter(t: string, linkEnd: number): string | null {
  const [, before = '', code = ''] = CANDIDATE_AFTER_LINK.exec(t.slice(linkEnd, linkEnd + 32)) ?? [];
  if (!code || (before.trim() && !DRIVE_WORD.test(before))) return null;
  return /\d/.test(code) && !YEAR.test(code) ? code : null;
}

/** Gives each code to its owner (see above); a link keeps the first code it gets. */
export function assignCodes(t: string, links: LinkHit[], codes: CodeHit[]): void {
  const lineOf = lineIndex(t);
  let p = 0;
  for (const c of codes) {
    while (p < links.length && (links[p]?.end ?? 0) <= c.start) p++;
    const next = links[p];
    if (next && next.start < c.end) continue;
    const owner = ownerOf(t, lineOf, c, links[p - 1], next);
    if (owner?.kind && owner.code === null) owner.code = c.code;
  }
}

function ownerOf(
  t: string,
  lineOf: (pos: number) => number,
  c: CodeHit,
  prev: LinkHit | undefined,
  next: LinkHit | undefined,
): LinkHit | undefined {
  const line = lineOf(c.start);
  const nextOnLine = next && lineOf(next.start) === line ? next : undefined;
  if (nextOnLine && endsLinkText(t, c.end, nextOnLine.start)) return nextOnLine;
  if (prev && lineOf(prev.end) === line) return c.start - prev.end <= SAME_LINE_GAP ? prev : undefined;
  if (nextOnLine) return nextOnLine.start - c.end <= SAME_LINE_GAP ? nextOnLine : undefined;
  const below = prev && line - lineOf(prev.end) <= LINES_BELOW && c.start - prev.end <= LINES_BELOW_GAP;
  return below ? prev : undefined;
}

function endsLinkText(t: string, from: number, to: number): boolean {
  return to - from <= 8 && LINK_TEXT_END.test(t.slice(from, to));
}

/** Maps a position to its 0-based line number by binary search over the line breaks. */
function lineIndex(t: string): (pos: number) => number {
  const breaks: number[] = [];
  for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) breaks.push(i);
  return (pos) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((breaks[mid] ?? pos) < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
