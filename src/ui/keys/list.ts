// Moving in a list, the same in every screen: ↑/↓ one row, PgUp/PgDn a page, Home/End the ends,
// never past either end; and the window of rows that keeps the chosen one in view.
import type { Key } from './keys.js';

/** `i` kept inside a list of `length` (0 for an empty list). */
export function clampIndex(i: number, length: number): number {
  return Math.max(0, Math.min(length - 1, i));
}

/** The index after a moving key, or undefined when the key does not move in a list. */
export function moveIn(index: number, length: number, key: Key, page = 8): number | undefined {
  switch (key.name) {
    case 'up':
      return clampIndex(index - 1, length);
    case 'down':
      return clampIndex(index + 1, length);
    case 'pageup':
      return clampIndex(index - page, length);
    case 'pagedown':
      return clampIndex(index + page, length);
    case 'home':
      return 0;
    case 'end':
      return clampIndex(length - 1, length);
    default:
      return undefined;
  }
}

/** The first row of a window of `rows` rows over `length` that keeps row `at` in view (centred when it can be). */
export function windowStart(at: number, length: number, rows: number): number {
  if (length <= rows) return 0;
  return Math.max(0, Math.min(at - Math.floor(rows / 2), length - rows));
}

/** The rows of `items` a window of `rows` shows around `at`. */
export function windowAround<T>(items: readonly T[], at: number, rows: number): T[] {
  const from = windowStart(at, items.length, Math.max(0, rows));
  return items.slice(from, from + Math.max(0, rows));
}

/** A text's first shown row after a scrolling key (↑/↓ a row, PgUp/PgDn a page), within 0..max. */
export function scrollBy(at: number, key: Key, page: number, max = Number.POSITIVE_INFINITY): number {
  const by = key.name === 'up' ? -1 : key.name === 'down' ? 1 : key.name === 'pageup' ? -page : key.name === 'pagedown' ? page : 0;
  return Math.max(0, Math.min(max, at + by));
}
