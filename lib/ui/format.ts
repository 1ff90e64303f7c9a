import type { Lang } from '../i18n';

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

/** One formatter per language: making one costs far more than formatting (a folder of thousands of entries, a page of badges). */
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** "2024-03-05 14:07" in the user's language; '' when there is no date. */
export function shortDate(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    dateFormats.set(lang, format);
  }
  return format.format(date);
}

/** 1.5 MB/s. */
export function humanSpeed(bytesPerSec: number): string {
  return `${humanSize(Math.max(0, bytesPerSec))}/s`;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function clockDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** Whole percent for a progress bar, 0 when the size is unknown. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}
