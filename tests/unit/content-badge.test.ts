/**
 * The badge's look (issue 12): no state shows an emoji, which is an empty box on a desktop
 * without an emoji font. Its look is the document's badge sheet; its label, `data-label`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBadge, styleDocument, unstyleDocument } from '../../lib/content/badge';
import type { ShareState } from '../../lib/shares/model';
import { must } from '../must';

/** A character that needs an emoji font: a pictograph, or any character asked to look like one. */
const EMOJI = /\p{Extended_Pictographic}|\uFE0F/u;

const STATES: ShareState[] = [
  'checking',
  'valid',
  'needs-code',
  'wrong-code',
  'expired',
  'cancelled',
  'forbidden',
  'not-found',
  'empty',
  'unknown',
];

afterEach(() => vi.restoreAllMocks());

/** The badge sheet's text, caught as the document gets it (happy-dom keeps no rules of a sheet in a layer). */
const replace = vi.spyOn(CSSStyleSheet.prototype, 'replaceSync');
styleDocument(document);
const STYLE = String(must(replace.mock.calls[0])[0]);
replace.mockRestore();

function render(state: ShareState, lang: 'en' | 'zh') {
  return { host: createBadge(document, { shareId: 'AbCdEfGhIjK', code: null }, { state }, lang), style: STYLE };
}

describe('badge sheet', () => {
  it('is in the document once, goes back in after a page script set its sheets anew, and is taken out', () => {
    styleDocument(document);
    expect(document.adoptedStyleSheets).toHaveLength(1);
    const pageSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [pageSheet];
    styleDocument(document);
    expect(document.adoptedStyleSheets).toHaveLength(2);
    expect(document.adoptedStyleSheets[0]).toBe(pageSheet);
    unstyleDocument(document);
    expect(document.adoptedStyleSheets).toEqual([pageSheet]);
  });
});

describe('badge tooltip', () => {
  it('says when a listing showed files Alipan banned, as text, in both languages', () => {
    const ref = { shareId: 'AbCdEfGhIjK', code: null };
    expect(createBadge(document, ref, { state: 'valid', name: 'x' }, 'en').title).not.toMatch(/banned/);
    expect(createBadge(document, ref, { state: 'valid', name: 'x', banned: true }, 'en').title).toMatch(
      /banned some of its files/,
    );
    expect(createBadge(document, ref, { state: 'valid', banned: true }, 'zh').title).toMatch(/已屏蔽/);
  });
});

describe('badge icons', () => {
  it.each(STATES)('%s: its icon and its label are font-safe text, never an emoji', (state) => {
    for (const lang of ['en', 'zh'] as const) {
      const { host, style } = render(state, lang);
      expect(host.getAttribute('data-state')).toBe(state);
      const icon = new RegExp(`data-state="?${state}"?\\] ?\\{[^}]*--alipan-icon: ?"([^"]+)"`).exec(style)?.[1];
      expect(icon, `${state} has an icon`).toBeTruthy();
      expect(icon).not.toMatch(EMOJI);
      expect(host.getAttribute('data-label')).toBeTruthy();
      expect(host.getAttribute('data-label')).not.toMatch(EMOJI);
      expect(host.getAttribute('aria-label')).not.toMatch(EMOJI);
      vi.restoreAllMocks();
    }
  });
});
