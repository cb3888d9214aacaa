// Keys: what the terminal sends, decoded. Pure. The input reader (input.ts) cuts the byte stream into
// events (escape sequences, text, pastes); splitKeys() turns an event into keys; decodeKey() names one.

export interface Key {
  /** 'f1'..'f12', 'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'insert',
   * 'delete', 'enter', 'tab', 'backtab', 'escape', 'backspace', 'space', a letter with `ctrl`, 'char'
   * for printable text, 'unknown' for a sequence nothing here uses. */
  name: string;
  /** The printable text for name 'char' (several characters when pasted or typed by an IME). */
  text: string;
  ctrl: boolean;
  /** Pasted (bracketed paste): text for a field, never a command key. */
  paste?: boolean;
}

const SEQ: Record<string, string> = {
  // xterm / VT220 function keys
  '\x1bOP': 'f1', '\x1bOQ': 'f2', '\x1bOR': 'f3', '\x1bOS': 'f4',
  '\x1b[11~': 'f1', '\x1b[12~': 'f2', '\x1b[13~': 'f3', '\x1b[14~': 'f4',
  '\x1b[15~': 'f5', '\x1b[17~': 'f6', '\x1b[18~': 'f7', '\x1b[19~': 'f8',
  '\x1b[20~': 'f9', '\x1b[21~': 'f10', '\x1b[23~': 'f11', '\x1b[24~': 'f12',
  // Linux text console
  '\x1b[[A': 'f1', '\x1b[[B': 'f2', '\x1b[[C': 'f3', '\x1b[[D': 'f4', '\x1b[[E': 'f5',
  // cursor and editing keys (normal and application mode)
  '\x1b[A': 'up', '\x1b[B': 'down', '\x1b[C': 'right', '\x1b[D': 'left',
  '\x1bOA': 'up', '\x1bOB': 'down', '\x1bOC': 'right', '\x1bOD': 'left',
  '\x1b[H': 'home', '\x1b[F': 'end', '\x1bOH': 'home', '\x1bOF': 'end',
  '\x1b[1~': 'home', '\x1b[4~': 'end', '\x1b[7~': 'home', '\x1b[8~': 'end',
  '\x1b[5~': 'pageup', '\x1b[6~': 'pagedown', '\x1b[3~': 'delete', '\x1b[2~': 'insert',
  '\x1b[Z': 'backtab',
  '\r': 'enter', '\n': 'enter', '\r\n': 'enter', '\t': 'tab', '\x1b': 'escape',
  '\x7f': 'backspace', '\b': 'backspace', ' ': 'space',
};

/**
 * Length of the escape sequence that starts at s[i] (an ESC), or null when `s` ends inside it (the
 * rest may come in the next chunk). CSI (ESC [ parameters final), SS3 (ESC O x), the Linux console's
 * ESC [ [ x. An ESC followed by anything else is Esc on its own (Esc pressed just before that key;
 * Alt+key, which terminals send the same way, is not used here).
 */
export function sequenceLength(s: string, i: number): number | null {
  const n = s.length;
  if (i + 1 >= n) return null;
  const c = s[i + 1];
  if (c === 'O') return i + 2 < n ? 3 : null;
  if (c !== '[') return 1;
  if (i + 2 >= n) return null;
  if (s[i + 2] === '[') return i + 3 < n ? 4 : null;
  let j = i + 2;
  while (j < n && /[0-9;:<=>?]/.test(s[j] as string)) j++;
  while (j < n && /[ -/]/.test(s[j] as string)) j++;
  if (j >= n) return null;
  const f = s.charCodeAt(j);
  // a final byte ends it; anything else ends a broken sequence just before
  return f >= 0x40 && f <= 0x7e ? j - i + 1 : j - i;
}

/**
 * Split input into keys: escape sequences whole (wherever they are), CR LF as one Enter, other
 * control characters one by one, and text character by character, combining marks with their base.
 * An escape sequence cut short at the end is one (unknown) key.
 */
export function splitKeys(raw: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < raw.length) {
    const esc = raw.indexOf('\x1b', i);
    const end = esc < 0 ? raw.length : esc;
    if (end > i) {
      for (const part of raw.slice(i, end).match(/\r\n|[\x00-\x1f\x7f]|\P{M}\p{M}*|\p{M}+/gu) ?? []) keys.push(decodeKey(part));
    }
    if (esc < 0) break;
    const len = sequenceLength(raw, esc) ?? raw.length - esc;
    keys.push(decodeKey(raw.slice(esc, esc + len)));
    i = esc + len;
  }
  return keys;
}

export function decodeKey(raw: string): Key {
  const name = SEQ[raw];
  if (name) return { name, text: name === 'space' ? ' ' : '', ctrl: false };
  // Modified function keys, e.g. \x1b[1;2P (shift+F1) or \x1b[15;5~: take the base key.
  const mod = /^\x1b\[(\d+);\d+([~PQRS])$/.exec(raw);
  if (mod) {
    const base = mod[2] === '~' ? `\x1b[${mod[1]}~` : `\x1bO${mod[2]}`;
    const n = SEQ[base];
    if (n) return { name: n, text: '', ctrl: false };
  }
  if (raw.length === 1) {
    const c = raw.charCodeAt(0);
    if (c < 32) return { name: String.fromCharCode(c + 96), text: '', ctrl: true }; // ctrl+a .. ctrl+z
  }
  if (raw.startsWith('\x1b')) return { name: 'unknown', text: '', ctrl: false };
  // Printable text; strip any stray control characters a paste may carry.
  const text = raw.replace(/[\x00-\x1f\x7f]/g, '').normalize('NFC');
  return { name: text ? 'char' : 'unknown', text, ctrl: false };
}

/** A bracketed paste as one key: its text on one line (line breaks and tabs as spaces), NFC. */
export function pasteKey(text: string): Key {
  const clean = text.replace(/\r\n|[\r\n\t]/g, ' ').replace(/[\x00-\x1f\x7f]/g, '').normalize('NFC');
  return { name: clean ? 'char' : 'unknown', text: clean, ctrl: false, paste: true };
}
