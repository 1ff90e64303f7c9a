/**
 * Finds links in folded text: Alipan ones (shares, quick transfers, short links) and any other
 * link, which matters only because a code printed next to it belongs to it.
 * Linear: one regex pass over literal anchors, each anchor read in bounded steps, and the
 * pass resumes after every link it consumed.
 */

import { alnumEnd, asciiSet, isAlnum, runEnd } from './chars';
import type { ShareLinkKind } from './parse';

export interface LinkHit {
  start: number;
  end: number;
  /** null for a link to any other site. */
  kind: ShareLinkKind | null;
  id: string | null;
  folderId?: string;
  code: string | null;
  /** The code is a guess: written with no keyword (codes.ts candidateCodeAfter). */
  candidate?: true;
  /** Canonical URL of an Alipan link; '' for any other site. */
  url: string;
}

const ANCHORS =
  /https?:\/\/|ali(?:pan|yundrive)|alywp|pan\.baidu\.com|pan\.quark\.cn|pan\.xunlei\.com|cloud\.189\.cn|115\.com|123pan\.com|drive\.uc\.cn|caiyun\.139\.com|lanzou/gi;
const HOSTS = ['alipan.com', 'aliyundrive.com', 'alywp.net'];
const SHORT_HOST = 'alywp.net';
const FOLDER = '/folder/';
const HEX40 = /^[0-9a-f]{40}$/i;
const QUERY_CODE = /[?&](?:pwd|password)=([A-Za-z0-9]{4})(?![A-Za-z0-9])|#([A-Za-z0-9]{4})(?![A-Za-z0-9])/i;
// Punctuation that ends a sentence or a markdown construct rather than the URL.
const TRAILING = '.,:;!?\'"*';
const isUrlChar = asciiSet((c) => c > 0x20 && c < 0x7f && !'"\'<>()[]{}`|\\^,*'.includes(String.fromCharCode(c)));
const isQueryChar = asciiSet((c) => isAlnum(c) || '-._~%&=+?#/'.includes(String.fromCharCode(c)));
// A host glued to one of these is part of another name: api.aliyundrive.com, x/aliyundrive…
const isNameChar = asciiSet((c) => isAlnum(c) || '._-/@'.includes(String.fromCharCode(c)));

export function scanLinks(t: string): LinkHit[] {
  const links: LinkHit[] = [];
  const re = new RegExp(ANCHORS);
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const hit = readAnchor(t, m.index, m[0].toLowerCase());
    if (!hit) continue;
    links.push(hit);
    re.lastIndex = Math.max(hit.end, re.lastIndex);
  }
  return links;
}

function readAnchor(t: string, at: number, anchor: string): LinkHit | null {
  if (anchor.startsWith('http')) return readAlipan(t, at, skipWww(t, at + anchor.length)) ?? readForeign(t, at);
  if (isAlnum(t.charCodeAt(at - 1))) return null;
  if (!anchor.startsWith('al')) return readForeign(t, at);
  const start = schemelessStart(t, at);
  return isNameChar(t.charCodeAt(start - 1)) ? null : readAlipan(t, start, at);
}

function skipWww(t: string, i: number): number {
  const w = t.slice(i, i + 4).toLowerCase();
  return w === 'www.' || w === 'www点' ? i + 4 : i;
}

/** Start of a link written without a scheme: optional "www." and protocol-relative "//". */
function schemelessStart(t: string, host: number): number {
  let s = host;
  if (s >= 4 && skipWww(t, s - 4) === s) s -= 4;
  if (s >= 2 && t.startsWith('//', s - 2)) s -= 2;
  return s;
}

function readAlipan(t: string, start: number, host: number): LinkHit | null {
  const name = HOSTS.find(
    (h) =>
      t
        .slice(host, host + h.length)
        .toLowerCase()
        .replace('点', '.') === h,
  );
  if (!name) return null;
  const path = host + name.length;
  return name === SHORT_HOST ? readShortPath(t, start, path) : readSharePath(t, start, path);
}

function readShortPath(t: string, start: number, path: number): LinkHit | null {
  if (t[path] !== '/') return null;
  const end = alnumEnd(t, path + 1, 8);
  if (end - (path + 1) < 6) return null;
  return {
    start,
    end,
    kind: 'short_url',
    id: null,
    code: null,
    url: `https://${SHORT_HOST}/${t.slice(path + 1, end)}`,
  };
}

function readSharePath(t: string, start: number, path: number): LinkHit | null {
  const segment = t.slice(path, path + 3);
  const kind = segment === '/s/' ? 'share' : segment === '/t/' ? 'quick_transfer' : null;
  if (!kind) return null;
  const idStart = path + 3;
  // Share ids are 11 chars in practice, quick-transfer ids 20; allow some slack either way.
  const idEnd = kind === 'share' ? shareIdEnd(t, idStart) : alnumEnd(t, idStart, 32);
  if (idEnd - idStart < 8) return null;
  const id = t.slice(idStart, idEnd);
  const hit: LinkHit = { start, end: idEnd, kind, id, code: null, url: `https://www.alipan.com${segment}${id}` };
  if (kind === 'share') readFolder(t, hit);
  readQuery(t, hit);
  return hit;
}

/**
 * Where a share id ends: up to 14 chars, but real ids are 11 (alipan-api.md §10), and a longer
 * run that goes on with a code keyword there ("…/s/AbCdEfGhIjKpwd: 1234") is an id glued to the
 * next word: split there (else it reads as a 14-char id that does not exist). 22 = 14 + "password".
 */
function shareIdEnd(t: string, i: number): number {
  const run = alnumEnd(t, i, 22);
  return run - i > 11 && /^(?:password|pwd|code)/i.test(t.slice(i + 11, run)) ? i + 11 : alnumEnd(t, i, 14);
}

function readFolder(t: string, hit: LinkHit): void {
  const at = hit.end + FOLDER.length;
  if (!t.startsWith(FOLDER, hit.end) || alnumEnd(t, at, 40) !== at + 40) return;
  const folderId = t.slice(at, at + 40);
  if (!HEX40.test(folderId)) return;
  hit.folderId = folderId;
  hit.url += FOLDER + folderId;
  hit.end = at + 40;
}

/** ?pwd=, ?password= and #code carry the link's own code. */
function readQuery(t: string, hit: LinkHit): void {
  const c = t[hit.end];
  if (c !== '?' && c !== '#') return;
  const end = runEnd(t, hit.end, isQueryChar, `${TRAILING}#&=`);
  const m = QUERY_CODE.exec(t.slice(hit.end, end));
  if (m) hit.code = m[1] ?? m[2] ?? null;
  hit.end = end;
}

function readForeign(t: string, at: number): LinkHit {
  const end = runEnd(t, at, isUrlChar, TRAILING);
  return { start: at, end: Math.max(end, at + 1), kind: null, id: null, code: null, url: '' };
}
