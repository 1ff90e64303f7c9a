/**
 * The content script and the background: what it asks, how statuses reach badges, and how
 * it stops (badges off for the site, extension gone). `runtime` is a minimal mock whose default
 * answer finds the links as the background does (findAnswer).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RuntimeLike } from '../../lib/content/bridge';
import { startBadges } from '../../lib/content/page';
import type { ShareStatus } from '../../lib/shares/model';
import type { PageText } from '../../lib/shares/page-links';
import { must } from '../must';
import { findAnswer } from './find-answer';

type Listener = Parameters<RuntimeLike['onMessage']['addListener']>[0];

/** The part of `chrome.runtime` the content script uses; `answer` plays the background. */
function mockRuntime(answer: (message: { type: string; data: unknown }) => unknown = (m) => findAnswer(m)) {
  const listeners = new Set<Listener>();
  const runtime = {
    id: 'ext-id' as string | undefined,
    sendMessage: vi.fn(async (message: unknown) => answer(message as { type: string; data: unknown })),
    onMessage: {
      addListener: (listener: Listener) => void listeners.add(listener),
      removeListener: (listener: Listener) => void listeners.delete(listener),
    },
    /** A message to the tab, as `tabs.sendMessage` from the background (or another extension) delivers it. */
    deliver(message: unknown, sender: { id?: string } = { id: 'ext-id' }) {
      for (const listener of listeners) listener(message, sender);
    },
    listenerCount: () => listeners.size,
  };
  return runtime;
}

let stop: AbortController | undefined;

afterEach(() => {
  stop?.abort();
  document.body.innerHTML = '';
  document.adoptedStyleSheets = [];
  performance.clearMeasures();
  vi.restoreAllMocks();
});

function load(html: string, runtime: ReturnType<typeof mockRuntime>) {
  document.body.innerHTML = html;
  stop = new AbortController();
  startBadges({ document, runtime, signal: stop.signal });
  return runtime;
}

const badges = () => [...document.querySelectorAll<HTMLElement>('alipan-share-badge')];
const states = () => badges().map((b) => b.getAttribute('data-state'));
/** The texts each `shares.find` asked about. */
const finds = (runtime: ReturnType<typeof mockRuntime>) =>
  runtime.sendMessage.mock.calls
    .map(([m]) => m as { type: string; data: { texts: PageText[] } })
    .filter((m) => m.type === 'shares.find')
    .map((m) => m.data.texts);
const reply =
  (statuses: Record<string, ShareStatus> = {}, enabled = true) =>
  (message: unknown) =>
    findAnswer(message, statuses, enabled);
const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));

const FOLDER = 'a'.repeat(40);
const PAGE =
  `<p>https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111</p>` +
  `<p><a href="https://www.alipan.com/s/AAAAAAAAAAA?pwd=1111">again</a></p>` +
  `<p>https://www.alipan.com/s/BBBBBBBBBBB/folder/${FOLDER}</p>` +
  `<p>https://www.alipan.com/s/CCCCCCCCCCC 提取码 9999</p>`;

