import browser from 'webextension-polyfill';
import { AccountService } from '../account/account-service';
import { asSaveAccountInput } from '../account/validate';
import { findWebSessionToken, readWebAppToken, WEB_APP_PATTERNS, type WebSessionAccess } from '../account/web-session';
import { AlipanError } from '../api/errors';
import { createTransport } from '../api/transport';
import { isCancelledStart } from '../downloads/errors';
import type { DownloadRequest } from '../downloads/model';
import { DownloadManager } from '../downloads/pipeline';
import { SpaceBudget } from '../downloads/space';
import { TempFolder } from '../downloads/temp-folder';
import { Aria2Client } from '../export/aria2-client';
import { Aria2SettingsStore } from '../export/aria2-settings';
import { t } from '../i18n';
import { handleMenuClick, type MenuClick } from '../menu/context-menu';
import type {
  AccountChangedEvent,
  DownloadsChangedEvent,
  SavesChangedEvent,
  ShareStatusEvent,
} from '../messaging/protocol';
import { createRouter } from '../messaging/router';
import { originOf, type SenderLike } from '../messaging/sender';
import { extensionStore, lockLocalStorageToTrustedContexts } from '../platform/browser-store';
import { migrate } from '../platform/schema';
import { asPreviewRequest } from '../previews/preview-jobs';
import { DriveFolders } from '../saves/drive-folders';
import type { SaveItem } from '../saves/model';
import { asSaveAllRequests, saveEachInItsFolder } from '../saves/save-all';
import { SaveManager } from '../saves/save-manager';
import { asSaveRequest } from '../saves/validate';
import { type Asker, BADGE_CHECK_LIMITS, CheckQueue } from '../shares/check-queue';
import { type ShareRef, type ShareStatus, statusKey } from '../shares/model';
import { linksIn } from '../shares/page-links';
import { SettingsStore } from '../shares/settings-store';
import { ShareBrowser } from '../shares/share-browser';
import { ShortLinks, shareOfShortLink } from '../shares/short-links';
import { StatusCache } from '../shares/status-cache';
import { ShareStatusService } from '../shares/status-service';
import { TabRegistry } from '../shares/tab-registry';
import { asPageTexts, asShareRef, asShareRefs, shareUrl, viewerPath } from '../shares/validate';
import { ACCOUNT_RETRY_ALARM, SAVES_WAKE_ALARM, STATUS_CHECKS_ALARM, WAKE_ALARM } from './setup';
import { MIGRATIONS } from './storage-schema';

/**
 * Composes the background's services. Called once per worker start: every global here is gone
 * when the browser stops the idle worker, so all state that matters lives in storage.
 */
