/**
 * Searches every file of a browser profile for secrets, binary-safe: the raw bytes, in UTF-8 and
 * UTF-16, and also what Firefox compresses — HTTP cache bodies are stored as served (br, gzip,
 * deflate) and `*.jsonlz4` / `*.mozlz4` files (session store, telemetry) are mozLz4.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { must } from '../must';

/** `<relative path> holds <secret>` for each file and secret found, sorted. */
export function filesHolding(dir: string, secrets: readonly string[]): string[] {
  const needles = secrets.flatMap((secret) =>
    [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')].map((bytes) => ({ secret, bytes })),
  );
  const hits = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dir, path);
    for (const view of readableViews(name, readFileSync(path))) {
      for (const { secret, bytes } of needles) if (view.includes(bytes)) hits.add(`${name} holds ${secret}`);
    }
  }
  return [...hits].sort();
}

/** The file's bytes, and whatever they decode to where Firefox stores them compressed. */
function readableViews(name: string, raw: Buffer): Buffer[] {
  const views = [raw];
  if (name.split(sep).includes('cache2')) {
    const body = cacheEntryBody(raw);
    if (body)
      views.push(
        ...[brotliDecompressSync, gunzipSync, inflateSync, inflateRawSync].flatMap((decode) =>
          attempt(() => decode(body)),
        ),
      );
  }
  if (raw.subarray(0, MOZ_LZ4_MAGIC.length).equals(MOZ_LZ4_MAGIC)) views.push(...attempt(() => mozLz4(raw)));
  return views;
}

function attempt(decode: () => Buffer): Buffer[] {
  try {
    return [decode()];
  } catch {
    return [];
  }
}

/** A cache2 entry is the body as received, then metadata; the file's last 4 bytes (big-endian) say where the metadata starts. */
function cacheEntryBody(raw: Buffer): Buffer | undefined {
  if (raw.length < 4) return undefined;
  const end = raw.readUInt32BE(raw.length - 4);
  return end > 0 && end <= raw.length - 4 ? raw.subarray(0, end) : undefined;
}

const MOZ_LZ4_MAGIC = Buffer.from('mozLz40\0', 'latin1');

/** mozLz4: the magic, the decoded size (uint32 LE), then one LZ4 block. */
export function mozLz4(raw: Buffer): Buffer {
  const out = Buffer.alloc(raw.readUInt32LE(MOZ_LZ4_MAGIC.length));
  const src = raw.subarray(MOZ_LZ4_MAGIC.length + 4);
  const length = (initial: number, at: { i: number }) => {
    let n = initial;
    if (n === 15) {
      let b: number;
      do n += b = must(src[at.i++]);
      while (b === 255);
    }
    return n;
  };
  const at = { i: 0 };
  let o = 0;
  while (at.i < src.length) {
    const token = must(src[at.i++]);
    const literals = length(token >> 4, at);
    src.copy(out, o, at.i, at.i + literals);
    at.i += literals;
    o += literals;
    if (at.i >= src.length) break; // the last sequence has literals only
    const offset = src.readUInt16LE(at.i);
    at.i += 2;
    const matched = length(token & 15, at) + 4;
    for (let k = 0; k < matched; k++, o++) out[o] = must(out[o - offset]);
  }
  return out.subarray(0, o);
}
