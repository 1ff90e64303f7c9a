import { currentLang, type Lang, type MessageKey, t } from './index';

/** The `<html lang>` of a UI language: the Chinese strings are Simplified Chinese. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

/**
 * Puts an extension page in the UI language before it renders: `<html lang>` (each page's HTML
 * says `en`) and, given a key, the title. Browsers replace `__MSG_…__` in the manifest, not in a
 * page's HTML, and WXT does not either, so the title is set here.
 */
export function localizeDocument(titleKey?: MessageKey, doc: Document = document, lang: Lang = currentLang()): void {
  doc.documentElement.lang = htmlLang(lang);
  if (titleKey) doc.title = t(titleKey, undefined, lang);
}
