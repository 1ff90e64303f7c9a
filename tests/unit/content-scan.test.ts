/**
 * The content script's DOM work in happy-dom: where badges go, which codes they carry, and
 * what is never touched. The background here only finds the links (findAnswer), with no
 * statuses (content-messaging.test.ts has the rest of the messaging).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeLike } from '../../lib/content/bridge';
import { startBadges } from '../../lib/content/page';
import { readLinkSamples } from '../fixtures/link-samples';
import { must } from '../must';
import { findAnswer } from './find-answer';

let stop: AbortController | undefined;

afterEach(() => {
  stop?.abort();
  document.body.innerHTML = '';
  performance.clearMeasures();
});

const findingRuntime: RuntimeLike = {
  id: 'ext-id',
  sendMessage: async (message) => findAnswer(message),
  onMessage: { addListener() {}, removeListener() {} },
};

/** Loads `html` as the page and starts the content script on it. */
function load(html: string) {
  document.body.innerHTML = html;
  stop = new AbortController();
  startBadges({ document, runtime: findingRuntime, signal: stop.signal });
}

const badges = (root: ParentNode = document) => [...root.querySelectorAll<HTMLElement>('alipan-share-badge')];
const found = (root: ParentNode = document) =>
  badges(root).map((b) => ({ id: b.getAttribute('data-share-id'), code: b.getAttribute('data-code') }));
const afterFirstPass = () =>
  vi.waitFor(() => expect(performance.getEntriesByName('alipan-share-helper:scan').length).toBeGreaterThan(0));

describe('anchors', () => {
  it('badges an anchor right after it, with the code from its href', async () => {
    load('<p>Get it <a id="l" href="https://www.alipan.com/s/AbCdEfGhIjK?pwd=t84d">here</a>, thanks</p>');
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: 't84d' }]));
    expect(must(document.getElementById('l')).nextSibling).toBe(badges()[0]);
  });

  it('takes the code printed after the anchor', async () => {
    load('<p><a id="l" href="https://www.alipan.com/s/AbCdEfGhIjK">link</a> 提取码: t84d</p>');
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: 't84d' }]));
    expect(must(document.getElementById('l')).nextSibling).toBe(badges()[0]);
  });

  it('gives an anchor whose text is its own URL one badge, after the <a>', async () => {
    load('<p><a id="l" href="https://www.alipan.com/s/AbCdEfGhIjK">https://www.alipan.com/s/AbCdEfGhIjK</a></p>');
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    await afterFirstPass();
    expect(badges()).toHaveLength(1);
    expect(must(document.getElementById('l')).nextSibling).toBe(badges()[0]);
  });

  it('finds the share in the text of a redirect link', async () => {
    load(
      '<p><a id="l" href="https://link.example.com/?target=x">https://www.alipan.com/s/AbCdEfGhIjK</a> 密码 ab12</p>',
    );
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: 'ab12' }]));
    expect(must(document.getElementById('l')).nextSibling).toBe(badges()[0]);
  });
});

