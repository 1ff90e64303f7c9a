/** What a save puts where, in words: the picker and the panel say exactly what lands in which folder. */
import { type Lang, t } from '../i18n';
import type { DriveFolder, SaveScope } from '../saves/model';
import { itemCount } from './item-count';

export interface SaveWhat {
  scope: SaveScope;
  /** The folder row, the folder shown, or the one selected item. */
  name: string;
  /** Items selected, or in the folder shown (unknown for a share not listed yet). */
  count?: number;
}

export function whatLands({ scope, name, count }: SaveWhat, lang?: Lang): string {
  if (scope === 'folder-itself') return t('pickerWhatFolderItself', { name }, lang);
  if (scope === 'contents') {
    return count === undefined
      ? t('pickerWhatContentsUnknown', { name }, lang)
      : t('pickerWhatContents', { name, count: itemCount(count, lang) }, lang);
  }
  return count === 1 ? t('pickerWhatOne', { name }, lang) : t('pickerWhatSelected', { count: count ?? 0 }, lang);
}

/** "My drive › Films › 2024". */
export function folderPathText(path: readonly DriveFolder[], lang?: Lang): string {
  return [t('pickerRoot', undefined, lang), ...path.map((f) => f.name)].join(' › ');
}
