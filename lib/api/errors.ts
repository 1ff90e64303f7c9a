/**
 * Every failure of every Alipan call becomes one `AlipanError`: the API `code`, the HTTP status,
 * a category the rest of the extension decides on, and a human message in Chinese and English.
 */

export type ErrorCategory =
  | 'token-expired' // access token expired/invalid: refresh once, retry once (§1, §8)
  | 'share-token-expired' // ShareLinkTokenInvalid: new share token, retry once (§4)
  | 'sign-in-needed' // refresh token dead, session refused: the user must paste new tokens
  | 'share-cancelled'
  | 'share-expired'
  | 'share-forbidden'
  | 'share-not-found'
  | 'code-needed' // missing or wrong extraction code (*SharePwd*)
  | 'rate-limited'
  | 'drive-full'
  | 'file-not-found'
  | 'permission-denied'
  | 'network'
  | 'unknown';

export interface LocalizedText {
  en: string;
  zh: string;
}

export class AlipanError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly category: ErrorCategory;
  readonly text: LocalizedText;
  /** Seconds the server asked us to wait (`x-retry-after`), when it said so. */
  readonly retryAfterSec: number | undefined;

  constructor(init: {
    code: string;
    status?: number;
    category: ErrorCategory;
    text?: LocalizedText;
    retryAfterSec?: number;
    detail?: string;
  }) {
    const text = init.text ?? describe(init.category, init.code, init.detail);
    super(text.en);
    this.name = 'AlipanError';
    this.code = init.code;
    this.status = init.status;
    this.category = init.category;
    this.text = text;
    this.retryAfterSec = init.retryAfterSec;
  }

  /** A plain object that survives `runtime.sendMessage` (Error instances do not). */
  toJSON(): SerializedError {
    return { code: this.code, status: this.status, category: this.category, text: this.text };
  }
}

export interface SerializedError {
  code: string;
  status: number | undefined;
  category: ErrorCategory;
  text: LocalizedText;
}

export function isAlipanError(e: unknown): e is AlipanError {
  return e instanceof AlipanError;
}

/** Maps an API error code (and HTTP status) to a category. Unknown codes stay `unknown`. */
export function categorize(code: string, status?: number): ErrorCategory {
  if (code === 'AccessTokenInvalid' || code === 'AccessTokenExpired' || code === 'I400JD') {
    return 'token-expired';
  }
  if (code === 'ShareLinkTokenInvalid') return 'share-token-expired';
  if (
    code === 'InvalidParameter.RefreshToken' ||
    code === 'RefreshTokenExpired' ||
    code === 'DeviceSessionSignatureInvalid' ||
    code === 'UserDeviceOffline' ||
    code === 'UserDeviceIllegality'
  ) {
    return 'sign-in-needed';
  }
  if (code === 'ShareLink.Cancelled') return 'share-cancelled';
  if (code === 'ShareLink.Expired') return 'share-expired';
  if (code === 'ShareLink.Forbidden') return 'share-forbidden';
  if (code === 'NotFound.ShareLink' || code === 'InvalidParameter.ShareId') return 'share-not-found';
  // §4: some paths say InvalidResource.SharePwd, others InvalidParameter.SharePwd.
  if (code.includes('SharePwd')) return 'code-needed';
  if (code === 'TooManyRequests' || code === 'ParamFlowException' || code === 'ExceedMaxConcurrency') {
    return 'rate-limited';
  }
  if (code === 'QuotaExhausted.Drive' || code === 'ExceedCapacityForbidden') return 'drive-full';
  if (code === 'NotFound.File' || code === 'ForbiddenFileInTheRecycleBin') return 'file-not-found';
  if (code === 'PermissionDenied' || code === 'ForbiddenNoPermission.File') return 'permission-denied';
  if (status === 429) return 'rate-limited';
  return 'unknown';
}

const MESSAGES: Record<ErrorCategory, LocalizedText> = {
  'token-expired': {
    en: 'The sign-in expired and could not be renewed.',
    zh: '登录已过期，且无法自动续期。',
  },
  'share-token-expired': {
    en: 'The share session expired; please try again.',
    zh: '分享会话已过期，请重试。',
  },
  'sign-in-needed': {
    en: 'Alipan refused the saved token. Sign in again: paste fresh tokens on the options page.',
    zh: '阿里云盘拒绝了已保存的令牌，请重新登录：在设置页粘贴新的令牌。',
  },
  'share-cancelled': { en: 'The owner cancelled this share.', zh: '该分享已被分享者取消。' },
  'share-expired': { en: 'This share has expired.', zh: '该分享已过期。' },
  'share-forbidden': {
    en: 'This share was banned by Alipan.',
    zh: '该分享因违规已被阿里云盘封禁。',
  },
  'share-not-found': { en: 'This share does not exist.', zh: '该分享不存在。' },
  'code-needed': {
    en: 'This share needs an extraction code, or the code is wrong.',
    zh: '该分享需要提取码，或提取码错误。',
  },
  'rate-limited': {
    en: 'Alipan is limiting requests right now; try again in a moment.',
    zh: '阿里云盘当前请求过于频繁，请稍后再试。',
  },
  'drive-full': {
    en: 'Your drive is full: free some space in Alipan so the temporary copy fits.',
    zh: '你的云盘空间不足：请先清理空间，以便放下临时副本。',
  },
  'file-not-found': { en: 'The file no longer exists.', zh: '文件已不存在。' },
  'permission-denied': {
    en: 'Alipan refused access to this file.',
    zh: '阿里云盘拒绝访问该文件。',
  },
  network: {
    en: 'Alipan could not be reached. Check your connection and try again.',
    zh: '无法连接阿里云盘，请检查网络后重试。',
  },
  unknown: { en: 'Alipan answered with an unexpected error.', zh: '阿里云盘返回了未知错误。' },
};

function describe(category: ErrorCategory, code: string, detail?: string): LocalizedText {
  const base = MESSAGES[category];
  const suffix = category === 'unknown' || detail ? ` (${detail ?? code})` : '';
  return { en: base.en + suffix, zh: base.zh + suffix };
}

export function errorText(category: ErrorCategory): LocalizedText {
  return MESSAGES[category];
}
