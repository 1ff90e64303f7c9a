/**
 * What the page saves or copies for other downloaders: the bare links, an aria2 input file and a
 * POSIX shell script for curl. Pure functions of the exported files; each file keeps its path
 * `<share>/<folders…>/<file>`, relative to the folder the tool runs in.
 */
import type { ExportedFile } from './aria2';

/** One URL a line, for the clipboard. */
export function linkLines(files: readonly ExportedFile[]): string {
  return files.map((f) => f.url).join('\n');
}

/** An exported link and, when known, when it stops working (epoch ms). */
export type ScriptFile = ExportedFile & { expiresAt?: number };

/**
 * §8: the links live 15 minutes; a file saved now and run later says so, so that a tool's
 * "403" is never a mystery. A comment line in both formats.
 */
function expiryNote(files: readonly ScriptFile[]): string[] {
  const times = files.flatMap((f) => (f.expiresAt === undefined ? [] : [f.expiresAt]));
  if (times.length === 0) return [];
  const at = new Date(Math.min(...times)).toISOString().replace(/\.\d+Z$/, 'Z');
  return [
    `# The links work until ${at} (Alipan's links live 15 minutes): start the downloads before then, or export again.`,
  ];
}

/**
 * `aria2c -i <file>`: each URL, then its options indented on lines of their own. `out` carries the
 * whole path, which aria2 takes relative to `--dir` (the current folder unless `-d` says so); a
 * `dir=` line would override `-d` with a folder relative to wherever aria2c runs.
 */
export function aria2InputFile(files: readonly ScriptFile[]): string {
  return [...expiryNote(files).map((line) => `${line}\n`), ...files.map((f) => `${f.url}\n  out=${f.filename}\n`)].join(
    '',
  );
}

/** `sh <file>` in the folder that should receive the files: folders first, then one curl per file. */
export function curlScript(files: readonly ScriptFile[]): string {
  const lines = [
    '#!/bin/sh',
    '# Files from an Alipan share. Run this script in the folder that should receive them.',
    ...expiryNote(files),
  ];
  const made = new Set<string>();
  for (const f of files) {
    const folder = f.filename.split('/').slice(0, -1).join('/');
    if (folder && !made.has(folder)) {
      made.add(folder);
      // `--`: a folder name may start with "-".
      lines.push(`mkdir -p -- ${shellQuote(folder)}`);
    }
    lines.push(`curl -L --fail -o ${shellQuote(f.filename)} ${shellQuote(f.url)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** POSIX single quotes: nothing inside is special except `'` itself, written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
