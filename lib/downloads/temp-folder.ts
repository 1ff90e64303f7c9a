/**
 * The folder in the root of the open token's drive that receives every temporary copy (§7: never
 * copy into the user's root). What the sweep may do with its children is decided by the pipeline.
 */
import { isAlipanError } from '../api/errors';
import { createFolder, listOpenPage, type OpenFile } from '../api/open';
import { collectPages } from '../api/paginate';
import type { Transport } from '../api/transport';
import type { KeyValueStore } from '../platform/kv-store';
import { tempFolderBlockedError } from './errors';
import type { AccountPort } from './ports';

export const TEMP_FOLDER_KEY = 'downloads.tempFolder';
const DEFAULT_TEMP_FOLDER_NAME = 'alipan-share-helper-temp';

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
   * Asks Alipan (`check_name_mode: refuse` returns the existing folder of that name): for the
   * first copy, and when a copy says the remembered folder is gone. A folder of that name found
   * this way is used as ours — after a reinstall or an account switch it is the one we made
   * before; what it holds is never deleted unless the journal names it (pipeline.ts). Returns
   * the id now in use.
   */
  async ensure(driveId: string): Promise<string> {
    const { transport: t, account } = this.deps;
    const folder = await account.withOpenIn(driveId, (token) => createFolder(t, token, driveId, this.name));
    if (folder.type === 'file') throw tempFolderBlockedError(this.name);
    await this.remember(driveId, folder.file_id);
    return folder.file_id;
  }

  /**
   * What the folder holds now, for the sweep; nothing when there is none (the next copy asks for
   * it again). Not remembered (a reinstall, another account before), it is looked up by name.
   */
  async children(driveId: string): Promise<{ folderId: string; children: OpenFile[] } | undefined> {
    const { transport: t, account } = this.deps;
    try {
      const folderId = (await this.remembered(driveId)) ?? (await this.findByName(driveId));
      if (!folderId) return undefined;
      const all = await collectPages((marker) =>
        account.withOpenIn(driveId, (token) => listOpenPage(t, token, driveId, folderId, marker)),
      );
      // Only what the listing says lives directly in our folder; never the folder itself.
      return {
        folderId,
        children: all.filter((c) => c.file_id !== folderId && (!c.parent_file_id || c.parent_file_id === folderId)),
      };
    } catch (e) {
      if (isAlipanError(e) && e.category === 'file-not-found') return undefined;
      throw e;
    }
  }

  /** A folder of our name in the drive's root (§9 `openFile/list`), remembered once found. */
  private async findByName(driveId: string): Promise<string | undefined> {
    const { transport: t, account } = this.deps;
    const root = await collectPages((marker) =>
      account.withOpenIn(driveId, (token) => listOpenPage(t, token, driveId, 'root', marker)),
    );
    const found = root.find((f) => f.type === 'folder' && f.name === this.name);
    if (found) await this.remember(driveId, found.file_id);
    return found?.file_id;
  }

  private async remember(driveId: string, fileId: string): Promise<void> {
    this.known = { driveId, fileId };
    await this.deps.store.set({ [TEMP_FOLDER_KEY]: this.known });
  }

  /** The folder's id in `driveId` if one was made, without a round trip. */
  async remembered(driveId: string): Promise<string | undefined> {
    this.known ??= await this.deps.store.get<StoredFolder>(TEMP_FOLDER_KEY);
    return this.known?.driveId === driveId && this.known.fileId && this.known.fileId !== 'root'
      ? this.known.fileId
      : undefined;
  }
}
