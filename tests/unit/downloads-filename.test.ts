import { describe, expect, it } from 'vitest';
import {
  downloadFilename,
  MAX_PATH_UNITS,
  MAX_SEGMENT_BYTES,
  MAX_SEGMENT_UNITS,
  safeSegment,
} from '../../lib/downloads/filename';
import { must } from '../must';

const DEVICES = /^(con|prn|aux|nul|clock\$|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/;

/** What Chromium's net::IsSafePortablePathComponent and the three filesystems demand of one segment. */
function portabilityProblems(segment: string): string[] {
  const problems: string[] = [];
  const lower = segment.toLowerCase();
  const extension = lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : '';
  if (segment === '') problems.push('empty');
  if (/[\p{Cc}\p{Cf}\p{Noncharacter_Code_Point}]/u.test(segment)) problems.push('control/format char');
  if (/["~*/:<>?\\|]/.test(segment)) problems.push('reserved ascii');
  if (/^[\p{White_Space}.~]|[\p{White_Space}.~]$/u.test(segment)) problems.push('bad end');
  if (/[\uD800-\uDFFF]/.test(segment.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) problems.push('lone surrogate');
  if (segment !== segment.normalize('NFC')) problems.push('not NFC');
  if (DEVICES.test(must(lower.split('.')[0]).trimEnd())) problems.push('device name');
  if (lower === 'desktop.ini' || lower === 'thumbs.db') problems.push('shell file');
  if (['lnk', 'local', 'scf'].includes(extension) || /^\{.*\}$/.test(extension)) problems.push('shell extension');
  if (segment.length > MAX_SEGMENT_UNITS) problems.push('too long');
  if (new TextEncoder().encode(segment).length > MAX_SEGMENT_BYTES) problems.push('too many bytes');
  return problems;
}

function expectPortablePath(path: string) {
  expect(path.length).toBeLessThanOrEqual(MAX_PATH_UNITS);
  for (const segment of path.split('/')) expect(portabilityProblems(segment), JSON.stringify(segment)).toEqual([]);
}

describe('safeSegment', () => {
  it.each([
    ['../../etc/passwd', '／..／etc／passwd'],
    ['a/b', 'a／b'],
    ['a\\b', 'a＼b'],
    ['<script>alert(1)</script>', '＜script＞alert(1)＜／script＞'],
    ['what?*|"x":', 'what？＊｜＂x＂：'],
    ['第1~10集', '第1～10集'],
    ['~', '～'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Nul.tar.gz', '_Nul.tar.gz'],
    ['COM1', '_COM1'],
    ['lpt9.log', '_lpt9.log'],
    ['COM¹.txt', '_COM¹.txt'],
    ['clock$', '_clock$'],
    ['CON .txt', '_CON .txt'],
    ['console.log', 'console.log'],
    ['desktop.ini', '_desktop.ini'],
    ['Thumbs.db', '_Thumbs.db'],
    ['shortcut.lnk', 'shortcut.lnk_'],
    ['x.LOCAL', 'x.LOCAL_'],
    ['x.scf', 'x.scf_'],
    ['a.{21EC2020-3AEA-1069-A2DD-08002B30309D}', 'a.{21EC2020-3AEA-1069-A2DD-08002B30309D}_'],
    ['name. ', 'name'],
    ['name...', 'name'],
    ['  leading', 'leading'],
    ['ideographic\u3000', 'ideographic'],
    ['\u00A0nbsp\u00A0', 'nbsp'],
    ['.bashrc', 'bashrc'],
    ['', '_'],
    ['.', '_'],
    ['..', '_'],
    ['....', '_'],
    [' . . ', '_'],
    ['a\u202Egnp.exe', 'agnp.exe'],
    ['\u2066isolate\u2069d\u200E\u200F\u061C', 'isolated'],
    ['zero\u200Bwidth\uFEFF\u2060', 'zerowidth'],
    ['tab\there\nnewline', 'tab_here_newline'],
    ['del\u007Fc1\u0085\u009F', 'del_c1__'],
    ['nul\u0000byte', 'nul_byte'],
    ['non\uFFFEchar\uFDD0', 'non_char_'],
    ['lone\uD800surrogate\uDC00', 'lone_surrogate_'],
    ['e\u0301cole', 'école'],
    ['😀 smile.png', '😀 smile.png'],
    ['👨\u200D👩\u200D👧 family.jpg', '👨👩👧 family.jpg'],
    ['电影 1080p.mkv', '电影 1080p.mkv'],
  ])('%j → %j', (input, expected) => {
    expect(safeSegment(input)).toBe(expected);
    expect(portabilityProblems(safeSegment(input))).toEqual([]);
  });

  it('bounds long names and keeps the extension', () => {
    const ascii = safeSegment(`${'x'.repeat(300)}.mp4`);
    expect(ascii.length).toBeLessThanOrEqual(MAX_SEGMENT_UNITS);
    expect(ascii).toMatch(/^x+\.mp4$/);
    const cjk = safeSegment(`${'中'.repeat(300)}.mkv`);
    expect(new TextEncoder().encode(cjk).length).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(cjk).toMatch(/^中+\.mkv$/);
    const noExt = safeSegment('y'.repeat(500));
    expect(noExt.length).toBeLessThanOrEqual(MAX_SEGMENT_UNITS);
  });

  it('never cuts an emoji in half', () => {
    const s = safeSegment(`${'🎬'.repeat(100)}.mp4`);
    expect(s).toMatch(/^(🎬)+\.mp4$/u);
    expect(portabilityProblems(s)).toEqual([]);
  });

  it('does not leave a dot or space at the cut', () => {
    const s = safeSegment(`${'a'.repeat(110)}        . . . ${'b'.repeat(50)}.txt`);
    expect(portabilityProblems(s)).toEqual([]);
    expect(s.endsWith('.txt')).toBe(true);
  });

  it('is idempotent', () => {
    for (const name of ['CON', 'x.lnk', '..', 'a:b', `${'z'.repeat(300)}.zip`]) {
      expect(safeSegment(safeSegment(name))).toBe(safeSegment(name));
    }
  });

  it('turns 3000 random hostile names into portable segments', () => {
    const alphabet = [
      ...'aZ0 .~-_:/\\<>"|?*()[]{}',
      '\u0000',
      '\u001F',
      '\u007F',
      '\u0085',
      '\u00A0',
      '\u200B',
      '\u200D',
      '\u202E',
      '\u2066',
      '\uFEFF',
      '\uFFFE',
      '\uD800',
      '\uDC00',
      '😀',
      '中',
      'é',
      'e\u0301',
      '\u3000',
      'CON',
      'lpt1',
      '.lnk',
      '.{x}',
      'desktop.ini',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(random() * (i % 10 === 0 ? 200 : 12));
      const name = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(portabilityProblems(safeSegment(name)), JSON.stringify(name)).toEqual([]);
    }
  });
});

describe('downloadFilename', () => {
  it('puts the file under the share name and its folders', () => {
    expect(downloadFilename('My Share', ['Season 1', 'Extras'], 'ep1.mkv', new Set())).toBe(
      'My Share/Season 1/Extras/ep1.mkv',
    );
    expect(downloadFilename('My Share', [], 'a.txt', new Set())).toBe('My Share/a.txt');
  });

  it('makes every segment safe, so no segment can climb out of the downloads folder', () => {
    const path = downloadFilename('..', ['..', '.', 'a/../b', 'CON'], '../../etc/passwd', new Set());
    expect(path).toBe('_/_/_/a／..／b/_CON/／..／etc／passwd');
    expect(path.split('/').some((s) => s === '..' || s === '.')).toBe(false);
    expectPortablePath(path);
  });

  it('numbers names that clash, ignoring case, before the extension', () => {
    const taken = new Set<string>();
    const names = ['Photo.JPG', 'photo.jpg', 'PHOTO.jpg', 'photo', 'a:b.txt', 'a：b.txt'].map((n) =>
      downloadFilename('S', [], n, taken),
    );
    expect(names).toEqual([
      'S/Photo.JPG',
      'S/photo (1).jpg',
      'S/PHOTO (2).jpg',
      'S/photo',
      'S/a：b.txt',
      'S/a：b (1).txt',
    ]);
  });

  it('keeps files in different folders apart without numbering', () => {
    const taken = new Set<string>();
    expect(downloadFilename('S', ['x'], 'a.txt', taken)).toBe('S/x/a.txt');
    expect(downloadFilename('S', ['y'], 'a.txt', taken)).toBe('S/y/a.txt');
  });

  it('does not give a file the name of a folder already used', () => {
    const taken = new Set<string>();
    downloadFilename('S', ['docs'], 'a.txt', taken);
    expect(downloadFilename('S', [], 'Docs', taken)).toBe('S/Docs (1)');
  });

  it('numbers a name at the length limit without going over it', () => {
    const taken = new Set<string>();
    const long = `${'n'.repeat(300)}.txt`;
    const first = downloadFilename('S', [], long, taken);
    const second = downloadFilename('S', [], long, taken);
    expect(second).not.toBe(first);
    expect(second).toMatch(/ \(1\)\.txt$/);
    expectPortablePath(second);
  });

  it('keeps deep and long paths under the whole-path bound', () => {
    const dirs = Array.from({ length: 40 }, (_, i) => `${'folder'.repeat(10)} ${i}`);
    const path = downloadFilename('分享'.repeat(80), dirs, `${'file'.repeat(60)}.pdf`, new Set());
    expectPortablePath(path);
    expect(path.endsWith('.pdf')).toBe(true);
    expect(path.startsWith('分享')).toBe(true);
  });

  it('handles an empty share name and file name', () => {
    expect(downloadFilename('', [''], '', new Set())).toBe('_/_/_');
  });
});
