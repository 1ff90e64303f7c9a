import { currentLang } from '../../lib/i18n';
import { enBadge } from '../../lib/i18n/en';
import { zhBadge } from '../../lib/i18n/zh';
import type { ShareState } from '../../lib/shares/model';
import { stateTone } from '../../lib/ui/share-state';

/** A share's state in words, with the badges' own labels, and in the badges' colour families. */
export function StatusLabel({ state }: { state: ShareState }) {
  const label = (currentLang() === 'zh' ? zhBadge : enBadge)[state];
  return (
    <span class={`status-label tone-${stateTone(state)}`} data-share-state={state}>
      {label}
    </span>
  );
}
