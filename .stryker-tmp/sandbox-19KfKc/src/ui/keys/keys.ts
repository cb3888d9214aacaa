// @ts-nocheck
// Key decoding and the key map. Pure: the router hands each raw key sequence (Ink's input parser has
// already split chunks into keys) to decodeKey(), then matches commands against the bindings.

export interface Key {
  /** 'f1'..'f12', 'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'tab',
   * 'backtab', 'escape', 'backspace', 'delete', 'space', or 'char' for printable text. */
  name: string;
  /** The printable text for name 'char' (may be several characters when pasted or typed by an IME). */
  text: string;
  ctrl: boolean;
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
 * Split one input event into keys. Ink's parser hands over escape sequences one by one, but a run of
 * plain text (fast typing, a paste, a scanner burst) as one string: split it into characters, keeping
 * combining marks with their base letter, and control characters (Enter, Tab, Backspace) on their own.
 */
export function splitKeys(raw: string): Key[] {
  if (raw.startsWith('\x1b')) {
    const key = decodeKey(raw);
    // Esc typed just before another key arrives glued to it (Ink reads ESC b or ESC ESC [ 2 1 ~ as
    // one key, the way terminals send Alt+key; nothing here uses Alt): that is Esc, then the key.
    if (key.name === 'unknown' && raw.length > 1) return [decodeKey('\x1b'), ...splitKeys(raw.slice(1))];
    return [key];
  }
  // CR LF (as some scanners and pastes end a line) is one Enter, not two.
  const parts = raw.match(/\r\n|[\x00-\x1f\x7f]|\P{M}\p{M}*|\p{M}+/gu) ?? [];
  return parts.map(decodeKey);
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

/** Commands of the counter screen, each with default bindings (function keys and letters). */
export const COMMANDS = {
  help: { keys: ['f1', '?'], label: 'key.help' },
  issue: { keys: ['f2', 'n'], label: 'key.issue' },
  call: { keys: ['f3', 'c'], label: 'key.call' },
  recall: { keys: ['f4', 'r'], label: 'key.recall' },
  start: { keys: ['f5', 's'], label: 'key.start' },
  finish: { keys: ['f6', 'f'], label: 'key.finish' },
  noShow: { keys: ['f7', 'x'], label: 'key.noShow' },
  park: { keys: ['f8', 'p'], label: 'key.park' },
  transfer: { keys: ['f9', 't'], label: 'key.transfer' },
  figures: { keys: ['f10', 'g'], label: 'key.figures' },
  resume: { keys: ['u'], label: 'key.resume' },
  returnNoShow: { keys: ['b'], label: 'key.return' },
  walkIn: { keys: ['w'], label: 'key.walkIn' },
  receive: { keys: ['h', 'f11'], label: 'key.receive' },
  find: { keys: ['/', 'l'], label: 'key.find' },
  assist: { keys: ['a'], label: 'key.assist' },
  rate: { keys: ['e'], label: 'key.rate' },
  jobs: { keys: ['j'], label: 'key.jobs' },
  ready: { keys: ['v'], label: 'key.ready' },
  counter: { keys: ['tab', '1-9'], label: 'key.counter' },
  scroll: { keys: ['pageup', 'pagedown'], label: 'key.scroll' },
  openTrip: { keys: ['o'], label: 'key.openTrip' },
  closeTrip: { keys: ['K'], label: 'key.closeTrip' },
  quit: { keys: ['q', 'ctrl+c'], label: 'key.quit' },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** Does a key trigger a command? Letters are case-sensitive only where the binding is upper case. */
export function matches(key: Key, cmd: CommandName): boolean {
  for (const b of COMMANDS[cmd].keys) {
    if (b === '1-9') continue;
    if (b.startsWith('ctrl+')) {
      if (key.ctrl && key.name === b.slice(5)) return true;
    } else if (b.length === 1) {
      if (key.name === 'char' && (b === b.toUpperCase() && b !== b.toLowerCase() ? key.text === b : key.text.toLowerCase() === b)) return true;
    } else if (key.name === b) return true;
  }
  return false;
}

export function commandFor(key: Key, candidates: readonly CommandName[] = Object.keys(COMMANDS) as CommandName[]): CommandName | undefined {
  return candidates.find((c) => matches(key, c));
}

/** How a binding is shown: F1, ?, Tab, PgDn... */
export function keyLabel(b: string): string {
  if (/^f\d+$/.test(b)) return b.toUpperCase();
  const names: Record<string, string> = { tab: 'Tab', pageup: 'PgUp', pagedown: 'PgDn', 'ctrl+c': 'Ctrl+C', escape: 'Esc', enter: 'Enter' };
  return names[b] ?? b.toUpperCase();
}