describe('plain text', () => {
  it('puts the badge right after the link and keeps the text as it was', async () => {
    const text = '分享 https://www.alipan.com/s/AbCdEfGhIjK 提取码: 1a2b 谢谢';
    load(`<p id="p">${text}</p>`);
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: '1a2b' }]));
    const p = must(document.getElementById('p'));
    expect(p.textContent).toBe(text);
    expect(must(must(badges()[0]).previousSibling).textContent).toBe('分享 https://www.alipan.com/s/AbCdEfGhIjK');
  });

  it('badges two links in one text node, each with its own code', async () => {
    const text =
      'A: https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111\nB: https://www.alipan.com/s/BBBBBBBBBBB 提取码 2222';
    load(`<pre id="p">${text}</pre>`);
    await vi.waitFor(() => expect(badges()).toHaveLength(2));
    expect(found()).toEqual([
      { id: 'AAAAAAAAAAA', code: '1111' },
      { id: 'BBBBBBBBBBB', code: '2222' },
    ]);
    expect(must(document.getElementById('p')).textContent).toBe(text);
    expect(must(must(badges()[1]).previousSibling).textContent).toBe(
      ' 提取码 1111\nB: https://www.alipan.com/s/BBBBBBBBBBB',
    );
  });

  it('reads codes from sibling nodes of the same block', async () => {
    load('<div>链接：<b>https://www.alipan.com/s/AbCdEfGhIjK</b><span> 提取码：</span><i>ab12</i></div>');
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: 'ab12' }]));
    expect(must(must(badges()[0]).parentElement).localName).toBe('b');
  });

  it('reads a code a few <br> lines below, and one in the next paragraph', async () => {
    load(
      '<div>https://www.alipan.com/s/AAAAAAAAAAA<br><br>提取码：w9jl</div>' +
        '<p>https://www.alipan.com/s/BBBBBBBBBBB</p>\n<p>提取码: t84d</p>',
    );
    await vi.waitFor(() => expect(badges()).toHaveLength(2));
    expect(found()).toEqual([
      { id: 'AAAAAAAAAAA', code: 'w9jl' },
      { id: 'BBBBBBBBBBB', code: 't84d' },
    ]);
  });

  it('reads the blocks below a link when a code keyword or a link is among them, even split up', async () => {
    load(
      '<p>https://www.alipan.com/s/AAAAAAAAAAA</p><p>item one</p>提取<b>码</b>: w9jl' +
        '<section><p>https://www.alipan.com/s/BBBBBBBBBBB</p><ul><li>one</li><li>two</li></ul><p>x</p></section>' +
        '<section><p>https://www.alipan.com/s/CCCCCCCCCCC</p><p>again https://www.alipan.com/s/CCCCCCCCCCC 提取码 t84d</p></section>',
    );
    await vi.waitFor(() => expect(badges()).toHaveLength(4));
    expect(found()).toEqual([
      { id: 'AAAAAAAAAAA', code: 'w9jl' },
      { id: 'BBBBBBBBBBB', code: null },
      { id: 'CCCCCCCCCCC', code: 't84d' },
      { id: 'CCCCCCCCCCC', code: 't84d' },
    ]);
  });

  it('reads a code written before the link on its line', async () => {
    load('<p>（提取码：2021）：<a href="https://www.alipan.com/s/AbCdEfGhIjK">点这里</a></p>');
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: '2021' }]));
  });

  it('handles markdown-like text: every written copy of a link is an occurrence', async () => {
    load(
      '<p>[阿里云盘（t84d）](https://www.alipan.com/s/AAAAAAAAAAA)</p>' +
        '<p>[https://www.alipan.com/s/BBBBBBBBBBB](https://www.alipan.com/s/BBBBBBBBBBB) 提取码 abcd</p>',
    );
    await vi.waitFor(() => expect(badges()).toHaveLength(3));
    expect(found()).toEqual([
      { id: 'AAAAAAAAAAA', code: 't84d' },
      { id: 'BBBBBBBBBBB', code: 'abcd' },
      { id: 'BBBBBBBBBBB', code: 'abcd' },
    ]);
  });

  it('sees links hidden with zero-width or full-width characters', async () => {
    load(
      '<p>https://www.ali\u200bpan.com/s/AAAAAAAAAAA</p><p>ｈｔｔｐｓ：／／ｗｗｗ．ａｌｉｐａｎ．ｃｏｍ／ｓ／BBBBBBBBBBB</p>',
    );
    await vi.waitFor(() => expect(found().map((f) => f.id)).toEqual(['AAAAAAAAAAA', 'BBBBBBBBBBB']));
  });

  it('reads a link split across inline elements', async () => {
    load('<p>https://www.<b>alipan</b>.com/s/<span>AbCdEfGhIjK</span> 提取码 ab12</p>');
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: 'ab12' }]));
    expect(must(must(badges()[0]).previousSibling).textContent).toBe('AbCdEfGhIjK');
  });

  it('reads an oversized block only around each link, codes on the next lines included', async () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(20);
    const lines = Array.from({ length: 40 }, (_, i) =>
      i % 10 === 0
        ? `https://www.alipan.com/s/Share${String(i).padStart(6, '0')}<br>提取码: c${String(i).padStart(3, '0')}`
        : filler,
    );
    load(`<table><tr><td id="post">${lines.join('<br>')}</td></tr></table>`);
    await vi.waitFor(() => expect(badges()).toHaveLength(4));
    expect(must(must(document.getElementById('post')).textContent).length).toBeGreaterThan(8000);
    expect(found()).toEqual(
      [0, 10, 20, 30].map((i) => ({
        id: `Share${String(i).padStart(6, '0')}`,
        code: `c${String(i).padStart(3, '0')}`,
      })),
    );
  });

  it('badges the links of a 2 MB log in one text node', async () => {
    const filler = 'INFO lorem ipsum dolor sit amet\n'.repeat(31_250);
    load(`<pre>${filler}https://www.alipan.com/s/AbCdEfGhIjK 提取码 t84d\n${filler}</pre>`);
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: 't84d' }]));
    expect(must(document.querySelector('pre')).textContent?.length).toBeGreaterThan(2_000_000);
  });

  it('leaves foreign links and their codes alone', async () => {
    load('<p>百度 https://pan.baidu.com/s/1abcdefg 提取码: zzzz</p><p>https://www.alipan.com/s/AbCdEfGhIjK</p>');
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: null }]));
  });
});