describe('reporting and statuses', () => {
  it('asks the background about the text around each candidate, once, and shows the statuses of its answer', async () => {
    const runtime = load(PAGE, mockRuntime(reply({ 'AAAAAAAAAAA:1111': { state: 'valid', name: 'Docs' } })));
    await vi.waitFor(() => expect(states()).toEqual(['valid', 'valid', 'checking', 'checking']));
    // One batch: each block with its neighbours (they may lend a code), and the part whose links it badges.
    const [texts, ...more] = finds(runtime);
    expect(more).toEqual([]);
    // Anchors are found first (one query), then text.
    expect(texts?.map(({ text, from, to }) => text.slice(from, to).trim())).toEqual([
      'https://www.alipan.com/s/AAAAAAAAAAA?pwd=1111 again',
      'https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111',
      `https://www.alipan.com/s/BBBBBBBBBBB/folder/${FOLDER}`,
      'https://www.alipan.com/s/CCCCCCCCCCC 提取码 9999',
    ]);
    expect(texts?.[1]?.text).toContain('https://www.alipan.com/s/AAAAAAAAAAA?pwd=1111');
  });

  it('badges quick-transfer and short links as the background found them', async () => {
    const runtime = load(
      '<p>https://www.alipan.com/t/35GoJzvFarTltufN21JK</p><p>https://alywp.net/5whNJG</p>',
      mockRuntime(reply()),
    );
    await vi.waitFor(() => expect(states()).toEqual(['checking', 'checking']));
    expect(finds(runtime)).toHaveLength(1);
    expect(badges().map((b) => b.getAttribute('data-share-id'))).toEqual(['35GoJzvFarTltufN21JK', '']);
  });

  it('writes nothing where the page changed while the background looked', async () => {
    let release = () => {};
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runtime = load(
      '<p id="a">https://www.alipan.com/s/AAAAAAAAAAA</p><p id="b">https://www.alipan.com/s/BBBBBBBBBBB</p>',
      mockRuntime(async (m) => {
        await answered;
        return findAnswer(m);
      }),
    );
    await vi.waitFor(() => expect(finds(runtime)).toHaveLength(1));
    must(document.getElementById('a')).firstChild?.remove();
    must(must(document.getElementById('b')).firstChild as Text).data = 'https://www.alipan.com/s/CCCCCCCCCCC';
    release();
    // The page's change brings its new text to a later pass: only that is badged.
    await vi.waitFor(() => expect(badges().map((b) => b.getAttribute('data-share-id'))).toEqual(['CCCCCCCCCCC']));
    expect(must(document.getElementById('b')).textContent).toBe('https://www.alipan.com/s/CCCCCCCCCCC');
  });

  it("shows a short link's badge with the share it leads to, its code, and asks the viewer for the link", async () => {
    const runtime = load(
      '<p id="row">https://alywp.net/5whNJG 和 https://alywp.net/5whNJG</p><p>https://alywp.net/zzzzzz</p>',
      mockRuntime(reply()),
    );
    await vi.waitFor(() => expect(badges()).toHaveLength(3));
    // Not known yet: no share id to show.
    expect(badges().map((b) => b.getAttribute('data-share-id'))).toEqual(['', '', '']);
    const target = { shareId: 'LockedShar1', code: 't84d' };
    runtime.deliver({
      type: 'event.shareStatus',
      key: 'alywp.net/5whNJG:',
      status: { state: 'valid', name: 'Docs', target },
    });
    runtime.deliver({ type: 'event.shareStatus', key: 'alywp.net/zzzzzz:', status: { state: 'not-found' } });
    await vi.waitFor(() => expect(states()).toEqual(['valid', 'valid', 'not-found']));
    expect(badges().map((b) => [b.getAttribute('data-share-id'), b.getAttribute('data-code')])).toEqual([
      ['LockedShar1', 't84d'],
      ['LockedShar1', 't84d'],
      ['', null],
    ]);
    // A second pass over the block (text naming a host added to it) badges nothing twice.
    must(document.getElementById('row')).append(' alipan');
    await tick(200);
    expect(badges()).toHaveLength(3);
    must(badges()[0]).dispatchEvent(
      Object.defineProperty(new MouseEvent('click', { bubbles: true, cancelable: true }), 'isTrusted', { value: true }),
    );
    const opens = runtime.sendMessage.mock.calls
      .map(([m]) => m as { type: string; data: unknown })
      .filter((m) => m.type === 'viewer.open');
    expect(opens).toEqual([{ type: 'viewer.open', data: { shareId: '5whNJG', code: 't84d', kind: 'short_url' } }]);
  });

  it('updates exactly the badges of an event.shareStatus key, from our own extension only', async () => {
    const runtime = load(PAGE, mockRuntime(reply()));
    await vi.waitFor(() => expect(badges()).toHaveLength(4));
    runtime.deliver(
      { type: 'event.shareStatus', key: 'CCCCCCCCCCC:9999', status: { state: 'wrong-code' } },
      { id: 'other-extension' },
    );
    await tick();
    expect(states()).toEqual(['checking', 'checking', 'checking', 'checking']);
    runtime.deliver({ type: 'event.shareStatus', key: 'CCCCCCCCCCC:9999', status: { state: 'wrong-code' } });
    runtime.deliver({ type: 'event.shareStatus', key: 'BBBBBBBBBBB:', status: { state: 'needs-code' } });
    // The code is part of the key: a status for the share without code is not this one's.
    runtime.deliver({ type: 'event.shareStatus', key: 'AAAAAAAAAAA:', status: { state: 'needs-code' } });
    await vi.waitFor(() => expect(states()).toEqual(['checking', 'checking', 'needs-code', 'wrong-code']));
  });

  it('gives a badge added later the status already known for its key', async () => {
    const runtime = load('<div id="feed"></div>', mockRuntime(reply()));
    runtime.deliver({ type: 'event.shareStatus', key: 'AAAAAAAAAAA:', status: { state: 'expired' } });
    must(document.getElementById('feed')).innerHTML = '<p>https://www.alipan.com/s/AAAAAAAAAAA</p>';
    await vi.waitFor(() => expect(states()).toEqual(['expired']));
  });

  it('sets share names and other details as text, never as HTML', async () => {
    const runtime = load('<p>https://www.alipan.com/s/AAAAAAAAAAA</p>', mockRuntime(reply()));
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    const name = '<img src=x onerror="window.__xss=1">';
    runtime.deliver({
      type: 'event.shareStatus',
      key: 'AAAAAAAAAAA:',
      status: { state: 'valid', name, fileCount: 12, creator: '<b>Bob</b>', expiration: '' },
    });
    await vi.waitFor(() => expect(states()).toEqual(['valid']));
    const [badge] = badges();
    expect(must(badge).title.split('\n')).toEqual([
      'Valid',
      name,
      '12 items',
      'Shared by <b>Bob</b>',
      'Never expires',
      'Click to browse and download',
    ]);
    expect(must(badge).getAttribute('aria-label')).toBe(`Alipan share ${name}: Valid`);
    expect(document.querySelector('img, b')).toBeNull();
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it('speaks Chinese to a Chinese browser', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('zh-CN');
    load(
      '<p>https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111</p>',
      mockRuntime(reply({ 'AAAAAAAAAAA:1111': { state: 'needs-code' } })),
    );
    await vi.waitFor(() => expect(states()).toEqual(['needs-code']));
    expect(must(badges()[0]).getAttribute('aria-label')).toBe('阿里云盘分享 AAAAAAAAAAA：需提取码');
    expect(must(badges()[0]).title).toContain('提取码 1111');
  });

  it('writes nothing when the background gives no answer: only it knows which text is a link', async () => {
    const runtime = load(
      '<p>https://www.alipan.com/s/AAAAAAAAAAA</p>',
      mockRuntime(() => undefined),
    );
    await vi.waitFor(() => expect(finds(runtime)).toHaveLength(1));
    await tick();
    expect(badges()).toEqual([]);
    expect(must(document.querySelector('p')).childNodes).toHaveLength(1);
  });

  it('badges are keyboard-focusable links with the hook attributes', async () => {
    load('<p>https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111</p>', mockRuntime(reply()));
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    const [badge] = badges();
    expect([must(badge).getAttribute('tabindex'), must(badge).getAttribute('role')]).toEqual(['0', 'link']);
    expect(must(badge).getAttribute('aria-label')).toBe('Alipan share AAAAAAAAAAA: Checking');
    // While checking, the tooltip has no details yet: the code found and what a click does.
    expect(must(badge).title).toBe('Checking\nCode 1111\nClick to browse and download');
    expect(must(badge).textContent).toBe(''); // its icon and label are generated text (the badge sheet)
  });
});

describe('candidate codes (written with no keyword)', () => {
  const trusted = <E extends Event>(event: E): E => Object.defineProperty(event, 'isTrusted', { value: true });
  const PAGE_WITH_CANDIDATES =
    '<p>https://www.alipan.com/s/AAAAAAAAAAA (ab12)</p>' +
    '<p><a href="https://www.alipan.com/s/BBBBBBBBBBB">阿里云盘（zz99）</a></p>';

  it('shows a code only once Alipan took it, and opens the viewer without a dropped one', async () => {
    const runtime = load(PAGE_WITH_CANDIDATES, mockRuntime(reply()));
    await vi.waitFor(() => expect(badges()).toHaveLength(2));
    expect(badges().map((b) => b.getAttribute('data-code'))).toEqual([null, null]);
    runtime.deliver({
      type: 'event.shareStatus',
      key: 'AAAAAAAAAAA:ab12?',
      status: { state: 'valid', codeAccepted: true },
    });
    runtime.deliver({ type: 'event.shareStatus', key: 'BBBBBBBBBBB:zz99?', status: { state: 'needs-code' } });
    await vi.waitFor(() => expect(states()).toEqual(['valid', 'needs-code']));
    expect(badges().map((b) => b.getAttribute('data-code'))).toEqual(['ab12', null]);
    for (const badge of badges())
      badge.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, cancelable: true })));
    const opens = runtime.sendMessage.mock.calls
      .map(([m]) => m as { type: string; data: { code: string | null } })
      .filter((m) => m.type === 'viewer.open');
    expect(opens.map((m) => m.data.code)).toEqual(['ab12', null]);
  });
});

