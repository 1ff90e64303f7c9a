/**
 * Which items of a fixed-row-height list — or of a grid of `columns` items a row — to render for
 * the current scroll position. `start`/`end` count items; whole rows are rendered.
 */
export interface VirtualWindow {
  /** First rendered item (inclusive). */
  start: number;
  /** Item after the last rendered one (exclusive). */
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
  /** Items a row (a grid); 1 for a list. */
  columns?: number;
}): VirtualWindow {
  const { rowHeight, overscan } = opts;
  const columns = Math.max(1, Math.floor(opts.columns ?? 1));
  const rows = Math.ceil(opts.total / columns);
  const totalHeight = rows * rowHeight;
  // A list shrunk by the filter may leave scrollTop past its end until the browser clamps it.
  const scrollTop = Math.min(Math.max(0, opts.scrollTop), Math.max(0, totalHeight - opts.viewportHeight));
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const visibleCount = Math.ceil(Math.max(0, opts.viewportHeight) / rowHeight) + 1;
  const startRow = Math.max(0, firstVisible - overscan);
  const endRow = Math.min(rows, firstVisible + visibleCount + overscan);
  const start = startRow * columns;
  return {
    start,
    end: Math.max(start, Math.min(opts.total, endRow * columns)),
    offsetTop: startRow * rowHeight,
    totalHeight,
  };
}

/** The scrollTop that brings row `index` fully into view, or the current one if it already is. */
export function scrollToRow(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = top + rowHeight;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}