describe('what is never touched', () => {
  it('puts no badge in input, textarea, contenteditable, script, style or noscript', async () => {
    const url = 'https://www.alipan.com/s/AbCdEfGhIjK';
    const html =
      `<input value="${url}"><textarea>${url}</textarea><div contenteditable="true"><p>${url}</p></div>` +
      `<script>const u = "${url}";</script><style>/* ${url} */</style><noscript>${url}</noscript>` +
      `<svg><text>${url}</text></svg><select><option>${url}</option></select>` +
      // Share anchors, found by a query of their own, are excluded by their ancestors too.
      `<div contenteditable=""><p><a href="${url}">share</a></p></div><svg><a href="${url}"><text>x</text></a></svg>` +
      `<noscript><a href="${url}">share</a></noscript>`;
    load(html);
    await afterFirstPass();
    expect(badges()).toEqual([]);
    expect(must(document.querySelector('textarea')).value).toBe(url);
  });

  it('does badge text and anchors inside contenteditable="false"', async () => {
    load(
      '<div contenteditable="false"><p>https://www.alipan.com/s/AbCdEfGhIjK</p>' +
        '<p><a href="https://www.alipan.com/s/BBBBBBBBBBB">share</a></p></div>',
    );
    await vi.waitFor(() => expect(badges()).toHaveLength(2));
  });
});

