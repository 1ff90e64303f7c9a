import type { Lang } from './i18n';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → "1.5 KB" (binary multiples, as Alipan shows sizes). */
export function humanSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** "3 minutes ago" / "3 分钟前", from epoch ms. */
export function timeAgo(then: number, now: number, lang: Lang): string {
  const format = new Intl.RelativeTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  const sec = Math.round((then - now) / 1000);
  const abs = Math.abs(sec);
  if (abs < 60) return format.format(sec, 'second');
  if (abs < 3600) return format.format(Math.round(sec / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(sec / 3600), 'hour');
  return format.format(Math.round(sec / 86400), 'day');
}
