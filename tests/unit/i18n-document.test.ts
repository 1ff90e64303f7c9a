/** Every extension page takes its `<html lang>` and title from the UI language, through one helper. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { htmlLang, localizeDocument } from '../../lib/i18n/document';
import { en } from '../../lib/i18n/en';
import { zh } from '../../lib/i18n/zh';

describe('localizeDocument', () => {
  afterEach(() => {
    document.documentElement.lang = 'en';
    document.title = '';
  });

  it('sets a Chinese page to zh-CN with the Chinese title', () => {
    localizeDocument('optionsTitle', document, 'zh');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe(zh.optionsTitle);
  });

  it('sets an English page to en with the English title', () => {
    document.documentElement.lang = 'zh-CN';
    localizeDocument('optionsTitle', document, 'en');
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe(en.optionsTitle);
  });

  it('leaves the title alone without a key', () => {
    document.title = 'Kept';
    localizeDocument(undefined, document, 'zh');
    expect(document.title).toBe('Kept');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('follows the browser language by default', () => {
    localizeDocument('appName');
    expect(document.documentElement.lang).toBe(htmlLang(navigator.language.startsWith('zh') ? 'zh' : 'en'));
  });
});

describe('the extension pages', () => {
  const root = path.resolve(__dirname, '../../entrypoints');
  const pages = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(path.join(root, d.name)).includes('index.html'))
    .map((d) => d.name);

  it('are found', () => {
    expect(pages).toContain('options');
  });

  // A page that skipped the helper would keep the `lang="en"` of its HTML in Chinese.
  it.each(pages)('%s localizes its document before it renders', (page) => {
    const main = readFileSync(path.join(root, page, 'main.tsx'), 'utf8');
    const call = main.indexOf('localizeDocument(');
    expect(call, `${page}/main.tsx calls localizeDocument`).toBeGreaterThan(-1);
    expect(call, `${page}/main.tsx renders after it`).toBeLessThan(main.indexOf('render('));
  });
});
