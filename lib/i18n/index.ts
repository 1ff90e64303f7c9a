import type { LocalizedText } from '../api/errors';
import { en } from './en';
import { zh } from './zh';

export type MessageKey = keyof typeof en;
export type Lang = 'en' | 'zh';

/**
 * The browser's UI language decides (Chromium's `--lang`, Firefox's locale): `i18n.getUILanguage`
 * where the extension API is present (pages and content scripts), which `navigator.language`
 * does not always follow.
 */
export function currentLang(language: string = browserLanguage()): Lang {
  return language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const tables: Record<Lang, Record<MessageKey, string>> = { en, zh };

/** Looks up a UI string; `{name}` placeholders are filled from `vars`. */
export function t(key: MessageKey, vars?: Record<string, string | number>, lang: Lang = currentLang()): string {
  const text = tables[lang][key] ?? en[key];
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

export function localized(text: LocalizedText | undefined, lang: Lang = currentLang()): string {
  return text ? text[lang] : '';
}

function browserLanguage(): string {
  const api = (globalThis as { chrome?: { i18n?: { getUILanguage?: () => string } } }).chrome;
  return api?.i18n?.getUILanguage?.() ?? globalThis.navigator?.language ?? 'en';
}
