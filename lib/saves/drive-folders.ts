/**
 * The folder picker's side in the background: the folders of the user's drive (the open token's,
 * §9 `openFile/list`, `openFile/create`), and the last folder a save went to, offered first.
 */
import { AlipanError } from '../api/errors';
import { createFolder, listOpenPage } from '../api/open';
import { collectPages } from '../api/paginate';
import type { Transport } from '../api/transport';
import { noAccountError } from '../downloads/errors';
import type { AccountPort } from '../downloads/ports';
import type { KeyValueStore } from '../platform/kv-store';
import type { DriveFolder } from './model';

export const LAST_TARGET_KEY = 'saves.lastTarget';

/** The last folder saved into: the path from the root (ids and names), in the drive it belongs to. */
interface LastTarget {
  driveId: string;
  path: DriveFolder[];
}

export class DriveFolders {
  constructor(
    private readonly deps: {
      transport: Transport;
      account: AccountPort;
      store: KeyValueStore;
      /** Hidden from the picker: downloads empty it, and a save there is refused. */
      tempFolderId(driveId: string): Promise<string | undefined>;
    },
  ) {}

  /** The folders directly in `parentId`, by name; the temporary folder left out. */
  async list(parentId: string): Promise<DriveFolder[]> {
    const { transport: t, account } = this.deps;
    const driveId = await this.driveId();
    const [entries, temp] = await Promise.all([
      collectPages((marker) => account.withOpen((token) => listOpenPage(t, token, driveId, parentId, marker))),
      this.deps.tempFolderId(driveId),
    ]);
    return entries
      .filter((e) => e.type === 'folder' && e.file_id !== temp)
      .map((e) => ({ fileId: e.file_id, name: e.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A new folder in `parentId`; a folder of that name already there is returned instead (`refuse`, §9). */
  async create(parentId: string, name: string): Promise<DriveFolder> {
    const { transport: t, account } = this.deps;
    if (!name.trim()) throw new AlipanError({ code: 'InvalidParameter.Name', category: 'unknown' });
    const driveId = await this.driveId();
    const folder = await account.withOpen((token) => createFolder(t, token, driveId, name.trim(), 'refuse', parentId));
    return { fileId: folder.file_id, name: folder.name };
  }

  /** The last folder saved into, when it was in the drive in use now. */
  async lastTarget(): Promise<DriveFolder[] | undefined> {
    const [stored, driveId] = await Promise.all([
      this.deps.store.get<LastTarget>(LAST_TARGET_KEY),
      this.driveId().catch(() => undefined),
    ]);
    return stored && stored.driveId === driveId ? stored.path : undefined;
  }

  async remember(path: DriveFolder[]): Promise<void> {
    await this.deps.store.set({ [LAST_TARGET_KEY]: { driveId: await this.driveId(), path } satisfies LastTarget });
  }

  private async driveId(): Promise<string> {
    const view = await this.deps.account.usable();
    if (view.state !== 'ok' || !view.summary?.driveId) throw noAccountError();
    return view.summary.driveId;
  }
}
