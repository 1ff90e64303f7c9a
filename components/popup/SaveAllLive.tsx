import { useState } from 'preact/hooks';
import type { SerializedError } from '../../lib/api/errors';
import { localized, t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import { liveShares } from '../../lib/ui/share-list';
import { refOf, type TabShare } from '../../lib/ui/tab-shares';
import { useDownloadJobs } from '../downloads/DownloadJobs';
import { FolderPicker } from '../saves/FolderPicker';

/**
 * "Save all live shares": a folder picked once, then each live share, whole, into a folder of its
 * own named after it; each save shows in the downloads panel, and the shares that could not start
 * are listed with their reason. Stable hooks: `button[data-action="save-all"]`;
 * `[data-save-all-failures]` holding one `[data-share-id][data-save-error]` per share not started.
 */
export function SaveAllLive({ shares }: { shares: readonly TabShare[] }) {
  const live = liveShares(shares);
  const { trackSave } = useDownloadJobs();
  const [picking, setPicking] = useState(false);
  const [failed, setFailed] = useState<{ shareId: string; shareName: string; error: SerializedError }[]>([]);
  return (
    <>
      <button type="button" data-action="save-all" disabled={live.length === 0} onClick={() => setPicking(true)}>
        {t('saveAllLive')}
      </button>
      {picking && (
        <FolderPicker
          what={t('pickerWhatEachShare', { count: live.length })}
          onClose={() => setPicking(false)}
          onSave={async (target, skipExisting) => {
            const shares = live.map((s) => ({ ...refOf(s), shareName: s.status?.name || s.shareId }));
            const result = await request('saves.startMany', { shares, target, skipExisting });
            for (const save of result.saves) trackSave(save);
            setFailed(result.failed);
            setPicking(false);
          }}
        />
      )}
      {failed.length > 0 && (
        <div class="save-all-failures" role="alert" data-save-all-failures>
          <p>{t('saveAllNotStarted')}</p>
          <ul>
            {failed.map((f) => (
              <li key={f.shareId} data-share-id={f.shareId} data-save-error={f.error.code}>
                {f.shareName}: {localized(f.error.text)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
