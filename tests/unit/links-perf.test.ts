/**
 * findShareLinks runs on every text of large pages, some of them hostile: each input below
 * must be scanned in linear time, with no regex backtracking blow-up.
 */
import { describe, expect, it } from 'vitest';
import { findShareLinks } from '../../lib/links/parse';
import { cpuTimeOf } from '../cpu-time';

const MB = 1_000_000;
const CEILING_MS = 2000;
// Doubling the input should about double the time; 4x plus slack absorbs GC and a busy
// machine. A real blow-up (backtracking, rescans) also breaks the ceiling at 1 MB.
const SCALING_FACTOR = 4;
const SCALING_SLACK_MS = 50;

/** Builds a string of `size` chars out of `unit` (cut mid-unit if needed). */
function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** Best of three runs, in ms of CPU time (a wall clock made the 2 MB run look superlinear whenever another process woke). */
function timeOf(text: string): number {
  return Math.min(...[1, 2, 3].map(() => cpuTimeOf(() => findShareLinks(text))));
}

const repeated: Record<string, string> = {
  'host and path': 'alipan.com/s/',
  keyword: '提取码',
  'one letter': 'a',
  'keyword + link': '提取码：abcd https://www.alipan.com/s/abcdefghijk\n',
  'markdown duplicate + code':
    '[https://www.alipan.com/s/abcdefghijk](https://www.alipan.com/s/abcdefghijk) 提取码: j19g ',
  'links on one line': 'alipan.com/s/abcdefghijk 提取码 abcd ',
  'zero-width in host': 'ali\u200bpan.com/s/',
  'full-width link': 'ｈｔｔｐｓ：／／ａｌｉｐａｎ．ｃｏｍ／ｓ／ＡＢＣ',
  'Baidu + host': 'https://pan.baidu.com/s/1abc?pwd=abcd alipan ',
  'bare code in link text': '[阿里云盘（t84d）](alipan ',
  'keywords only': 'alipan 提取码:abcd code: 1234 pwd=abcd 密码 abcd 解压密码 1234\n',
  'host per line': 'alipan\n',
  'query start': 'https://www.alipan.com/s/abcdefghijk?',
};

const single: Record<string, (size: number) => string> = {
  'endless id': (size) => `https://www.alipan.com/s/${'A'.repeat(size)}`,
  'endless query': (size) => `https://www.alipan.com/s/abcdefghijk?pwd=${'a'.repeat(size)}`,
  'endless folder': (size) => `alipan.com/s/abcdefghijk/folder/${'a'.repeat(size)}`,
  'endless foreign URL': (size) => `alipan https://example.com/${'a'.repeat(size)}`,
  'endless separators': (size) => `alipan.com/s/abcdefghijk 提取码${' '.repeat(size)}abcd`,
  'endless markdown text': (size) => `[${'('.repeat(size)}(abcd)](https://www.alipan.com/s/abcdefghijk)`,
};

const workloads: [string, (size: number) => string][] = [
  ...Object.entries(repeated).map(([name, unit]): [string, (size: number) => string] => [
    name,
    (size) => fill(unit, size),
  ]),
  ...Object.entries(single),
];

describe('findShareLinks on megabyte inputs', () => {
  for (const [name, make] of workloads) {
    it(`${name}: under ${CEILING_MS} ms and roughly linear`, () => {
      const t1 = timeOf(make(MB));
      const t2 = timeOf(make(2 * MB));
      expect(t1).toBeLessThan(CEILING_MS);
      expect(t2).toBeLessThan(SCALING_FACTOR * t1 + SCALING_SLACK_MS);
    }, 30_000);
  }

  it('still finds every link in a large text', () => {
    const unit = '提取码：abcd https://www.alipan.com/s/abcdefghijk\n';
    const found = findShareLinks(fill(unit, MB));
    expect(found.length).toBe(Math.floor(MB / unit.length));
    expect(found.every((m) => m.shareId === 'abcdefghijk')).toBe(true);
  });
});
