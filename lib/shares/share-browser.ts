import { listShareFolder, type ListOrder, type ShareItem } from '../api/share';
import type { Transport } from '../api/transport';
import type { ShareEntry, ShareOverview } from './browse';
import type { ShareRef } from './model';
import { shareTokenCache, type ShareTokens } from './share-tokens';
import type { ShareStatusService } from './status-service';
import { shareUrl } from './validate';

/**
 * Reading a share for the viewer and popup: overview (status + whether a code is needed) and
 * complete folder listings. Share tokens are kept per share and code for this worker's life.
 */
export class ShareBrowser {
  readonly tokenFor: ShareTokens;

  constructor(private readonly deps: { transport: Transport; statuses: ShareStatusService }) {
    this.tokenFor = shareTokenCache(deps.transport);
  }

  async overview(ref: ShareRef): Promise<ShareOverview> {
    const status = await this.deps.statuses.resolve(ref);
    return {
      shareId: ref.shareId,
      status,
      needsCode: status.state === 'needs-code' || status.state === 'wrong-code',
      url: shareUrl(ref),
    };
  }

  async list(
    ref: ShareRef,
    parentFileId: string,
    order: { orderBy?: ListOrder; orderDirection?: 'ASC' | 'DESC' } = {},
  ): Promise<ShareEntry[]> {
    const items = await listShareFolder(this.deps.transport, this.tokenFor(ref), {
      shareId: ref.shareId,
      parentFileId,
      ...order,
    });
    return items.map(toEntry);
  }
}

export function toEntry(item: ShareItem): ShareEntry {
  return {
    fileId: item.file_id,
    name: item.name,
    type: item.type === 'folder' ? 'folder' : 'file',
    size: item.size,
    updatedAt: item.updated_at,
    category: item.category,
    extension: item.file_extension,
    thumbnail: item.thumbnail,
  };
}
