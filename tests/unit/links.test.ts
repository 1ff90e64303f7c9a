import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findShareLinks,
  mayLendCodeAbove,
  parseShareUrl,
  type ShareLinkMatch,
  uniqueShares,
} from '../../lib/links/parse';
import {
  type ExpectedShare as Expected,
  LINK_SAMPLES_PATH,
  NOTES_LINK_SAMPLES_PATH,
  readLinkSamples,
} from '../fixtures/link-samples';

/** Our match in the samples' vocabulary. */
function asExpected(m: ShareLinkMatch): Expected {
  const e: Expected = { share_id: m.shareId, pwd: m.code };
  if (m.folderId) e.folder_id = m.folderId;
  if (m.kind === 'quick_transfer') e.kind = 'quick_transfer_t';
  if (m.kind === 'short_url') e.short_url = m.url;
  return e;
}

function distinct(text: string): Expected[] {
  return uniqueShares(findShareLinks(text)).map(asExpected);
}

/** The one share in text, with its code. */
function only(text: string): Pick<ShareLinkMatch, 'shareId' | 'code'> {
  const found = uniqueShares(findShareLinks(text));
  expect(found).toHaveLength(1);
  const [m] = found;
  return { shareId: m?.shareId ?? null, code: m?.code ?? null };
}

const ID = 'hCa7nuezUAf';
const URL_ = `https://www.alipan.com/s/${ID}`;
const BAIDU = 'https://pan.baidu.com/s/1URbwsRhLeJZDeRvspW0n9g';
const FOLDER = '61939640dceb43ef04b14ba198d8259b4faef00f';

describe('link-samples.jsonl', () => {
  const samples = readLinkSamples();

  it('is present', () => {
    expect(samples.length, `no samples in ${LINK_SAMPLES_PATH}`).toBeGreaterThan(0);
  });

  // The team's notes are the source; a user's clone has only the vendored copy.
  it.skipIf(!existsSync(NOTES_LINK_SAMPLES_PATH))(
    "is the same as the notes' copy (../shared/link-samples.jsonl)",
    () => {
      expect(readFileSync(LINK_SAMPLES_PATH, 'utf8'), `update tests/fixtures from ${NOTES_LINK_SAMPLES_PATH}`).toBe(
        readFileSync(NOTES_LINK_SAMPLES_PATH, 'utf8'),
      );
    },
  );

  for (const [i, s] of samples.entries()) {
    it(`#${i + 1} ${s.note ?? s.source}`, () => {
      expect(distinct(s.snippet)).toEqual(s.expect);
    });
  }
});

