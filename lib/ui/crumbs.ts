import type { ShareEntry } from '../shares/browse';

/** One step of the folder path; the first is the share root (`fileId` 'root'). */
export interface Crumb {
  fileId: string;
  name: string;
}

export const ROOT_FOLDER = 'root';

/**
 * Where the browser starts: the root, or a folder the link named (`/folder/<id>`), whose name
 * is not known until the root listing shows it.
 */
export function initialCrumbs(shareName: string, linkedFolder: { fileId: string; name: string } | undefined): Crumb[] {
  const root = { fileId: ROOT_FOLDER, name: shareName };
  return linkedFolder && linkedFolder.fileId !== ROOT_FOLDER ? [root, linkedFolder] : [root];
}

export function enterFolder(crumbs: readonly Crumb[], folder: Pick<ShareEntry, 'fileId' | 'name'>): Crumb[] {
  return [...crumbs, { fileId: folder.fileId, name: folder.name }];
}

/** Back to the crumb at `index` (0 = root). */
export function upTo(crumbs: readonly Crumb[], index: number): Crumb[] {
  return crumbs.slice(0, Math.max(1, index + 1));
}

/** Folder names below the share root: the `path` of items downloaded from the current folder. */
export function pathBelowRoot(crumbs: readonly Crumb[]): string[] {
  return crumbs.slice(1).map((c) => c.name);
}

/** The linked folder's real name, once the root listing holds it. */
export function withFolderName(crumbs: readonly Crumb[], rootEntries: readonly ShareEntry[]): Crumb[] {
  return crumbs.map((c, i) =>
    i === 0 ? c : { ...c, name: rootEntries.find((e) => e.fileId === c.fileId)?.name ?? c.name },
  );
}
