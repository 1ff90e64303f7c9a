/** Why a save, or one of its items, did not go through: the API code kept, the words made for a save. */
import { AlipanError, type LocalizedText } from '../api/errors';

const TASK_FAILED_TEXT: LocalizedText = {
  en: 'Alipan could not finish copying this folder.',
  zh: '阿里云盘未能完成该文件夹的复制。',
};

const SAVE_TEXT: Record<string, LocalizedText> = {
  'QuotaExhausted.Drive': {
    en: 'Your drive has not enough free space for this save; free some space in Alipan and try again.',
    zh: '网盘剩余空间不足以转存这些内容：请先在阿里云盘清理空间后重试。',
  },
  MaxSaveFileCountExceed: {
    en: 'Alipan refused: this save holds more files than your account may save at once. Save fewer items, or one sub-folder at a time.',
    zh: '阿里云盘拒绝：本次转存的文件数超过了账号单次可转存的上限。请减少所选内容，或逐个子文件夹转存。',
  },
  'ForbiddenNoPermission.File': {
    en: 'Alipan blocked this file (banned content): it cannot be saved.',
    zh: '该文件已被阿里云盘屏蔽（违规内容），无法转存。',
  },
  'ShareLink.Cancelled': {
    en: 'The owner cancelled this share: nothing more can be saved from it.',
    zh: '分享者已取消该分享，无法再转存其中的内容。',
  },
  'ShareLink.Forbidden': {
    en: 'Alipan banned this share: nothing more can be saved from it.',
    zh: '该分享已被阿里云盘封禁，无法再转存其中的内容。',
  },
  'ShareLink.Expired': {
    en: 'This share has expired: nothing more can be saved from it.',
    zh: '该分享已过期，无法再转存其中的内容。',
  },
  'AsyncTask.Failed': TASK_FAILED_TEXT,
};

/** The same error, in a save's words when it has some (a drive-full text about temporary copies would mislead). */
export function inSaveTerms(e: AlipanError): AlipanError {
  const text = SAVE_TEXT[e.code];
  return text ? new AlipanError({ code: e.code, status: e.status, category: e.category, text }) : e;
}

/** A folder copy's async task ended `Failed` or `Cancelled` (§7). */
export function taskFailedError(state: string, message?: string): AlipanError {
  const text = TASK_FAILED_TEXT;
  const detail = message ? ` (${state}: ${message})` : ` (${state})`;
  return new AlipanError({
    code: 'AsyncTask.Failed',
    category: 'unknown',
    text: { en: text.en + detail, zh: text.zh + detail },
  });
}

/** Refused before anything is copied: the sweep of the temporary folder must never meet the user's saves. */
export function tempFolderTargetError(): AlipanError {
  return new AlipanError({
    code: 'TempFolderTarget',
    category: 'unknown',
    text: {
      en: 'That is the extension’s temporary folder, emptied after downloads: pick another folder.',
      zh: '这是扩展用于下载的临时文件夹，下载后会被清理：请选择其他文件夹。',
    },
  });
}

/** Errors after which no further batch of this save can succeed: the save stops, what is left is reported. */
export function stopsTheSave(e: Pick<AlipanError, 'code' | 'category'>): boolean {
  return (
    e.code === 'MaxSaveFileCountExceed' ||
    e.category === 'drive-full' ||
    e.category === 'share-cancelled' ||
    e.category === 'share-expired' ||
    e.category === 'share-forbidden' ||
    e.category === 'share-not-found' ||
    e.category === 'code-needed' ||
    e.category === 'sign-in-needed'
  );
}
