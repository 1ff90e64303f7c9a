import { localized, type MessageKey, t } from '../../lib/i18n';
import type { SaveView } from '../../lib/saves/model';
import { folderPathText } from '../../lib/ui/save-scope';
import { ProgressBar } from '../downloads/ProgressBar';

/**
 * One save in the downloads panel: how far it got, where it went (a link to the folder on
 * alipan.com), and what was not saved and why. Stable hooks: `[data-save-id]` with
 * `[data-save-state]` = saving | done | partial | error; `[data-save-error]` = the API code (the
 * save's, or each item's that was not saved); `a[data-action="open-saved-folder"]`.
 */
export function SaveCard({ save }: { save: SaveView }) {
  const { counts } = save;
  const ended = counts.saved + counts.skipped + counts.failed;
  const where = folderPathText(save.target.path);
  // Items stopped by the save's own error say it once, above; others (a banned file) one by one.
  const failures = save.failures.filter((f) => f.error.code !== save.error?.code);
  return (
    <article class={`job save-job job-${save.state}`} data-save-id={save.id} data-save-state={save.state}>
      <header class="job-head">
        <strong class="job-name">{save.shareName}</strong>
        <span class="job-state">{t(`saveState_${save.state}` as MessageKey)}</span>
      </header>
      <ProgressBar done={ended} total={counts.total} label={save.shareName} />
      <p class="job-meta muted">
        <span data-save-saved={counts.saved}>{t('saveCounts', { saved: counts.saved, total: counts.total })}</span>
        {counts.skipped > 0 && (
          <span data-save-skipped={counts.skipped}>{t('saveSkipped', { count: counts.skipped })}</span>
        )}
        {counts.failed > 0 && (
          <span data-save-failed={counts.failed}>{t('saveNotSaved', { count: counts.failed })}</span>
        )}
      </p>
      <p class="job-meta">
        <span>{t('saveInto', { path: where })}</span>{' '}
        <a href={save.target.url} target="_blank" rel="noreferrer" data-action="open-saved-folder">
          {t('saveOpenFolder')}
        </a>
      </p>
      {save.error && (
        <p class="job-error" role="alert" data-save-error={save.error.code}>
          {localized(save.error.text)}
        </p>
      )}
      {failures.length > 0 && (
        <ul class="job-files save-failures">
          {failures.map((f, i) => (
            <li key={i} class="job-file-error" data-save-error={f.error.code}>
              {f.name}: {localized(f.error.text)}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
