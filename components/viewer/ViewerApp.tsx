import { useMemo } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { ShareOverview } from '../../lib/shares/browse';
import type { ShareRef } from '../../lib/shares/model';
import { viewerPath } from '../../lib/shares/validate';
import { parseViewerQuery } from '../../lib/ui/viewer-query';
import { DownloadJobsProvider } from '../downloads/DownloadJobs';
import { DownloadsPanel } from '../downloads/DownloadsPanel';
import { ShareBrowser } from '../share/ShareBrowser';
import { shareDisplayName } from '../share/ShareHeader';

/** The viewer tab: `viewer.html?url=<share URL>[&code=<code>]`, one share with the downloads beside it. */
export function ViewerApp({ search }: { search: string }) {
  const share = useMemo(() => parseViewerQuery(search), [search]);
  // `save=1`: opened by the link menu's "Save to my Alipan" (viewerPath).
  const saveOnOpen = useMemo(() => new URLSearchParams(search).get('save') === '1', [search]);
  if (!share) {
    return (
      <main class="viewer">
        <section class="share-browser" data-view-state="error" data-error-code="no-link" role="alert">
          <p>{t('viewerNoLink')}</p>
        </section>
      </main>
    );
  }
  return (
    <DownloadJobsProvider>
      <div class="viewer">
        <main class="viewer-main">
          <ShareBrowser share={share} onOverview={nameTheTab} saveOnOpen={saveOnOpen} />
        </main>
        <aside class="viewer-side">
          <DownloadsPanel />
        </aside>
      </div>
    </DownloadJobsProvider>
  );
}

function nameTheTab(overview: ShareOverview, share: ShareRef) {
  document.title = t('viewerTitle', { name: shareDisplayName(overview) });
  // A code that worked goes into the address, so a reload or a bookmark opens the share directly.
  if (!overview.needsCode) history.replaceState(null, '', viewerPath(share));
}
