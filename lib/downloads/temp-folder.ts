/**
 * The folder in the root of the open token's drive that receives every temporary copy (§7: never
 * copy into the user's root), and its sweep. The sweep deletes only children of that folder.
 */
import { isAlipanError } from '../api/errors';
import { collectPages } from '../api/paginate';
import { createFolder, deleteFile, listOpenPage, type OpenFile } from '../api/open';
import type { Transport } from '../api/transport';
import type { KeyValueStore } from '../platform/kv-store';
import { tempFolderBlockedError } from './errors';
import type { AccountPort } from './ports';

export const TEMP_FOLDER_KEY = 'downloads.tempFolder';
export const DEFAULT_TEMP_FOLDER_NAME = 'alipan-share-helper-temp';

interface StoredFolder {
  driveId: string;
  fileId: string;
}

export class TempFolder {
  private known: StoredFolder | undefined;

  constructor(
    private readonly deps: { transport: Transport; account: AccountPort; store: KeyValueStore; name?: string },
  ) {}

  get name(): string {
    return this.deps.name ?? DEFAULT_TEMP_FOLDER_NAME;
  }

  /** The folder's id in `driveId`, created on first use and remembered (no round trip after that). */
  async id(driveId: string): Promise<string> {
    return (await this.remembered(driveId)) ?? this.ensure(driveId);
  }

  /**
   * Asks Alipan again (`check_name_mode: refuse` returns the existing folder): for when a copy
   * says the remembered folder is gone. Returns the id now in use.
   */
  async ensure(driveId: string): Promise<string> {
    const { transport: t, account, store } = this.deps;
    const ours = await this.remembered(driveId);
    let folder = await account.withOpen((token) => createFolder(t, token, driveId, this.name));
    // A folder of that name we did not create is the user's: the sweep must never empty it, so
    // we make a fresh one of our own beside it instead.
    if (folder.exist && folder.file_id !== ours) {
      folder = await account.withOpen((token) => createFolder(t, token, driveId, this.name, 'auto_rename'));
    }
    if (folder.type === 'file') throw tempFolderBlockedError(this.name);
    this.known = { driveId, fileId: folder.file_id };
    await store.set({ [TEMP_FOLDER_KEY]: this.known });
    return folder.file_id;
  }

  /**
   * Deletes the children of the temporary folder that `keep` does not claim. Does nothing when
   * the folder was never created. Returns the ids it deleted.
   */
  async sweep(driveId: string, keep: (child: OpenFile) => boolean): Promise<string[]> {
    const folderId = await this.remembered(driveId);
    if (!folderId) return [];
    const { transport: t, account } = this.deps;
    let children: OpenFile[];
    try {
      children = await collectPages((marker) => account.withOpen((token) => listOpenPage(t, token, driveId, folderId, marker)));
    } catch (e) {
      // The user deleted the folder: nothing left to sweep (the next copy asks for it again).
      if (isAlipanError(e) && e.category === 'file-not-found') return [];
      throw e;
    }
    const deleted: string[] = [];
    for (const child of children) {
      // Only what the listing says lives directly in our folder; never the folder itself.
      if (child.file_id === folderId || (child.parent_file_id && child.parent_file_id !== folderId)) continue;
      if (keep(child)) continue;
      try {
        await account.withOpen((token) => deleteFile(t, token, driveId, child.file_id));
        deleted.push(child.file_id);
      } catch {
        // Already gone, or Alipan is busy: the next sweep tries again.
      }
    }
    return deleted;
  }

  private async remembered(driveId: string): Promise<string | undefined> {
    this.known ??= await this.deps.store.get<StoredFolder>(TEMP_FOLDER_KEY);
    return this.known?.driveId === driveId && this.known.fileId && this.known.fileId !== 'root'
      ? this.known.fileId
      : undefined;
  }
}
