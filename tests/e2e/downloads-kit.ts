/** What the download e2e tests share: share trees, the jobs panel, the browser's downloads, disk and drive. */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { must } from '../must.ts';
import type { FakeNode, FakeUser } from './fake-alipan/server.ts';

export const file = (name: string, size: number): FakeNode => ({ name, type: 'file', content: randomBytes(size) });
export const folder = (name: string, children: FakeNode[]): FakeNode => ({ name, type: 'folder', children });

/** Waits for the (only) job to end, and returns its state. */
export async function jobEnd(page: Page): Promise<string | null> {
  const ended = '[data-job-state]:not([data-job-state="preparing"]):not([data-job-state="running"])';
  await page.waitForSelector(ended, { timeout: 0 }); // bounded by the test's timeout
  return page.getAttribute(ended, 'data-job-state');
}

export interface BrowserDownload {
  id: number;
  filename: string;
  url: string;
  state: 'in_progress' | 'interrupted' | 'complete';
  error?: string;
  exists: boolean;
}

/** What `chrome.downloads.search` says, read from an extension page (the e2e project has no chrome types). */
export function browserDownloads(page: Page): Promise<BrowserDownload[]> {
  return page.evaluate(() => {
    const { downloads } = (
      globalThis as unknown as { chrome: { downloads: { search(q: object): Promise<BrowserDownload[]> } } }
    ).chrome;
    return downloads.search({});
  });
}

/** Every file of a share tree by its path below `dir`, with its bytes. */
export function filesOf(nodes: FakeNode[], dir = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const n of nodes) {
    if (n.type === 'file') files.set(`${dir}${n.name}`, Buffer.from(must(n.content)));
    else for (const [path, bytes] of filesOf(n.children ?? [], `${dir}${n.name}/`)) files.set(path, bytes);
  }
  return files;
}

/** Every file under a downloads folder, by its path relative to it. */
export function filesOnDisk(downloadsDir: string): Map<string, Buffer> {
  const paths = readdirSync(downloadsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(
    paths.map((e) => [relative(downloadsDir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name))]),
  );
}

/** What the user's drive holds besides folders in its root (the temporary folder): copies, or anything else. */
export function driveLeftovers(user: FakeUser) {
  return user.files().filter((f) => !(f.type === 'folder' && f.parentFileId === 'root'));
}
