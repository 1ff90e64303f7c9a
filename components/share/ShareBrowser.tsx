import { useEffect, useMemo, useState } from 'preact/hooks';
import { localized, t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import type { ShareEntry, ShareOverview } from '../../lib/shares/browse';
import type { ShareRef } from '../../lib/shares/model';
import { cachedLoader } from '../../lib/ui/cached-loader';
import { type Crumb, initialCrumbs, ROOT_FOLDER, withFolderName } from '../../lib/ui/crumbs';
import { DEFAULT_SORT } from '../../lib/ui/entries';
import { type ShareView, viewOfError, viewOfOverview } from '../../lib/ui/share-view';
import { SavePicker } from '../saves/SavePicker';
import { CodeForm } from './CodeForm';
import { FolderView } from './FolderView';
import { listFolder } from './list-folder';
import { ShareHeader, shareDisplayName } from './ShareHeader';

export interface ShareBrowserProps {
  share: ShareRef;
  /** The popup's narrow layout. */
  compact?: boolean;
  /** Every overview received, with the share (and code) it was asked for: the viewer names its tab and keeps a working code in its URL. */
  onOverview?: (overview: ShareOverview, share: ShareRef) => void;
  /** Opens the folder picker for the whole share once it is open (the link menu's "Save to my Alipan"). */
  saveOnOpen?: boolean;
}

/**
 * Browses one share, in the viewer tab and in the popup. Stable hooks: `[data-view-state]` =
 * loading | needs-code | ready | error, with `data-error-code` on errors.
 */
export function ShareBrowser({ share: requested, compact = false, onOverview, saveOnOpen = false }: ShareBrowserProps) {
  const [savingWhole, setSavingWhole] = useState(saveOnOpen);
  const [share, setShare] = useState(requested);
  const [view, setView] = useState<ShareView>({ state: 'loading' });
  const [overview, setOverview] = useState<ShareOverview>();
  const [navigated, setNavigated] = useState<Crumb[]>();
  const [sort, setSort] = useState(DEFAULT_SORT);
  const loadFolder = useMemo(
    () =>
      cachedLoader<ShareEntry[], ShareEntry[]>((parentFileId, progress) => listFolder(share, parentFileId, progress)),
    [share.shareId, share.code],
  );

  const open = async (ref: ShareRef) => {
    try {
      const next = await request('share.overview', ref);
      setShare(ref);
      setOverview(next);
      setView(viewOfOverview(next));
      onOverview?.(next, ref);
    } catch (e) {
      setView(viewOfError(e));
    }
  };
  useEffect(() => void open(requested), []);

  const shareName = overview ? shareDisplayName(overview) : '';
  const linkedFolder = share.folderId ? { fileId: share.folderId, name: t('linkedFolder') } : undefined;
  const crumbs = navigated ?? initialCrumbs(shareName, linkedFolder);

  // A link to a sub-folder does not say the folder's name; the root listing usually does.
  const ready = view.state === 'ready';
  useEffect(() => {
    if (!ready || !linkedFolder) return;
    loadFolder(ROOT_FOLDER).then(
      (root) => setNavigated((c) => withFolderName(c ?? initialCrumbs(shareName, linkedFolder), root)),
      () => {},
    );
  }, [ready, loadFolder]);

  return (
    <section
      class={`share-browser${compact ? ' compact' : ''}`}
      data-view-state={view.state}
      data-error-code={view.state === 'error' ? view.code : undefined}
      aria-busy={view.state === 'loading'}
    >
      {overview && <ShareHeader overview={overview} compact={compact} />}
      {view.state === 'loading' && (
        <p class="view-loading muted" role="status">
          {t('viewLoading')}
        </p>
      )}
      {view.state === 'needs-code' && (
        <CodeForm wrongCode={view.wrongCode} onSubmit={(code) => open({ ...share, code })} />
      )}
      {view.state === 'error' && (
        <ViewError
          view={view}
          onRetry={() => {
            setView({ state: 'loading' });
            void open(share);
          }}
        />
      )}
      {view.state === 'ready' && (
        <FolderView
          key={crumbs.at(-1)?.fileId ?? ROOT_FOLDER}
          share={share}
          shareName={shareName}
          crumbs={crumbs}
          onNavigate={setNavigated}
          loadFolder={loadFolder}
          onError={(e) => setView(viewOfError(e))}
          sort={sort}
          onSort={setSort}
          compact={compact}
        />
      )}
      {view.state === 'ready' && savingWhole && (
        <SavePicker
          share={share}
          shareName={shareName}
          scope="contents"
          name={crumbs.at(-1)?.name ?? shareName}
          onClose={() => setSavingWhole(false)}
        />
      )}
    </section>
  );
}

function ViewError({ view, onRetry }: { view: Extract<ShareView, { state: 'error' }>; onRetry: () => void }) {
  return (
    <div class="view-error" role="alert">
      <p class="view-error-text">{localized(view.text)}</p>
      <p class="muted">
        <code>{view.code}</code>
      </p>
      <button type="button" data-action="retry-view" onClick={onRetry}>
        {t('viewRetry')}
      </button>
    </div>
  );
}
