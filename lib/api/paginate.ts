/**
 * Follows `next_marker` until it is empty; also stops if a marker repeats (§5: seen in the
 * wild). `onPage` hears each page as it comes; once `signal` aborts, no further page is asked.
 */
export async function collectPages<T>(
  fetchPage: (marker: string) => Promise<{ items?: T[]; next_marker?: string }>,
  { onPage, signal }: { onPage?: (items: T[]) => void; signal?: AbortSignal } = {},
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let marker = '';
  for (;;) {
    signal?.throwIfAborted();
    const page = await fetchPage(marker);
    const items = page.items ?? [];
    all.push(...items);
    onPage?.(items);
    marker = page.next_marker ?? '';
    if (!marker || seen.has(marker)) return all;
    seen.add(marker);
  }
}
