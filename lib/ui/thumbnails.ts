/**
 * Thumbnails in the share browser (issue 13): the listing's own (§5 asks for them with
 * `image_thumbnail_process` / `video_thumbnail_process`), and the list/grid layout the user chose.
 */
import type { ShareEntry } from '../shares/browse';

/** The entry's thumbnail address when it is an https URL (anything else is not loaded). */
export function thumbnailSrc(entry: Pick<ShareEntry, 'thumbnail'>): string | undefined {
  try {
    return entry.thumbnail && new URL(entry.thumbnail).protocol === 'https:' ? entry.thumbnail : undefined;
  } catch {
    return undefined;
  }
}

export type ListLayout = 'list' | 'grid';

const LAYOUT_KEY = 'viewer.layout';

/**
 * The layout chosen last, from the extension pages' own localStorage: read synchronously, so a
 * viewer opens in that layout without a first frame in the other (it is no secret).
 */
export function savedLayout(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ListLayout {
  try {
    return storage?.getItem(LAYOUT_KEY) === 'grid' ? 'grid' : 'list';
  } catch {
    return 'list';
  }
}

export function saveLayout(
  layout: ListLayout,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(LAYOUT_KEY, layout);
  } catch {
    // Storage refused (quota, a locked-down profile): the choice holds for this page only.
  }
}
