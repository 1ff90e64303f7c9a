/**
 * A folder whose pages arrive one by one: rows show from the first page on, the counts say the
 * listing goes on, and "Download all" and `data-total-items` wait for the last page.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { FolderView, type FolderViewProps } from '../../components/share/FolderView';
import type { ShareEntry } from '../../lib/shares/browse';
import { must } from '../must';
import { freshRoot } from './fresh-root';

// The page's messaging module loads the extension API polyfill, which refuses to load outside an extension.
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: vi.fn(), onMessage: { addListener() {}, removeListener() {} } } },
}));

const entry = (i: number): ShareEntry => ({
  fileId: `id-${i}`,
  name: `file-${i}.txt`,
  type: 'file',
  size: i,
  updatedAt: '2024-03-05T14:07:00Z',
});

let root!: HTMLElement;
freshRoot((r) => (root = r));

describe('FolderView while its pages arrive', () => {
  it('shows the rows so far, says it is still listing, and offers "Download all" only at the end', async () => {
    let page!: (loaded: ShareEntry[]) => void;
    let finish!: (all: ShareEntry[]) => void;
    const props: FolderViewProps = {
      share: { shareId: 'abcdefghijk', code: null },
      shareName: 'Share',
      crumbs: [{ fileId: 'root', name: 'Share' }],
      onNavigate: vi.fn(),
      loadFolder: (_folderId, onPage) => {
        page = must(onPage);
        return new Promise((resolve) => (finish = resolve));
      },
      onError: vi.fn(),
      sort: { key: 'name', direction: 'asc' },
      onSort: vi.fn(),
      compact: false,
    };
    act(() => render(h(FolderView, props), root));
    expect(root.querySelector('[data-list-state="loading"]')?.textContent).toMatch(/Listing/);
    expect(root.querySelector('[data-file-id]')).toBeNull();

    const first = [entry(1), entry(2)];
    act(() => page(first));
    const counts = () => must(root.querySelector<HTMLElement>('.counts'));
    const downloadAll = () => must(root.querySelector<HTMLButtonElement>('button[data-action="download-all"]'));
    expect([...root.querySelectorAll<HTMLElement>('[data-file-id]')].map((r) => r.dataset.name)).toEqual([
      'file-1.txt',
      'file-2.txt',
    ]);
    expect(counts().dataset.listState).toBe('loading');
    expect(counts().dataset.loadedItems).toBe('2');
    expect(counts().textContent).toBe('Listing… 2 items so far');
    expect(downloadAll().disabled).toBe(true);
    expect(must(root.querySelector('[data-folder-id]')).hasAttribute('data-total-items')).toBe(false);

    await act(async () => finish([...first, entry(3)]));
    expect(root.querySelectorAll('[data-file-id]')).toHaveLength(3);
    expect(counts().dataset.listState).toBe('complete');
    expect(counts().textContent).toBe('3 items');
    expect(downloadAll().disabled).toBe(false);
    expect(must(root.querySelector('[data-folder-id]')).getAttribute('data-total-items')).toBe('3');
  });
});
