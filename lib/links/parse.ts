/**
 * Alipan (阿里云盘) share links and their extraction codes in free text — pure, no DOM.
 * The content script asks only its cheap first tests (`mayNameHost`, `mayLendCodeAbove`) of a
 * page's text; the background parses what passed them (lib/shares/page-links.ts), rejecting
 * texts that cannot hold a link by one regex test and scanning the rest in linear time.
 */
import { assignCodes, candidateCodeAfter, codeInLinkText, findCodes, mayNameCode } from './codes';
import { type Folded, fold, toOriginal } from './fold';
import { type LinkHit, scanLinks } from './scan';

export type ShareLinkKind = 'share' | 'quick_transfer' | 'short_url';

export interface ShareLinkMatch {
  kind: ShareLinkKind;
  /** Case kept; null for short_url; the /t/ id for quick_transfer. */
  shareId: string | null;
  /** 40-hex id from /folder/<id>. */
  folderId?: string;
  /** Extraction code that belongs to this link, or null. */
  code: string | null;
  /**
   * The code is only a guess, written with no keyword ("…/s/<id> (ab12)"): worth trying, but a
   * wrong one says nothing about the link.
   */
  candidate?: true;
  /** UTF-16 index into the original text where the link starts. */
  start: number;
  /** Index just after the link, trailing punctuation excluded. */
  end: number;
  /** https://www.alipan.com/s/<id>[/folder/<fid>], https://www.alipan.com/t/<id>, or the short URL. */
  url: string;
}

type ShareHit = LinkHit & { kind: ShareLinkKind };

const HOST_HINT = /ali(?:pan|yundrive)|alywp/i;
// Zero-width chars or full-width letters may hide a host name from HOST_HINT.
const HIDDEN_HOST_HINT = /[\u200b-\u200d\u2060\ufeff\uff21-\uff3a\uff41-\uff5a]/;

/**
 * The cheap first test: false when the text cannot hold an Alipan link. The content script asks
 * it of text before reading further (two regexes: one case-insensitive alternation with the
 * char class runs twice as long).
 */
export function mayNameHost(text: string): boolean {
  return HOST_HINT.test(text) || HIDDEN_HOST_HINT.test(text);
}

/**
 * False when lines of text below a link's line cannot change the link's code: they hold no
 * code keyword (a code there goes to the nearest link above it, codes.ts rule 4) and no link
 * (a copy of the link shares its code). Codes on the link's own line never go to a link on a
 * later line (rules 1–3), and a bracketed candidate must follow the link directly.
 */
export function mayLendCodeAbove(text: string): boolean {
  return mayNameHost(text) || mayNameCode(text);
}

/** Every Alipan link in the text, in order, duplicates included (each has its own position). */
export function findShareLinks(text: string): ShareLinkMatch[] {
  if (!mayNameHost(text)) return [];
  const folded = fold(text);
  if (folded.map && !HOST_HINT.test(folded.text)) return [];
  const t = folded.text;
  const links = scanLinks(t);
  const shares = links.filter((l): l is ShareHit => l.kind !== null);
  if (shares.length === 0) return [];
  for (const s of shares) s.code ??= codeInLinkText(t, s.start);
  assignCodes(t, links, findCodes(t, new Set(shares.map((s) => s.end))));
  shareCodeAcrossCopies(shares);
  for (const s of shares) {
    if (s.code !== null || s.kind !== 'share') continue;
    s.code = candidateCodeAfter(t, s.end);
    if (s.code) s.candidate = true;
  }
  return shares.map((s) => toMatch(folded, s));
}

/** The first share (kind 'share') in a URL or pasted text, with its code; null if none. */
export function parseShareUrl(input: string): ShareLinkMatch | null {
  return uniqueShares(findShareLinks(input)).find((m) => m.kind === 'share') ?? null;
}

/** One match per distinct link, in order of first appearance, with a code found on any copy. */
export function uniqueShares(matches: ShareLinkMatch[]): ShareLinkMatch[] {
  const byKey = new Map<string, ShareLinkMatch>();
  for (const m of matches) {
    const key = `${m.kind} ${m.shareId ?? m.url} ${m.folderId ?? ''}`;
    const first = byKey.get(key);
    if (!first) byKey.set(key, { ...m });
    else if (first.code === null && m.code !== null) {
      first.code = m.code;
      if (m.candidate) first.candidate = true;
    }
  }
  return [...byKey.values()];
}

/**
 * "[url](url) 提取码 abcd" puts the code after the second copy only; give it to every copy
 * of the share, unless copies disagree on the code.
 */
function shareCodeAcrossCopies(shares: ShareHit[]): void {
  const codes = new Map<string, string | null>(); // null: conflicting codes
  for (const s of shares) {
    if (s.code === null) continue;
    const key = copyKey(s);
    codes.set(key, codes.has(key) && codes.get(key) !== s.code ? null : s.code);
  }
  for (const s of shares) s.code ??= codes.get(copyKey(s)) ?? null;
}

function copyKey(s: ShareHit): string {
  return `${s.kind} ${s.id ?? s.url}`;
}

function toMatch(folded: Folded, s: ShareHit): ShareLinkMatch {
  const [start, end] = toOriginal(folded, s.start, s.end);
  const match: ShareLinkMatch = { kind: s.kind, shareId: s.id, code: s.code, start, end, url: s.url };
  if (s.folderId) match.folderId = s.folderId;
  if (s.candidate) match.candidate = true;
  return match;
}
