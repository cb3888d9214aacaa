// A field on screen: its text with the cursor. At the end of the text the cursor is an underscore
// after it (as every form here has always shown it); inside the text it is the character it is on,
// drawn in reverse video.
import type { Line } from './keys/edit.js';
import type { ViewLine } from './screen.js';

export function fieldLine(prefix: string, l: Line, focused: boolean, suffix = ''): ViewLine {
  if (!focused) return prefix + l.text + suffix;
  const n = [...l.text].length;
  if (l.at >= n) return `${prefix}${l.text}_${suffix}`;
  return { text: prefix + l.text + suffix, cursor: [...prefix].length + l.at };
}
