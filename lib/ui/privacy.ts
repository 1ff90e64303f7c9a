import type { Lang } from '../i18n';

/**
 * PRIVACY.md is English first, then Chinese, each half under a top-level heading of its own:
 * the half for `lang`, or the whole text when there is no second top-level heading.
 */
export function privacyHalf(text: string, lang: Lang): string {
  const chinese = [...text.matchAll(/^# /gm)][1]?.index;
  if (chinese === undefined) return text;
  return lang === 'zh' ? text.slice(chinese) : text.slice(0, chinese);
}