export function startBackground() {
  const local = extensionStore('local');
  const transport = createTransport();
  const account = new AccountService({
    transport,
    store: local,
    wakeAt: (when) => void browser.alarms.create(ACCOUNT_RETRY_ALARM, { when }),
  });
  const settings = new SettingsStore(local);
  const tabs = new TabRegistry(extensionStore('session'));
  const shortLinks = new ShortLinks({ store: local });
  const statuses = new ShareStatusService({
    transport,
    onStatus: (ref, status) => void pushStatus(ref, status),
    cache: new StatusCache({ store: local }),
    queue: new CheckQueue({
      limits: BADGE_CHECK_LIMITS,
      onWait: (when) => void browser.alarms.create(STATUS_CHECKS_ALARM, { when }),
    }),
    shortLinks,
  });
  const shares = new ShareBrowser({ transport, statuses });
  const aria2Settings = new Aria2SettingsStore(local);
  const aria2 = new Aria2Client({ settings: aria2Settings });
  const downloads = new DownloadManager({
    transport,
    account,
    store: local,
    session: extensionStore('session'),
    downloads: browser.downloads,
    shareTokens: shares.tokenFor,
    downloaders: { aria2 },
    wakeAt: (when) => void browser.alarms.create(WAKE_ALARM, { when }),
  });
  // Read fresh each time: the downloads make it, and may make it anew.
  const tempFolderId = (driveId: string) => new TempFolder({ transport, account, store: local }).remembered(driveId);
  const saves = new SaveManager({
    transport,
    account,
    store: local,
    shareTokens: shares.tokenFor,
    space: new SpaceBudget({ transport, account, now: Date.now }),
    tempFolderId,
    wakeBy: (when) => void browser.alarms.create(SAVES_WAKE_ALARM, { when }),
  });
  const driveFolders = new DriveFolders({ transport, account, store: local, tempFolderId });
  // Storage in the shape this version expects before anything reads it.
  const migrated = migrate(local, MIGRATIONS);
  const ready = migrated.then(() =>
    Promise.all([lockLocalStorageToTrustedContexts().catch(() => false), statuses.restore()]),
  );
  // Jobs and copies outlive the worker and the browser: re-attach running downloads, redo the
  // ones the browser's close cut, delete finished copies. Not part of `ready`: a badge report
  // must not wait for the temporary folder's sweep.
  const downloadsResumed = ready.then(() => downloads.resume()).catch(() => {});
  // The checks the last worker had waiting (the open tabs' shares with no status yet) start again,
  // the active tab's first: a queue held back by the per-minute caps outlives the worker only so.
  const checksResumed = ready
    .then(async () => {
      const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      if (active?.id !== undefined) statuses.setActiveTab(active.id);
      for (const [tabId, tab] of await tabs.all())
        for (const ref of tab.shares) if (!statuses.peek(ref)) void statuses.resolve(ref, tabId);
    })
    .catch(() => {});
  // A save cut by a worker stop or a browser restart carries on (what arrived is not sent again).
  const savesResumed = ready.then(() => saves.resume()).catch(() => {});
  // A check the last worker left unfinished, or a token service retry it had planned, carries on.
  const accountResumed = ready.then(() => account.resume()).catch(() => {});

  let accountWasRetrying = false;
  let lastDrive: string | undefined;
  account.onChange((view) => {
    broadcast({ type: 'event.accountChanged', view } satisfies AccountChangedEvent);
    const drive = view.state === 'ok' && !view.retrying ? view.summary?.driveId : undefined;
    // Copies whose delete met a token service's trouble go as soon as it answers again; after a
    // switch of account, the old drive's copies go at once (with that drive's kept token).
    if (drive && (accountWasRetrying || (lastDrive && lastDrive !== drive))) void downloads.sweep().catch(() => 0);
    accountWasRetrying = !!view.retrying;
    if (drive) lastDrive = drive;
  });
  downloads.onChange((jobs) => broadcast({ type: 'event.downloads', jobs } satisfies DownloadsChangedEvent));
  saves.onChange((list) => broadcast({ type: 'event.saves', saves: list } satisfies SavesChangedEvent));

  /** A share from the context menu: the whole folder the link points at. */
  async function wholeShare(ref: ShareRef): Promise<DownloadRequest> {
    const overview = await shares.overview(ref);
    const entries = await shares.list(ref, ref.folderId ?? 'root');
    return {
      shareId: ref.shareId,
      code: ref.code,
      shareName: overview.status.name || ref.shareId,
      items: entries.map((e) => ({ fileId: e.fileId, name: e.name, type: e.type, size: e.size, path: [] })),
    };
  }

  /** A save of what the page picked, or of the whole share; the folder is offered first next time. */
  async function startSave(data: unknown) {
    const request = asSaveRequest(data);
    if (!request) throw new AlipanError({ code: 'InvalidParameter.Save', category: 'unknown' });
    const items: SaveItem[] =
      request.items ?? (await wholeShare(request)).items.map(({ path: _path, ...item }) => item);
    const view = await saves.start({ ...request, items });
    await driveFolders.remember(request.target.path).catch(() => {});
    return view;
  }

  /** "Save all live shares" from the popup: each share into a folder of its own in the one picked. */
  async function startSaves(data: unknown) {
    const requests = asSaveAllRequests(data);
    if (!requests) throw new AlipanError({ code: 'InvalidParameter.Save', category: 'unknown' });
    const result = await saveEachInItsFolder(requests, {
      listShare: async (request) => (await wholeShare(request)).items.map(({ path: _path, ...item }) => item),
      createFolder: (parentId, name) => driveFolders.create(parentId, name),
      startSave,
    });
    // The folder picked is the one offered next time, not the last share's own.
    const [first] = requests;
    if (first) await driveFolders.remember(first.target.path).catch(() => {});
    return result;
  }

  /**
   * A quick transfer opens on Alipan's own page: the viewer lists shares (§5), and §10 has no
   * listing. A short link opens the share it leads to; one that leads to none (or whose shortener
   * did not answer) opens as it is, wherever it goes.
   */
  async function openViewer(
    link: ShareRef,
    opener?: { id?: number; index?: number },
    opts: { save?: boolean } = {},
  ): Promise<undefined> {
    const leadsTo = link.kind === 'short_url' ? await shortLinks.resolve(link.shareId).catch(() => null) : undefined;
    const ref = leadsTo ? shareOfShortLink(link, leadsTo) : link;
    await browser.tabs.create({
      url:
        ref.kind === 'quick_transfer' || ref.kind === 'short_url'
          ? shareUrl(ref)
          : browser.runtime.getURL(viewerPath(ref, opts) as '/viewer.html'),
      ...(opener?.id !== undefined ? { openerTabId: opener.id, index: (opener.index ?? 0) + 1 } : {}),
    });
  }

  /** A short link's share once known (undefined before, and when it leads to none); a share as it is. */
  function knownShare(ref: ShareRef): ShareRef | undefined {
    if (ref.kind !== 'short_url') return ref;
    const leadsTo = shortLinks.peek(ref.shareId);
    return leadsTo ? shareOfShortLink(ref, leadsTo) : undefined;
  }

  /** `contextMenus.onClicked`: the plain handler in lib/menu, given the background's services. */
  function onMenuClick(click: MenuClick, tab?: { id?: number; index?: number }) {
    /** Starts a job for the whole share; when none starts, the viewer shows the share instead. */
    const startOrOpen = async (ref: ShareRef, start: (request: DownloadRequest) => Promise<unknown>) => {
      await ready;
      try {
        await start(await wholeShare(ref));
      } catch (e) {
        // The failure is in the downloads panel's terms only when a job exists; show the viewer instead.
        if (!isCancelledStart(e)) await openViewer(ref, tab);
      }
    };
    return handleMenuClick(click, {
      openViewer: (ref) => openViewer(ref, tab),
      downloadAll: (ref) => startOrOpen(ref, (request) => downloads.start(request)),
      saveToDrive: (ref) => openViewer(ref, tab, { save: true }),
      exportToAria2: async (ref) => {
        if (!(await aria2Settings.view()).configured) return openViewer(ref, tab);
        await startOrOpen(ref, (request) => downloads.start(request, { mode: 'export', target: 'aria2' }));
      },
      codeFoundOnTab: async (shareId) =>
        tab?.id === undefined
          ? null
          : // A candidate code (no keyword) only once Alipan took it.
            ((await tabs.get(tab.id))?.shares.find(
              (s) => s.shareId === shareId && s.code && (!s.candidate || statuses.peek(s)?.codeAccepted),
            )?.code ?? null),
      notify: (key) => flagTab(tab?.id, t(key)),
    });
  }

  /**
   * The statuses already known, by statusKey(); the others are checked, in the asker's turn (a
   * tab's page, or the extension's own), and pushed (pushStatus) when known.
   */
  function knownStatuses(refs: ShareRef[], asker?: Asker): Record<string, ShareStatus> {
    const known: Record<string, ShareStatus> = {};
    for (const ref of refs) {
      const status = statuses.peek(ref);
      if (status) known[statusKey(ref)] = status;
      else void statuses.resolve(ref, asker);
    }
    return known;
  }

  /** A status reached: every tab showing that share, and the extension's own pages. */
  async function pushStatus(ref: ShareRef, status: ShareStatus) {
    const event: ShareStatusEvent = { type: 'event.shareStatus', key: statusKey(ref), status };
    for (const tabId of await tabs.tabsShowing(event.key)) browser.tabs.sendMessage(tabId, event).catch(() => {});
    broadcast(event);
  }

  const gated =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      await ready;
      return fn(...args);
    };

  const onMessage = createRouter(
    {
      'account.get': gated(() => account.view()),
      'account.save': gated((data) => account.save(asSaveAccountInput(data))),
      'account.check': gated(() => account.check()),
      // The copies in the drive go while the tokens still work; what cannot go now waits for this account.
      'account.signOut': gated(async () =>
        account.signOut({ copiesLeft: await downloads.releaseAll().catch(() => 0) }),
      ),
      'account.importWebSession': gated(async () => {
        const token = await findWebSessionToken(webSessionAccess);
        if (!token) throw new AlipanError({ code: 'NoWebSession', category: 'sign-in-needed', text: NO_WEB_SESSION });
        return account.save({ webRefreshToken: token });
      }),
      'shares.find': gated(async (data, sender) => {
        const { tabId, site } = tabOf(sender);
        const enabled = await settings.onSite(site);
        // A switched-off site's text is not even parsed.
        if (!enabled) return { enabled, links: [], statuses: {} };
        const links = asPageTexts(data?.texts).map(linksIn);
        const found = [...new Map(links.flat().map(({ ref }) => [statusKey(ref), ref])).values()];
        if (found.length > 0) await tabs.add(tabId, site, found);
        return { enabled, links, statuses: knownStatuses(found, tabId) };
      }),
      'shares.check': gated(async (data) => knownStatuses(asShareRefs(data?.shares))),
      'shares.inspect': gated(async (data, sender) => {
        tabOf(sender);
        const share = knownShare(requireRef(data));
        if (share) await shares.lookForBanned(share);
        return undefined;
      }),
      'viewer.open': gated((data, sender) =>
        openViewer(requireRef(data), sender.tab as { id?: number; index?: number }),
      ),
      'share.overview': gated((data) => shares.overview(requireRef(data))),
      'share.listPage': gated((data) =>
        shares.listPage(requireRef(data), data.parentFileId || 'root', String(data.marker ?? ''), {
          orderBy: data.orderBy,
          orderDirection: data.orderDirection,
        }),
      ),
      'tab.shares': gated(async ({ tabId }) => {
        const found = await tabs.get(tabId);
        const site = found?.site ?? '';
        return {
          site,
          enabled: site ? await settings.onSite(site) : true,
          // Quick transfers stay out: the popup browses and downloads shares (§5, §7), which §10 links
          // are not. A short link is listed as the share it leads to, once known.
          shares: (found?.shares ?? []).flatMap((ref) => {
            const share = ref.kind === 'quick_transfer' ? undefined : knownShare(ref);
            return share ? [{ ...share, status: statuses.peek(share) }] : [];
          }),
        };
      }),
      'settings.get': gated(() => settings.get()),
      'settings.set': gated((data) => settings.update(data)),
      'settings.toggleSite': gated(({ site, enabled }) => settings.toggleSite(site, enabled)),
      'downloads.start': gated((data) => downloads.start(data)),
      'downloads.startShare': gated(async (data) => downloads.start(await wholeShare(requireRef(data)))),
      // The pages poll this while a job runs: byte counts come only from downloads.search.
      'downloads.list': gated(() => downloads.refreshProgress()),
      'downloads.cancel': gated(({ jobId, fileId }) => downloads.cancel(jobId, fileId)),
      'downloads.retry': gated(({ jobId, fileId }) => downloads.retry(jobId, fileId)),
      'downloads.export': gated(({ target, ...request }) =>
        downloads.start(request, { mode: 'export', ...(target === 'aria2' ? { target } : {}) }),
      ),
      'downloads.release': gated(({ jobId }) => downloads.releaseCopies(jobId)),
      'downloads.preview': gated(async (data, sender) => {
        const tabId = (sender.tab as { id?: number } | undefined)?.id;
        // A tab shows one pane: a preview whose pane never closed (the page was reloaded) goes now.
        if (tabId !== undefined && data?.companion !== true) await downloads.releaseTab(tabId);
        return downloads.start(asPreviewRequest(data), { mode: 'preview', tabId });
      }),
      'downloads.relink': gated(({ jobId }) => downloads.relink(jobId)),
      'downloads.settings': gated(() => downloads.settings()),
      'downloads.saveSettings': gated((data) => downloads.saveSettings(data)),
      'saves.start': gated((data) => startSave(data)),
      'saves.startMany': gated((data) => startSaves(data)),
      'saves.list': gated(() => saves.list()),
      'saves.lastTarget': gated(async () => (await driveFolders.lastTarget()) ?? null),
      'drive.folders': gated(({ parentId }) => driveFolders.list(String(parentId || 'root'))),
      'drive.createFolder': gated(({ parentId, name }) =>
        driveFolders.create(String(parentId || 'root'), String(name ?? '')),
      ),
      'aria2.get': gated(() => aria2Settings.view()),
      'aria2.save': gated((data) => aria2Settings.save(data)),
      'aria2.check': gated(async () => ({ version: await aria2.version() })),
    },
    // The extension's own URL always has an origin; '' would match no sender (every page refused).
    { runtimeId: browser.runtime.id, extensionOrigin: originOf(browser.runtime.getURL('/')) ?? '' },
  );

  return {
    onMessage,
    onMenuClick,
    /** A tab closed: its waiting checks and its shares are forgotten, and the previews it showed end (their copies go). */
    tabClosed: (tabId: number) => {
      statuses.dropTab(tabId);
      void tabs.remove(tabId);
      void ready.then(() => downloads.releaseTab(tabId)).catch(() => {});
    },
    tabActivated: (tabId: number) => statuses.setActiveTab(tabId),
    /** The alarm set while checks wait for a minute's budget: waking the worker resumes them. */
    resumeChecks: () => checksResumed,
    onDownloadChanged: (delta: Parameters<DownloadManager['onDownloadChanged']>[0]) =>
      ready.then(() => downloads.onDownloadChanged(delta)),
    filenameFor: (url: string) => ready.then(() => downloads.filenameFor(url)),
    /** Browser start, and the alarms a waiting download or a running save set: they carry on (resume runs once per worker). */
    resumeDownloads: () => Promise.all([downloadsResumed, savesResumed]),
    sweep: () => ready.then(() => downloads.sweep()).catch(() => 0),
    /** The account's retry alarm: a retry whose timer died with the worker runs now. */
    retryAccount: () => accountResumed.then(() => account.resume()).catch(() => {}),
  };
}

