import { collectPages } from '../api/paginate';
import { type ListOrder, listSharePage, type ShareItem } from '../api/share';
import { withToken } from '../api/token-source';
import type { Transport } from '../api/transport';
import type { ShareEntry, ShareOverview } from './browse';
import type { ShareRef } from './model';
import { type ShareTokens, shareTokenCache } from './share-tokens';
import type { ShareStatusService } from './status-service';
import { shareUrl } from './validate';

/**
 * Reading a share for the viewer and popup: overview (status + whether a code is needed) and
 * folder listings page by page. Share tokens are kept per share and code for this worker's life.
 */
export class ShareBrowser {
  readonly tokenFor: ShareTokens;
  /** Shares listed for {@link lookForBanned} in this worker's life (a share's files rarely change ban). */
  private readonly lookedAt = new Set<string>();

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

  /**
   * A badge the user points at: its tooltip says whether Alipan banned some of the share's files,
   * which only a listing tells (§5, `punish_flag`). The share's first page is listed once, and
   * listPage marks the status (noteBanned) when it shows banned files. Valid shares only: the
   * others cannot be listed, or show no files.
   */
  async lookForBanned(ref: ShareRef): Promise<void> {
    const status = this.deps.statuses.peek(ref);
    if (status?.state !== 'valid' || status.banned || this.lookedAt.has(ref.shareId)) return;
    this.lookedAt.add(ref.shareId);
    await this.listPage(ref, ref.folderId ?? 'root', '').catch(() => this.lookedAt.delete(ref.shareId));
  }

  /** Every entry of a folder (the link menu's whole-share download). */
  list(ref: ShareRef, parentFileId: string): Promise<ShareEntry[]> {
    return collectPages((marker) =>
      this.listPage(ref, parentFileId, marker).then((page) => ({ items: page.entries, next_marker: page.nextMarker })),
    );
  }

  /** One page of a folder; the share token is renewed once if it expired (§5). */
  async listPage(
    ref: ShareRef,
    parentFileId: string,
    marker: string,
    order: { orderBy?: ListOrder; orderDirection?: 'ASC' | 'DESC' } = {},
  ): Promise<{ entries: ShareEntry[]; nextMarker: string }> {
    const page = await withToken(this.tokenFor(ref), 'share-token-expired', (shareToken) =>
      listSharePage(this.deps.transport, { shareId: ref.shareId, shareToken, parentFileId, marker, ...order }),
    );
    if (page.items.some((item) => item.punish_flag)) this.deps.statuses.noteBanned(ref.shareId);
    return { entries: page.items.map(toEntry), nextMarker: page.next_marker ?? '' };
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
    ...(item.punish_flag ? { banned: true } : {}),
  };
}