describe('pointing at a badge', () => {
  const trusted = <E extends Event>(event: E): E => Object.defineProperty(event, 'isTrusted', { value: true });
  const inspections = (runtime: ReturnType<typeof mockRuntime>) =>
    runtime.sendMessage.mock.calls.map(([m]) => m as { type: string }).filter((m) => m.type === 'shares.inspect');

  it("asks the background to look for banned files once per valid badge, on the user's pointer only", async () => {
    const runtime = load('<p>https://www.alipan.com/s/BBBBBBBBBBB</p>', mockRuntime());
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    const [badge] = badges();
    const over = () => new PointerEvent('pointerover', { bubbles: true });
    must(badge).dispatchEvent(trusted(over())); // still checking: nothing to list yet
    runtime.deliver({ type: 'event.shareStatus', key: 'BBBBBBBBBBB:', status: { state: 'valid' } });
    await vi.waitFor(() => expect(states()).toEqual(['valid']));
    must(badge).dispatchEvent(over()); // the page's own event
    expect(inspections(runtime)).toEqual([]);
    must(badge).dispatchEvent(trusted(over()));
    must(badge).dispatchEvent(trusted(over()));
    expect(inspections(runtime)).toEqual([
      { type: 'shares.inspect', data: { shareId: 'BBBBBBBBBBB', code: null, kind: 'share' } },
    ]);
  });
});

