import { describe, expect, it } from 'vitest';
import type { ShareState } from '../../lib/shares/model';
import { liveShareLines, shareList, shareListFileName, summarizeShares } from '../../lib/ui/share-list';
import type { TabShare } from '../../lib/ui/tab-shares';

const share = (shareId: string, state: ShareState | undefined, extra: Partial<TabShare> = {}): TabShare => ({
  shareId,
  code: null,
  ...(state ? { status: { state, name: `Share ${shareId}`, fileCount: 3 } } : {}),
  ...extra,
});

describe('summarizeShares', () => {
  it('counts alive, needing a code (wrong codes among them), dead per kind, unknown and still checking', () => {
    const summary = summarizeShares([
      share('a', 'valid'),
      share('b', 'valid'),
      share('c', 'needs-code'),
      share('d', 'wrong-code'),
      share('e', 'expired'),
      share('f', 'expired'),
      share('g', 'cancelled'),
      share('h', 'forbidden'),
      share('i', 'not-found'),
      share('j', 'empty'),
      share('k', 'unknown'),
      share('l', undefined),
      share('m', 'checking'),
    ]);
    expect(summary).toEqual({
      total: 13,
      alive: 2,
      needsCode: 2,
      wrongCode: 1,
      dead: 6,
      deadByKind: { expired: 2, cancelled: 1, forbidden: 1, 'not-found': 1, empty: 1 },
      unknown: 1,
      checking: 2,
    });
  });
});

describe('liveShareLines', () => {
  it('one line per share that opens now, with its code and linked folder; nothing else', () => {
    const text = liveShareLines([
      share('hCa7nuezUAf', 'valid', { code: 't84d' }),
      share('AbCdEfGhIjK', 'valid', { folderId: '6412a2b3c4d5' }),
      share('ZzZzZzZzZzZ', 'needs-code'),
      share('YyYyYyYyYyY', 'unknown', { code: 'ab12' }),
      // Codes written with no keyword: the one Alipan took is given, the other never is.
      share('XxXxXxXxXxX', 'valid', { code: 'cd34', candidate: true, status: { state: 'valid', codeAccepted: true } }),
      share('WwWwWwWwWwW', 'valid', { code: 'zz99', candidate: true }),
    ]);
    expect(text).toBe(
      [
        'https://www.alipan.com/s/hCa7nuezUAf 提取码: t84d',
        'https://www.alipan.com/s/AbCdEfGhIjK/folder/6412a2b3c4d5',
        'https://www.alipan.com/s/XxXxXxXxXxX 提取码: cd34',
        'https://www.alipan.com/s/WwWwWwWwWwW',
      ].join('\n'),
    );
  });
});

describe('shareList', () => {
  const hostile = share('hCa7nuezUAf', 'valid', {
    code: 't84d',
    status: { state: 'valid', name: '=HYPERLINK("http://evil")|[x](y) *b*\nnext', fileCount: 12 },
  });

  it('CSV: a header, every share, quoted where needed, and no cell a spreadsheet would run as a formula', () => {
    const csv = shareList([hostile, share('AbCdEfGhIjK', undefined)], 'csv');
    expect(csv.split('\r\n')).toEqual([
      '\ufeffname,link,code,state,files',
      `"'=HYPERLINK(""http://evil"")|[x](y) *b*\nnext",https://www.alipan.com/s/hCa7nuezUAf,t84d,valid,12`,
      ',https://www.alipan.com/s/AbCdEfGhIjK,,checking,',
      '',
    ]);
  });

  it('Markdown: a table whose cells a name cannot break out of (no column, link or emphasis)', () => {
    const md = shareList([hostile], 'markdown').trimEnd().split('\n');
    expect(md[0]).toBe('| Name | Link | Code | State | Files |');
    expect(md[2]).toBe(
      '| =HYPERLINK\\("http://evil"\\)\\|\\[x\\]\\(y\\) \\*b\\* next | <https://www.alipan.com/s/hCa7nuezUAf> | t84d | valid | 12 |',
    );
    expect(md).toHaveLength(3);
  });

  it('names the file after the site and the day', () => {
    const day = new Date('2026-12-05T10:00:00Z');
    expect(shareListFileName('bbs.example.com', 'csv', day)).toBe('alipan-shares-bbs.example.com-2026-12-05.csv');
    expect(shareListFileName('', 'markdown', day)).toBe('alipan-shares-pasted-2026-12-05.md');
  });
});
