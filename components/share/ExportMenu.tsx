import { currentLang, type MessageKey, t } from '../../lib/i18n';
import { shortDate } from '../../lib/ui/format';
import type { ExportKind } from '../../lib/ui/page-export';
import type { ExportOutcome } from './useExportAction';

const ACTIONS: [ExportKind, MessageKey][] = [
  ['copy', 'exportCopy'],
  ['aria2', 'exportAria2'],
  ['aria2-file', 'exportAria2File'],
  ['curl', 'exportCurl'],
];

const DONE: Record<ExportKind, MessageKey> = {
  copy: 'exportDone_copy',
  aria2: 'exportDone_aria2',
  'aria2-file': 'exportDone_aria2File',
  curl: 'exportDone_curl',
};

/**
 * "Export links" instead of downloading, for `scope` (a row, the selection, or the folder).
 * Stable hooks: `button[data-action="export-copy" | "export-aria2" | "export-aria2-file" | "export-curl"]`
 * inside `details[data-export-menu]` (opened by its summary, or by a row's `button[data-action="export-row"]`).
 */
export function ExportMenu(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  scope: string;
  busy: boolean;
  onExport: (kind: ExportKind) => void;
}) {
  return (
    <details
      class="export-menu"
      data-export-menu
      open={props.open}
      onToggle={(e) => props.onOpenChange((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary data-action="export-menu">{t('exportMenu')}</summary>
      <fieldset class="export-panel" aria-label={t('exportMenu')}>
        <p class="export-scope" data-export-scope>
          {props.scope}
        </p>
        {ACTIONS.map(([kind, label]) => (
          <button
            key={kind}
            type="button"
            data-action={`export-${kind}`}
            disabled={props.busy}
            onClick={() => props.onExport(kind)}
          >
            {t(label)}
          </button>
        ))}
        <p class="export-explain muted">{t('exportExplain')}</p>
      </fieldset>
    </details>
  );
}

/** Where an export stands. Stable hook: `[data-export-status]` = waiting | done, with `data-export-count`. */
export function ExportStatus({ waiting, outcome }: { waiting: boolean; outcome: ExportOutcome | undefined }) {
  if (waiting) {
    return (
      <p class="export-status muted" role="status" data-export-status="waiting">
        {t('exportWaiting')}
      </p>
    );
  }
  if (!outcome) return null;
  const until = outcome.expiresAt
    ? t('exportUntil', { time: shortDate(new Date(outcome.expiresAt).toISOString(), currentLang()) })
    : '';
  const expired = outcome.expired ? t('exportExpired', { count: outcome.expired }) : '';
  return (
    <p
      class="export-status"
      role="status"
      data-export-status="done"
      data-export-kind={outcome.kind}
      data-export-count={outcome.count}
      {...(outcome.expired ? { 'data-export-expired': outcome.expired } : {})}
    >
      {outcome.count === 0
        ? t('exportNothing')
        : `${t(DONE[outcome.kind], { count: outcome.count, file: outcome.file ?? '' })} ${until}`}
      {expired && ` ${expired}`}
    </p>
  );
}
