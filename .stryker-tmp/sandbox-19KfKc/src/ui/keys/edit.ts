// @ts-nocheck
// One-line text editing shared by every form: typing (scanner bursts included), Backspace, Ctrl+U.
import type { Key } from './keys.js';

/** The edited value, or undefined when the key is not an editing key. */
export function editLine(value: string, key: Key, accept: RegExp = /[^\x00-\x1f]/): string | undefined {
  if (key.name === 'backspace') return [...value].slice(0, -1).join('');
  if (key.ctrl && key.name === 'u') return '';
  if ((key.name === 'char' || key.name === 'space') && [...key.text].every((c) => accept.test(c))) return value + key.text;
  return undefined;
}
