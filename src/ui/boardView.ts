// What the citizen-facing board shows, as plain rows for a screen of cols x rows: the latest call in
// the largest block letters that fit, then the calls before it and each group's waiting count.
// Pure: the Board component renders these rows and nothing else.
import { fitBig } from '../core/bigtext.js';
import type { CallRecord } from '../core/queue/types.js';
import { hhmm } from '../core/time.js';
import type { Translate } from '../i18n/index.js';

export interface BoardRow {
  text: string;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
  color?: string;
}

export interface BoardInput {
  cols: number;
  /** Rows the board may use. */
  rows: number;
  now: number;
  /** "place · commune", or undefined when no trip is open. */
  heading: string | undefined;
  /** The calls as the board shows them, newest first (QueueState.boardCalls). */
  calls: readonly CallRecord[];
  /** Per group served on this trip: its letter, name and how many wait. */
  waiting: readonly { prefix: string; name: string; count: number }[];
  /** Shown in red on the last lines (the link to the hub lost, no speech engine). */
  warnings?: readonly string[];
  /** The rating question and its answers, under the call, while a citizen's keypad waits for a key. */
  questions?: readonly string[];
}

/** A recent-call cell: "A001 → Quầy 2 08:05". */
const CELL_GAP = 3;

function center(text: string, cols: number): string {
  const pad = Math.max(0, Math.floor((cols - text.length) / 2));
  return (' '.repeat(pad) + text).padEnd(cols).slice(0, cols);
}

/** Words joined with `sep` into lines no wider than cols (a word longer than cols is cut). */
function wrap(items: readonly string[], sep: string, cols: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const it of items) {
    const next = cur ? cur + sep + it : it;
    if (next.length <= cols) cur = next;
    else {
      if (cur) out.push(cur);
      cur = it.slice(0, cols);
    }
  }
  if (cur) out.push(cur);
  return out;
}

export function boardRows(t: Translate, b: BoardInput): BoardRow[] {
  const { cols } = b;
  const out: BoardRow[] = [];
  const clock = ` ${hhmm(b.now)}`;
  out.push({ text: (b.heading ?? t('app.name')).slice(0, Math.max(0, cols - clock.length)).padEnd(cols - clock.length) + clock, inverse: true, bold: true });
  if (b.heading === undefined) {
    out.push({ text: t('board.noTrip'), bold: true });
    for (const w of b.warnings ?? []) out.push({ text: `! ${w}`, color: 'red' });
    return out;
  }
  const latest = b.calls[0];
  const callText = latest ? `${t('board.ticket')} ${latest.label} → ${t('label.counter', { no: latest.counter })}` : t('board.waitingHint');

  // Below the big call: the calls before it, in columns, and the waiting count of each group.
  // Groups nobody waits for are left out; when the names take more than two rows, the letters alone.
  const waitingGroups = b.waiting.filter((g) => g.count > 0);
  let fixedWaiting = wrap([t('board.waitingNow'), ...(waitingGroups.length ? waitingGroups.map((g) => `${g.prefix} ${g.name}: ${g.count}`) : ['0'])], '   ', cols);
  if (fixedWaiting.length > 2) fixedWaiting = wrap([t('board.waitingNow'), ...waitingGroups.map((g) => `${g.prefix}: ${g.count}`)], '   ', cols);
  const cells = b.calls.slice(1).map((c) => `${c.label} → ${t('label.counter', { no: c.counter })} ${hhmm(c.at)}`);
  const cellW = Math.max(1, ...cells.map((c) => c.length)) + CELL_GAP;
  const perRow = Math.max(1, Math.floor((cols + CELL_GAP) / cellW));
  const recentRowsWanted = Math.ceil(cells.length / perRow);
  const warningRows = b.warnings?.length ?? 0;
  const questionRows = (b.questions ?? []).flatMap((q) => wrap(q.split(' '), ' ', cols));
  // header, title, the call as text, the recent heading, at least one row of recent calls (or two
  // on a taller screen), the waiting counts, the warning.
  const minRecent = Math.min(recentRowsWanted, b.rows >= 28 ? 2 : 1);
  const fixed = out.length + 1 + 1 + 1 + minRecent + fixedWaiting.length + warningRows + questionRows.length;
  const bigRoom = b.rows - fixed - 1; // one blank row around the letters
  const big = latest ? fitBig(`${latest.label}>${latest.counter}`, cols, bigRoom) : undefined;

  out.push({ text: center(t('board.title'), cols), bold: true });
  if (big) {
    out.push({ text: '' });
    for (const l of big.lines) out.push({ text: center(l, cols), bold: true, color: 'yellow' });
  }
  out.push({ text: center(callText, cols), bold: true, ...(latest && !big ? { color: 'yellow' } : {}) });
  for (const q of questionRows) out.push({ text: center(q, cols), bold: true, color: 'cyan' });
  const recentRoom = Math.max(minRecent, b.rows - out.length - 1 - fixedWaiting.length - warningRows);
  out.push({ text: `── ${t('board.recent')} `.padEnd(cols, '─'), dim: true });
  for (let r = 0; r < Math.min(recentRoom, recentRowsWanted); r++) {
    out.push({ text: cells.slice(r * perRow, (r + 1) * perRow).map((c) => c.padEnd(cellW)).join('').trimEnd() });
  }
  // The waiting counts stand at the foot of the screen.
  const foot: BoardRow[] = fixedWaiting.map((text) => ({ text, bold: true }));
  for (const w of b.warnings ?? []) foot.push({ text: `! ${w}`, color: 'red' });
  while (out.length + foot.length < b.rows) out.push({ text: '' });
  return [...out, ...foot].slice(0, b.rows).map((r) => ({ ...r, text: r.text.slice(0, cols) }));
}
