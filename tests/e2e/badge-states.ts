/** The badges a page shows, read from its DOM through their stable hooks (README "Stable hooks"). */
import type { Page } from 'playwright-core';

export const badgeStates = (p: Page) =>
  p.$$eval('alipan-share-badge', (els) =>
    els.map((e) => ({
      id: e.getAttribute('data-share-id'),
      code: e.getAttribute('data-code'),
      state: e.getAttribute('data-state'),
    })),
  );

/** The badges once at least `expected` are on the page and none is `checking` any more. */
export async function settledBadges(p: Page, expected: number) {
  await p.waitForFunction(
    (n) => {
      const all = [...document.querySelectorAll('alipan-share-badge')];
      return all.length >= n && all.every((b) => b.getAttribute('data-state') !== 'checking');
    },
    expected,
    { timeout: 30_000 },
  );
  return badgeStates(p);
}