describe('parseShareUrl: URL forms', () => {
  const forms: [string, Partial<ShareLinkMatch>][] = [
    [`https://www.alipan.com/s/${ID}`, { shareId: ID, code: null }],
    [`http://www.aliyundrive.com/s/${ID}`, { shareId: ID, code: null }],
    [`https://alipan.com/s/${ID}`, { shareId: ID }],
    [`www.alipan.com/s/${ID}`, { shareId: ID }],
    [`alipan.com/s/${ID}`, { shareId: ID }],
    [`aliyundrive.com/s/${ID}`, { shareId: ID }],
    [`//www.alipan.com/s/${ID}`, { shareId: ID }],
    [`HTTPS://WWW.ALIPAN.COM/s/${ID}`, { shareId: ID }],
    [`https://www.alipan.com/s/${ID}?pwd=t84d`, { shareId: ID, code: 't84d' }],
    [`https://www.alipan.com/s/${ID}?password=T84D`, { shareId: ID, code: 'T84D' }],
    [`https://www.alipan.com/s/${ID}?spm=x.y&pwd=ab12`, { shareId: ID, code: 'ab12' }],
    [`https://www.alipan.com/s/${ID}#t84d`, { shareId: ID, code: 't84d' }],
    [`https://www.alipan.com/s/${ID}/folder/${FOLDER}`, { shareId: ID, folderId: FOLDER, code: null }],
    [`https://www.alipan.com/s/${ID}/folder/${FOLDER}?pwd=6666`, { shareId: ID, folderId: FOLDER, code: '6666' }],
    [`https://www.alipan.com/s/${ID} 提取码: t84d`, { shareId: ID, code: 't84d' }],
    [`  ${URL_}\n`, { shareId: ID }],
  ];
  for (const [input, want] of forms) {
    it(JSON.stringify(input), () => {
      expect(parseShareUrl(input)).toMatchObject({ kind: 'share', ...want });
    });
  }

  it('builds the canonical URL on alipan.com', () => {
    expect(parseShareUrl(`aliyundrive.com/s/${ID}/folder/${FOLDER}?pwd=abcd`)?.url).toBe(
      `https://www.alipan.com/s/${ID}/folder/${FOLDER}`,
    );
  });

  it('keeps the case of the id', () => {
    expect(parseShareUrl('https://www.alipan.com/s/AbCdEfGhIjK')?.shareId).toBe('AbCdEfGhIjK');
  });

  it('splits an 11-char id from a code keyword glued to it', () => {
    expect(findShareLinks('https://www.alipan.com/s/AbCdEfGhIjKpwd: t84d').map((m) => [m.shareId, m.code])).toEqual([
      ['AbCdEfGhIjK', 't84d'],
    ]);
    expect(findShareLinks('alipan.com/s/AbCdEfGhIjKpassword 1a2b').map((m) => [m.shareId, m.code])).toEqual([
      ['AbCdEfGhIjK', '1a2b'],
    ]);
    expect(parseShareUrl('alipan.com/s/AbCdEfGhIjKcode')?.shareId).toBe('AbCdEfGhIjK');
    // Not a keyword after 11 chars: the id keeps its length (up to 14).
    expect(parseShareUrl('alipan.com/s/abcdefgh12345')?.shareId).toBe('abcdefgh12345');
  });

  it('accepts ids of 8 to 14 chars only', () => {
    expect(parseShareUrl('alipan.com/s/abcd1234')?.shareId).toBe('abcd1234');
    expect(parseShareUrl('alipan.com/s/abcdefgh123456')?.shareId).toBe('abcdefgh123456');
    expect(parseShareUrl('alipan.com/s/abc1234')).toBeNull();
    expect(parseShareUrl('alipan.com/s/abcdefgh1234567')).toBeNull();
  });

  it('ignores a malformed folder or query code but keeps the share', () => {
    expect(parseShareUrl(`${URL_}/folder/xyz`)).toMatchObject({ shareId: ID, code: null });
    expect(parseShareUrl(`${URL_}/folder/xyz`)?.folderId).toBeUndefined();
    expect(parseShareUrl(`${URL_}?pwd=abcde`)).toMatchObject({ shareId: ID, code: null });
  });

  it('returns null for no share, a quick-transfer link or a short link', () => {
    expect(parseShareUrl('')).toBeNull();
    expect(parseShareUrl('hello world')).toBeNull();
    expect(parseShareUrl('https://www.alipan.com/t/35GoJzvFarTltufN21JK')).toBeNull();
    expect(parseShareUrl('https://alywp.net/5whNJG')).toBeNull();
    expect(parseShareUrl('https://www.alipan.com/drive/file/all')).toBeNull();
  });

  it('skips a leading quick-transfer link to return the share', () => {
    expect(parseShareUrl(`https://www.alipan.com/t/35GoJzvFarTltufN21JK ${URL_}`)?.shareId).toBe(ID);
  });
});

describe('other Alipan link kinds', () => {
  it('reports /t/ links as quick_transfer, never as a share', () => {
    const [m] = findShareLinks('<https://www.alipan.com/t/35GoJzvFarTltufN21JK>');
    expect(m).toMatchObject({
      kind: 'quick_transfer',
      shareId: '35GoJzvFarTltufN21JK',
      url: 'https://www.alipan.com/t/35GoJzvFarTltufN21JK',
    });
  });

  it('reports alywp.net links as short_url without a share id', () => {
    expect(findShareLinks('见 alywp.net/78nT5T。')).toMatchObject([
      { kind: 'short_url', shareId: null, url: 'https://alywp.net/78nT5T', start: 2, end: 18 },
    ]);
    expect(findShareLinks('https://alywp.net/12345')).toEqual([]);
    expect(findShareLinks('https://alywp.net/123456789')).toEqual([]);
  });

  it('keeps distinct short links apart', () => {
    expect(uniqueShares(findShareLinks('https://alywp.net/aaaaaa https://alywp.net/bbbbbb'))).toHaveLength(2);
  });
});

