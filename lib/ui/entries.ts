import type { ShareEntry } from '../shares/browse';

export type SortKey = 'name' | 'size' | 'date';
type SortDirection = 'asc' | 'desc';
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortOrder = { key: 'name', direction: 'asc' };

// Natural order ("2.mp4" before "10.mp4"), and Chinese names in pinyin order where supported.
const collator = new Intl.Collator(['zh-Hans-CN-u-co-pinyin', 'en'], { numeric: true, sensitivity: 'base' });

/** A sorted copy: folders always first, then by the key; ties fall back to the name. */
export function sortEntries(entries: readonly ShareEntry[], order: SortOrder): ShareEntry[] {
  const sign = order.direction === 'asc' ? 1 : -1;
  const byKey = COMPARE[order.key];
  return [...entries].sort((a, b) => {
    if (a.type !== b.type) return a.type === 'folder' ? -1 : 1;
    return sign * (byKey(a, b) || collator.compare(a.name, b.name));
  });
}

const COMPARE: Record<SortKey, (a: ShareEntry, b: ShareEntry) => number> = {
  name: (a, b) => collator.compare(a.name, b.name),
  size: (a, b) => (a.size ?? 0) - (b.size ?? 0),
  // ISO strings of one format compare as dates; a missing date sorts as the oldest.
  date: (a, b) => (a.updatedAt ?? '').localeCompare(b.updatedAt ?? ''),
};

/** Clicking the current column flips its direction; another column starts ascending (dates: newest first). */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'date' ? 'desc' : 'asc' };
}

/**
 * Entries whose name contains every word of the query, ignoring case and width
 * (NFKC: "ＭＰ４" finds "mp4").
 */
export function filterEntries(entries: readonly ShareEntry[], query: string): readonly ShareEntry[] {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((e) => {
    const name = normalize(e.name);
    return words.every((w) => name.includes(w));
  });
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
