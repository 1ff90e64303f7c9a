/**
 * Loads the production build (.output/chrome-mv3) into headless Chromium, with the real Alipan
 * host names resolved to the fake server (extension-practice.md, e2e recipe). Nothing in the
 * build knows about tests: only the browser's resolver and certificate trust are changed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { must } from '../must.ts';
import type { FakeAlipan, FakeUser, FakeUserInit } from './fake-alipan/server.ts';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      "No Chromium found for the end-to-end tests. Install Debian's: `sudo apt-get install -y chromium`, " +
        'or set CHROMIUM_PATH to a Chromium / Chrome for Testing binary (Google Chrome ignores --load-extension).',
    );
  }
  return found;
}

/** Plain-HTTP pages for content-script tests, served under made-up host names. */
export interface PageServer {
  port: number;
  hosts: string[];
  /** Registers `html` at http://<host><path>. */
  set(host: string, path: string, html: string): void;
  close(): Promise<void>;
}

export async function startPageServer(hosts = ['forum.test', 'blog.test']): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get(`${req.headers.host?.split(':')[0]}${req.url}`);
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    hosts,
    set: (host, path, html) => void pages.set(`${host}${path}`, html),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  profileDir: string;
  worker(): Promise<Worker>;
  /** Opens an extension page (e.g. 'options.html') in a tab. */
  openPage(path: string): Promise<Page>;
  /** Stops the service worker as Chrome does when it idles; the next event restarts it with empty globals. */
  killWorker(): Promise<void>;
  /** True when the worker's globals were lost since the last killWorker (it really restarted). */
  workerWasRestarted(): Promise<boolean>;
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

/**
 * Makes `dir` the profile's downloads folder, as a user would in the settings, through the
 * profile's Preferences file (merged with what a kept profile already holds).
 */
function setDownloadsFolder(profileDir: string, dir: string): void {
  const file = join(profileDir, 'Default', 'Preferences');
  const prefs = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  prefs.download = { ...prefs.download, default_directory: dir, prompt_for_download: false };
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(file, JSON.stringify(prefs));
}

/**
 * Playwright saves every download of its contexts under a GUID in its own folder, whatever name
 * `chrome.downloads.download` asked for. Handing downloads back to the browser ('default') makes
 * them land as a user's would: `<downloads folder>/<filename>`. Set once, it outlives the session.
 */
async function restoreBrowserDownloads(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' });
  await cdp.detach();
}

export async function launchExtension(opts: {
  fake: FakeAlipan;
  pages?: PageServer;
  profileDir?: string;
  lang?: string;
  /** Real downloads: files land under this folder with the names the extension gives them. */
  downloadsDir?: string;
}): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No build at ${EXTENSION_DIR}: run \`npm run build\` first (npm run test:e2e does).`);
  }
  const { fake, pages } = opts;
  const rules = [
    ...fake.hosts.map((h) => `MAP ${h} 127.0.0.1:${fake.port}`),
    ...(pages?.hosts ?? []).map((h) => `MAP ${h} 127.0.0.1:${must(pages).port}`),
  ];
  const profileDir = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'alipan-e2e-'));
  if (opts.downloadsDir) setDownloadsFolder(profileDir, opts.downloadsDir);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    // Playwright pins pages to en-US unless told: a browser in another language has both its UI
    // language (--lang) and its pages' language in it.
    ...(opts.lang ? { locale: opts.lang } : {}),
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--host-resolver-rules=${rules.join(', ')}, EXCLUDE localhost`,
      // Trust exactly the fake's throwaway certificate, nothing else.
      `--ignore-certificate-errors-spki-list=${fake.cert.spkiSha256}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.lang ? [`--lang=${opts.lang}`] : []),
    ],
  });
  if (opts.downloadsDir) await restoreBrowserDownloads(context);
  const worker = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL((await worker()).url()).host;

  const openPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };

  return {
    context,
    extensionId,
    profileDir,
    worker,
    openPage,
    async killWorker() {
      const page = await openPage('options.html');
      await page.waitForSelector('[data-account-state]');
      // A marker in the worker's globals: gone after the kill, which `workerWasRestarted` checks.
      await (await worker()).evaluate(() => ((globalThis as { __e2eAlive?: boolean }).__e2eAlive = true));
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      await page.close();
    },
    async workerWasRestarted() {
      return (await (await worker()).evaluate(() => (globalThis as { __e2eAlive?: boolean }).__e2eAlive)) !== true;
    },
    async close(closeOpts) {
      await context.close();
      if (!closeOpts?.keepProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the options page, as a user pastes the two refresh tokens; resolves once the account is `ok`. */
export async function signIn(
  ext: ExtensionBrowser,
  tokens: { webRefreshToken: string; openRefreshToken: string },
): Promise<void> {
  const page = await ext.openPage('options.html');
  await page.fill('input[name="webRefreshToken"]', tokens.webRefreshToken);
  await page.fill('input[name="openRefreshToken"]', tokens.openRefreshToken);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-account-state="ok"]');
  await page.close();
}

let accounts = 0;
/** A new account in the fake, with ids and tokens of its own: its drive holds only what its test makes. */
export function newAccount(fake: FakeAlipan, init: Partial<FakeUserInit> = {}): FakeUser {
  const n = ++accounts;
  return fake.addUser({
    userId: `account-${n}`,
    nickName: `Account ${n}`,
    webRefreshToken: randomBytes(16).toString('hex'),
    openRefreshToken: `eyJhbGciOiJIUzI1NiJ9.account-${n}-open.sig`,
    ...init,
  });
}

/** The viewer page of a share, for `openPage`. */
export function viewerPath(shareId: string): string {
  return `viewer.html?url=${encodeURIComponent(`https://www.alipan.com/s/${shareId}`)}`;
}

/** Signs in (options page), then opens the viewer of a share, once its root folder is listed in full. */
export async function signedInViewer(
  ext: ExtensionBrowser,
  user: { webRefreshToken: string; openRefreshToken: string },
  share: { shareId: string; tree: unknown[] },
): Promise<Page> {
  await signIn(ext, user);
  return openShareViewer(ext, share);
}

/** The viewer of a share, once its root folder is listed in full. */
export async function openShareViewer(
  ext: ExtensionBrowser,
  share: { shareId: string; tree: unknown[] },
): Promise<Page> {
  const page = await ext.openPage(viewerPath(share.shareId));
  await page.waitForSelector(`[data-folder-id="root"][data-total-items="${share.tree.length}"]`);
  return page;
}

/** The bit of the `chrome` global the popup helper uses (the e2e project has no chrome types). */
interface ChromeWithTabs {
  tabs: { query(query: object, callback?: (tabs: { id?: number }[]) => void): Promise<{ id?: number }[]> };
}

/**
 * The toolbar popup for the tab that is active now (a headless browser has no toolbar to click).
 * Opened as a tab, the popup would be the active tab itself: it is told the other tab is.
 */
export async function openPopupForActiveTab(ext: ExtensionBrowser): Promise<Page> {
  const tabId = await (await ext.worker()).evaluate(async () => {
    const { tabs } = (globalThis as unknown as { chrome: ChromeWithTabs }).chrome;
    const [tab] = await tabs.query({ active: true, lastFocusedWindow: true });
    if (!tab) throw new Error('no active tab');
    return tab.id;
  });
  const popup = await ext.context.newPage();
  await popup.addInitScript((id) => {
    const tabs = [{ id }];
    (globalThis as unknown as { chrome: ChromeWithTabs }).chrome.tabs.query = (_query, callback) => {
      callback?.(tabs);
      return Promise.resolve(tabs);
    };
  }, tabId);
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  return popup;
}