describe('text that is not a share link', () => {
  const texts = [
    'https://github.com/messense/aliyundrive-webdav',
    'github.com/foo/aliyundrive-webdav',
    'join @Aliyundrive_Share_Channel',
    'POST https://api.aliyundrive.com/adrive/v3/share_link/get_share_by_anonymous?share_id=abcdefghijk',
    'api.aliyundrive.com/s/abcdefghijk',
    'https://github.com/x/alipan.com/s/abcdefghijk',
    'myalipan.com/s/abcdefghijk',
    'alipan.cn/s/abcdefghijk',
    'alipan.com/x/abcdefghijk',
    '阿里云盘 JuRzzkQVF1z',
    `${BAIDU}?pwd=fx4v`,
  ];
  for (const text of texts) {
    it(JSON.stringify(text), () => {
      expect(findShareLinks(text)).toEqual([]);
    });
  }
});

describe('codes written as text', () => {
  const keywords: [string, string][] = [
    ['提取码:88dk', '88dk'],
    ['提取码：88dk', '88dk'],
    ['提取码 88dk', '88dk'],
    ['提取码88dk', '88dk'],
    ['提取碼：88dk', '88dk'],
    ['密码：88dk', '88dk'],
    ['访问码：88dk', '88dk'],
    ['訪問碼：88dk', '88dk'],
    ['验证码：88dk', '88dk'],
    ['pwd=88dk', '88dk'],
    ['password: 88dk', '88dk'],
    ['Code: q5h7', 'q5h7'],
    ['(CODE: 7u5q).', '7u5q'],
    ['Extraction code: abcd', 'abcd'],
    ['code 7u5q', '7u5q'],
    ['（提取码：2021）', '2021'],
    ['**提取码**：2021', '2021'],
    ['提取码为 w9jl', 'w9jl'],
    ['提取码：ａｂ１２', 'ab12'],
    ['"pwd":"88dk"', '88dk'],
  ];
  for (const [written, code] of keywords) {
    it(`reads ${JSON.stringify(written)}`, () => {
      expect(only(`${URL_} ${written}`)).toEqual({ shareId: ID, code });
    });
  }

  const notCodes = [
    '提取码：abcde',
    '提取码：无',
    'source code will follow',
    'barcode: 1234',
    'codes: 1234',
    'code1234',
    '解压密码：1234',
    '解壓密碼：1234',
    '压缩密码：1234',
  ];
  for (const written of notCodes) {
    it(`takes no code from ${JSON.stringify(written)}`, () => {
      expect(only(`${URL_} ${written}`)).toEqual({ shareId: ID, code: null });
    });
  }

  it('takes the share code and not the archive password', () => {
    expect(only(`${URL_} 解压密码：1234 提取码：abcd`).code).toBe('abcd');
  });

  it('prefers the code in the URL', () => {
    expect(only(`${URL_}?pwd=abcd 提取码：efgh`).code).toBe('abcd');
  });
});

