/**
 * The popup's "Download all" on a share found in the tab: one message hands the share (or the
 * folder its link names) to the background, which lists it there — so the popup may close at once.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { must } from '../must';
import { freshRoot } from './fresh-root';

const sent: { type: string; data: unknown }[] = [];
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: vi.fn(async (message: { type: string; data: unknown }) => {
        sent.push(message);
        if (message.type === 'downloads.startShare')
          return { ok: true, result: { id: 'job1', files: [], state: 'preparing' } };
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
  it('hands the folder the link names to the background in one message, listing nothing itself', async () => {
    const share = {
      shareId: 'abcdefghijk',
      code: 't84d',
      folderId: FOLDER,
      status: { state: 'valid' as const, name: 'My share' },
    };
    act(() => render(h(TabShareItem, { share, onBrowse: vi.fn() }), root));
    await act(async () => must(root.querySelector<HTMLButtonElement>('button[data-action="download-all"]')).click());
    await vi.waitFor(() => expect(sent.map((m) => m.type)).toEqual(['downloads.startShare']));
    expect(must(sent[0]).data).toMatchObject({ shareId: 'abcdefghijk', code: 't84d', folderId: FOLDER });
  });
});
