import { describe, expect, it } from 'vitest';
import { AlipanError } from '../../lib/api/errors';
import type { OpenFile } from '../../lib/api/open';
import { mayBeCopyOf } from '../../lib/downloads/copy-match';
import { stopsTheSave } from '../../lib/saves/errors';
import type { SaveItem, SaveOp } from '../../lib/saves/model';
import { knownBytes, matchExisting, planSave } from '../../lib/saves/plan';
import { afterCopy, afterPoll, arrivedCopy, nextBatch, saveState } from '../../lib/saves/progress';
import { must } from '../must';

const T0 = Date.parse('2026-12-05T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const child = (name: string, over: Partial<OpenFile> = {}): OpenFile => ({
  drive_id: 'r1',
  file_id: `id-${name}`,
  name,
  type: 'file',
  size: 10,
  created_at: at(0),
  ...over,
});
const fileItem = (name: string, size = 10): SaveItem => ({ fileId: `s-${name}`, name, type: 'file', size });
const folderItem = (name: string): SaveItem => ({ fileId: `s-${name}`, name, type: 'folder' });
const op = (name: string, over: Partial<SaveOp> = {}): SaveOp => ({
  fileId: `s-${name}`,
  name,
  type: 'file',
  size: 10,
  parentFileId: 'T',
  state: 'pending',
  ...over,
});

describe('save plan: skip files that already exist', () => {
  it('keeps both (auto_rename) unless asked to skip', () => {
    expect(matchExisting(fileItem('a.txt'), [child('a.txt')], false)).toEqual({ do: 'copy' });
  });

  it('skips a file of the same name and size; copies one of another size or an unknown size', () => {
    expect(matchExisting(fileItem('a.txt'), [child('a.txt')], true)).toEqual({ do: 'skip' });
    expect(matchExisting(fileItem('a.txt', 11), [child('a.txt')], true)).toEqual({ do: 'copy' });
    expect(matchExisting({ fileId: 'x', name: 'a.txt', type: 'file' }, [child('a.txt')], true)).toEqual({ do: 'copy' });
    expect(matchExisting(fileItem('a.txt'), [child('a.txt', { type: 'folder', size: undefined })], true)).toEqual({
      do: 'copy',
    });
  });

  it('enters a folder of the same name and compares its files one level down', async () => {
    const target = {
      T: [child('Album', { type: 'folder', file_id: 'album', size: undefined }), child('top.txt')],
      album: [child('1.mp3', { size: 5 })],
    };
    const share = { 's-Album': [fileItem('1.mp3', 5), fileItem('2.mp3', 5)] };
    const ops = await planSave([folderItem('Album'), fileItem('top.txt'), fileItem('new.txt')], 'T', true, {
      shareFolder: async (id) => share[id as keyof typeof share],
      driveFolder: async (id) => target[id as keyof typeof target],
    });
    expect(ops.map((o) => [o.name, o.parentFileId, o.state])).toEqual([
      ['1.mp3', 'album', 'skipped'],
      ['2.mp3', 'album', 'pending'],
      ['top.txt', 'T', 'skipped'],
      ['new.txt', 'T', 'pending'],
    ]);
    expect(knownBytes(ops)).toBe(15);
  });

  it('does not list the target when nothing is to be skipped (one item a folder, whole)', async () => {
    const ops = await planSave([folderItem('Album'), fileItem('a.txt')], 'T', false, {
      shareFolder: () => Promise.reject(new Error('not listed')),
      driveFolder: () => Promise.reject(new Error('not listed')),
    });
    expect(ops.map((o) => [o.name, o.type, o.state])).toEqual([
      ['Album', 'folder', 'pending'],
      ['a.txt', 'file', 'pending'],
    ]);
  });
});

