/** Which rows of a fixed-row-height list to render for the current scroll position. */
export interface VirtualWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Row after the last rendered one (exclusive). */
  end: number;
  /** Pixels above the first rendered row: where it is placed. */
  offsetTop: number;
  /** Height of the whole list, so the scrollbar is right. */
  totalHeight: number;
}

export function virtualWindow(opts: {
  total: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  /** Extra rows rendered above and below, so fast scrolling shows no blank band. */
  overscan: number;
}): VirtualWindow {
  const { total, rowHeight, overscan } = opts;
  const totalHeight = total * rowHeight;
  // A list shrunk by the filter may leave scrollTop past its end until the browser clamps it.
  const scrollTop = Math.min(Math.max(0, opts.scrollTop), Math.max(0, totalHeight - opts.viewportHeight));
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const visibleCount = Math.ceil(Math.max(0, opts.viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(total, firstVisible + visibleCount + overscan);
  return { start, end: Math.max(start, end), offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` fully into view, or the current one if it already is. */
export function scrollToRow(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = top + rowHeight;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}
