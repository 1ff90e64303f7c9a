/**
 * Names on disk for downloaded share files: `<share name>/<folders…>/<file>`, every segment safe
 * on Windows, macOS and Linux, and accepted by `chrome.downloads.download`, which refuses the whole
 * download ("Invalid filename") unless each segment passes Chromium's
 * `net::IsSafePortablePathComponent`: no control (Cc) or format (Cf) characters, no `"*:<>?\|/~`,
 * no non-characters, no white space, `.` or `~` at either end, no `.lnk`/`.local`/`.scf`/`.{clsid}`
 * extension, no Windows device name (`CON`, `con.txt`, `clock$`…), no `desktop.ini`/`thumbs.db`.
 *
 * Choices: reserved ASCII punctuation becomes its full-width lookalike (`a:b` → `a：b`), so names
 * stay readable; control characters and non-characters become `_`; format characters (bidi
 * controls, zero-width characters, the emoji joiner) are removed; lengths are bounded for Windows
 * (MAX_PATH 260 with the downloads folder in front) and Linux/macOS (255 bytes per name, with room
 * for Chrome's `.crdownload` and ` (1)` suffixes).
 */

/** UTF-16 code units per segment (Windows counts UTF-16 units; HFS+ decomposes to NFD). */
export const MAX_SEGMENT_UNITS = 120;
/** UTF-8 bytes per segment: ext4/APFS allow 255; Chrome appends `.crdownload` while downloading. */
export const MAX_SEGMENT_BYTES = 200;
/** The whole relative path: MAX_PATH 260 minus a typical `C:\Users\<name>\Downloads\`. */
export const MAX_PATH_UNITS = 200;
/** A segment is never shortened below this while fitting a deep path. */
const MIN_SEGMENT_UNITS = 12;
/** Shortening never leaves less of the name than this in front of a kept extension. */
const MIN_STEM_UNITS = 6;
/** A suffix after the last dot counts as an extension (kept when shortening) up to this length. */
const MAX_EXTENSION_UNITS = 16;

const FULL_WIDTH: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  ':': '：',
  '"': '＂',
  '/': '／',
  '\\': '＼',
  '|': '｜',
  '?': '？',
  '*': '＊',
  '~': '～',
};