describe('opening the viewer', () => {
  /** An event as the browser makes it for the user's own click or key (a page's script cannot). */
  const trusted = <E extends Event>(event: E): E => Object.defineProperty(event, 'isTrusted', { value: true });

  it("asks the background on the user's click, Enter and Space, and keeps the click from the page", async () => {
    const runtime = load(
      `<div id="row"><p>https://www.alipan.com/s/BBBBBBBBBBB/folder/${FOLDER}</p></div>`,
      mockRuntime(),
    );
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    const pageClick = vi.fn();
    must(document.getElementById('row')).addEventListener('click', pageClick);
    const [badge] = badges();
    must(badge).dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, cancelable: true })));
    must(badge).dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    must(badge).dispatchEvent(trusted(new KeyboardEvent('keydown', { key: ' ', bubbles: true })));
    must(badge).dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'a', bubbles: true })));
    const opens = runtime.sendMessage.mock.calls
      .map(([m]) => m as { type: string })
      .filter((m) => m.type === 'viewer.open');
    expect(opens).toEqual(
      Array(3).fill({
        type: 'viewer.open',
        data: { shareId: 'BBBBBBBBBBB', code: null, folderId: FOLDER, kind: 'share' },
      }),
    );
    expect(pageClick).not.toHaveBeenCalled();
  });

  it("ignores what a page's own script does: badge.click() or a made-up Enter opens nothing", async () => {
    const runtime = load('<p>https://www.alipan.com/s/BBBBBBBBBBB</p>', mockRuntime());
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    const [badge] = badges();
    must(badge).click();
    must(badge).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const opens = runtime.sendMessage.mock.calls
      .map(([m]) => m as { type: string })
      .filter((m) => m.type === 'viewer.open');
    expect(opens).toEqual([]);
  });
});

