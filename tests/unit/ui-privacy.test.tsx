/** The privacy page: PRIVACY.md's half in the UI language, as elements with text only. */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { PrivacyPage } from '../../components/privacy/PrivacyPage';
import { type Block, parseMarkdown } from '../../lib/ui/markdown-lite';
import { privacyHalf } from '../../lib/ui/privacy';
import privacy from '../../PRIVACY.md?raw';
import { must } from '../must';
import { freshRoot } from './fresh-root';

const texts = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.kind === 'list' ? b.items.flat() : b.content)).map((piece) => piece.text);

describe('privacyHalf', () => {
  it('splits PRIVACY.md at its second top-level heading: English first, then Chinese', () => {
    const en = privacyHalf(privacy, 'en');
    const zh = privacyHalf(privacy, 'zh');
    expect(en.startsWith('# Privacy policy')).toBe(true);
    expect(zh.startsWith('# 隐私政策')).toBe(true);
    expect(en + zh).toBe(privacy);
  });

  it('gives the whole text when there is one half only', () => {
    expect(privacyHalf('# Policy\n\nText.\n', 'zh')).toBe('# Policy\n\nText.\n');
  });
});

describe('parseMarkdown', () => {
  it('reads headings, wrapped paragraphs, list items with their wrapped lines, code and bold', () => {
    const md = '# Title\n\nOne **two**\nthree `four`.\n\n- a\n  b\n- c\n\n## Sub\n中文第一行\n第二行 ID\nok';
    expect(parseMarkdown(md)).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: 'Title' }] },
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: 'One ' },
          { kind: 'strong', text: 'two' },
          { kind: 'text', text: ' three ' },
          { kind: 'code', text: 'four' },
          { kind: 'text', text: '.' },
        ],
      },
      { kind: 'list', items: [[{ kind: 'text', text: 'a b' }], [{ kind: 'text', text: 'c' }]] },
      { kind: 'heading', level: 2, content: [{ kind: 'text', text: 'Sub' }] },
      // No space between two Chinese characters where the source line was wrapped.
      { kind: 'paragraph', content: [{ kind: 'text', text: '中文第一行第二行 ID ok' }] },
    ]);
  });

  it('covers everything PRIVACY.md uses: no Markdown left over as text', () => {
    for (const text of texts(parseMarkdown(privacy))) {
      expect(text).not.toMatch(/\*\*|`|\]\(|^#|^\s*[-*] /);
    }
  });
});

describe('PrivacyPage', () => {
  let root: HTMLElement;
  freshRoot((r) => (root = r));

  it('shows the Chinese half to a Chinese UI, and the English one after the switch', async () => {
    render(h(PrivacyPage, { text: privacy, lang: 'zh' }), root);
    expect(must(root.querySelector('h1')).textContent).toBe('隐私政策 — 阿里云盘分享助手');
    expect(must(root.querySelector('main')).lang).toBe('zh-CN');
    await act(() => (root.querySelector('[data-action="privacy-language"]') as HTMLButtonElement).click());
    expect(must(root.querySelector('h1')).textContent).toBe('Privacy policy — Alipan Share Helper');
    expect(must(root.querySelector('main')).lang).toBe('en');
    expect(must(root.querySelector('[data-action="privacy-language"]')).textContent).toBe('中文');
  });

  it('renders markup in the text as text', () => {
    render(h(PrivacyPage, { text: '# T\n\n<img src="x" onerror="alert(1)"> **<b>bold</b>**', lang: 'en' }), root);
    expect(root.querySelector('img, b')).toBeNull();
    expect(must(root.querySelector('p')).textContent).toBe('<img src="x" onerror="alert(1)"> <b>bold</b>');
  });
});