// Chromium's IsFilenameLegal: [:Cc:] and [:Cf:] anywhere, plus non-characters; lone surrogates
// cannot be converted to a file path at all.
const FORMAT_CHARS = /\p{Cf}/gu;
const CONTROL_OR_NONCHAR = /[\p{Cc}\p{Noncharacter_Code_Point}]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const RESERVED_ASCII = /[<>:"/\\|?*~]/g;
/** Chromium's illegal-at-ends set is `[[:WSpace:][.~]]`; `~` is already replaced. */
const LEADING_JUNK = /^[\p{White_Space}.]+/u;
const TRAILING_JUNK = /[\p{White_Space}.]+$/u;

/** Windows device names, also reserved with any extension (`con.txt`); Chromium adds `clock$`. */
const DEVICE_NAMES = new Set([
  'con',
  'prn',
  'aux',
  'nul',
  'clock$',
  'conin$',
  'conout$',
  ...[...'0123456789¹²³'].flatMap((n) => [`com${n}`, `lpt${n}`]),
]);
/** Shell "customize folder" files Chromium refuses to write. */
const SHELL_FILES = new Set(['desktop.ini', 'thumbs.db']);
/** Extensions Chromium refuses (shell-integrated: code execution via .lnk/.scf, DLL redirection via .local). */
const SHELL_EXTENSIONS = new Set(['lnk', 'local', 'scf']);

/** One path segment, safe everywhere; never empty, never `.`/`..`, at most the segment bounds. */
export function safeSegment(name: string, maxUnits = MAX_SEGMENT_UNITS): string {
  const cleaned = trimEnds(
    name
      .replace(LONE_SURROGATE, '_')
      .replace(FORMAT_CHARS, '')
      .replace(CONTROL_OR_NONCHAR, '_')
      .normalize('NFC')
      .replace(RESERVED_ASCII, (c) => FULL_WIDTH[c] ?? '_'),
  );
  // One unit stays free for the `_` that defuse() may add.
  return defuse(shorten(cleaned || '_', maxUnits - 1));
}

/**
 * `<share name>/<dirs…>/<file>` for `downloads.download`. `taken` holds the lower-cased paths
 * already handed out in this job (filesystems on Windows and macOS ignore case); the result is
 * added to it, and a clash gets ` (1)`, ` (2)`… before the extension.
 */
export function downloadFilename(
  shareName: string,
  pathSegments: readonly string[],
  fileName: string,
  taken: Set<string>,
): string {
  const dirs = fitDirectories([shareName, ...pathSegments].map((s) => safeSegment(s)));
  const dirPrefix = dirs.map((d) => `${d}/`).join('');
  const fileBudget = Math.max(MIN_SEGMENT_UNITS, Math.min(MAX_SEGMENT_UNITS, MAX_PATH_UNITS - dirPrefix.length));
  const base = safeSegment(fileName, fileBudget);
  for (let n = 0; ; n++) {
    const candidate = dirPrefix + (n === 0 ? base : numbered(base, n, fileBudget));
    const key = candidate.toLowerCase();
    // A file cannot take the name of a folder already used in this job, and vice versa.
    if (!taken.has(key) && !taken.has(`${key}/`)) {
      taken.add(key);
      for (let i = 1; i <= dirs.length; i++) taken.add(`${dirs.slice(0, i).join('/')}/`.toLowerCase());
      return candidate;
    }
  }
}

/** Shortens folder names (longest first), then drops middle folders, until the path leaves room for a file. */
function fitDirectories(dirs: string[]): string[] {
  const budget = MAX_PATH_UNITS - MIN_SEGMENT_UNITS * 4; // keep room for a readable file name
  const length = (ds: string[]) => ds.reduce((sum, d) => sum + d.length + 1, 0);
  const out = [...dirs];
  while (length(out) > budget) {
    const longest = out.reduce((best, d, i) => (d.length > (out[best]?.length ?? 0) ? i : best), 0);
    const dir = out[longest];
    if (dir === undefined || dir.length <= MIN_SEGMENT_UNITS) break;
    const excess = length(out) - budget;
    out[longest] = safeSegment(dir, Math.max(MIN_SEGMENT_UNITS, dir.length - excess));
  }
  // Still too deep: keep the share folder and the innermost folders, mark the gap with "…".
  while (length(out) > budget && out.length > 2) out.splice(1, out[1] === '…' ? 2 : 1, '…');
  return out;
}

function numbered(name: string, n: number, maxUnits: number): string {
  return fitAround(name, maxUnits, ` (${n})`);
}

function splitExtension(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > MAX_EXTENSION_UNITS) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
}

/** Bounds the segment in UTF-16 units and UTF-8 bytes, keeping the extension. */
function shorten(name: string, maxUnits: number): string {
  return name.length <= maxUnits && utf8Length(name) <= MAX_SEGMENT_BYTES ? name : fitAround(name, maxUnits);
}

/** `stem + infix + extension` within the bounds, cutting the stem; the extension is kept unless it leaves no room. */
function fitAround(name: string, maxUnits: number, infix = ''): string {
  const split = splitExtension(name);
  const keepExt = maxUnits - split.ext.length - infix.length >= MIN_STEM_UNITS;
  const { stem, ext } = keepExt ? split : { stem: name, ext: '' };
  const tail = infix + ext;
  const head = trimEnds(truncate(stem, maxUnits - tail.length, MAX_SEGMENT_BYTES - utf8Length(tail)));
  return (head || '_') + tail;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cuts at a grapheme boundary (no half emoji or orphaned combining mark). */
function truncate(text: string, maxUnits: number, maxBytes = MAX_SEGMENT_BYTES): string {
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const b = utf8Length(segment);
    if (out.length + segment.length > maxUnits || bytes + b > maxBytes) break;
    out += segment;
    bytes += b;
  }
  return out;
}

function trimEnds(name: string): string {
  return name.replace(LEADING_JUNK, '').replace(TRAILING_JUNK, '');
}

/** Renames what Windows or Chromium would refuse even though every character is fine. */
function defuse(name: string): string {
  const lower = name.toLowerCase();
  const stem = (lower.split('.', 1)[0] ?? '').trimEnd();
  if (DEVICE_NAMES.has(stem) || SHELL_FILES.has(lower)) return `_${name}`;
  // Chromium's FilePath::Extension(): whatever follows the last dot, any length.
  const extension = lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : '';
  const clsid = extension.startsWith('{') && extension.endsWith('}');
  return SHELL_EXTENSIONS.has(extension) || clsid ? `${name}_` : name;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