describe('the badge sheet', () => {
  it('goes back into the document when a page script set its sheets anew and then changed the page', async () => {
    load('<div id="feed"><p>https://www.alipan.com/s/AAAAAAAAAAA</p></div>', mockRuntime(reply()));
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    const pageSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [pageSheet];
    must(document.getElementById('feed')).append('a reply with no link');
    await vi.waitFor(() => expect(document.adoptedStyleSheets).toHaveLength(2));
    expect(document.adoptedStyleSheets[0]).toBe(pageSheet);
  });
});

describe('stopping', () => {
  it('touches nothing and stops watching when badges are off for the site', async () => {
    const html = '<div id="feed"><p>Get it: https://www.alipan.com/s/AAAAAAAAAAA 提取码 1111, thanks</p></div>';
    const runtime = load(html, mockRuntime(reply({}, false)));
    const changes: MutationRecord[] = [];
    new MutationObserver((records) => changes.push(...records)).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    await vi.waitFor(() => expect(finds(runtime)).toHaveLength(1));
    await vi.waitFor(() => expect(runtime.listenerCount()).toBe(0));
    await tick(100);
    expect(changes).toEqual([]);
    expect(document.body.innerHTML).toBe(html);
    expect(document.adoptedStyleSheets).toEqual([]); // no badge sheet either
    expect(must(document.querySelector('p')).childNodes).toHaveLength(1); // no split text node either
    must(document.getElementById('feed')).innerHTML += '<p>https://www.alipan.com/s/BBBBBBBBBBB</p>';
    await tick(100);
    expect(badges()).toEqual([]);
  });

  it('stops cleanly when the extension context is invalidated', async () => {
    const runtime = mockRuntime();
    runtime.sendMessage.mockImplementation(async () => {
      runtime.id = undefined;
      throw new Error('Extension context invalidated.');
    });
    load('<p>https://www.alipan.com/s/AAAAAAAAAAA</p>', runtime);
    await vi.waitFor(() => expect(runtime.sendMessage).toHaveBeenCalled());
    await vi.waitFor(() => expect(badges()).toEqual([]));
    expect(runtime.listenerCount()).toBe(0);
  });

  it('stops when its content-script context aborts (a newer copy of the script started)', async () => {
    const runtime = load('<div id="feed"><p>https://www.alipan.com/s/AAAAAAAAAAA</p></div>', mockRuntime(reply()));
    await vi.waitFor(() => expect(badges()).toHaveLength(1));
    expect(document.adoptedStyleSheets).toHaveLength(1);
    must(stop).abort();
    expect(badges()).toEqual([]);
    expect(document.adoptedStyleSheets).toEqual([]);
    expect(runtime.listenerCount()).toBe(0);
    must(document.getElementById('feed')).append('https://www.alipan.com/s/BBBBBBBBBBB');
    await tick(100);
    expect(badges()).toEqual([]);
  });
});
