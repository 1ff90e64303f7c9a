import { describe, expect, it } from 'vitest';
import { AlipanError } from '../../lib/api/errors';
import type { DriveFolder, SaveRequest, SaveView } from '../../lib/saves/model';
import { asSaveAllRequests, MAX_SHARES_AT_ONCE, saveEachInItsFolder } from '../../lib/saves/save-all';

const target = { folderId: 'f-films', path: [{ fileId: 'f-films', name: 'Films' }] };
const share = (shareId: string, shareName: string) => ({ shareId, code: null, shareName });

describe('asSaveAllRequests', () => {
  it('each share as a whole-share save into the folder picked', () => {
    expect(asSaveAllRequests({ shares: [share('AbCdEfGhIjK', 'One')], target, skipExisting: true })).toEqual([
      { shareId: 'AbCdEfGhIjK', code: null, shareName: 'One', scope: 'contents', target, skipExisting: true },
    ]);
  });

  it("refuses a target that is not the end of its path, a share that is not one, and more than a click's worth", () => {
    const off = { folderId: 'elsewhere', path: target.path };
    expect(
      asSaveAllRequests({ shares: [share('AbCdEfGhIjK', 'One')], target: off, skipExisting: false }),
    ).toBeUndefined();
    expect(
      asSaveAllRequests({ shares: [{ shareId: '../x', shareName: 'x' }], target, skipExisting: false }),
    ).toBeUndefined();
    const many = Array.from({ length: MAX_SHARES_AT_ONCE + 1 }, () => share('AbCdEfGhIjK', 'One'));
    expect(asSaveAllRequests({ shares: many, target, skipExisting: false })).toBeUndefined();
  });
});

describe('saveEachInItsFolder', () => {
  it('lists each share, makes a folder named after it in the one picked, saves into it, one share after another; a share that cannot start is listed, gets no folder, and the others go on', async () => {
    const steps: string[] = [];
    const requests = asSaveAllRequests({
      shares: [share('AbCdEfGhIjK', 'Season 1'), share('ZzZzZzZzZzZ', 'Gone'), share('YyYyYyYyYyY', 'a/b: "c"')],
      target,
      skipExisting: false,
    });
    const result = await saveEachInItsFolder(requests ?? [], {
      listShare: async (request) => {
        steps.push(`list ${request.shareId}`);
        if (request.shareName === 'Gone')
          throw new AlipanError({ code: 'ShareLink.Cancelled', category: 'share-cancelled' });
        return [{ fileId: 'x', name: 'x.txt', type: 'file', size: 1 }];
      },
      createFolder: async (parentId, name): Promise<DriveFolder> => {
        steps.push(`folder ${parentId}/${name}`);
        return { fileId: `id-${name}`, name };
      },
      startSave: async (request: SaveRequest): Promise<SaveView> => {
        steps.push(
          `save ${request.shareId} (${request.items?.length} items) → ${request.target.path.map((f) => f.name).join('/')}`,
        );
        return { id: request.shareId } as SaveView;
      },
    });
    expect(steps).toEqual([
      'list AbCdEfGhIjK',
      'folder f-films/Season 1',
      'save AbCdEfGhIjK (1 items) → Films/Season 1',
      'list ZzZzZzZzZzZ', // gone: no folder made for it
      'list YyYyYyYyYyY',
      'folder f-films/a／b： ＂c＂',
      'save YyYyYyYyYyY (1 items) → Films/a／b： ＂c＂',
    ]);
    expect(result.saves.map((s) => s.id)).toEqual(['AbCdEfGhIjK', 'YyYyYyYyYyY']);
    expect(result.failed).toEqual([
      { shareId: 'ZzZzZzZzZzZ', shareName: 'Gone', error: expect.objectContaining({ code: 'ShareLink.Cancelled' }) },
    ]);
  });
});
