/**
 * Every share of a page (or of a pasted block of text) at once (issue 10): how many are alive,
 * need a code, are dead and of what kind; their links with codes; the list as Markdown or CSV.
 */
import type { ShareState } from '../shares/model';
import { shareUrl } from '../shares/validate';
import { type TabShare, usableCode } from './tab-shares';

/** The kinds a share that cannot be opened comes in; `empty` opens, but there is nothing in it. */
export const DEAD_KINDS = [
  'expired',
  'cancelled',
  'forbidden',
  'not-found',
  'empty',
] as const satisfies readonly ShareState[];
type DeadKind = (typeof DEAD_KINDS)[number];

export interface ShareSummary {
  total: number;
  alive: number;
  /** No code on the page, or the page's code is wrong (`wrongCode` of them). */
  needsCode: number;
  wrongCode: number;
  dead: number;
  deadByKind: Partial<Record<DeadKind, number>>;
  /** Alipan did not say (rate-limited); never counted as dead. */
  unknown: number;
  /** Not answered yet. */
  checking: number;
}

export function summarizeShares(shares: readonly TabShare[]): ShareSummary {
  const summary: ShareSummary = {
    total: shares.length,
    alive: 0,
    needsCode: 0,
    wrongCode: 0,
    dead: 0,
    deadByKind: {},
    unknown: 0,
    checking: 0,
  };
  for (const share of shares) {
    const state = share.status?.state ?? 'checking';
    if (state === 'valid') summary.alive += 1;
    else if (state === 'needs-code' || state === 'wrong-code') {
      summary.needsCode += 1;
      if (state === 'wrong-code') summary.wrongCode += 1;
    } else if (isDeadKind(state)) {
      summary.dead += 1;
      summary.deadByKind[state] = (summary.deadByKind[state] ?? 0) + 1;
    } else if (state === 'unknown') summary.unknown += 1;
    else summary.checking += 1;
  }
  return summary;
}

function isDeadKind(state: ShareState): state is DeadKind {
  return (DEAD_KINDS as readonly ShareState[]).includes(state);
}

/** The shares that open now. */
export function liveShares(shares: readonly TabShare[]): TabShare[] {
  return shares.filter((s) => s.status?.state === 'valid');
}

/** The shares that open now, one line each: the address, then the code as Alipan writes it. */
export function liveShareLines(shares: readonly TabShare[]): string {
  return liveShares(shares)
    .map((s) => {
      const code = usableCode(s);
      return code ? `${shareUrl(s)} 提取码: ${code}` : shareUrl(s);
    })
    .join('\n');
}

export type ShareListFormat = 'markdown' | 'csv';

interface ListRow {
  name: string;
  link: string;
  code: string;
  state: string;
  files: string;
}

function rows(shares: readonly TabShare[]): ListRow[] {
  return shares.map((s) => ({
    name: s.status?.name ?? '',
    link: shareUrl(s),
    code: usableCode(s) ?? '',
    state: s.status?.state ?? 'checking',
    files: s.status?.fileCount === undefined ? '' : String(s.status.fileCount),
  }));
}

const COLUMNS: (keyof ListRow)[] = ['name', 'link', 'code', 'state', 'files'];

/** Name, link, code, state and file count of every share, as a Markdown table or CSV (RFC 4180). */
export function shareList(shares: readonly TabShare[], format: ShareListFormat): string {
  const table = rows(shares);
  if (format === 'csv') {
    // The byte-order mark makes Excel read UTF-8 (Chinese names) instead of the system code page.
    return `\ufeff${[COLUMNS.join(','), ...table.map((row) => COLUMNS.map((c) => csvCell(row[c])).join(','))].join('\r\n')}\r\n`;
  }
  const head = ['Name', 'Link', 'Code', 'State', 'Files'];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...table.map((row) => `| ${markdownText(row.name)} | <${row.link}> | ${row.code} | ${row.state} | ${row.files} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A share's name is the sharer's text: quoted when CSV needs it, and never read as a formula by
 * a spreadsheet (a leading = + - @ or control character gets a `'`, as OWASP advises).
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Text in a table cell: Markdown's marks escaped, so a name cannot make a link, an image or a column. */
function markdownText(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~-]/g, '\\$&');
}

export const SHARE_LIST_TYPES: Record<ShareListFormat, string> = {
  markdown: 'text/markdown;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
};

/** `alipan-shares-<site>-<yyyy-mm-dd>.md|.csv`. */
export function shareListFileName(site: string, format: ShareListFormat, now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const where = site.replace(/[^A-Za-z0-9.-]/g, '_') || 'pasted';
  return `alipan-shares-${where}-${day}.${format === 'csv' ? 'csv' : 'md'}`;
}