describe('codes written with no keyword: candidates, tried by the status service', () => {
  const candidate = (text: string) => {
    const [m] = uniqueShares(findShareLinks(text));
    return { code: m?.code ?? null, candidate: m?.candidate ?? false };
  };
  const taken: [string, string][] = [
    [`${URL_} (ab12)`, 'ab12'],
    [`${URL_}（ab12）`, 'ab12'],
    [`${URL_} 【7u5q】`, '7u5q'],
    [`${URL_} （８８ｄｋ）`, '88dk'],
    [`${URL_} (1234)`, '1234'],
    // An anchor's text after its href, as the content script reads <a href="…">阿里云盘（ab12）</a>.
    [` ${URL_} 阿里云盘（ab12） `, 'ab12'],
    [` ${URL_} 阿里云盘分享（ab12） `, 'ab12'],
    [` ${URL_} Aliyun Drive (q5h7) `, 'q5h7'],
  ];
  for (const [written, code] of taken) {
    it(`takes ${JSON.stringify(written.replace(URL_, '<url>'))} as a candidate`, () => {
      expect(candidate(written)).toEqual({ code, candidate: true });
    });
  }

  const nearMisses = [
    `${URL_} (2023)`,
    `${URL_}（1999）`,
    `${URL_} (1080p)`,
    `${URL_} (2/3)`,
    `${URL_} (beta)`,
    `${URL_} (ab1)`,
    `${URL_} (ab12 `,
    `${URL_} (ab12x)`,
    `${URL_} 第二季 (ep12)`,
    ` ${URL_} 阿里云盘 `,
    `${URL_}\n(ab12)`,
    `${URL_} ${BAIDU} (ab12)`,
    `${URL_} and a very long sentence of words that names 阿里云盘 (ab12)`,
  ];
  for (const written of nearMisses) {
    it(`takes no code from ${JSON.stringify(written.replace(URL_, '<url>').replace(BAIDU, '<baidu>'))}`, () => {
      expect(candidate(written)).toEqual({ code: null, candidate: false });
    });
  }

  it('never overrides a code stated with a keyword, in the URL or in a markdown link text', () => {
    expect(candidate(`${URL_} (ab12) 提取码: 88dk`)).toEqual({ code: '88dk', candidate: false });
    expect(candidate(`${URL_}?pwd=88dk (ab12)`)).toEqual({ code: '88dk', candidate: false });
    expect(candidate(`[阿里云盘（t84d）](${URL_}) (ab12)`)).toEqual({ code: 't84d', candidate: false });
  });

  it('gives each link only the bracket after it', () => {
    const other = 'https://www.alipan.com/s/AbCdEfGhIjK';
    expect(findShareLinks(`${URL_} (ab12) ${other}`).map((m) => [m.code, m.candidate ?? false])).toEqual([
      ['ab12', true],
      [null, false],
    ]);
  });

  it('keeps the candidate mark when a later copy lends its code', () => {
    expect(uniqueShares(findShareLinks(`${URL_} and ${URL_} (ab12)`))).toMatchObject([
      { code: 'ab12', candidate: true },
    ]);
  });
});