describe('later changes', () => {
  it('badges what the page adds, and nothing twice when a badged block changes', async () => {
    load('<div id="feed"><p id="first">https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111</p></div>');
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    const post = document.createElement('p');
    post.innerHTML = 'new: <a href="https://www.alipan.com/s/BBBBBBBBBBB">here</a> code: 2222';
    must(document.getElementById('feed')).append(post);
    // Text added to the block already badged: it is read again, its link keeps its one badge.
    must(document.getElementById('first')).append(' see also alipan.com');
    await vi.waitFor(() => expect(badges()).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 100));
    expect(found()).toEqual([
      { id: 'AAAAAAAAAAA', code: '1111' },
      { id: 'BBBBBBBBBBB', code: '2222' },
    ]);
  });

  it('badges a link typed into existing text', async () => {
    load('<p id="p">nothing yet</p>');
    await afterFirstPass();
    (must(document.getElementById('p')).firstChild as Text).data = 'now https://www.alipan.com/s/AbCdEfGhIjK';
    await vi.waitFor(() => expect(found()).toEqual([{ id: 'AbCdEfGhIjK', code: null }]));
  });

  describe('a framework re-rendering a text node we split (it kept a reference to it)', () => {
    const TEXT =
      'get https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111 and https://www.alipan.com/s/BBBBBBBBBBB, thanks';
    /** The page's text node, badged (split at both links), as React holds it. */
    async function rendered() {
      load(`<p id="p">${TEXT}</p>`);
      const p = must(document.getElementById('p'));
      const text = p.firstChild as Text;
      await vi.waitFor(() => expect(badges()).toHaveLength(2));
      expect(p.textContent).toBe(TEXT);
      return { p, text };
    }
    const settle = () => new Promise((r) => setTimeout(r, 300));

    it("sets its data: the text is exactly the page's, one badge per link", async () => {
      const { p, text } = await rendered();
      const next = 'now https://www.alipan.com/s/CCCCCCCCCCC 提取码 3333 only';
      text.data = next;
      await vi.waitFor(() => expect(found()).toEqual([{ id: 'CCCCCCCCCCC', code: '3333' }]));
      await settle();
      expect(p.textContent).toBe(next);
      expect(found()).toEqual([{ id: 'CCCCCCCCCCC', code: '3333' }]);
    });

    it('sets the same text again: still one badge per link', async () => {
      const { p, text } = await rendered();
      text.data = TEXT;
      await settle();
      expect(p.textContent).toBe(TEXT);
      expect(found()).toEqual([
        { id: 'AAAAAAAAAAA', code: '1111' },
        { id: 'BBBBBBBBBBB', code: null },
      ]);
    });

    it('sets text without a link: no badge, nothing of ours left', async () => {
      const { p, text } = await rendered();
      text.data = 'gone';
      await vi.waitFor(() => expect(badges()).toEqual([]));
      await settle();
      expect([p.textContent, p.childNodes.length]).toEqual(['gone', 1]);
    });

    it('replaces the node: the new one gets its badge, the old one its whole text back', async () => {
      const { p, text } = await rendered();
      p.replaceChild(document.createTextNode('https://www.alipan.com/s/CCCCCCCCCCC'), text);
      await vi.waitFor(() => expect(found()).toEqual([{ id: 'CCCCCCCCCCC', code: null }]));
      await settle();
      expect(p.textContent).toBe('https://www.alipan.com/s/CCCCCCCCCCC');
      expect(text.data).toBe(TEXT);
    });

    it('replaces all children: one badge per link', async () => {
      const { p } = await rendered();
      p.replaceChildren(TEXT);
      await settle();
      expect(p.textContent).toBe(TEXT);
      expect(badges()).toHaveLength(2);
    });

    it('moves it elsewhere: its text goes with it, whole, and is badged there', async () => {
      const { p, text } = await rendered();
      const other = document.createElement('div');
      document.body.append(other);
      other.append(text);
      await settle();
      expect([p.textContent, other.textContent]).toEqual(['', TEXT]);
      expect(badges(p)).toEqual([]);
      expect(badges(other)).toHaveLength(2);
    });
  });

  it('leaves the page as it found it when it stops (badges switched off for the site meanwhile)', async () => {
    load('<p id="p">get https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111, thanks</p>');
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    must(stop).abort();
    expect(must(document.getElementById('p')).childNodes).toHaveLength(1);
    expect(must(document.getElementById('p')).textContent).toBe(
      'get https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111, thanks',
    );
  });

  it('emits a User Timing measure for each slice of the pass', async () => {
    load('<p>https://www.alipan.com/s/AbCdEfGhIjK</p>');
    // Two slices: up to the first share, and from the background's answer on (badges on here?).
    await vi.waitFor(() => expect(performance.getEntriesByName('alipan-share-helper:scan')).toHaveLength(2));
  });
});

describe('the link samples (tests/fixtures/link-samples.jsonl), one block each as the e2e page has them', () => {
  const samples = readLinkSamples();
  it('badges exactly the expected shares with their codes', async () => {
    const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    load(
      samples
        .map((s, i) => `<div id="s${i}" style="white-space:pre-wrap">${escapeHtml(s.snippet)}</div>`)
        .join('\n<hr>\n'),
    );
    await afterFirstPass();
    for (const [i, s] of samples.entries()) {
      // Shares and quick transfers by id; a short link's badge has none until the background followed it.
      const want = s.expect.filter((e) => e.share_id || e.short_url).map((e) => ({ id: e.share_id ?? '', pwd: e.pwd }));
      const got = found(must(document.getElementById(`s${i}`)));
      expect(new Set(got.map((g) => g.id)), `sample ${i}`).toEqual(new Set(want.map((w) => w.id)));
      for (const g of got) expect(g.code, `sample ${i} ${g.id}`).toBe(must(want.find((w) => w.id === g.id)).pwd);
      expect(must(document.getElementById(`s${i}`)).textContent, `sample ${i} text`).toBe(s.snippet);
    }
  });
});
