/**
 * The value, or a clear failure where a test expected one: `must(map.get(id), 'job')` instead of
 * `map.get(id)!`, which would fail later, and vaguely, on the undefined it let through.
 */
export function must<T>(value: T, what = 'a value'): NonNullable<T> {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${value}`);
  return value;
}
