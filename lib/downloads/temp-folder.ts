/**
 * The folder in the root of the open token's drive that receives every temporary copy (§7: never
 * copy into the user's root). What the sweep may do with its children is decided by the pipeline.
 */
import { isAlipanError } from '../api/errors';
import { collectPages } from '../api/paginate';
import { createFolder, listOpenPage, type OpenFile } from '../api/open';
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
   * What the folder holds now, for the sweep; nothing when it was never created or is gone
   * (the next copy asks for it again).
   */
  async children(driveId: string): Promise<{ folderId: string; children: OpenFile[] } | undefined> {
    const folderId = await this.remembered(driveId);
    if (!folderId) return undefined;
    const { transport: t, account } = this.deps;
    try {
      const all = await collectPages((marker) => account.withOpen((token) => listOpenPage(t, token, driveId, folderId, marker)));
      // Only what the listing says lives directly in our folder; never the folder itself.
      return { folderId, children: all.filter((c) => c.file_id !== folderId && (!c.parent_file_id || c.parent_file_id === folderId)) };
    } catch (e) {
      if (isAlipanError(e) && e.category === 'file-not-found') return undefined;
      throw e;
    }
  }

  /** The folder's id in `driveId` if one was made, without a round trip. */
  async remembered(driveId: string): Promise<string | undefined> {
    this.known ??= await this.deps.store.get<StoredFolder>(TEMP_FOLDER_KEY);
    return this.known?.driveId === driveId && this.known.fileId && this.known.fileId !== 'root'
      ? this.known.fileId
      : undefined;
  }
}
