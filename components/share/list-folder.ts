import { collectPages } from '../../lib/api/paginate';
import { request } from '../../lib/messaging/client';
import type { ShareEntry } from '../../lib/shares/browse';
import type { ShareRef } from '../../lib/shares/model';

/**
 * Every entry of one folder of a share, asked of the background page by page; `onPage` hears
 * the entries so far after each page, so a long folder shows rows long before its last page.
 */
export function listFolder(
  share: ShareRef,
  parentFileId: string,
  onPage?: (loaded: ShareEntry[]) => void,
): Promise<ShareEntry[]> {
  const loaded: ShareEntry[] = [];
  return collectPages(
    (marker) =>
      request('share.listPage', { shareId: share.shareId, code: share.code, parentFileId, marker }).then((page) => ({
        items: page.entries,
        next_marker: page.nextMarker,
      })),
    {
      onPage: (items) => {
        loaded.push(...items);
        onPage?.(loaded.slice());
      },
    },
  );
}
