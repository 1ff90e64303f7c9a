/**
 * Undo the cheap obfuscations people put in share links (zero-width characters, full-width
 * ASCII) while remembering where each kept char came from, so that positions found in the
 * folded text can be reported against the original.
 */
export interface Folded {
  text: string;
  /** Original index of each folded char plus one for the end; null when nothing changed. */
  map: Int32Array | null;
}

const FOLDABLE = /[\u200b-\u200d\u2060\ufeff\u3000\uff01-\uff5e]/;
// Keeps String.fromCharCode's argument count far below engine limits.
const CHUNK = 0x2000;

export function fold(src: string): Folded {
  if (!FOLDABLE.test(src)) return { text: src, map: null };
  const units = new Uint16Array(src.length);
  const map = new Int32Array(src.length + 1);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (isInvisible(c)) continue;
    units[n] = foldUnit(c);
    map[n++] = i;
  }
  map[n] = src.length;
  return { text: decode(units.subarray(0, n)), map: map.subarray(0, n + 1) };
}

/** The original range of the folded range [start, end). */
export function toOriginal(f: Folded, start: number, end: number): [number, number] {
  if (!f.map) return [start, end];
  return [f.map[start] ?? start, (f.map[end - 1] ?? end - 1) + 1];
}

function isInvisible(c: number): boolean {
  return (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff;
}

/** Full-width ASCII and the ideographic space, as NFKC would fold them. */
function foldUnit(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  return c === 0x3000 ? 0x20 : c;
}

function decode(units: Uint16Array): string {
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += CHUNK) {
    // apply takes the typed array as it is; spreading it is several times slower.
    parts.push(String.fromCharCode.apply(null, units.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}
