import { describe, expect, it } from 'vitest';
import { TempFolder } from '../../lib/downloads/temp-folder';
import { DriveFolders, LAST_TARGET_KEY } from '../../lib/saves/drive-folders';
import { DRIVE_ID, fakeAlipan, signedInAccount } from './downloads-fake';

async function setup() {
  const api = fakeAlipan();
  const { account, store } = await signedInAccount(api);
  const temp = new TempFolder({ transport: api.transport, account, store });
  const folders = new DriveFolders({
    transport: api.transport,
    account,
    store,
    tempFolderId: (driveId) => temp.remembered(driveId),
  });
  return { api, store, temp, folders };
}

describe('the folder picker’s drive folders', () => {
  it('lists folders only, by name, never the downloads’ temporary folder', async () => {
    const { api, temp, folders } = await setup();
    await temp.ensure(DRIVE_ID);
    api.addDriveEntry({ name: 'Zeta', type: 'folder', size: 0, parent_file_id: 'root' });
    api.addDriveEntry({ name: 'Alpha', type: 'folder', size: 0, parent_file_id: 'root' });
    api.addDriveEntry({ name: 'notes.txt', type: 'file', size: 3, parent_file_id: 'root' });
    expect((await folders.list('root')).map((f) => f.name)).toEqual(['Alpha', 'Zeta']);
  });

  it('creates a folder inside another; the same name again gives the folder that is there', async () => {
    const { folders } = await setup();
    const films = await folders.create('root', ' Films ');
    const year = await folders.create(films.fileId, '2024');
    expect(await folders.create(films.fileId, '2024')).toEqual(year);
    expect(await folders.list(films.fileId)).toEqual([year]);
  });

  it('offers the last folder saved into, only in the drive it belongs to', async () => {
    const { store, folders } = await setup();
    expect(await folders.lastTarget()).toBeUndefined();
    await folders.remember([{ fileId: 'a', name: 'Films' }]);
    expect(await folders.lastTarget()).toEqual([{ fileId: 'a', name: 'Films' }]);
    await store.set({ [LAST_TARGET_KEY]: { driveId: 'another', path: [{ fileId: 'b', name: 'Old' }] } });
    expect(await folders.lastTarget()).toBeUndefined();
  });
});
