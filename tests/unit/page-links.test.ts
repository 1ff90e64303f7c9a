/** The background's half of badging: the links in the texts a content script read, and what it takes of them. */
import { describe, expect, it } from 'vitest';
import { linksIn } from '../../lib/shares/page-links';
import { asPageTexts } from '../../lib/shares/validate';

const whole = (text: string) => ({ text, from: 0, to: text.length });

describe('linksIn', () => {
  it('names each kind of link as the status service checks it, last first', () => {
    const folder = 'a'.repeat(40);
    const text =
      `https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111\n` +
      `https://www.alipan.com/s/BBBBBBBBBBB/folder/${folder}\n` +
      'https://www.alipan.com/t/35GoJzvFarTltufN21JK\n' +
      'https://alywp.net/5whNJG\n' +
      'https://www.alipan.com/s/CCCCCCCCCCC (ab12)';
    const found = linksIn(whole(text));
    expect(found.map(({ ref }) => ref)).toEqual([
      { shareId: 'CCCCCCCCCCC', code: 'ab12', kind: 'share', candidate: true },
      { shareId: '5whNJG', code: null, kind: 'short_url' },
      { shareId: '35GoJzvFarTltufN21JK', code: null, kind: 'quick_transfer' },
      { shareId: 'BBBBBBBBBBB', code: null, kind: 'share', folderId: folder },
      { shareId: 'AAAAAAAAAAA', code: '1111', kind: 'share' },
    ]);
    // Each end is just after its link: where the badge goes.
    expect(found.map(({ end }) => text.slice(end - 6, end))).toEqual([
      'CCCCCC',
      '5whNJG',
      'N21JK'.padStart(6, 'f'),
      'aaaaaa',
      'AAAAAA',
    ]);
  });

  it('gives only the links that end in the badged part, though the rest lends codes', () => {
    const before = 'https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111\n';
    const own = 'https://www.alipan.com/s/BBBBBBBBBBB\n';
    const text = `${before}${own}提取码: t84d\n下一篇 https://www.alipan.com/s/CCCCCCCCCCC`;
    const found = linksIn({ text, from: before.length, to: before.length + own.length });
    expect(found.map(({ ref }) => [ref.shareId, ref.code])).toEqual([['BBBBBBBBBBB', 't84d']]);
  });
});

describe('asPageTexts', () => {
  it('keeps well-formed texts and reads a malformed one as empty, so that answers stay in order', () => {
    expect(
      asPageTexts([
        { text: 'abc', from: 1, to: 3 },
        { text: 'abc', from: 2, to: 1 },
        { text: 'abc', from: 0, to: 4 },
        { text: 42, from: 0, to: 0 },
        null,
        { text: 'abc', from: 0.5, to: 1 },
      ]),
    ).toEqual([{ text: 'abc', from: 1, to: 3 }, ...Array(5).fill({ text: '', from: 0, to: 0 })]);
    expect(asPageTexts('abc')).toEqual([]);
  });

  it('takes a bounded batch: a long text whole, the texts past 16 million chars in all as empty', () => {
    expect(asPageTexts(Array(1000).fill(whole('x')))).toHaveLength(256);
    const log = whole('x'.repeat(6_000_000));
    expect(asPageTexts([log, log, log, whole('y')]).map(({ text }) => text.length)).toEqual([
      6_000_000, 6_000_000, 0, 0,
    ]);
  });
});
