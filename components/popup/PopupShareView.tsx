import { t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import type { ShareRef } from '../../lib/shares/model';
import { ShareBrowser } from '../share/ShareBrowser';

/** A share listed inside the popup, with the same browser as the viewer, and a way to the full tab. */
export function PopupShareView({ share, onBack }: { share: ShareRef; onBack: () => void }) {
  return (
    <div class="popup-share">
      <div class="popup-bar">
        <button type="button" data-action="back" onClick={onBack}>
          ← {t('popupBack')}
        </button>
        <button type="button" data-action="open-viewer" onClick={() => request('viewer.open', share).catch(() => {})}>
          {t('popupOpenInTab')}
        </button>
      </div>
      <ShareBrowser share={share} compact />
    </div>
  );
}
