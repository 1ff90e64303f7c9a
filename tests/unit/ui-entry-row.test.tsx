/**
 * Row icons are SVG, never emoji (issue 12: emoji are empty boxes without an emoji font); the
 * row's hooks, names and labels stay as they were.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { EntryRow } from '../../components/share/EntryRow';
import { t } from '../../lib/i18n';
import type { ShareEntry } from '../../lib/shares/browse';
import { toEntry } from '../../lib/shares/share-browser';
import { must } from '../must';
import { freshRoot } from './fresh-root';

/** A character that needs an emoji font: a pictograph, or any character asked to look like one. */
const EMOJI = /\p{Extended_Pictographic}|\uFE0F/u;

let root!: HTMLElement;
freshRoot((r) => (root = r));

const entries: [ShareEntry, string][] = [
  [{ fileId: 'f', name: 'Folder', type: 'folder', size: 0, updatedAt: '2024-03-05T14:07:00Z' }, 'folder'],
  ...(
    [
      ['a.mkv', 'video'],
      ['a.flac', 'audio'],
      ['a.png', 'image'],
      ['a.pdf', 'book'],
      ['a.txt', 'doc'],
      ['a.xlsx', 'sheet'],
      ['a.pptx', 'slides'],
      ['a.7z', 'archive'],
      ['a.apk', 'app'],
      ['a.iso', 'disc'],
      ['a.srt', 'subtitles'],
      ['a.zzz', 'file'],
    ] as const
  ).map(([name, kind], i): [ShareEntry, string] => [
    { fileId: `id-${i}`, name, type: 'file', size: 1024, updatedAt: '2024-03-05T14:07:00Z' },
    kind,
  ]),
];

const actions = { onSelect: vi.fn(), onOpen: vi.fn(), onDownload: vi.fn(), onExport: vi.fn(), onSave: vi.fn() };

describe('EntryRow icons', () => {
  it.each(entries)('%o: an SVG of its kind, hidden from assistive tech, and no emoji', (entry, kind) => {
    act(() => render(h(EntryRow, { ...actions, entry, index: 0, count: 1, selected: false, busy: false }), root));
    const row = must(root.querySelector<HTMLElement>(`[data-file-id="${entry.fileId}"]`));
    expect(row.dataset.name).toBe(entry.name);
    expect(row.getAttribute('aria-label')).toBe(entry.name);
    const icon = must(row.querySelector('.entry-icon svg'));
    expect(icon.getAttribute('data-kind')).toBe(kind);
    expect(icon.closest('[aria-hidden="true"]')).not.toBeNull();
    for (const action of ['download', 'save-row', 'export-row']) {
      const button = must(row.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`));
      expect(button.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
      expect(button.getAttribute('aria-label')).toContain(entry.name);
    }
    expect(row.textContent).not.toMatch(EMOJI);
    expect(root.innerHTML).not.toMatch(EMOJI);
  });
});

describe('EntryRow of a banned file', () => {
  it('says so on the row (data-banned, a label before the name, the accessible name); listings map punish_flag to it', () => {
    const entry = toEntry({
      file_id: 'b1',
      name: 'clip.mp4',
      type: 'file',
      size: 5,
      parent_file_id: 'root',
      punish_flag: 1,
    });
    expect(entry.banned).toBe(true);
    expect(
      toEntry({ file_id: 'ok', name: 'a.txt', type: 'file', parent_file_id: 'root', punish_flag: 0 }),
    ).not.toHaveProperty('banned');
    act(() => render(h(EntryRow, { ...actions, entry, index: 0, count: 1, selected: false, busy: false }), root));
    const row = must(root.querySelector<HTMLElement>('[data-file-id="b1"]'));
    expect(row.hasAttribute('data-banned')).toBe(true);
    expect(must(row.querySelector('.entry-name')).textContent).toBe(`${t('entryBanned')}clip.mp4`);
    expect(row.getAttribute('aria-label')).toBe(`clip.mp4 (${t('entryBanned')})`);
  });
});

describe('EntryRow thumbnails', () => {
  const photo: ShareEntry = {
    fileId: 'p',
    name: 'photo.jpg',
    type: 'file',
    size: 10,
    thumbnail: 'https://cdn.example/p.jpg',
  };

  it('shows the listing thumbnail, lazily and sending no Referer', () => {
    act(() =>
      render(h(EntryRow, { ...actions, entry: photo, index: 0, count: 1, selected: false, busy: false }), root),
    );
    const img = must(root.querySelector<HTMLImageElement>('img[data-thumbnail]'));
    expect(img.getAttribute('src')).toBe(photo.thumbnail);
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('alt')).toBe('');
  });

  it('falls back to the type icon when there is none, when it is not https, or when it fails to load', () => {
    act(() =>
      render(
        h(EntryRow, {
          ...actions,
          entry: { ...photo, thumbnail: 'http://cdn.example/p.jpg' },
          index: 0,
          count: 1,
          selected: false,
          busy: false,
        }),
        root,
      ),
    );
    expect(root.querySelector('img[data-thumbnail]')).toBeNull();
    expect(root.querySelector('.entry-icon svg')?.getAttribute('data-kind')).toBe('image');

    act(() =>
      render(h(EntryRow, { ...actions, entry: photo, index: 0, count: 1, selected: false, busy: false }), root),
    );
    act(() => void must(root.querySelector('img[data-thumbnail]')).dispatchEvent(new Event('error')));
    expect(root.querySelector('img[data-thumbnail]')).toBeNull();
    expect(root.querySelector('.entry-icon svg')?.getAttribute('data-kind')).toBe('image');
  });
});

describe('EntryRow preview (issue 13)', () => {
  const photo: ShareEntry = { fileId: 'p', name: '<b>photo</b>.jpg', type: 'file', size: 10 };
  const show = (entry: ShareEntry, onPreview?: (e: ShareEntry) => void) => {
    const props = { ...actions, onDownload: vi.fn(), onOpen: vi.fn(), ...(onPreview ? { onPreview } : {}) };
    act(() => render(h(EntryRow, { ...props, entry, index: 0, count: 1, selected: false, busy: false }), root));
    return { props, row: must(root.querySelector<HTMLElement>(`[data-file-id="${entry.fileId}"]`)) };
  };

  it('a file row previews from its button, Enter and a double click; its name stays text', () => {
    const onPreview = vi.fn();
    const { props, row } = show(photo, onPreview);
    must(row.querySelector<HTMLButtonElement>('button[data-action="preview"]')).click();
    row.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    must(row.querySelector('.entry-name')).dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    expect(onPreview).toHaveBeenCalledTimes(3);
    expect(props.onDownload).not.toHaveBeenCalled();
    expect(row.querySelector('b')).toBeNull();
  });

  it('folders and rows without a pane (the popup) have no preview button; Enter downloads there', () => {
    const folder = show({ fileId: 'd', name: 'Photos', type: 'folder' }, vi.fn());
    expect(folder.row.querySelector('button[data-action="preview"]')).toBeNull();
    const { props, row } = show(photo);
    expect(row.querySelector('button[data-action="preview"]')).toBeNull();
    row.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(props.onDownload).toHaveBeenCalledTimes(1);
  });
});
