/**
 * How long a route's answer stays true when something in it changes with the clock rather than
 * with a write (an item sold out until a time): the in-process response copy of that answer is not
 * served at or after this instant (ms since the epoch), whatever its version token says. A symbol
 * property, so it never reaches the JSON.
 */
const FRESH_UNTIL = Symbol('freshUntil');

type Bounded = { [FRESH_UNTIL]?: number };

/** Marks `value` as true only until `until` (no mark for null); returns `value`. */
export function freshUntil<T extends object>(value: T, until: number | null): T {
  if (until !== null) Object.defineProperty(value, FRESH_UNTIL, { value: until });
  return value;
}

/** The instant a handler's answer stops being true, if it said one. */
export function freshUntilOf(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null ? (value as Bounded)[FRESH_UNTIL] : undefined;
}
