import browser from 'webextension-polyfill';
import { AccountService } from '../account/account-service';
import { AlipanError } from '../api/errors';
import { createTransport } from '../api/transport';
import type { AccountChangedEvent, ShareStatusEvent } from '../messaging/protocol';
import { createRouter } from '../messaging/router';
import { originOf, type SenderLike } from '../messaging/sender';
import { extensionStore, lockLocalStorageToTrustedContexts } from '../platform/browser-store';
import { statusKey, type ShareRef, type ShareStatus } from '../shares/model';
import { SettingsStore } from '../shares/settings-store';
import { ShareBrowser } from '../shares/share-browser';
import { ShareStatusService } from '../shares/status-service';
import { TabRegistry } from '../shares/tab-registry';
import { asShareRef, asShareRefs, viewerPath } from '../shares/validate';

/**
 * Composes the background's services. Called once per worker start: every global here is gone
 * when the browser stops the idle worker, so all state that matters lives in storage.
 */
export function startBackground() {
  const local = extensionStore('local');
  const transport = createTransport();
  const account = new AccountService({ transport, store: local });
  const settings = new SettingsStore(local);
  const tabs = new TabRegistry(extensionStore('session'));
  const statuses = new ShareStatusService({
    transport,
    onStatus: (ref, status) => void pushStatus(ref, status),
    snapshot: {
      load: () => local.get('shares.statusCache'),
      save: (entries) => local.set({ 'shares.statusCache': entries }),
    },
  });
  const shares = new ShareBrowser({ transport, statuses });
  const ready = Promise.all([lockLocalStorageToTrustedContexts().catch(() => false), statuses.restore()]);

  account.onChange((view) => broadcast({ type: 'event.accountChanged', view } satisfies AccountChangedEvent));

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
      'account.save': gated((data) => account.save(data)),
      'account.check': gated(() => account.check()),
      'account.signOut': gated(() => account.signOut()),
      'shares.report': gated(async (data, sender) => {
        const { tabId, site } = tabOf(sender);
        const enabled = await settings.onSite(site);
        if (!enabled) return { enabled, statuses: {} };
        const found = asShareRefs(data?.shares);
        await tabs.add(tabId, site, found);
        const known: Record<string, ShareStatus> = {};
        for (const ref of found) {
          const status = statuses.peek(ref);
          if (status) known[statusKey(ref)] = status;
          else void statuses.resolve(ref);
        }
        return { enabled, statuses: known };
      }),
      'viewer.open': gated(async (data, sender) => {
        const ref = asShareRef(data);
        if (!ref) throw new AlipanError({ code: 'InvalidParameter.ShareId', category: 'share-not-found' });
        const opener = sender.tab as { id?: number; index?: number } | undefined;
        await browser.tabs.create({
          url: browser.runtime.getURL(viewerPath(ref) as '/viewer.html'),
          ...(opener?.id !== undefined ? { openerTabId: opener.id, index: (opener.index ?? 0) + 1 } : {}),
        });
      }),
      'share.overview': gated((data) => shares.overview(requireRef(data))),
      'share.list': gated((data) =>
        shares.list(requireRef(data), data.parentFileId || 'root', {
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
          shares: (found?.shares ?? []).map((ref) => ({ ...ref, status: statuses.peek(ref) })),
        };
      }),
      'settings.get': gated(() => settings.get()),
      'settings.set': gated((data) => settings.update(data)),
      'settings.toggleSite': gated(({ site, enabled }) => settings.toggleSite(site, enabled)),
    },
    { runtimeId: browser.runtime.id, extensionOrigin: originOf(browser.runtime.getURL('/'))! },
  );

  return { onMessage, account, tabs };
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
  if (tabId === undefined || !origin) throw new AlipanError({ code: 'Forbidden.Sender', category: 'permission-denied' });
  return { tabId, site: new URL(origin).hostname };
}

/** To extension pages only; with none open the browser rejects, which is fine. */
function broadcast(event: object) {
  browser.runtime.sendMessage(event).catch(() => {});
}
