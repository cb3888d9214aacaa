// The centre's screen as a unit, like the counter's screens: a plain state, one binding table that
// drives the dispatch, the key bar and the help alike, and a view as lines. Pure: no React, no I/O.
// Once staff exist, the screen opens on its own login step (name and PIN, the bindings of the table's
// 'login' mode); the caller checks the pair (the centre's app layer: the same PINs and lock-out as
// `--operator` on the command line) whenever `login.attempt` moves. The figures themselves are
// loaded by the caller (src/cli/centreTui.tsx, through the centre's app layer) whenever `by`,
// `year` or `reload` changes, after the login.
import { DIMENSIONS, type Dimension } from '../../centre/core/figures.js';
import { wrap } from '../../core/print/layout.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { keyLabel, keyMatches } from '../bindings.js';
import { editLine, line, type Line } from '../keys/edit.js';
import type { Key } from '../keys/keys.js';
import { scrollBy } from '../keys/list.js';
import type { KeySpec } from '../screen.js';

export interface CentreState {
  by: Dimension;
  year: number;
  /** The first row of the report shown. */
  scroll: number;
  /** The help is open over the report. */
  help: boolean;
  /** Moves to ask for the figures again. */
  reload: number;
  /** The login step, until the caller accepts a name and PIN (null: logged in, or no staff yet). */
  login: CentreLogin | null;
}

export interface CentreLogin {
  name: Line;
  pin: Line;
  /** 0: the name, 1: the PIN. */
  focus: 0 | 1;
  /** The last refusal, in the staff's language. */
  error: string | null;
  /** A pair is being checked: keys wait (Ctrl+C still quits). */
  busy: boolean;
  /** Moves when Enter asks the caller to check the pair. */
  attempt: number;
}

export type CentreMode = 'login' | 'figures';
export const modeOf = (s: CentreState): CentreMode => (s.login ? 'login' : 'figures');

export interface CentreCtx {
  /** The rows the body shows (a page), and the last first row that still fills it. */
  page: number;
  maxScroll: number;
}

export type CentreStep = CentreState | 'quit';

export interface CentreBinding {
  id: string;
  /** Which step of the screen the binding belongs to. */
  mode: CentreMode;
  keys: readonly KeySpec[];
  label: MessageKey;
  /** How the keys are written when not by the first key alone. */
  keyText?: string;
  /** In the key bar, in this order; absent: only in the help. */
  bar?: number;
  run: (s: CentreState, ctx: CentreCtx, key: Key) => CentreStep;
}

/** The screen at its start: `login` when staff must log in first (the name given, e.g. --operator). */
export const initialCentre = (year: number, login?: { name?: string }): CentreState => ({
  by: 'vehicle',
  year,
  scroll: 0,
  help: false,
  reload: 0,
  login: login ? { name: line(login.name ?? ''), pin: line(''), focus: login.name ? 1 : 0, error: null, busy: false, attempt: 0 } : null,
});

/** The login step after the caller's answer: logged in (the figures next), or refused with `error` (the PIN cleared). */
export function centreLoginAnswered(s: CentreState, error: string | null): CentreState {
  if (!s.login) return s;
  return error === null ? { ...s, login: null, help: false } : { ...s, login: { ...s.login, busy: false, pin: line(''), error } };
}

const PIN = { accept: /\d/, max: 8 };
const withLogin = (s: CentreState, l: Partial<CentreLogin>): CentreState => (s.login ? { ...s, login: { ...s.login, ...l } } : s);

const by = (s: CentreState, d: Dimension): CentreState => (s.by === d ? s : { ...s, by: d, scroll: 0 });

export const CENTRE_BINDINGS: readonly CentreBinding[] = [
  {
    id: 'by',
    mode: 'figures',
    keys: [`1-${DIMENSIONS.length}`],
    label: 'centre.screen.by',
    bar: 1,
    run: (s, _c, key) => by(s, DIMENSIONS[Number(key.text) - 1] ?? s.by),
  },
  // the bar shows the pair as one item, 'Năm' (year); the help names each
  { id: 'yearBack', mode: 'figures', keys: ['left'], keyText: '←/→', label: 'centre.screen.year', bar: 2, run: (s) => ({ ...s, year: s.year - 1, scroll: 0 }) },
  { id: 'yearOn', mode: 'figures', keys: ['right'], label: 'centre.screen.yearOn', run: (s) => ({ ...s, year: s.year + 1, scroll: 0 }) },
  {
    id: 'scroll',
    mode: 'figures',
    keys: ['up', 'down', 'pageup', 'pagedown', 'home', 'end'],
    keyText: '↑/↓ PgUp/PgDn',
    label: 'key.scroll',
    bar: 3,
    run: (s, c, key) => ({
      ...s,
      scroll: key.name === 'home' ? 0 : key.name === 'end' ? c.maxScroll : scrollBy(Math.min(s.scroll, c.maxScroll), key, c.page, c.maxScroll),
    }),
  },
  { id: 'refresh', mode: 'figures', keys: ['r'], label: 'centre.screen.refresh', bar: 4, run: (s) => ({ ...s, reload: s.reload + 1 }) },
  { id: 'help', mode: 'figures', keys: ['f1', '?'], label: 'key.help', bar: 9, run: (s) => ({ ...s, help: !s.help }) },
  { id: 'quit', mode: 'figures', keys: ['q', 'ctrl+c'], label: 'centre.screen.quit', bar: 5, run: () => 'quit' },
  // Esc closes the help, and otherwise quits as Q does (the screen has nothing else to go back to)
  { id: 'back', mode: 'figures', keys: ['escape'], label: 'key.back', run: (s) => (s.help ? { ...s, help: false } : 'quit') },
  // The login step: letters go into the name, digits into the PIN (both typed, never a key of the table).
  {
    id: 'submit',
    mode: 'login',
    keys: ['enter'],
    label: 'key.login',
    bar: 1,
    run: (s) => {
      const l = s.login as CentreLogin;
      if (l.focus === 0 || !l.name.text.trim()) return withLogin(s, { focus: l.name.text.trim() ? 1 : 0 });
      return withLogin(s, { busy: true, error: null, attempt: l.attempt + 1 });
    },
  },
  { id: 'field', mode: 'login', keys: ['tab', 'backtab', 'up', 'down'], keyText: 'Tab', label: 'key.nextField', bar: 2, run: (s) => withLogin(s, { focus: s.login?.focus === 0 ? 1 : 0 }) },
  { id: 'clearPin', mode: 'login', keys: ['escape'], label: 'key.clearPin', bar: 3, run: (s) => (s.help ? { ...s, help: false } : withLogin(s, { pin: line(''), error: null })) },
  { id: 'loginHelp', mode: 'login', keys: ['f1'], label: 'key.help', bar: 9, run: (s) => ({ ...s, help: !s.help }) },
  { id: 'loginQuit', mode: 'login', keys: ['ctrl+c'], label: 'centre.screen.quit', bar: 5, run: () => 'quit' },
];

