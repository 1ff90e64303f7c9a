import { useState } from 'preact/hooks';
import { currentLang, t } from '../../lib/i18n';
import { enBadge } from '../../lib/i18n/en';
import { zhBadge } from '../../lib/i18n/zh';
import { saveText } from '../../lib/ui/page-export';
import {
  DEAD_KINDS,
  liveShareLines,
  SHARE_LIST_TYPES,
  type ShareListFormat,
  shareList,
  shareListFileName,
  summarizeShares,
} from '../../lib/ui/share-list';
import type { TabShare } from '../../lib/ui/tab-shares';
import { SaveAllLive } from './SaveAllLive';
import { TabShareItem } from './TabShareItem';

/**
 * Every share of the active tab, or of a pasted block of text: the counts, "Copy live links",
 * "Export list", and one entry per share. Stable hooks: `[data-page-summary]` (with its counts in
 * `data-total`, `data-alive`, `data-needs-code`, `data-dead`, `data-unknown`, `data-checking`),
 * `button[data-action="copy-live-links"]`, `select[name="listFormat"]`, `button[data-action="export-list"]`,
 * and "Save all live shares" (SaveAllLive).
 */
export function SharesFound(props: { shares: TabShare[]; site: string; onBrowse: (share: TabShare) => void }) {
  const { shares, site } = props;
  const summary = summarizeShares(shares);
  const [format, setFormat] = useState<ShareListFormat>('markdown');
  const [note, setNote] = useState('');
  const labels = currentLang() === 'zh' ? zhBadge : enBadge;
  const breakdown = [...(summary.wrongCode ? (['wrong-code'] as const) : []), ...DEAD_KINDS]
    .map((kind) => [kind, kind === 'wrong-code' ? summary.wrongCode : (summary.deadByKind[kind] ?? 0)] as const)
    .filter(([, count]) => count > 0);

  const copyLive = async () => {
    try {
      await navigator.clipboard.writeText(liveShareLines(shares));
      setNote(t('copiedLinks', { count: summary.alive }));
    } catch {
      setNote(t('copyFailed'));
    }
  };
  const exportList = () => {
    const name = shareListFileName(site, format);
    saveText(shareList(shares, format), name, SHARE_LIST_TYPES[format]);
    setNote(t('savedFile', { name }));
  };

  return (
    <section class="shares-found">
      <div
        class="page-summary"
        data-page-summary
        data-total={summary.total}
        data-alive={summary.alive}
        data-needs-code={summary.needsCode}
        data-dead={summary.dead}
        data-unknown={summary.unknown}
        data-checking={summary.checking}
      >
        <p>
          {t('summaryCounts', {
            total: summary.total,
            alive: summary.alive,
            needsCode: summary.needsCode,
            dead: summary.dead,
            unknown: summary.unknown,
          })}
        </p>
        {breakdown.length > 0 && (
          <p class="muted">{breakdown.map(([kind, count]) => `${labels[kind]} ${count}`).join(' · ')}</p>
        )}
        {summary.checking > 0 && <p class="muted">{t('summaryChecking', { count: summary.checking })}</p>}
        <div class="summary-actions">
          <button type="button" data-action="copy-live-links" disabled={summary.alive === 0} onClick={copyLive}>
            {t('copyLiveLinks')}
          </button>
          <select
            name="listFormat"
            aria-label={t('listFormat')}
            value={format}
            onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as ShareListFormat)}
          >
            <option value="markdown">Markdown</option>
            <option value="csv">CSV</option>
          </select>
          <button type="button" data-action="export-list" onClick={exportList}>
            {t('exportList')}
          </button>
          <SaveAllLive shares={shares} />
        </div>
        {note && (
          <p class="muted" role="status" data-summary-note>
            {note}
          </p>
        )}
      </div>
      <ul class="tab-shares">
        {shares.map((share) => (
          <TabShareItem key={share.shareId} share={share} onBrowse={() => props.onBrowse(share)} />
        ))}
      </ul>
    </section>
  );
}
