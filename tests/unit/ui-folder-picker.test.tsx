/**
 * The folder picker over the user's drive: opens at the last folder saved into (the root when it
 * is gone), enters folders, goes back by its crumbs, makes a folder and enters it, and saves
 * with the path and the conflict policy.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AlipanError } from '../../lib/api/errors';
import type { MessageType, Protocol } from '../../lib/messaging/protocol';
import { must } from '../must';
import { freshRoot } from './fresh-root';

/** The background's answers, by message type, as the real one takes each message's data. */
type Handlers = { [K in MessageType]?: (data: Protocol[K]['data']) => unknown };
const replies = vi.hoisted(() => ({ handlers: {} as Handlers }));
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: async ({ type, data }: { type: MessageType; data: never }) => {
        try {
          const handler = must(replies.handlers[type]) as (data: never) => unknown;
          return { ok: true, result: await handler(data) };
        } catch (e) {
          return { ok: false, error: (e as AlipanError).toJSON() };
        }
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const { FolderPicker } = await import('../../components/saves/FolderPicker');

let root!: HTMLElement;
freshRoot((r) => (root = r));

const drive: Record<string, { fileId: string; name: string }[]> = {
  root: [{ fileId: 'films', name: 'Films' }],
  films: [{ fileId: 'y2024', name: '2024' }],
  y2024: [],
};

beforeEach(() => {
  replies.handlers = {
    'saves.lastTarget': () => [{ fileId: 'films', name: 'Films' }],
    'drive.folders': ({ parentId }) => {
      if (!drive[parentId]) throw new AlipanError({ code: 'NotFound.File', category: 'file-not-found' });
      return drive[parentId];
    },
    'drive.createFolder': ({ parentId, name }) => {
      const made = { fileId: `new-${name}`, name };
      must(drive[parentId]).push(made);
      drive[made.fileId] = [];
      return made;
    },
  };
});

const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));
const q = <T extends Element = HTMLElement>(selector: string) => must(root.querySelector<T>(selector));
const crumbs = () => [...root.querySelectorAll('[data-action="picker-crumb"]')].map((c) => c.textContent);

describe('FolderPicker', () => {
  it('opens at the last folder, enters a folder, goes back, makes one, and saves there with the policy', async () => {
    const onSave = vi.fn(async () => {});
    const onClose = vi.fn();
    act(() => render(h(FolderPicker, { what: '“a.txt”', onSave, onClose }), root));
    await settle();
    expect(crumbs()).toEqual(['My drive', 'Films']);
    expect(q('[data-picker-what]').textContent).toBe('“a.txt” go into: My drive › Films');
    act(() => q<HTMLButtonElement>('[data-picker-folder-id="y2024"]').click());
    await settle();
    expect(crumbs()).toEqual(['My drive', 'Films', '2024']);
    act(() => q<HTMLButtonElement>('[data-action="picker-crumb"][data-crumb-id="root"]').click());
    await settle();
    expect([...root.querySelectorAll<HTMLElement>('[data-picker-folder-id]')].map((f) => f.dataset.name)).toEqual([
      'Films',
    ]);

    const input = q<HTMLInputElement>('input[name="newFolderName"]');
    act(() => {
      input.value = 'Saved';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => q<HTMLButtonElement>('button[data-action="picker-new-folder"]').click());
    await settle();
    expect(crumbs()).toEqual(['My drive', 'Saved']);

    act(() => q<HTMLInputElement>('input[name="skipExisting"]').click());
    act(() => q<HTMLButtonElement>('button[data-action="save-here"]').click());
    await settle();
    expect(onSave).toHaveBeenCalledWith(
      { folderId: 'new-Saved', path: [{ fileId: 'new-Saved', name: 'Saved' }] },
      true,
    );

    q('[data-folder-picker]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onClose).toHaveBeenCalled();
  });

  it('starts at the root when the last folder is gone; a refused save is shown with its code', async () => {
    replies.handlers['saves.lastTarget'] = () => [{ fileId: 'deleted', name: 'Old' }];
    const onSave = vi.fn(async () => {
      throw new AlipanError({
        code: 'TempFolderTarget',
        category: 'unknown',
        text: { en: 'That is the temporary folder', zh: '临时文件夹' },
      });
    });
    act(() => render(h(FolderPicker, { what: 'x', onSave, onClose: vi.fn() }), root));
    await settle();
    await settle();
    expect(crumbs()).toEqual(['My drive']);
    act(() => q<HTMLButtonElement>('button[data-action="save-here"]').click());
    await settle();
    expect(onSave).toHaveBeenCalledWith({ folderId: 'root', path: [] }, false);
    expect(q('[data-save-state="error"]').dataset.saveError).toBe('TempFolderTarget');
  });
});
