// Trip and day reports (issue 6), the part that needs no language: one trip's or one day's records
// combined into one set of figures, arrivals hour by hour with the quiet hours in, and the shapes
// the report is drawn in: a bar chart and aligned tables as text lines of a given width (80 columns
// on screen, 48 or 32 on receipt paper), and CSV as Excel opens it. Pure: no I/O, no catalogue (the
// labels come in already said).
//
// A day is combined from its trips' raw records, never from their figures: the median and the 90th
// percentile of a day are taken over all of its tickets, which no average of per-trip medians gives.
import { computeDossierFigures, type DossierFigures } from './dossierFigures.js';
import type { Dossier } from './dossier.js';
import type { HelpService } from './office.js';
import { wrap } from './print/layout.js';
import { computeFigures, type Figures, type QueueLog } from './queue/figures.js';
import type { ServiceSpan, Ticket } from './queue/types.js';
import type { Trip } from './trip.js';

/** What one trip left in the store, as the report reads it. */
export interface TripRecords {
  trip: Trip;
  queue: QueueLog;
  dossiers: readonly Dossier[];
  /** Help without a dossier: kind -> times given. */
  help: ReadonlyMap<string, number>;
  /** Satisfaction: score (1-5) -> tickets rated so. */
  ratings: ReadonlyMap<number, number>;
}

export interface HourCount {
  hour: number;
  count: number;
}

export interface Report {
  scope: 'trip' | 'day';
  /** YYYY-MM-DD: the trip's date, or the day's. */
  date: string;
  trips: Trip[];
  queue: Figures;
  dossiers: DossierFigures;
  /** Arrivals per hour from the first hour of the schedule or of an arrival to the last, quiet hours as 0. */
  arrivals: HourCount[];
  /**
   * The audit chain's head when the report was made (entries, last MAC in hex), printed at its foot:
   * an anchor outside the file for `audit verify --anchor N:MAC`. Absent when there is no chain.
   */
  audit?: { entries: number; mac: string };
}

/** The union of several trips' records. Ticket ids are rowids of one table, unique across trips. */
function combineRecords(records: readonly TripRecords[]): Omit<TripRecords, 'trip'> {
  const tickets = new Map<number, Ticket>();
  const spans: ServiceSpan[] = [];
  const help = new Map<string, number>();
  const ratings = new Map<number, number>();
  for (const r of records) {
    for (const [id, t] of r.queue.tickets) {
      if (tickets.has(id)) throw new Error(`ticket ${id} belongs to two trips`);
      tickets.set(id, t);
    }
    spans.push(...r.queue.spans);
    for (const [k, n] of r.help) help.set(k, (help.get(k) ?? 0) + n);
    for (const [k, n] of r.ratings) ratings.set(k, (ratings.get(k) ?? 0) + n);
  }
  return { queue: { tickets, spans }, dossiers: records.flatMap((r) => r.dossiers), help, ratings };
}

/** The local hours a trip is scheduled for: 07:30-11:30 is 7 to 11, 07:30-11:00 is 7 to 10. */
export function scheduleHours(trip: Pick<Trip, 'start' | 'end'>): number[] {
  const first = Number(trip.start.slice(0, 2));
  const [h, m] = trip.end.split(':').map(Number) as [number, number];
  const last = m > 0 ? h : h - 1;
  const out: number[] = [];
  for (let x = first; x <= last; x++) out.push(x);
  return out;
}

/** Every hour from the earliest to the latest of the arrivals and `alsoHours`, with 0 where nobody came. */
export function hourSeries(arrivals: readonly HourCount[], alsoHours: readonly number[] = []): HourCount[] {
  const hours = [...arrivals.map((a) => a.hour), ...alsoHours];
  if (hours.length === 0) return [];
  const out: HourCount[] = [];
  for (let h = Math.min(...hours); h <= Math.max(...hours); h++) out.push({ hour: h, count: arrivals.find((a) => a.hour === h)?.count ?? 0 });
  return out;
}

/**
 * One report over the given trips (one for a trip report, all of a date for a day's). Groups come
 * in the catalogue's order; counters by number, a counter of the same number on two trips counted
 * as one.
 */
export function buildReport(
  scope: Report['scope'],
  date: string,
  records: readonly TripRecords[],
  groupOrder: readonly string[],
  helpServices: readonly HelpService[],
): Report {
  const all = combineRecords(records);
  const trips = records.map((r) => r.trip);
  const counters = [...new Set(trips.flatMap((t) => t.counters.map((c) => c.no)))].sort((a, b) => a - b);
  const queue = computeFigures(all.queue, groupOrder, counters);
  return {
    scope,
    date,
    trips,
    queue,
    dossiers: computeDossierFigures(all.dossiers, all.queue, all.help, helpServices, all.ratings),
    arrivals: hourSeries(queue.arrivalsByHour, trips.flatMap(scheduleHours)),
  };
}

// ---- text ----------------------------------------------------------------------------------------

/** Columns a string takes: one per code point (text is NFC, so a Vietnamese letter is one). */
export const cols = (s: string): number => [...s].length;
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - cols(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - cols(s))) + s;

export interface BarGlyphs {
  full: string;
  /** Half a cell, for twice the resolution; null where only whole cells can be drawn. */
  half: string | null;
}

/** Full and left-half blocks: both in the VGA (CP437) set that terminal fonts keep. */
export const BLOCK_BARS: BarGlyphs = { full: '█', half: '▌' };
export const ASCII_BARS: BarGlyphs = { full: '#', half: null };

