import { type Lang, t } from '../i18n';

/** "1 item" / "61 items". Apart from format.ts, which the content script imports without the UI dictionary. */
export function itemCount(count: number, lang?: Lang): string {
  return count === 1 ? t('itemCountOne', undefined, lang) : t('itemCount', { count }, lang);
}
