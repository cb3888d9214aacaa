// Fleet figures, the part that needs no database and no language: the dimensions a report is cut
// by, the median and 90th percentile taken from a histogram of every ticket's wait (over all
// tickets of a row, never an average of per-trip or per-vehicle medians), and the rows of a report
// put together from what the store counted. Pure.
import { DomainError } from '../../core/errors.js';
import type { Spread } from '../../core/queue/figures.js';
import { compareVi } from '../../core/text.js';
import { isIsoDate } from '../../core/time.js';

export const DIMENSIONS = ['vehicle', 'commune', 'procedure', 'field', 'week', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export function parseDimension(s: string): Dimension {
  if (!(DIMENSIONS as readonly string[]).includes(s)) throw new DomainError('err.centre.dimension', { value: s, list: DIMENSIONS.join(', ') });
  return s as Dimension;
}

export interface FleetQuery {
  by: Dimension;
  /** YYYY-MM-DD, inclusive: the days of trips and receipts counted. */
  from: string;
  to: string;
  /** Only this vehicle (its name) or commune. */
  vehicle?: string;
  commune?: string;
}

export function checkPeriod(from: string, to: string): void {
  if (!isIsoDate(from)) throw new DomainError('err.tripDate', { value: from });
  if (!isIsoDate(to)) throw new DomainError('err.tripDate', { value: to });
  if (to < from) throw new DomainError('err.centre.period', { from, to });
}

/**
 * A period cut for the summaries by month (migration 6): the whole calendar months inside it (the
 * first days of the first and last), and the days at its edges outside them, each a range of days.
 * A period with no whole month is all edges.
 */
export interface MonthSplit {
  months: { first: string; last: string } | null;
  edges: { from: string; to: string }[];
}

const dayMs = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
/** The first day of the month after the one of `date`. */
const nextMonth = (date: string) => {
  const d = new Date(utc(date));
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
};

export function splitByMonths(from: string, to: string): MonthSplit {
  // the first day of the first whole month, and the day after the last whole month
  const first = from.endsWith('-01') ? from : nextMonth(from);
  const afterTo = iso(utc(to) + dayMs);
  const end = afterTo.endsWith('-01') ? afterTo : `${to.slice(0, 8)}01`;
  if (first >= end) return { months: null, edges: [{ from, to }] };
  const edges = [];
  if (from < first) edges.push({ from, to: iso(utc(first) - dayMs) });
  if (end <= to) edges.push({ from: end, to });
  return { months: { first, last: `${iso(utc(end) - dayMs).slice(0, 8)}01` }, edges };
}

/** One bucket of a histogram: `n` tickets waited `seconds` (whole seconds). */
export interface Bucket {
  seconds: number;
  n: number;
}

/**
 * The bucket a wait is counted in at the centre (migration 4's `centre_wait_s`, the same rule in
 * SQL), as its value in whole seconds: exact under 100 s, to the nearest 10 s under 10 minutes, to
 * the nearest minute beyond; never more than 5% off. Fine enough that the median of short waits is
 * right, coarse enough that a year's histograms stay small.
 */
export function waitBucketSeconds(ms: number): number {
  const s = Math.max(0, roundHalfUp(ms / 1000));
  if (s < 100) return s;
  if (s < 600) return roundHalfUp(s / 10) * 10;
  return roundHalfUp(s / 60) * 60;
}

/** PostgreSQL's round() of a numeric: halves away from zero (the values here are never negative). */
const roundHalfUp = (x: number) => Math.floor(x + 0.5);

/**
 * The k-th smallest value (1-based) of a histogram sorted by value.
 */
function kth(sorted: readonly Bucket[], k: number): number {
  let seen = 0;
  for (const b of sorted) {
    seen += b.n;
    if (seen >= k) return b.seconds;
  }
  return (sorted[sorted.length - 1] as Bucket).seconds;
}

/**
 * Median and 90th percentile of a histogram, as src/core/stats.ts takes them from a list: the
 * median the middle value (the mean of the two middle ones for an even count), the 90th percentile
 * by nearest rank. In milliseconds, from whole seconds.
 */
export function histogramSpread(buckets: readonly Bucket[]): Spread {
  const sorted = buckets.filter((b) => b.n > 0).sort((a, b) => a.seconds - b.seconds);
  const n = sorted.reduce((a, b) => a + b.n, 0);
  if (n === 0) return { n: 0, medianMs: null, p90Ms: null };
  const median = n % 2 ? kth(sorted, (n + 1) / 2) : (kth(sorted, n / 2) + kth(sorted, n / 2 + 1)) / 2;
  const p90 = kth(sorted, Math.min(n, Math.max(1, Math.ceil(0.9 * n))));
  return { n, medianMs: median * 1000, p90Ms: p90 * 1000 };
}

/** What the store counts for one row of a report (one vehicle, commune, procedure, field, week or month). */
export interface RowCounts {
  key: string;
  label: string;
  dossiers: number;
  /** Dossiers with a result (ready, returned or refused), and of those, ready by the due date. */
  withResult: number;
  onTime: number;
  /** Dossiers past their due date with no result yet (at the end of the period or today). */
  overdue: number;
  /** Fees paid in cash at the counter; fees by bank transfer or online, which reach the account later. */
  feesCollectedVnd: number;
  feesAwaitingVnd: number;
  waits: Bucket[];
  help: { kind: string; n: number }[];
  ratings: number[];
}

export interface FleetRow {
  key: string;
  label: string;
  dossiers: number;
  onTime: { withResult: number; onTime: number; rate: number | null };
  overdue: number;
  wait: Spread;
  help: { kind: string; n: number }[];
  helpTotal: number;
  ratings: { n: number; mean: number | null; counts: number[] };
  fees: { collectedVnd: number; awaitingVnd: number };
}

export interface FleetReport {
  query: FleetQuery;
  rows: FleetRow[];
  total: FleetRow;
}

function row(r: RowCounts): FleetRow {
  const counts = [0, 1, 2, 3, 4].map((i) => r.ratings[i] ?? 0);
  const n = counts.reduce((a, b) => a + b, 0);
  const help = [...r.help].filter((h) => h.n > 0).sort((a, b) => b.n - a.n || a.kind.localeCompare(b.kind));
  return {
    key: r.key,
    label: r.label,
    dossiers: r.dossiers,
    onTime: { withResult: r.withResult, onTime: r.onTime, rate: r.withResult ? r.onTime / r.withResult : null },
    overdue: r.overdue,
    wait: histogramSpread(r.waits),
    help,
    helpTotal: help.reduce((a, h) => a + h.n, 0),
    ratings: { n, mean: n ? counts.reduce((a, x, i) => a + x * (i + 1), 0) / n : null, counts },
    fees: { collectedVnd: r.feesCollectedVnd, awaitingVnd: r.feesAwaitingVnd },
  };
}

/** Sum several rows' counts: histograms added bucket by bucket (so the total's median is over all tickets). */
export function sumCounts(key: string, label: string, rows: readonly RowCounts[]): RowCounts {
  const waits = new Map<number, number>();
  const help = new Map<string, number>();
  const ratings = [0, 0, 0, 0, 0];
  for (const r of rows) {
    for (const b of r.waits) waits.set(b.seconds, (waits.get(b.seconds) ?? 0) + b.n);
    for (const h of r.help) help.set(h.kind, (help.get(h.kind) ?? 0) + h.n);
    r.ratings.forEach((x, i) => (ratings[i] = (ratings[i] as number) + x));
  }
  const sum = (f: (r: RowCounts) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    key,
    label,
    dossiers: sum((r) => r.dossiers),
    withResult: sum((r) => r.withResult),
    onTime: sum((r) => r.onTime),
    overdue: sum((r) => r.overdue),
    feesCollectedVnd: sum((r) => r.feesCollectedVnd),
    feesAwaitingVnd: sum((r) => r.feesAwaitingVnd),
    waits: [...waits.entries()].map(([seconds, n]) => ({ seconds, n })),
    help: [...help.entries()].map(([kind, n]) => ({ kind, n })),
    ratings,
  };
}

/**
 * The report: one row per value of the dimension (weeks and months in time order, names in
 * Vietnamese order), and the total over the whole fleet and period (sumCounts of the rows, or
 * counted apart for what the rows do not have).
 */
export function buildFleetReport(query: FleetQuery, rows: readonly RowCounts[], total: RowCounts): FleetReport {
  // Weeks and months in time order; names in Vietnamese order.
  const byKey = query.by === 'week' || query.by === 'month';
  const sorted = [...rows].sort((a, b) => (byKey ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : compareVi(a.label, b.label)));
  return { query, rows: sorted.map(row), total: row(total) };
}

/** The Monday of a date's ISO week, as the week's key. */
export function weekKey(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}