/**
 * Bars in ASCII when asked (LUUDONG_ASCII=1) or on the Linux text console (TERM=linux): a console
 * set up for Vietnamese loads a font whose 256 or 512 glyphs go to the letters, and block characters
 * may be missing from it. Receipt paper always takes ASCII (TCVN-3 code pages have no blocks).
 */
export function barGlyphs(env: Readonly<Record<string, string | undefined>>): BarGlyphs {
  const ascii = (env.LUUDONG_ASCII ?? '') !== '' && env.LUUDONG_ASCII !== '0';
  return ascii || env.TERM === 'linux' ? ASCII_BARS : BLOCK_BARS;
}

/**
 * A horizontal bar chart, one line per row: label, bar, value, at most `width` columns. The largest
 * value spans the whole bar room; any value above zero shows at least the smallest mark, zero none.
 */
export function barChart(rows: readonly { label: string; value: number }[], width: number, glyphs: BarGlyphs, indent = 2): string[] {
  if (rows.length === 0) return [];
  const labelW = Math.max(...rows.map((r) => cols(r.label)));
  const valueW = Math.max(...rows.map((r) => String(r.value).length));
  const room = Math.max(1, width - indent - labelW - 1 - 1 - valueW);
  const max = Math.max(...rows.map((r) => r.value));
  const steps = glyphs.half ? 2 : 1;
  return rows.map((r) => {
    const units = r.value <= 0 || max <= 0 ? 0 : Math.max(1, Math.round((r.value / max) * room * steps));
    const bar = glyphs.full.repeat(Math.floor(units / steps)) + (units % steps && glyphs.half ? glyphs.half : '');
    return `${' '.repeat(indent)}${padEnd(r.label, labelW)} ${bar}${bar ? ' ' : ''}${r.value}`;
  });
}

const GAP = 2;
/** Names are not squeezed narrower than this to keep more number columns beside them. */
const NAME_MIN = 14;

export interface TableOptions {
  /** Spaces before each line. */
  indent?: number;
  /**
   * Sizes of runs of number columns that belong together (counts, then waits, then services):
   * a split falls between runs, and inside a run only when the run alone is too wide.
   */
  runs?: readonly number[];
}

/**
 * A table as lines of at most `width` columns: the first column (names) left-aligned and wrapped
 * when long, the others right-aligned; `head` null for a list of names and values with no header
 * (a heading may take two lines, split at a line break).
 * Number columns that do not fit beside the names move to a further table below, names repeated, so
 * one table serves the screen and narrow receipt paper.
 */
export function tableLines(head: readonly string[] | null, rows: readonly (readonly string[])[], width: number, o: TableOptions = {}): string[] {
  const indent = o.indent ?? 2;
  // a heading of two lines ("Chờ\ntrung vị") keeps a column narrow: its lines stand at the foot of the heading
  const heads = (head ?? []).map((h) => h.split('\n'));
  const depth = Math.max(0, ...heads.map((h) => h.length));
  const headRows = Array.from({ length: depth }, (_, l) => heads.map((h) => h[l - (depth - h.length)] ?? ''));
  const all = [...headRows, ...rows];
  if (all.length === 0) return [];
  const w = (all[0] as readonly string[]).map((_, i) => Math.max(...all.map((r) => cols(r[i] ?? ''))));
  const nameNeed = w[0] as number;
  const room = width - indent - Math.min(nameNeed, NAME_MIN);
  const need = (c: readonly number[]) => c.reduce((a, i) => a + GAP + (w[i] as number), 0);
  // The number columns in their runs (one run of all of them when none are given).
  const runs: number[][] = [];
  let next = 1;
  for (const size of o.runs ?? [w.length - 1]) runs.push(Array.from({ length: Math.min(size, w.length - next) }, () => next++));
  if (next < w.length) runs.push(Array.from({ length: w.length - next }, () => next++));
  const chunks: number[][] = [[]];
  const place = (c: number[]) => {
    const last = chunks[chunks.length - 1] as number[];
    if (last.length === 0 || need([...last, ...c]) <= room) last.push(...c);
    else chunks.push([...c]);
  };
  for (const run of runs) {
    if (need(run) <= room) place(run);
    else for (const i of run) place([i]);
  }
  const out: string[] = [];
  for (const [k, c] of chunks.entries()) {
    if (k > 0) out.push('');
    const nameW = Math.max(1, Math.min(nameNeed, width - indent - need(c)));
    for (const [j, r] of all.entries()) {
      // a heading's upper line with nothing over this part's columns is left out
      if (j < depth - 1 && !r[0] && c.every((i) => !r[i])) continue;
      const names = wrap(r[0] ?? '', nameW);
      const cells = c.map((i) => ' '.repeat(GAP) + padStart(r[i] ?? '', w[i] as number)).join('');
      out.push(`${' '.repeat(indent)}${padEnd(names[0] as string, nameW)}${cells}`.trimEnd());
      for (const more of names.slice(1)) out.push(`${' '.repeat(indent)}${more}`.trimEnd());
    }
  }
  return out;
}

// ---- CSV ---------------------------------------------------------------------------------------------

export type CsvValue = string | number | null;

/** One field as RFC 4180 has it: quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(v: CsvValue): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV text as Excel opens it with Vietnamese intact: a UTF-8 byte order mark first (without it
 * Excel reads the file in the machine's ANSI code page), CRLF after every record.
 */
export function toCsv(records: readonly (readonly CsvValue[])[]): string {
  return '\uFEFF' + records.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
