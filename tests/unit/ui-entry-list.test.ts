import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { EntryList, type EntryListProps } from '../../components/share/EntryList';
import type { ShareEntry } from '../../lib/shares/browse';
import { must } from '../must';
import { freshRoot } from './fresh-root';

const ROW_HEIGHT = 36;
const entries: ShareEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
  fileId: `id-${i}`,
  name: `file-${i}.mp4`,
  type: i < 3 ? 'folder' : 'file',
  size: i * 1000,
  updatedAt: '2024-03-05T14:07:00Z',
}));

let root!: HTMLElement;
freshRoot((r) => (root = r));

function show(overrides: Partial<EntryListProps> = {}) {
  const props: EntryListProps = {
    folderId: 'root',
    total: entries.length,
    entries,
    rowHeight: ROW_HEIGHT,
    selection: new Set(['id-4']),
    onSelect: vi.fn(),
    onSelectAll: vi.fn(),
    onSave: vi.fn(),
    sort: { key: 'name', direction: 'asc' },
    onSort: vi.fn(),
    onOpen: vi.fn(),
    onDownload: vi.fn(),
    onExport: vi.fn(),
    busy: false,
    ...overrides,
  };
  act(() => render(h(EntryList, props), root));
  return props;
}

const rows = () => [...root.querySelectorAll<HTMLElement>('[data-file-id]')];

describe('EntryList with 10,000 entries', () => {
  it('puts only a window of rows in the DOM, with the full count and a spacer for the full height', () => {
    show();
    const list = must(root.querySelector('[data-total-items]'));
    expect(list.getAttribute('data-total-items')).toBe('10000');
    expect(list.getAttribute('data-folder-id')).toBe('root');
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(60);
    expect(must(rows()[0]).dataset.name).toBe('file-0.mp4');
    expect(must(root.querySelector<HTMLElement>('.entry-spacer')).style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
  });

  it('renders the rows at the scroll position', () => {
    show();
    const scroller = must(root.querySelector<HTMLElement>('.entry-scroller'));
    act(() => {
      scroller.scrollTop = 5000 * ROW_HEIGHT;
      scroller.dispatchEvent(new Event('scroll'));
    });
    const names = rows().map((r) => r.dataset.name);
    expect(names).toContain('file-5000.mp4');
    expect(names).not.toContain('file-0.mp4');
    expect(rows().length).toBeLessThan(60);
  });

  it('marks types and selection, and wires open, download and select', () => {
    const props = show();
    const folder = must(root.querySelector<HTMLElement>('[data-file-id="id-0"]'));
    expect(folder.dataset.type).toBe('folder');
    must(folder.querySelector<HTMLElement>('[data-action="open"]')).click();
    expect(props.onOpen).toHaveBeenCalledWith(entries[0]);

    const file = must(root.querySelector<HTMLElement>('[data-file-id="id-4"]'));
    expect(file.dataset.type).toBe('file');
    expect(must(file.querySelector<HTMLInputElement>('input[type="checkbox"]')).checked).toBe(true);
    must(file.querySelector<HTMLElement>('button[data-action="download"]')).click();
    expect(props.onDownload).toHaveBeenCalledWith(entries[4]);

    file.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(props.onDownload).toHaveBeenCalledTimes(2);
    folder.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    expect(props.onSelect).toHaveBeenCalledWith(entries[0], false);
  });
});
