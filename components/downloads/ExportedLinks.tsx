import { useState } from 'preact/hooks';
import type { JobView } from '../../lib/downloads/model';
import { currentLang, t } from '../../lib/i18n';
import { exportedFiles } from '../../lib/ui/download-jobs';
import { shortDate } from '../../lib/ui/format';
import { deliverOnPage, type PageExportKind } from '../../lib/ui/page-export';

/**
 * An export job's links: until when they work, the page's exports again (this click lets the
 * clipboard in when the one that started the job no longer counts), and "Done, delete the
 * copies". Stable hooks: `button[data-action="copy-links" | "save-aria2-file" | "save-curl" | "release-copies"]`.
 */
export function ExportedLinks({ job, onRelease }: { job: JobView; onRelease: () => Promise<unknown> }) {
  const [note, setNote] = useState('');
  // Deleting many copies takes a while; a second click would only queue the same deletes.
  const [releasing, setReleasing] = useState(false);
  const files = exportedFiles(job);
  if (files.length === 0) return null;
  const until = Math.min(...files.map((f) => f.expiresAt));
  const deliver = (kind: PageExportKind) =>
    deliverOnPage(kind, files, job.shareName).then(
      () => setNote(kind === 'copy' ? t('linksCopied') : ''),
      () => setNote(t('exportClipboardRefused')),
    );
  return (
    <div class="job-links" data-job-links={files.length}>
      <p class="muted">{t('jobLinksUntil', { time: shortDate(new Date(until).toISOString(), currentLang()) })}</p>
      <div class="job-link-actions">
        <button type="button" class="small" data-action="copy-links" onClick={() => deliver('copy')}>
          {t('copyLinksButton')}
        </button>
        <button type="button" class="small" data-action="save-aria2-file" onClick={() => deliver('aria2-file')}>
          {t('saveAria2FileButton')}
        </button>
        <button type="button" class="small" data-action="save-curl" onClick={() => deliver('curl')}>
          {t('saveCurlButton')}
        </button>
        <button
          type="button"
          class="small"
          data-action="release-copies"
          disabled={releasing}
          onClick={() => {
            setReleasing(true);
            void onRelease().finally(() => setReleasing(false));
          }}
        >
          {t('releaseCopiesButton')}
        </button>
        {note && <span role="status">{note}</span>}
      </div>
    </div>
  );
}
