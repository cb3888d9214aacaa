// Ink's Output turns each row of its grid into a string with @alcalzone/ansi-tokenize's
// styledCharsToString, which diffs every cell's styles against its left neighbour's (diffAnsiCodes:
// three Sets and four arrays per cell, 1,840 cells a frame at 80x23), though nearly every cell has
// the same styles as the one before it, whose diff is empty. lineToString gives the same string and
// diffs only where the styles change; BLANK is the one empty cell the grid starts with (cells are
// replaced, never changed). Bundled into Ink's output.js by scripts/build.mjs; checked against the
// original by tests/unit/ink-frame-fast.test.ts.
import { ansiCodesToString, diffAnsiCodes } from '@alcalzone/ansi-tokenize';

export const BLANK = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });

/** Do two cells' styles give an empty diff (the same codes, in the same order)? */
function sameStyles(a, b) {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
  return true;
}

/** styledCharsToString, without the diffs that are empty. */
export function lineToString(chars) {
  let ret = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (i === 0) ret += ansiCodesToString(char.styles);
    else if (!sameStyles(chars[i - 1].styles, char.styles)) ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
    ret += char.value;
    if (i === chars.length - 1 && char.styles.length > 0) ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
  }
  return ret;
}
