// The one line editor every field uses: a value and a cursor. Typing (pastes and IME words too)
// inserts at the cursor; ←/→, Home/End (and Ctrl+A/Ctrl+E) move it; Backspace and Delete remove
// around it; Ctrl+U clears the field. Positions count characters (code points; text is NFC, so a
// Vietnamese letter is one).
import type { Key } from './keys.js';

export interface Line {
  readonly text: string;
  /** The cursor: 0 (before the first character) to the length (after the last). */
  readonly at: number;
}

/** A field holding `text`, the cursor at its end (or at `at`). */
export function line(text = '', at?: number): Line {
  const n = [...text].length;
  return { text, at: at === undefined ? n : Math.max(0, Math.min(n, at)) };
}

export interface EditRules {
  /** Which characters the field takes (each typed character is tested); default: any printable. */
  accept?: RegExp;
  /** At most this many characters. */
  max?: number;
}

/** The field after an editing key, or undefined when the key is not one (the screen may use it). */
export function editLine(l: Line, key: Key, rules: EditRules = {}): Line | undefined {
  const chars = [...l.text];
  const at = Math.max(0, Math.min(chars.length, l.at));
  const make = (cs: string[], to: number): Line => ({ text: cs.join(''), at: to });
  if (key.ctrl) {
    if (key.name === 'u') return make([], 0);
    if (key.name === 'a') return make(chars, 0);
    if (key.name === 'e') return make(chars, chars.length);
    return undefined;
  }
  switch (key.name) {
    case 'left':
      return make(chars, Math.max(0, at - 1));
    case 'right':
      return make(chars, Math.min(chars.length, at + 1));
    case 'home':
      return make(chars, 0);
    case 'end':
      return make(chars, chars.length);
    case 'backspace':
      return at === 0 ? make(chars, 0) : make([...chars.slice(0, at - 1), ...chars.slice(at)], at - 1);
    case 'delete':
      return make([...chars.slice(0, at), ...chars.slice(at + 1)], at);
    case 'char':
    case 'space': {
      const add = [...key.text];
      const accept = rules.accept ?? /[^\x00-\x1f\x7f]/;
      if (!add.length || !add.every((c) => accept.test(c))) return undefined;
      if (rules.max !== undefined && chars.length + add.length > rules.max) return make(chars, at);
      return make([...chars.slice(0, at), ...add, ...chars.slice(at)], at + add.length);
    }
    default:
      return undefined;
  }
}
