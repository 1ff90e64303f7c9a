import { useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import { DEAD_STATES } from '../../lib/shares/model';
import { itemCount } from '../../lib/ui/item-count';
import { refOf, type TabShare } from '../../lib/ui/tab-shares';
import { SavePicker } from '../saves/SavePicker';
import { DownloadError } from '../share/DownloadError';
import { StatusLabel } from '../share/StatusLabel';
import { useDownloadAction } from '../share/useDownloadAction';

/**
 * One share found on the page: state, size, and open / browse / download-all / save to my drive.
 * Stable hooks: `[data-share-id]`, `button[data-action="save-share"]`.
 */
export function TabShareItem({ share, onBrowse }: { share: TabShare; onBrowse: () => void }) {
  const ref = refOf(share);
  const state = share.status?.state ?? 'checking';
  const name = share.status?.name || t('shareUnnamed', { id: share.shareId });
  const download = useDownloadAction();
  // The background lists the share (or the linked sub-folder, as the link menu does): closing the
  // popup right after the click changes nothing.
  const downloadAll = () => download.startShare(ref);
  const [saving, setSaving] = useState(false);
  return (
    <li class="tab-share" data-share-id={share.shareId} data-share-state={state}>
      <button
        type="button"
        class="tab-share-name link"
        data-action="browse"
        title={name}
        aria-label={t('popupBrowse', { name })}
        onClick={onBrowse}
      >
        {name}
      </button>
      <div class="tab-share-facts">
        <StatusLabel state={state} />
        {share.status?.fileCount !== undefined && <span class="muted">{itemCount(share.status.fileCount)}</span>}
      </div>
      <div class="tab-share-actions">
        <button type="button" data-action="open-viewer" onClick={() => request('viewer.open', ref).catch(() => {})}>
          {t('popupOpenInTab')}
        </button>
        <button
          type="button"
          class="primary"
          data-action="download-all"
          disabled={download.busy || DEAD_STATES.has(state)}
          onClick={downloadAll}
        >
          {t('downloadAll')}
        </button>
        <button
          type="button"
          data-action="save-share"
          disabled={DEAD_STATES.has(state)}
          onClick={() => setSaving(true)}
        >
          {t('saveShareButton')}
        </button>
      </div>
      {saving && (
        <SavePicker
          share={ref}
          shareName={name}
          scope="contents"
          name={name}
          count={share.status?.fileCount}
          onClose={() => setSaving(false)}
        />
      )}
      {download.problem && <DownloadError problem={download.problem} />}
    </li>
  );
}
