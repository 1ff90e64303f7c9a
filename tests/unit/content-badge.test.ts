/**
 * The badge's look (issue 12): no state shows an emoji, which is an empty box on a desktop
 * without an emoji font. The shadow root is closed, so the test keeps the one `attachShadow` makes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBadge } from '../../lib/content/badge';
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

/** The badge's shadow root and all its style text (an adopted sheet or a `<style>`). */
function render(state: ShareState, lang: 'en' | 'zh') {
  const attach = vi.spyOn(Element.prototype, 'attachShadow');
  const host = createBadge(document, { shareId: 'AbCdEfGhIjK', code: null }, { state }, lang);
  const root = must(attach.mock.results[0]).value as ShadowRoot;
  const sheets = [...root.adoptedStyleSheets].flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText));
  return { host, root, style: sheets.join('\n') + (root.textContent ?? '') };
}

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
      const { host, root, style } = render(state, lang);
      expect(host.getAttribute('data-state')).toBe(state);
      const icon = new RegExp(`data-state="?${state}"?\\]\\) \\.b ?\\{[^}]*--icon: ?"([^"]+)"`).exec(style)?.[1];
      expect(icon, `${state} has an icon`).toBeTruthy();
      expect(icon).not.toMatch(EMOJI);
      expect(root.textContent).not.toMatch(EMOJI);
      expect(host.getAttribute('aria-label')).not.toMatch(EMOJI);
      vi.restoreAllMocks();
    }
  });
});
