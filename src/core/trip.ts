// A trip: one morning of the vehicle at one place. Validation and the counter spec are pure.
import type { ServiceGroup } from './config.js';
import { parseDate } from './citizen.js';
import { DomainError } from './errors.js';
import type { Office } from './office.js';
import type { Counter } from './queue/types.js';
import { cleanText } from './text.js';
import { isHhmm, isIsoDate } from './time.js';

export interface TripInput {
  commune: string;
  place: string;
  date: string; // YYYY-MM-DD, local
  start: string; // HH:MM
  end: string; // HH:MM
  operators: string[];
  counters: Counter[];
  /** The office (commune) this trip works for, by id; default: the first office. */
  officeId?: string | null;
}

export interface Trip extends TripInput {
  id: number;
  openedAt: number;
  closedAt: number | null;
  /** The office as it stood when the trip was opened; absent on trips opened before offices were a list. */
  office?: Office | null;
}

/**
 * Parse a counter spec: "1=A,B" or "2=civil,land" or "3=*" (all groups). Groups by prefix or code.
 */
export function parseCounterSpec(spec: string, groups: readonly ServiceGroup[]): Counter {
  const m = /^\s*(\d{1,2})\s*(?:[=:]\s*(.*))?$/.exec(spec);
  if (!m) throw new DomainError('err.counterSpec', { spec });
  const no = Number(m[1]);
  if (no < 1) throw new DomainError('err.counterSpec', { spec });
  const list = (m[2] ?? '*').split(/[\s,]+/).filter(Boolean);
  const codes = list.includes('*')
    ? groups.map((g) => g.code)
    : list.map((x) => {
        const g = groups.find((gr) => gr.code === x.toLowerCase() || gr.prefix === x.toUpperCase());
        if (!g) throw new DomainError('err.unknownGroup', { group: x });
        return g.code;
      });
  if (codes.length === 0) throw new DomainError('err.counterSpec', { spec });
  return { no, groups: [...new Set(codes)] };
}

export function formatCounterSpec(c: Counter, groups: readonly ServiceGroup[]): string {
  if (groups.every((g) => c.groups.includes(g.code))) return `${c.no}=*`;
  return `${c.no}=${c.groups.map((code) => groups.find((g) => g.code === code)?.prefix ?? code).join(',')}`;
}

/** How far from today a trip opened now may be dated: tomorrow at most, a year back at most. */
export const TRIP_DATE_AHEAD_DAYS = 1;
export const TRIP_DATE_BACK_DAYS = 366;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * A trip is opened on the morning it happens (coming trips are planned with the schedule): a date
 * after tomorrow (9999-12-31, a mistyped year) or more than a year back is refused. `today` is
 * YYYY-MM-DD, local.
 */
export function checkTripDate(date: string, today: string): void {
  const d = dayNumber(date) - dayNumber(today);
  if (d > TRIP_DATE_AHEAD_DAYS || d < -TRIP_DATE_BACK_DAYS) throw new DomainError('err.tripDateRange', { value: date, today });
}

/** Clean and check a trip before it is opened. Each problem names its field. */
export function checkTrip(input: TripInput): TripInput {
  const trip: TripInput = {
    commune: cleanText(input.commune),
    place: cleanText(input.place),
    // Typed as dd/mm/yyyy (1/2/2027 too) or yyyy-mm-dd; kept as yyyy-mm-dd.
    date: parseDate(input.date) ?? input.date.trim(),
    start: input.start.trim(),
    end: input.end.trim(),
    operators: input.operators.map(cleanText).filter(Boolean),
    counters: input.counters,
    ...(input.officeId?.trim() ? { officeId: input.officeId.trim() } : {}),
  };
  if (!trip.commune) throw new DomainError('err.tripCommune');
  if (!trip.place) throw new DomainError('err.tripPlace');
  if (!isIsoDate(trip.date)) throw new DomainError('err.tripDate', { value: trip.date });
  if (!isHhmm(trip.start)) throw new DomainError('err.tripTime', { value: trip.start });
  if (!isHhmm(trip.end)) throw new DomainError('err.tripTime', { value: trip.end });
  if (trip.end <= trip.start) throw new DomainError('err.tripHours', { start: trip.start, end: trip.end });
  if (trip.operators.length === 0) throw new DomainError('err.tripOperators');
  if (trip.counters.length === 0) throw new DomainError('err.tripCounters');
  const nos = new Set<number>();
  for (const c of trip.counters) {
    if (nos.has(c.no)) throw new DomainError('err.counterDuplicate', { counter: c.no });
    nos.add(c.no);
  }
  trip.counters = [...trip.counters].sort((a, b) => a.no - b.no);
  return trip;
}
