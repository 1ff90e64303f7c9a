import type { LocalizedText } from '../api/errors';
import { en } from './en';
import { zh } from './zh';

export type MessageKey = keyof typeof en;
export type Lang = 'en' | 'zh';

/** The browser's UI language decides (Chromium's `--lang`, Firefox's locale). */
export function currentLang(language: string = globalThis.navigator?.language ?? 'en'): Lang {
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
