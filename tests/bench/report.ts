import { must } from '../must';
/** Small helpers the benchmark reports share: medians, milliseconds and plain-text tables. */

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? must(sorted[mid]) : (must(sorted[mid - 1]) + must(sorted[mid])) / 2;
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;

/** A Markdown-style table; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = must(rows[0]).map((_, c) => Math.max(...rows.map((r) => must(r[c]).length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(must(widths[c]))).join(' | ')} |`;
  return [line(must(rows[0])), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join(
    '\n',
  );
}
