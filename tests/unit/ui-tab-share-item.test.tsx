/**
 * The popup's "Download all" on a share found in the tab: the whole folder the link names,
 * listed page by page through the background, then one download job.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { freshRoot } from './fresh-root';

const sent: { type: string; data: any }[] = [];
const pages: Record<string, { entries: object[]; nextMarker: string }> = {
  '': { entries: [{ fileId: 'f1', name: 'a.txt', type: 'file', size: 1 }], nextMarker: 'm2' },
  m2: { entries: [{ fileId: 'd1', name: 'sub', type: 'folder' }], nextMarker: '' },
};
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: vi.fn(async (message: { type: string; data: any }) => {
        sent.push(message);
        if (message.type === 'share.listPage') return { ok: true, result: pages[message.data.marker] };
        if (message.type === 'downloads.start') return { ok: true, result: { id: 'job1', files: [], state: 'preparing' } };
        return { ok: false, error: { code: 'Unexpected', category: 'unknown', text: { en: '', zh: '' } } };
      }),
      onMessage: { addListener() {}, removeListener() {} },
    },
  },
}));

const { TabShareItem } = await import('../../components/popup/TabShareItem');

let root!: HTMLElement;
freshRoot((r) => (root = r));
beforeEach(() => {
  sent.length = 0;
});

describe('TabShareItem "Download all"', () => {
  const FOLDER = 'f'.repeat(40);
  it('lists every page of the folder the link names and starts one job with all of it', async () => {
    const share = { shareId: 'abcdefghijk', code: 't84d', folderId: FOLDER, status: { state: 'valid' as const, name: 'My share' } };
    act(() => render(h(TabShareItem, { share, onBrowse: vi.fn() }), root));
    await act(async () => root.querySelector<HTMLButtonElement>('button[data-action="download-all"]')!.click());
    await vi.waitFor(() => expect(sent.map((m) => m.type)).toEqual(['share.listPage', 'share.listPage', 'downloads.start']));
    expect(sent.slice(0, 2).map((m) => [m.data.parentFileId, m.data.marker, m.data.code])).toEqual([
      [FOLDER, '', 't84d'],
      [FOLDER, 'm2', 't84d'],
    ]);
    expect(sent[2]!.data).toMatchObject({
      shareId: 'abcdefghijk',
      code: 't84d',
      shareName: 'My share',
      items: [
        { fileId: 'f1', name: 'a.txt', type: 'file', size: 1, path: [] },
        { fileId: 'd1', name: 'sub', type: 'folder', path: [] },
      ],
    });
  });
});
