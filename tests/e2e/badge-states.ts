/**
 * What the badge e2e files share: the pages they serve, the files of their shares, and the badges
 * a page shows, read from its DOM through their stable hooks (README "Stable hooks").
 */
import type { Page } from 'playwright-core';

/** A page served by the test's page server, with `body` as its content. */
export const htmlPage = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}</body></html>`;

/** A file of a fake share that is only listed, never downloaded: a name and a size. */
export const listedFile = (name: string, size = 10) => ({ name, type: 'file' as const, size });

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