describe('save progress', () => {
  it('sends at most 100 items a batch (§7)', () => {
    const ops = Array.from({ length: 250 }, (_, i) => op(`f${i}`));
    expect(nextBatch(ops)).toHaveLength(100);
    for (const o of ops.slice(0, 200)) o.state = 'done';
    expect(nextBatch(ops).map((o) => o.name)[0]).toBe('f200');
  });

  it('reads a batch answer: 201 copy, 202 task, item errors in a save’s words', () => {
    expect(afterCopy({ id: '0', status: 201, body: { file_id: 'c1' } })).toEqual({ state: 'done', copyFileId: 'c1' });
    expect(afterCopy({ id: '0', status: 202, body: { async_task_id: 't1' } })).toEqual({
      state: 'task',
      asyncTaskId: 't1',
    });
    const banned = afterCopy({ id: '0', status: 403, body: { code: 'ForbiddenNoPermission.File', message: 'no' } });
    expect(banned).toMatchObject({ state: 'failed', error: { code: 'ForbiddenNoPermission.File' } });
    expect(must(banned.error).text.en).toMatch(/blocked/);
    const full = afterCopy({ id: '0', status: 400, body: { code: 'QuotaExhausted.Drive' } });
    expect(must(full.error).text.en).toMatch(/not enough free space for this save/);
    expect(afterCopy(undefined)).toMatchObject({ state: 'failed', error: { code: 'EmptyBatchResponse' } });
  });

  it('follows a task to its end', () => {
    expect(afterPoll({ id: '0', status: 200, body: { state: 'Running' } })).toBeUndefined();
    expect(afterPoll({ id: '0', status: 200, body: { state: 'Succeed' } })).toEqual({ state: 'done' });
    expect(afterPoll({ id: '0', status: 200, body: { state: 'Failed', message: 'x' } })).toMatchObject({
      state: 'failed',
      error: { code: 'AsyncTask.Failed' },
    });
    expect(afterPoll({ id: '0', status: 404, body: { code: 'NotFound.AsyncTask' } })).toMatchObject({
      state: 'failed',
    });
  });

  it('after a lost answer, takes what arrived since the batch was sent (name, kind, size), each entry once', () => {
    const sent = (name: string, size = 10) => op(name, { state: 'sent', size, sentAt: T0 + 60 * 60_000 });
    const claimed = new Set<string>();
    const now = T0 + 61 * 60_000;
    const children = [
      child('old.txt', { created_at: at(0) }), // there long before the batch: the user's
      child('a.txt', { file_id: 'new-a', created_at: at(60 * 60_000 + 1000) }),
      child('b(1).txt', { file_id: 'new-b', created_at: at(60 * 60_000 + 1000) }), // auto_rename
    ];
    expect(arrivedCopy(sent('old.txt'), children, now, claimed)).toBeUndefined();
    expect(arrivedCopy(sent('a.txt'), children, now, claimed)?.file_id).toBe('new-a');
    expect(arrivedCopy(sent('a.txt'), children, now, claimed)).toBeUndefined(); // claimed already
    expect(arrivedCopy(sent('b.txt'), children, now, claimed)?.file_id).toBe('new-b');
    expect(
      arrivedCopy(sent('c.txt', 11), [child('c.txt', { created_at: at(60 * 60_000 + 5) })], now, claimed),
    ).toBeUndefined();
  });

  it('says saving, done, partial or error', () => {
    expect(saveState([op('a', { state: 'task' })], false)).toBe('saving');
    expect(saveState([op('a', { state: 'done' }), op('b', { state: 'skipped' })], false)).toBe('done');
    expect(saveState([op('a', { state: 'done' }), op('b', { state: 'failed' })], false)).toBe('partial');
    expect(saveState([op('a', { state: 'failed' })], false)).toBe('error');
    expect(saveState([], true)).toBe('error');
  });

  it('stops the save for what no later batch can get past', () => {
    expect(stopsTheSave(new AlipanError({ code: 'MaxSaveFileCountExceed', category: 'unknown' }))).toBe(true);
    expect(stopsTheSave(new AlipanError({ code: 'QuotaExhausted.Drive', category: 'drive-full' }))).toBe(true);
    expect(stopsTheSave(new AlipanError({ code: 'ShareLink.Cancelled', category: 'share-cancelled' }))).toBe(true);
    expect(stopsTheSave(new AlipanError({ code: 'NetworkError', category: 'network' }))).toBe(false);
    expect(stopsTheSave(new AlipanError({ code: 'ForbiddenNoPermission.File', category: 'permission-denied' }))).toBe(
      false,
    );
  });
});

describe('copy match (shared with the temporary folder’s sweep)', () => {
  const window = { from: T0, until: T0 + 1000 };
  it('needs the window, the kind, the size and the name or its auto_rename', () => {
    expect(mayBeCopyOf({ name: 'a.mp4', size: 10 }, child('a(2).mp4', { created_at: at(500) }), window)).toBe(true);
    expect(mayBeCopyOf({ name: 'a.mp4', size: 10 }, child('a.mp4', { created_at: at(2000) }), window)).toBe(false);
    expect(mayBeCopyOf({ name: 'a.mp4', size: 10 }, child('b.mp4', { created_at: at(500) }), window)).toBe(false);
    expect(
      mayBeCopyOf(
        { name: 'Dir', type: 'folder' },
        child('Dir(1)', { type: 'folder', size: undefined, created_at: at(500) }),
        window,
      ),
    ).toBe(true);
    expect(mayBeCopyOf({ name: 'Dir', type: 'folder' }, child('Dir', { created_at: at(500) }), window)).toBe(false);
  });
});