/** What a key does: the next state, 'quit', or null when no binding takes it (nor the login's fields). */
export function centreKey(s: CentreState, key: Key, ctx: CentreCtx): CentreStep | null {
  const mode = modeOf(s);
  const b = CENTRE_BINDINGS.find((x) => x.mode === mode && x.keys.some((k) => keyMatches(k, key)));
  if (s.login?.busy) return b?.id === 'loginQuit' ? 'quit' : null;
  if (b) return b.run(s, ctx, key);
  if (!s.login || s.help) return null;
  const l = s.login;
  const v = l.focus === 1 ? editLine(l.pin, key, PIN) : editLine(l.name, key);
  return v ? withLogin(s, { [l.focus === 1 ? 'pin' : 'name']: v, error: null }) : null;
}

const keysOf = (b: CentreBinding) => b.keyText ?? keyLabel(b.keys[0] as string);

/** The key bar of a step from the table: as many as fit `width`, help always last. */
export function centreKeyBar(t: Translate, width: number, mode: CentreMode = 'figures'): string {
  const shown = CENTRE_BINDINGS.filter((b) => b.mode === mode && b.bar !== undefined).sort((a, b) => (a.bar as number) - (b.bar as number));
  const help = shown.find((b) => b.label === 'key.help') as CentreBinding;
  const tail = `${keysOf(help)} ${t(help.label)}`;
  const parts: string[] = [];
  let used = tail.length;
  for (const b of shown) {
    if (b === help) continue;
    const part = `${keysOf(b)} ${t(b.label)}`;
    if (used + part.length + 2 > width) break;
    parts.push(part);
    used += part.length + 2;
  }
  return [...parts, tail].join('  ');
}

/** The help of a step: every binding's keys and what it does, then what each number cuts the figures by. */
export function centreHelpLines(t: Translate, mode: CentreMode = 'figures'): string[] {
  const seen = new Set<string>();
  const lines: string[] = [t('key.help')];
  for (const b of CENTRE_BINDINGS.filter((x) => x.mode === mode)) {
    const keys = b.keys.map(keyLabel).join(' ');
    const label = t(b.id === 'yearBack' ? 'centre.screen.yearBack' : b.label);
    const text = `${keys.padEnd(12)} ${label}`;
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push(text);
  }
  if (mode === 'figures') lines.push('', ...DIMENSIONS.map((d, i) => `${String(i + 1).padEnd(12)} ${t('centre.screen.by')} ${t(`centre.dim.${d}` as MessageKey)}`));
  return lines;
}

/** The login step's body: its title, the two fields (the PIN as dots), the last refusal. */
export function centreLoginLines(t: Translate, l: CentreLogin, width: number): { text: string; cursor?: number }[] {
  const row = (i: 0 | 1, label: string, value: Line) => {
    const head = `${l.focus === i ? '>' : ' '} ${label.padEnd(14)} `;
    const text = `${head}${value.text}`;
    return l.focus === i && !l.busy ? { text, cursor: [...head].length + value.at } : { text };
  };
  const out = [
    { text: t('centre.screen.loginTitle') },
    { text: '' },
    row(0, t('auth.fieldName'), l.name),
    row(1, t('auth.fieldPin'), line('•'.repeat([...l.pin.text].length), l.pin.at)),
  ];
  if (l.busy) out.push({ text: '' }, { text: t('centre.screen.loginChecking') });
  if (l.error) out.push({ text: '' }, ...wrap(`! ${l.error}`, width).map((text) => ({ text })));
  return out;
}

/** The header: the year and what the figures are cut by, then the centre's name if it fits `width` whole. */
export function centreTitle(t: Translate, s: CentreState, title: string, width: number): string {
  const head = t('centre.screen.title', { year: s.year, by: t(`centre.dim.${s.by}` as MessageKey) });
  const full = `${head} · ${title}`;
  return [...full].length <= width ? full : head;
}
