/** Follows `next_marker` until it is empty; also stops if a marker repeats (§5: seen in the wild). */
export async function collectPages<T>(
  fetchPage: (marker: string) => Promise<{ items?: T[]; next_marker?: string }>,
  onPage?: (items: T[]) => void,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let marker = '';
  for (;;) {
    const page = await fetchPage(marker);
    const items = page.items ?? [];
    all.push(...items);
    onPage?.(items);
    marker = page.next_marker ?? '';
    if (!marker || seen.has(marker)) return all;
    seen.add(marker);
  }
}
