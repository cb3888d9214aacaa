// The centre's screen as a unit, like the counter's screens: a plain state, one binding table that
// drives the dispatch, the key bar and the help alike, and a view as lines. Pure: no React, no I/O.
// The figures themselves are loaded by the caller (src/cli/centreTui.tsx, through the centre's app
// layer) whenever `by`, `year` or `reload` changes.
import { DIMENSIONS, type Dimension } from '../../centre/core/figures.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { keyLabel, keyMatches } from '../bindings.js';
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
}

export interface CentreCtx {
  /** The rows the body shows (a page), and the last first row that still fills it. */
  page: number;
  maxScroll: number;
}

export type CentreStep = CentreState | 'quit';

export interface CentreBinding {
  id: string;
  keys: readonly KeySpec[];
  label: MessageKey;
  /** How the keys are written when not by the first key alone. */
  keyText?: string;
  /** In the key bar, in this order; absent: only in the help. */
  bar?: number;
  run: (s: CentreState, ctx: CentreCtx, key: Key) => CentreStep;
}

export const initialCentre = (year: number): CentreState => ({ by: 'vehicle', year, scroll: 0, help: false, reload: 0 });

const by = (s: CentreState, d: Dimension): CentreState => (s.by === d ? s : { ...s, by: d, scroll: 0 });

export const CENTRE_BINDINGS: readonly CentreBinding[] = [
  {
    id: 'by',
    keys: [`1-${DIMENSIONS.length}`],
    label: 'centre.screen.by',
    bar: 1,
    run: (s, _c, key) => by(s, DIMENSIONS[Number(key.text) - 1] ?? s.by),
  },
  // the bar shows the pair as one item, 'Năm' (year); the help names each
  { id: 'yearBack', keys: ['left'], keyText: '←/→', label: 'centre.screen.year', bar: 2, run: (s) => ({ ...s, year: s.year - 1, scroll: 0 }) },
  { id: 'yearOn', keys: ['right'], label: 'centre.screen.yearOn', run: (s) => ({ ...s, year: s.year + 1, scroll: 0 }) },
  {
    id: 'scroll',
    keys: ['up', 'down', 'pageup', 'pagedown', 'home', 'end'],
    keyText: '↑/↓ PgUp/PgDn',
    label: 'key.scroll',
    bar: 3,
    run: (s, c, key) => ({
      ...s,
      scroll: key.name === 'home' ? 0 : key.name === 'end' ? c.maxScroll : scrollBy(Math.min(s.scroll, c.maxScroll), key, c.page, c.maxScroll),
    }),
  },
  { id: 'refresh', keys: ['r'], label: 'centre.screen.refresh', bar: 4, run: (s) => ({ ...s, reload: s.reload + 1 }) },
  { id: 'help', keys: ['f1', '?'], label: 'key.help', bar: 9, run: (s) => ({ ...s, help: !s.help }) },
  { id: 'quit', keys: ['q', 'ctrl+c'], label: 'centre.screen.quit', bar: 5, run: () => 'quit' },
  // Esc closes the help, and otherwise quits as Q does (the screen has nothing else to go back to)
  { id: 'back', keys: ['escape'], label: 'key.back', run: (s) => (s.help ? { ...s, help: false } : 'quit') },
];

/** What a key does: the next state, 'quit', or null when no binding takes it. */
export function centreKey(s: CentreState, key: Key, ctx: CentreCtx): CentreStep | null {
  const b = CENTRE_BINDINGS.find((x) => x.keys.some((k) => keyMatches(k, key)));
  return b ? b.run(s, ctx, key) : null;
}

const keysOf = (b: CentreBinding) => b.keyText ?? keyLabel(b.keys[0] as string);

/** The key bar from the table: as many as fit `width`, help always last. */
export function centreKeyBar(t: Translate, width: number): string {
  const shown = CENTRE_BINDINGS.filter((b) => b.bar !== undefined).sort((a, b) => (a.bar as number) - (b.bar as number));
  const help = shown.find((b) => b.id === 'help') as CentreBinding;
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

/** The help: every binding's keys and what it does, then what each number cuts the figures by. */
export function centreHelpLines(t: Translate): string[] {
  const seen = new Set<string>();
  const lines: string[] = [t('key.help')];
  for (const b of CENTRE_BINDINGS) {
    const keys = b.keys.map(keyLabel).join(' ');
    const label = t(b.id === 'yearBack' ? 'centre.screen.yearBack' : b.label);
    const text = `${keys.padEnd(12)} ${label}`;
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push(text);
  }
  lines.push('', ...DIMENSIONS.map((d, i) => `${String(i + 1).padEnd(12)} ${t('centre.screen.by')} ${t(`centre.dim.${d}` as MessageKey)}`));
  return lines;
}

/** The header: the year and what the figures are cut by, then the centre's name if it fits `width` whole. */
export function centreTitle(t: Translate, s: CentreState, title: string, width: number): string {
  const head = t('centre.screen.title', { year: s.year, by: t(`centre.dim.${s.by}` as MessageKey) });
  const full = `${head} · ${title}`;
  return [...full].length <= width ? full : head;
}
