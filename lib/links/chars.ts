/** Character-class helpers shared by the link and code scanners (ASCII only, by code unit). */

export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || isAsciiLetter(c);
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * End of the run of [A-Za-z0-9] starting at i, or -1 when the run is longer than max.
 * Stops after max + 1 chars, so a megabyte-long run costs no more than a short one.
 */
export function alnumEnd(t: string, i: number, max: number): number {
  let j = i;
  while (j < t.length && isAlnum(t.charCodeAt(j))) {
    if (j - i === max) return -1;
    j++;
  }
  return j;
}

/**
 * Lookup table for a set of ASCII chars; every non-ASCII char is outside the set. Marked free of
 * side effects, so a bundle drops the tables it never reads: the content script imports the link
 * scanner only for its cheap first tests, and building its three tables cost ~1 ms of its
 * start-up on every page.
 */
/* @__NO_SIDE_EFFECTS__ */
export function asciiSet(test: (c: number) => boolean): (c: number) => boolean {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = test(c) ? 1 : 0;
  return (c) => c < 128 && table[c] === 1;
}

/** End of the run of chars in `inSet` from i, less trailing chars in `trailing`. */
export function runEnd(t: string, i: number, inSet: (c: number) => boolean, trailing: string): number {
  let j = i;
  while (j < t.length && inSet(t.charCodeAt(j))) j++;
  while (j > i && trailing.includes(t.charAt(j - 1))) j--;
  return j;
}
