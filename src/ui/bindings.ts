// Binding tables at work: which binding a key runs, what the key bar shows, what the help lists, and
// what a refused key says. Every screen's table gets the global bindings it does not redefine: F1
// (help for this screen) and Ctrl+C (quit).
import type { Key } from './keys/keys.js';
import { bindingsOf, step, type Binding, type Frame, type KeySpec, type ScreenEnv, type Step } from './screen.js';

const HELP: Binding<unknown> = { id: 'help', keys: ['f1', '?'], label: 'key.help', run: (s) => step(s, { kind: 'help' }) };
/** On a screen with a text field, ? is a character to type: only F1 opens the help there. */
const HELP_F1: Binding<unknown> = { ...HELP, keys: ['f1'] };
const QUIT: Binding<unknown> = { id: 'quit', keys: ['ctrl+c'], label: 'key.quit', run: (s) => step(s, { kind: 'quit' }) };

/** A screen's own bindings, then the global ones it does not redefine: help (F1, and ? where no field takes it) and quit (Ctrl+C). */
export function tableOf<S>(f: Frame<S>, env: ScreenEnv): readonly Binding<S>[] {
  const own = bindingsOf(f, env);
  const global = [f.screen.other ? HELP_F1 : HELP, QUIT] as Binding<S>[];
  return [...own, ...global.filter((g) => !own.some((b) => b.id === g.id))];
}

/** Whether `key` is one of the keys `spec` names (see KeySpec). A pasted key is never a command. */
export function keyMatches(spec: KeySpec, key: Key): boolean {
  if (key.paste) return false;
  if (spec.startsWith('ctrl+')) return key.ctrl && key.name === spec.slice(5);
  if (/^\d-\d$/.test(spec)) return key.name === 'char' && key.text.length === 1 && key.text >= (spec[0] as string) && key.text <= (spec[2] as string);
  if ([...spec].length === 1) {
    if (spec === ' ') return key.name === 'space';
    if (key.name !== 'char' || key.ctrl) return false;
    // a letter in either case (Caps Lock on or off): a key that makes a record final asks first anyway
    return key.text.toLowerCase() === spec.toLowerCase();
  }
  return !key.ctrl && key.name === spec;
}

export type Dispatched<S> = { step: Step<S> } | { refused: string } | null;

/**
 * What a key does on a screen: the first binding that takes it runs (or says why it cannot now);
 * else the screen's `other` (typing into a field); else nothing.
 */
export function dispatch<S>(f: Frame<S>, key: Key, env: ScreenEnv): Dispatched<S> {
  const table = tableOf(f, env);
  for (const b of table) {
    if (!b.keys.some((k) => keyMatches(k, key))) continue;
    const why = b.disabled?.(f.state, env) ?? null;
    if (why) return { refused: why };
    return { step: b.run(f.state, env, key) };
  }
  const other = f.screen.other?.(f.state, env, key);
  if (other) return { step: other };
  return null;
}

const NAMES: Record<string, string> = {
  tab: 'Tab',
  backtab: 'Shift+Tab',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  escape: 'Esc',
  enter: 'Enter',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  home: 'Home',
  end: 'End',
  space: 'Space',
  backspace: 'Backspace',
  delete: 'Del',
};

/** How a key is written for the operator: F1, ?, Tab, PgDn, Ctrl+C, 1–9... */
export function keyLabel(spec: KeySpec): string {
  if (/^f\d+$/.test(spec)) return spec.toUpperCase();
  if (spec.startsWith('ctrl+')) return `Ctrl+${spec.slice(5).toUpperCase()}`;
  if (/^\d-\d$/.test(spec)) return `${spec[0]}–${spec[2]}`;
  return NAMES[spec] ?? spec.toUpperCase();
}

/** All the keys of a binding, for the help. */
export const keysText = (b: Binding<unknown>): string => b.keyText ?? b.keys.map(keyLabel).join(' / ');

/**
 * The key bar: the bindings that matter now (shown, not refused), in their order, as many as fit
 * `width`; help last, always.
 */
export function keyBar<S>(f: Frame<S>, env: ScreenEnv, width: number): string {
  const table = tableOf(f, env);
  const item = (b: Binding<S>) => `${b.keyText ?? keyLabel(b.keys[0] as string)} ${env.t(b.label)}`;
  const help = table.find((b) => b.id === 'help');
  const tail = help ? item(help) : '';
  const ranked: { rank: number; b: Binding<S> }[] = [];
  for (const b of table) {
    if (b === help || !b.shown) continue;
    const rank = b.shown(f.state, env);
    if (rank === false || b.disabled?.(f.state, env)) continue;
    ranked.push({ rank, b });
  }
  ranked.sort((a, b) => a.rank - b.rank);
  const parts: string[] = [];
  let used = tail.length;
  for (const { b } of ranked) {
    const part = item(b);
    if (used + part.length + 2 > width) break;
    parts.push(part);
    used += part.length + 2;
  }
  if (tail) parts.push(tail);
  return parts.join('  ');
}

export interface HelpItem {
  keys: string;
  label: string;
  /** Why it is refused now, or null. */
  disabled: string | null;
}

/** The keys of the one line editor (keys/edit.ts), for the help of a screen with a field. */
export const EDIT_KEYS = '←/→ Home/End Del Backspace Ctrl+U';

/** Every binding of a screen, for its help; and the editing keys while a field has the focus. */
export function helpItems<S>(f: Frame<S>, env: ScreenEnv): HelpItem[] {
  const items = tableOf(f, env).map((b) => ({ keys: keysText(b as Binding<unknown>), label: env.t(b.label), disabled: b.disabled?.(f.state, env) ?? null }));
  if (f.screen.edits?.(f.state)) items.push({ keys: EDIT_KEYS, label: env.t('key.editField'), disabled: null });
  return items;
}
