// A view's lines laid out in the rows a screen has: nothing the operator needs is cut. A line wider
// than the row wraps at spaces, its continuation indented as the line is (a field with its cursor is
// left as it is: the field scrolls itself); lines beyond the last row are not silently dropped: the
// last row then says how many more there are (a cut mark the 80x24 walk test looks for). Pure.
import type { ViewLine } from './screen.js';

/** The mark of a row that had to be cut: a screen that shows it is a defect (tests fail on it). */
export const CUT = '…';

const cols = (s: string) => [...s].length;

/** One line into rows of at most `width` columns: wrapped at spaces, a word longer than a row split. */
export function wrapLine(text: string, width: number): string[] {
  if (width <= 0 || cols(text) <= width) return [text];
  const indent = /^ */.exec(text)?.[0] ?? '';
  // the rows after the first start under the text, past a leading "! " or "* "
  const bullet = /^[!*•-] /.test(text.slice(indent.length)) ? '  ' : '';
  const pad = indent.length + bullet.length < width / 2 ? indent + bullet : '';
  const out: string[] = [];
  let cur = indent;
  let fresh = true;
  for (let w of text.slice(indent.length).split(' ')) {
    if (!fresh && cols(cur) + 1 + cols(w) > width) {
      out.push(cur);
      cur = pad;
      fresh = true;
    }
    while (cols(cur) + (fresh ? 0 : 1) + cols(w) > width) {
      // a word longer than a whole row: split it
      const room = Math.max(1, width - cols(cur) - (fresh ? 0 : 1));
      out.push(cur + (fresh ? '' : ' ') + [...w].slice(0, room).join(''));
      w = [...w].slice(room).join('');
      cur = pad;
      fresh = true;
    }
    cur += (fresh ? '' : ' ') + w;
    fresh = false;
  }
  out.push(cur);
  return out;
}

export interface Laid {
  rows: ViewLine[];
  /** Lines (after wrapping) that did not fit the rows. */
  hidden: number;
}

/** The lines of a view in `height` rows of `width` columns. */
export function layLines(lines: readonly ViewLine[], width: number, height: number): Laid {
  const rows: ViewLine[] = [];
  for (const l of lines) {
    if (typeof l === 'string') rows.push(...wrapLine(l, width));
    else if (l.cursor !== undefined) rows.push(l);
    else rows.push(...wrapLine(l.text, width).map((text) => ({ ...l, text })));
  }
  if (rows.length <= height) return { rows, hidden: 0 };
  const hidden = rows.length - height + 1;
  return { rows: [...rows.slice(0, Math.max(0, height - 1)), { text: `${CUT} +${hidden}`, dim: true }], hidden };
}

/** `text` after `head` in rows of at most `width` columns, its further rows under the text (a hanging indent). */
export function hangingRows(head: string, text: string, width: number): string[] {
  const pad = ' '.repeat(cols(head));
  return wrapLine(text, Math.max(10, width - cols(head))).map((l, i) => (i ? pad : head) + l);
}

/**
 * Items of one or more rows each (a long name wrapped) in at most `rows` rows: the item `at` whole in
 * view, and whole items around it, as many rows before it as after where they fit (never half an item).
 */
export function windowItems(items: readonly (readonly string[])[], at: number, rows: number): string[] {
  const all = items.flat();
  if (all.length <= rows) return all;
  const chosen = items[at] ?? [];
  if (chosen.length >= rows) return chosen.slice(0, Math.max(0, rows));
  let lo = at;
  let hi = at + 1;
  let used = chosen.length;
  let before = 0;
  let after = 0;
  for (;;) {
    const up = lo > 0 ? (items[lo - 1] as readonly string[]).length : Infinity;
    const down = hi < items.length ? (items[hi] as readonly string[]).length : Infinity;
    const upFits = used + up <= rows;
    const downFits = used + down <= rows;
    if (!upFits && !downFits) break;
    if (upFits && (!downFits || before <= after)) {
      lo--, (used += up), (before += up);
    } else {
      hi++, (used += down), (after += down);
    }
  }
  return items.slice(lo, hi).flat();
}
