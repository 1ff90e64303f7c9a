// @vitest-environment node
// The curl script is run by a real /bin/sh, with `curl` replaced by a function that records its arguments.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadFilename } from '../../lib/downloads/filename';
import type { ExportedFile } from '../../lib/export/aria2';
import { aria2InputFile, curlScript, linkLines, shellQuote } from '../../lib/export/scripts';

const url = (n: number) => `https://cdn.example/lt/f${n}?x-oss-expires=1700000000&x-oss-signature=a%2Bb&f=${n}`;

/** Files named as the pipeline names them: hostile share names made safe by filename.ts. */
function pipelineFiles(share: string, entries: [string[], string][]): ExportedFile[] {
  const taken = new Set<string>();
  return entries.map(([path, name], i) => ({ url: url(i), filename: downloadFilename(share, path, name, taken) }));
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Runs the script in a fresh folder; returns each curl call's arguments, and the folder. */
function runScript(script: string): { calls: string[][]; dir: string } {
  dir = mkdtempSync(join(tmpdir(), 'curl-script-'));
  const shim = `curl() { printf '%s\\0' "$@" >> "$CALLS"; printf '\\n' >> "$CALLS"; }\n`;
  writeFileSync(join(dir, 'run.sh'), script.replace('#!/bin/sh\n', `#!/bin/sh\n${shim}`));
  execFileSync('/bin/sh', ['run.sh'], { cwd: dir, env: { PATH: process.env.PATH, CALLS: join(dir, 'calls') } });
  const calls = readFileSync(join(dir, 'calls'), 'utf8')
    .split('\0\n')
    .filter(Boolean)
    .map((line) => line.split('\0'));
  return { calls, dir };
}

describe('linkLines', () => {
  it('puts one URL a line, nothing else', () => {
    expect(
      linkLines([
        { url: url(1), filename: 'S/a' },
        { url: url(2), filename: 'S/b' },
      ]),
    ).toBe(`${url(1)}\n${url(2)}`);
  });
});

describe('aria2InputFile', () => {
  it('writes each URL with its path as an indented out= option', () => {
    const files = pipelineFiles('My Share', [
      [[], 'a.txt'],
      [['Season 1', 'Extras'], 'making of.mp4'],
    ]);
    expect(aria2InputFile(files)).toBe(
      `${url(0)}\n  out=My Share/a.txt\n` + `${url(1)}\n  out=My Share/Season 1/Extras/making of.mp4\n`,
    );
  });

  it('says first, in a comment, when the earliest link stops working', () => {
    const files = [
      { url: url(1), filename: 'S/a', expiresAt: Date.UTC(2026, 11, 5, 9, 30) },
      { url: url(2), filename: 'S/b', expiresAt: Date.UTC(2026, 11, 5, 9, 29, 30) },
    ];
    const [note, ...rest] = aria2InputFile(files).split('\n');
    expect(note).toBe(
      "# The links work until 2026-12-05T09:29:30Z (Alipan's links live 15 minutes): start the downloads before then, or export again.",
    );
    expect(rest.slice(0, 2)).toEqual([url(1), '  out=S/a']);
    expect(curlScript(files).split('\n')[2]).toBe(note);
  });

  it('cannot be broken out of by a name: every option stays on its own line', () => {
    const files = pipelineFiles('x\n  dir=/etc', [[['a\r\n  out=/etc/passwd'], 'b\tc.txt']]);
    const lines = aria2InputFile(files).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^ {2}out=[^\n]+$/);
    expect(lines[1]).not.toContain('/etc');
  });
});

describe('curlScript', () => {
  it('is a POSIX script: mkdir -p each folder once, then curl -L --fail -o per file', () => {
    const files = pipelineFiles('S', [
      [['d'], 'a'],
      [['d'], 'b'],
      [[], 'c'],
    ]);
    expect(curlScript(files)).toBe(
      [
        '#!/bin/sh',
        '# Files from an Alipan share. Run this script in the folder that should receive them.',
        "mkdir -p -- 'S/d'",
        `curl -L --fail -o 'S/d/a' '${url(0)}'`,
        `curl -L --fail -o 'S/d/b' '${url(1)}'`,
        "mkdir -p -- 'S'",
        `curl -L --fail -o 'S/c' '${url(2)}'`,
        '',
      ].join('\n'),
    );
  });

  it('quotes hostile names so the shell passes them to curl unchanged and runs nothing else', () => {
    const hostile: [string[], string][] = [
      [[], "it's $(touch pwned) `touch pwned2`.txt"],
      [['-rf', '$HOME'], '"; touch pwned3; echo ".mkv'],
      [["a'b"], '*.txt'],
      [[], 'line\nbreak & | ; < > \\ !.txt'],
    ];
    // Plus a raw path the pipeline would never make: a folder starting with "-".
    const files = [
      ...pipelineFiles("Share 'quoted' $(id)", hostile),
      { url: url(9), filename: "-dir/it's $(touch pwned4)/-o" },
    ];
    const { calls, dir } = runScript(curlScript(files));
    expect(calls).toEqual(files.map((f) => ['-L', '--fail', '-o', f.filename, f.url]));
    for (const f of files)
      expect(statSync(join(dir, f.filename.split('/').slice(0, -1).join('/'))).isDirectory()).toBe(true);
    for (const trap of ['pwned', 'pwned2', 'pwned3', 'pwned4']) expect(() => statSync(join(dir, trap))).toThrow();
  });

  it("shellQuote closes and reopens the quotes around '", () => {
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
    expect(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote("a'b $x `y` \\n")}`]).toString()).toBe(
      "a'b $x `y` \\n",
    );
  });
});