describe('which link a code belongs to', () => {
  it('takes a code before the link in a markdown link text', () => {
    expect(only(`[阿里云盘（t84d）](${URL_})`).code).toBe('t84d');
    expect(only(`[阿里云盘(提取码: t84d)](${URL_})`).code).toBe('t84d');
    expect(only(`[**Aliyun drive (t84d)**](${URL_})`).code).toBe('t84d');
  });

  it('does not read a bare parenthesised word as a code', () => {
    expect(only(`[Download (2024)](${URL_})`).code).toBeNull();
    expect(only(`[阿里云盘（t84d）] ${URL_}`).code).toBeNull();
  });

  it('takes a code before the link on the same line', () => {
    expect(only(`提取码：abcd 链接：${URL_}`).code).toBe('abcd');
  });

  it('takes a code up to 3 lines below', () => {
    expect(only(`${URL_}\n提取码：abcd`).code).toBe('abcd');
    expect(only(`${URL_}\n\n提取码：abcd`).code).toBe('abcd');
    expect(only(`${URL_}\r\n\r\n\r\n提取码：abcd`).code).toBe('abcd');
    expect(only(`${URL_}\n\n\n\n提取码：abcd`).code).toBeNull();
  });

  it('takes no code above the link on another line', () => {
    expect(only(`提取码：abcd\n${URL_}`).code).toBeNull();
  });

  it('takes no code far away on the same line', () => {
    expect(only(`${URL_} ${'x'.repeat(300)} 提取码：abcd`).code).toBeNull();
  });

  it('leaves a code after a neighbouring Baidu link to Baidu', () => {
    expect(only(`阿里云盘：${URL_}\n百度网盘：${BAIDU} 提取码：abcd`).code).toBeNull();
    expect(only(`阿里云盘：${URL_}\n百度网盘：${BAIDU}\n提取码：abcd`).code).toBeNull();
    expect(only(`${URL_} ${BAIDU} 提取码: abcd`).code).toBeNull();
  });

  it('leaves a code before a neighbouring Baidu link to Baidu', () => {
    expect(only(`（提取码：2021）：[点这里](${BAIDU})\n[点这里](${URL_})`).code).toBeNull();
    expect(only(`${URL_}\n提取码：abcd [百度](${BAIDU})`).code).toBeNull();
  });

  it('leaves the ?pwd= of a Baidu URL to Baidu', () => {
    expect(only(`[百度](${BAIDU}?pwd=fx4v)\n[阿里云盘](${URL_})`).code).toBeNull();
    expect(only(`${URL_}\n${BAIDU}?pwd=fx4v`).code).toBeNull();
  });

  it('leaves codes of Quark, Xunlei, Tianyi and other links to them', () => {
    for (const other of [
      'https://pan.quark.cn/s/79196c7252ed',
      'pan.xunlei.com/s/VNabcdefgh',
      'https://cloud.189.cn/t/mayAve7z2UFf',
      'https://example.com/download',
    ]) {
      expect(only(`${URL_}\n${other} 提取码：abcd`).code, other).toBeNull();
    }
  });

  it('pairs each code with its own link on a shared line', () => {
    const text = `百度：${BAIDU} 提取码：abcd 阿里：${URL_} 提取码：efgh`;
    expect(only(text).code).toBe('efgh');
    const md = `[百度（提取码：abcd）](${BAIDU}) [阿里（提取码：efgh）](${URL_})`;
    expect(only(md).code).toBe('efgh');
  });

  it('gives each of two Alipan links its own code', () => {
    const other = 'https://www.alipan.com/s/zPCWUKibWGj';
    expect(distinct(`${URL_} 提取码：aaaa\n${other} 提取码：bbbb`)).toEqual([
      { share_id: ID, pwd: 'aaaa' },
      { share_id: 'zPCWUKibWGj', pwd: 'bbbb' },
    ]);
    expect(distinct(`${URL_}\n${other}\n提取码：bbbb`)).toEqual([
      { share_id: ID, pwd: null },
      { share_id: 'zPCWUKibWGj', pwd: 'bbbb' },
    ]);
  });
});

describe('copies of one link', () => {
  it('reports every occurrence with its own position and the shared code', () => {
    const text = `[${URL_}](${URL_}) 提取码 abcd`;
    const found = findShareLinks(text);
    expect(found.map((m) => [m.start, m.end, m.code])).toEqual([
      [1, 1 + URL_.length, 'abcd'],
      [URL_.length + 3, 2 * URL_.length + 3, 'abcd'],
    ]);
  });

  it('shares the code with a copy of the same share elsewhere in the text', () => {
    const found = findShareLinks(`${URL_}/folder/${FOLDER} 提取码：abcd\n\n\n\n\n${URL_}`);
    expect(found.map((m) => m.code)).toEqual(['abcd', 'abcd']);
  });

  it('keeps each code when copies disagree', () => {
    const found = findShareLinks(`${URL_} 提取码：aaaa\n${URL_} 提取码：bbbb\n\n\n\n\n${URL_}`);
    expect(found.map((m) => m.code)).toEqual(['aaaa', 'bbbb', null]);
  });
});

describe('uniqueShares', () => {
  const at = (m: Partial<ShareLinkMatch>): ShareLinkMatch => ({
    kind: 'share',
    shareId: ID,
    code: null,
    start: 0,
    end: 1,
    url: URL_,
    ...m,
  });

  it('keeps the first copy and merges a code found on a later one', () => {
    expect(uniqueShares([at({ start: 0 }), at({ start: 5, code: 'abcd' })])).toEqual([at({ start: 0, code: 'abcd' })]);
  });

  it('keeps different folders and kinds apart', () => {
    const list = [at({}), at({ folderId: FOLDER }), at({ kind: 'quick_transfer' })];
    expect(uniqueShares(list)).toHaveLength(3);
  });

  it('does not modify its input', () => {
    const first = at({});
    uniqueShares([first, at({ code: 'abcd' })]);
    expect(first.code).toBeNull();
  });
});

