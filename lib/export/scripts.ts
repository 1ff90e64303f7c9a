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

/**
 * `aria2c -i <file>`: each URL, then its options indented on lines of their own. `out` carries the
 * whole path, which aria2 takes relative to `--dir` (the current folder unless `-d` says so); a
 * `dir=` line would override `-d` with a folder relative to wherever aria2c runs.
 */
export function aria2InputFile(files: readonly ExportedFile[]): string {
  return files.map((f) => `${f.url}\n  out=${f.filename}\n`).join('');
}

/** `sh <file>` in the folder that should receive the files: folders first, then one curl per file. */
export function curlScript(files: readonly ExportedFile[]): string {
  const lines = ['#!/bin/sh', '# Files from an Alipan share. Run this script in the folder that should receive them.'];
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
