import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import type { Protocol, ShareStatusEvent } from '../../lib/messaging/protocol';
import { type ShareRef, type ShareStatus, statusKey } from '../../lib/shares/model';
import { badgesOnSite } from '../../lib/shares/settings';
import { mergeTabShares, refOf, type TabShare, withStatus } from '../../lib/ui/tab-shares';
import { DownloadJobsProvider } from '../downloads/DownloadJobs';
import { DownloadsPanel } from '../downloads/DownloadsPanel';
import { AccountNote } from './AccountNote';
import { PasteForm } from './PasteForm';
import { PopupShareView } from './PopupShareView';
import { SharesFound } from './SharesFound';

type TabShares = Protocol['tab.shares']['result'];

/** The toolbar popup: shares found in the active tab, a paste box (one link, or a block of text), and the downloads. */
export function PopupApp() {
  const [found, setFound] = useActiveTabShares();
  const [pasted, setPasted] = useState<TabShare[]>();
  const [browsing, setBrowsing] = useState<TabShare>();
  useShareStatusEvents((key, status) => {
    setFound((f) => f && { ...f, shares: withStatus(f.shares, key, status) });
    setPasted((p) => p && withStatus(p, key, status));
  });
  const toggleSite = (site: string, enabled: boolean) =>
    request('settings.toggleSite', { site, enabled }).then(
      (settings) => setFound((f) => f && { ...f, enabled: badgesOnSite(settings, site) }),
      () => {},
    );
  const listPasted = (shares: ShareRef[]) => {
    setPasted(shares);
    request('shares.check', { shares }).then(
      (known) => setPasted((p) => p?.map((s) => ({ ...s, status: s.status ?? known[statusKey(s)] }))),
      () => {},
    );
  };

  return (
    <DownloadJobsProvider>
      <main class="popup">
        {browsing ? (
          <PopupShareView share={refOf(browsing)} onBack={() => setBrowsing(undefined)} />
        ) : (
          <>
            <header class="popup-head">
              <h1>{t('popupHeading')}</h1>
              {found?.site && (
                <label class="site-toggle">
                  <input
                    type="checkbox"
                    name="site-off"
                    checked={!found.enabled}
                    onChange={() => toggleSite(found.site, !found.enabled)}
                  />
                  {t('popupOffOnSite', { site: found.site })}
                </label>
              )}
            </header>
            <AccountNote />
            {found && found.shares.length === 0 && <p class="muted">{t('popupNoShares')}</p>}
            {found && found.shares.length > 0 && (
              <SharesFound shares={mergeTabShares(found.shares)} site={found.site} onBrowse={setBrowsing} />
            )}
            <PasteForm onShares={listPasted} />
            {pasted && (
              <section class="pasted-shares" data-pasted-shares>
                <div class="popup-bar">
                  <h2>{t('pastedHeading')}</h2>
                  <button type="button" data-action="clear-pasted" onClick={() => setPasted(undefined)}>
                    {t('clearPasted')}
                  </button>
                </div>
                <SharesFound shares={mergeTabShares(pasted)} site="" onBrowse={setBrowsing} />
              </section>
            )}
          </>
        )}
        <DownloadsPanel />
      </main>
    </DownloadJobsProvider>
  );
}

const NOTHING_FOUND: TabShares = { site: '', enabled: true, shares: [] };

/** What the content script of the active tab reported; kept current by the status events. */
function useActiveTabShares() {
  const state = useState<TabShares>();
  const setFound = state[1];
  useEffect(() => {
    browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([tab]) => (tab?.id === undefined ? NOTHING_FOUND : request('tab.shares', { tabId: tab.id })))
      .then(setFound, () => setFound(NOTHING_FOUND));
  }, []);
  return state;
}

/** `event.shareStatus` from the background (this extension's only), while the popup is open. */
function useShareStatusEvents(apply: (key: string, status: ShareStatus) => void) {
  useEffect(() => {
    const onEvent = (message: unknown, sender: browser.Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id) return;
      const event = message as ShareStatusEvent;
      if (event?.type === 'event.shareStatus') apply(event.key, event.status);
    };
    browser.runtime.onMessage.addListener(onEvent);
    return () => browser.runtime.onMessage.removeListener(onEvent);
  }, []);
}