describe('obfuscations and positions in the original text', () => {
  function span(text: string): [number, number, string | null, string | null] {
    const [m] = findShareLinks(text);
    return [m?.start ?? -1, m?.end ?? -1, m?.shareId ?? null, m?.code ?? null];
  }

  it('strips zero-width chars inside the URL but indexes the original', () => {
    const zw = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
    for (const z of zw) {
      const text = `链接${z}：ht${z}tps://www.ali${z}pan.com/s/S2xSEgi${z}AMJs${z} 提${z}取码: 86ai`;
      const start = text.indexOf('ht');
      const end = text.indexOf('AMJs') + 4;
      expect(span(text), JSON.stringify(z)).toEqual([start, end, 'S2xSEgiAMJs', '86ai']);
    }
  });

  it('folds full-width ASCII but indexes the original', () => {
    const text =
      '🚀\u200b阿里云盘：ｈｔｔｐｓ：／／ｗｗｗ．ａｌｉｐａｎ．ｃｏｍ／ｓ／ＡＢＣｄｅｆ１２３４５） 提取码：ａｂ１２';
    expect(span(text)).toEqual([text.indexOf('ｈ'), text.indexOf('）'), 'ABCdef12345', 'ab12']);
  });

  it('reads 点 for the dot', () => {
    const text = '阿里云盘 alipan点com/s/GWiX9rnedQ2 提取码 w9jl';
    expect(span(text)).toEqual([text.indexOf('a'), text.indexOf('Q2') + 2, 'GWiX9rnedQ2', 'w9jl']);
    const www = 'www点aliyundrive点com/s/GWiX9rnedQ2';
    expect(span(www)).toEqual([0, www.length, 'GWiX9rnedQ2', null]);
  });

  it('excludes punctuation glued to the end of the link', () => {
    for (const p of [')', '）', '。', '，', ']', '.', ',', '!', '?', '」', '"', "'", '*', '>']) {
      const text = `见${URL_}${p}下一句`;
      expect(span(text), p).toEqual([1, 1 + URL_.length, ID, null]);
    }
  });

  it('includes the query but not trailing punctuation after it', () => {
    const text = `(${URL_}?pwd=8b0c).`;
    expect(span(text)).toEqual([1, text.length - 2, ID, '8b0c']);
  });

  it('takes a link glued to CJK text on both sides', () => {
    const text = `链接alipan.com/s/${ID}则是${ID}`;
    expect(span(text)).toEqual([2, text.indexOf('则'), ID, null]);
  });
});

describe('precheck', () => {
  it('finds nothing in text without a link', () => {
    expect(findShareLinks('')).toEqual([]);
    expect(findShareLinks('提取码：abcd，密码：1234')).toEqual([]);
    expect(findShareLinks('ＡＢＣ，全角文字')).toEqual([]);
  });
});

describe('mayLendCodeAbove: lines below that cannot change the links above them', () => {
  // What a forum prints under a link: lists, dates, sizes, brackets that are not codes.
  const plainLines = [
    'item one\nitem two',
    'Posted 2024-05-01 (1080p) [2/3] 4.2 GB',
    '下载后解压即可，有问题请留言 (ab12)',
    'see also: other post',
  ];

  it('is false for such lines and true for a keyword, a host or a hidden host', () => {
    for (const line of plainLines) expect(mayLendCodeAbove(line), line).toBe(false);
    for (const line of [
      '提取码: abcd',
      'PWD=1234',
      'Password',
      'https://www.alipan.com/s/x',
      'ａｌｉｐａｎ',
      'a\u200bb',
    ])
      expect(mayLendCodeAbove(line), line).toBe(true);
  });

  it('is right to skip them: every sample keeps its links and codes with them below', () => {
    for (const { snippet } of readLinkSamples()) {
      const alone = findShareLinks(`${snippet}\n`);
      for (const line of plainLines) expect(findShareLinks(`${snippet}\n${line}`), snippet).toEqual(alone);
    }
  });
});