function requireRef(data: unknown): ShareRef {
  const ref = asShareRef(data);
  if (!ref) throw new AlipanError({ code: 'InvalidParameter.ShareId', category: 'share-not-found' });
  return ref;
}

/** The sending tab and its site, from what the browser sets (sender.origin), not from the page. */
function tabOf(sender: SenderLike): { tabId: number; site: string } {
  const tabId = (sender.tab as { id?: number } | undefined)?.id;
  const origin = sender.origin ?? originOf(sender.url);
  if (tabId === undefined || !origin)
    throw new AlipanError({ code: 'Forbidden.Sender', category: 'permission-denied' });
  return { tabId, site: new URL(origin).hostname };
}

/** Open alipan.com tabs and their stored session, through the permissions the user just granted. */
const webSessionAccess: WebSessionAccess = {
  async findTabs() {
    const tabs = await browser.tabs.query({ url: WEB_APP_PATTERNS });
    return tabs
      .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
      .flatMap((t) => (t.id === undefined ? [] : [t.id]));
  },
  async readStoredToken(tabId) {
    const [frame] = await browser.scripting.executeScript({ target: { tabId }, func: readWebAppToken });
    return frame?.result;
  },
};

const NO_WEB_SESSION = {
  en: 'No signed-in www.alipan.com tab was found. Sign in at www.alipan.com in a tab, then try again.',
  zh: '没有找到已登录的 www.alipan.com 标签页。请先在标签页中登录 www.alipan.com，然后重试。',
};

/** A short-lived "!" on the toolbar icon of that tab, with the message as its tooltip. */
function flagTab(tabId: number | undefined, message: string) {
  if (tabId === undefined) return;
  void browser.action.setBadgeText({ tabId, text: '!' });
  void browser.action.setTitle({ tabId, title: message });
  setTimeout(() => {
    void browser.action.setBadgeText({ tabId, text: '' }).catch(() => {});
    void browser.action.setTitle({ tabId, title: '' }).catch(() => {});
  }, 8000);
}

/** To extension pages only; with none open the browser rejects, which is fine. */
function broadcast(event: object) {
  browser.runtime.sendMessage(event).catch(() => {});
}
