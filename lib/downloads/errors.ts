/** The download pipeline's own failures, as `AlipanError`s with a message in both languages. */
import { AlipanError, categorize, isAlipanError, type LocalizedText } from '../api/errors';

/** No usable account: the viewer shows `[data-download-error="no-account"]`. */
export function noAccountError(): AlipanError {
  return new AlipanError({
    code: 'no-account',
    category: 'sign-in-needed',
    text: {
      en: 'Downloading needs your Alipan account: add both tokens on the options page.',
      zh: '下载需要登录阿里云盘：请在设置页填写两个令牌。',
    },
  });
}

/** Same code the copy would fail with (§9), raised before any copy is made. */
export function driveFullError(): AlipanError {
  return new AlipanError({ code: 'QuotaExhausted.Drive', category: 'drive-full' });
}

/** The user cancelled a job while its folders were being listed: nothing was copied, no job is kept. */
export function cancelledBeforeCopyError(): AlipanError {
  return new AlipanError({
    code: 'JobCancelled',
    category: 'unknown',
    text: { en: 'Cancelled before any file was copied.', zh: '已在复制任何文件之前取消。' },
  });
}

/** True for a start the user cancelled: there is nothing to report. */
export function isCancelledStart(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'JobCancelled';
}

export function nothingToDownloadError(): AlipanError {
  return new AlipanError({
    code: 'NothingToDownload',
    category: 'unknown',
    text: { en: 'The selection holds no files.', zh: '所选内容中没有文件。' },
  });
}

/** §8: `.livp` live photos may come without a `url` (only `streamsUrl` parts). */
export function noDirectLinkError(): AlipanError {
  return new AlipanError({
    code: 'EmptyDownloadUrl',
    category: 'unknown',
    text: {
      en: 'Alipan gave no direct link for this file (live photos .livp only come as separate parts); save it to your drive instead.',
      zh: '阿里云盘没有提供该文件的直接下载链接（实况照片 .livp 只能分开获取），请转存到网盘后下载。',
    },
  });
}

export function tempFolderBlockedError(name: string): AlipanError {
  return new AlipanError({
    code: 'TempFolderIsAFile',
    category: 'unknown',
    text: {
      en: `A file named "${name}" in your drive's root blocks the temporary folder; rename it.`,
      zh: `网盘根目录下名为“${name}”的文件占用了临时文件夹的名字，请将其改名。`,
    },
  });
}

/** `downloads.download` refused (e.g. "Invalid filename"). */
export function downloadRefusedError(reason: string): AlipanError {
  return new AlipanError({
    code: 'DownloadRefused',
    category: 'unknown',
    text: {
      en: `The browser refused to start the download (${reason}).`,
      zh: `浏览器拒绝开始下载（${reason}）。`,
    },
  });
}

/** The browser no longer knows the download (its entry was erased from the history). */
export function downloadGoneError(): AlipanError {
  return new AlipanError({
    code: 'DownloadGone',
    category: 'unknown',
    text: {
      en: 'The browser lost track of this download; retry it.',
      zh: '浏览器中已找不到该下载任务，请重试。',
    },
  });
}

const BROWSER_CLOSED = { en: 'the browser closed during the download', zh: '下载过程中浏览器被关闭' };

/** By InterruptReason, or by its prefix (FILE_*, NETWORK_*, SERVER_*). */
const INTERRUPT_TEXT: Record<string, LocalizedText> = {
  USER_SHUTDOWN: BROWSER_CLOSED,
  CRASH: BROWSER_CLOSED,
  USER_CANCELED: { en: 'it was cancelled', zh: '下载已取消' },
  FILE: { en: 'could not be written to disk', zh: '无法写入磁盘' },
  NETWORK: { en: 'the network connection failed', zh: '网络连接失败' },
  SERVER: { en: 'the server refused it (the link may have expired)', zh: '服务器拒绝了请求（链接可能已过期）' },
};

/** A browser download that ended `interrupted`; `reason` is Chrome's InterruptReason, kept as the code. */
export function interruptedError(reason: string): AlipanError {
  const part = INTERRUPT_TEXT[reason] ??
    INTERRUPT_TEXT[reason.split('_', 1)[0] ?? ''] ?? { en: 'it stopped', zh: '下载中断' };
  return new AlipanError({
    code: reason,
    category: reason.startsWith('NETWORK_') ? 'network' : 'unknown',
    text: {
      en: `The download failed: ${part.en} (${reason}). Retry to download it again.`,
      zh: `下载失败：${part.zh}（${reason}）。可重试。`,
    },
  });
}

/** A per-item failure inside a `/adrive/v4/batch` answer (§7). */
export function batchItemError(status: number, body: { code?: string; message?: string }): AlipanError {
  const code = body.code || `HTTP${status}`;
  return new AlipanError({ code, status, category: categorize(code, status) });
}

export function asAlipanError(e: unknown): AlipanError {
  return isAlipanError(e)
    ? e
    : new AlipanError({ code: 'Internal', category: 'unknown', detail: String((e as Error)?.message ?? e) });
}
