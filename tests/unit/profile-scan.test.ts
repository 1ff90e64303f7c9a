/** The Firefox e2e's profile search (tests/e2e/profile-scan.ts) sees secrets where Firefox compresses them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { filesHolding, mozLz4 } from '../e2e/profile-scan';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A cache2 entry: the body as served, metadata, and the metadata's offset in the last 4 bytes. */
function cacheEntry(body: Buffer, metadata: string): Buffer {
  const offset = Buffer.alloc(4);
  offset.writeUInt32BE(body.length);
  return Buffer.concat([body, Buffer.from(metadata), offset]);
}

describe('profile scan', () => {
  it('decodes an LZ4 block with literals and a match', () => {
    // "abcd" as literals, then 8 bytes from 4 back, then "!" as the last literals.
    const block = Buffer.from([0x44, ...Buffer.from('abcd'), 0x04, 0x00, 0x10, 0x21]);
    const file = Buffer.concat([Buffer.from('mozLz40\0', 'latin1'), Buffer.from([13, 0, 0, 0]), block]);
    expect(mozLz4(file).toString()).toBe('abcdabcdabcd!');
  });

  it('finds secrets raw, in UTF-16, in brotli cache bodies and in mozLz4 files; not elsewhere', () => {
    dir = mkdtempSync(join(tmpdir(), 'profile-scan-'));
    mkdirSync(join(dir, 'cache2', 'entries'), { recursive: true });
    writeFileSync(join(dir, 'prefs.js'), 'user_pref("a", "raw-secret");');
    writeFileSync(join(dir, 'wide.sqlite'), Buffer.from('xx wide-secret xx', 'utf16le'));
    const body = brotliCompressSync(Buffer.from('{"refresh_token":"cached-secret"}'));
    writeFileSync(join(dir, 'cache2', 'entries', 'AB12'), cacheEntry(body, ':https://auth.example/token'));
    const literal = Buffer.from('{"x":"lz4-secret"}');
    const block = Buffer.concat([Buffer.from([0xf0, literal.length - 15]), literal]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(literal.length);
    writeFileSync(join(dir, 'sessionstore.jsonlz4'), Buffer.concat([Buffer.from('mozLz40\0', 'latin1'), size, block]));

    expect(filesHolding(dir, ['raw-secret', 'wide-secret', 'cached-secret', 'lz4-secret', 'absent-secret'])).toEqual([
      `${join('cache2', 'entries', 'AB12')} holds cached-secret`,
      'prefs.js holds raw-secret',
      'sessionstore.jsonlz4 holds lz4-secret',
      'wide.sqlite holds wide-secret',
    ]);
  });
});
