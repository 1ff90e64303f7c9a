/**
 * Loads the production Firefox build (.output/firefox-mv3) into a real headless Firefox (Debian's
 * firefox-esr), driven by puppeteer-core over WebDriver BiDi. Firefox has no host-resolver flag:
 * a local proxy (host-proxy.ts) routes the real Alipan host names to the fake server, and
 * `acceptInsecureCerts` makes the session (the background's fetches included) take its throwaway
 * certificate. Nothing in the build knows about tests.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { must } from '../must.ts';
import type { FakeAlipan } from './fake-alipan/server.ts';
import type { PageServer } from './harness.ts';
import { type HostProxy, startHostProxy } from './host-proxy.ts';

const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3');

function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      "No Firefox found for the Firefox end-to-end test. Install Debian's: `sudo apt-get install -y firefox-esr`, " +
        'or set FIREFOX_PATH to a Firefox 140+ binary.',
    );
  }
  return found;
}

export interface FirefoxExtension {
  browser: Browser;
  /** `moz-extension://<uuid>`: the UUID is pinned by a pref, so pages are known before the add-on starts. */
  origin: string;
  profileDir: string;
  proxy: HostProxy;
  /** Opens an extension page (e.g. 'options.html') in a new tab. */
  openPage(path: string): Promise<Page>;
  /** Quits Firefox as a user does (so it writes what it keeps to the profile); the profile stays. */
  quit(): Promise<void>;
  /** Quits if still running, stops the proxy and removes the profile. */
  dispose(): Promise<void>;
}

/** The bit of puppeteer's BiDi browser used to navigate without waiting (not in its public types). */
interface BidiConnection {
  send(method: 'browsingContext.navigate', params: { context: string; url: string; wait: 'none' }): Promise<unknown>;
  send(method: 'browser.close', params: Record<string, never>): Promise<unknown>;
}

/** Waits for a process to exit; false when it has not after `ms`. */
function exited(proc: ChildProcess, ms: number): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    proc.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

export async function launchFirefoxExtension(opts: {
  fake: FakeAlipan;
  pages?: PageServer;
  /** Real downloads land here, as a user's would with "Save files to" set to this folder. */
  downloadsDir: string;
}): Promise<FirefoxExtension> {
  const manifestFile = join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(
      `No build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first (npm run test:e2e does).`,
    );
  }
  const executablePath = firefoxPath();
  const geckoId: string = JSON.parse(readFileSync(manifestFile, 'utf8')).browser_specific_settings.gecko.id;
  const uuid = randomUUID();
  const { fake, pages } = opts;
  const proxy = await startHostProxy(
    Object.fromEntries([
      ...fake.hosts.map((h) => [h, fake.port]),
      ...(pages?.hosts ?? []).map((h) => [h, must(pages).port]),
    ]),
  );
  const profileDir = mkdtempSync(join(tmpdir(), 'alipan-firefox-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      userDataDir: profileDir,
      // Firefox's BiDi navigates only to http(s), file, blob and about:blank unless the session may
      // reach privileged pages: moz-extension:// is one of those.
      args: ['--remote-allow-system-access'],
      // Covers the background page's fetches too: they reach the fake with its self-signed certificate.
      acceptInsecureCerts: true,
      // A busy 2-core machine starts Firefox slowly.
      timeout: 90_000,
      protocolTimeout: 90_000,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        // Every http(s) request goes to the proxy, which knows only the test's hosts (no DNS here).
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': '',
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        // A user's "Save files to <folder>", without asking.
        'browser.download.dir': opts.downloadsDir,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        // A user's "Allow" at the optional-permission prompt ("Import from alipan.com" asks for
        // `scripting` at the click): headless Firefox shows no prompt to answer.
        'extensions.webextOptionalPermissionPrompts': false,
        // The disk cache as a user has it: on, inside the profile (checked by the test).
        'browser.cache.disk.enable': true,
      },
    });
  } catch (e) {
    await proxy.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const proc = browser.process();
  let quitting: Promise<void> | undefined;

  const quit = () =>
    (quitting ??= (async () => {
      // browser.close() gives Firefox 5 s before SIGKILL: too short on a busy machine to write the
      // profile as a real quit does. Ask over BiDi, and wait longer.
      await connection.send('browser.close', {}).catch(() => {});
      if (proc && !(await exited(proc, 30_000))) proc.kill('SIGKILL');
      await browser.close().catch(() => {});
    })());

  try {
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (e) {
    await quit();
    await proxy.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  const origin = `moz-extension://${uuid}`;

  return {
    browser,
    origin,
    profileDir,
    proxy,
    async openPage(path) {
      const page = await browser.newPage();
      // page.goto() waits for navigation events Firefox may never send for moz-extension:// pages:
      // navigate over BiDi without waiting, then wait for the page's own hooks.
      const context = (page.mainFrame() as unknown as { _id: string })._id;
      await connection.send('browsingContext.navigate', { context, url: `${origin}/${path}`, wait: 'none' });
      return page;
    },
    quit,
    async dispose() {
      await quit();
      await proxy.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
