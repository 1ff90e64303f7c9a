/** Turns what the user picked into the list of files to download, folders walked recursively. */
import { listShareFolder } from '../api/share';
import type { TokenSource } from '../api/token-source';
import type { Transport } from '../api/transport';
import type { DownloadItem } from './model';

export interface PlannedFile {
  fileId: string;
  name: string;
  size: number;
  /** Folder names from the share root down to the file's parent. */
  path: string[];
}

/**
 * Every file under `items`, in the order picked (a folder's files in listing order, by name);
 * a file picked twice (itself and inside a picked folder) appears once. Folders are never copied
 * whole (§7: a folder copy is an async task whose files have no known ids to delete). Once
 * `signal` aborts (the user cancelled the job), no further folder or page is listed.
 */
export async function expandItems(
  t: Transport,
  shareToken: TokenSource,
  shareId: string,
  items: readonly DownloadItem[],
  signal?: AbortSignal,
): Promise<PlannedFile[]> {
  const walk = async (item: DownloadItem): Promise<PlannedFile[]> => {
    if (item.type === 'file') return [{ fileId: item.fileId, name: item.name, size: item.size ?? 0, path: item.path }];
    const path = [...item.path, item.name];
    const children = await listShareFolder(
      t,
      shareToken,
      { shareId, parentFileId: item.fileId, orderBy: 'name' },
      signal,
    );
    // Siblings are listed concurrently; the transport paces share calls anyway.
    const nested = await Promise.all(
      children.map((c) => walk({ fileId: c.file_id, name: c.name, type: c.type, size: c.size, path })),
    );
    return nested.flat();
  };
  const seen = new Set<string>();
  return (await Promise.all(items.map(walk))).flat().filter((f) => !seen.has(f.fileId) && seen.add(f.fileId));
}
