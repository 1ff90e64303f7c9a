/**
 * What a save copies, where: each item into the chosen folder; with "skip files that already
 * exist", a file of the same name and size there is skipped, and a folder of the same name is
 * entered rather than copied again (its files are compared one level down, and so on).
 */
import type { OpenFile } from '../api/open';
import type { SaveItem, SaveOp } from './model';

/** What to do with one item, given what the target folder holds. */
export type Match = { do: 'copy' } | { do: 'skip' } | { do: 'merge'; intoFolderId: string };

export function matchExisting(item: SaveItem, children: readonly OpenFile[], skipExisting: boolean): Match {
  if (!skipExisting) return { do: 'copy' };
  const same = children.find((c) => c.name === item.name && c.type === item.type);
  if (!same) return { do: 'copy' };
  if (item.type === 'folder') return { do: 'merge', intoFolderId: same.file_id };
  // A size the listing did not give is never "the same file": both are kept.
  return item.size !== undefined && same.size === item.size ? { do: 'skip' } : { do: 'copy' };
}

export interface PlanListings {
  /** The entries of a folder of the share. */
  shareFolder(folderId: string): Promise<SaveItem[]>;
  /** The entries of a folder of the user's drive. */
  driveFolder(folderId: string): Promise<OpenFile[]>;
}

/** The copies to make; the target is listed only when existing files are to be skipped. */
export async function planSave(
  items: readonly SaveItem[],
  targetFolderId: string,
  skipExisting: boolean,
  list: PlanListings,
): Promise<SaveOp[]> {
  const op = (item: SaveItem, parentFileId: string, state: 'pending' | 'skipped'): SaveOp => ({
    fileId: item.fileId,
    name: item.name,
    type: item.type,
    ...(item.size !== undefined ? { size: item.size } : {}),
    parentFileId,
    state,
  });
  if (!skipExisting) return items.map((item) => op(item, targetFolderId, 'pending'));
  const walk = async (level: readonly SaveItem[], into: string): Promise<SaveOp[]> => {
    const children = await list.driveFolder(into);
    const ops: SaveOp[] = [];
    for (const item of level) {
      const match = matchExisting(item, children, true);
      if (match.do === 'merge') ops.push(...(await walk(await list.shareFolder(item.fileId), match.intoFolderId)));
      else ops.push(op(item, into, match.do === 'skip' ? 'skipped' : 'pending'));
    }
    return ops;
  };
  return walk(items, targetFolderId);
}

/** The sizes the plan knows (files; a folder's is not known without listing it): what must fit. */
export function knownBytes(ops: readonly SaveOp[]): number {
  return ops.filter((o) => o.state === 'pending').reduce((sum, o) => sum + (o.size ?? 0), 0);
}
