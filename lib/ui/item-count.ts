import { t } from '../i18n';

/** "1 item" / "61 items". Apart from format.ts, which the content script imports without the UI dictionary. */
export function itemCount(count: number): string {
  return count === 1 ? t('itemCountOne') : t('itemCount', { count });
}
