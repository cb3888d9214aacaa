// Working days for due dates: Monday to Friday, less public holidays, plus swapped working days, all
// from data/holidays.json. Pure: dates are YYYY-MM-DD strings, times HH:MM, local to the office.
import { DomainError } from './errors.js';
import { displayDate } from './time.js';

// The shape of data/holidays.json (checked by checkHolidays in ./config.ts): kept here, with the
// calendar that reads it, so the calendar imports nothing of the data files' schema.
export interface CalendarYear {
  /** The whole year's list was checked against the published notice. */
  verified: boolean;
  /** In a year not verified: the last day up to which the list is known to be right (YYYY-MM-DD). */
  verifiedThrough: string | null;
  holidays: string[];
  workdays: string[];
}

export interface Calendar {
  afternoonCutoff: string;
  years: Record<string, CalendarYear>;
}

const DAY = 86_400_000;
const toUtc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Compiled for look-ups; refuses dates in a year the data does not cover. */
export class WorkingDays {
  private readonly off = new Set<string>();
  private readonly on = new Set<string>();
  /** The last day the data is known to be right for: due dates beyond it are refused. */
  readonly lastVerified: string | null;
  constructor(readonly calendar: Calendar) {
    for (const y of Object.values(calendar.years)) {
      for (const d of y.holidays) this.off.add(d);
      for (const d of y.workdays) this.on.add(d);
    }
    // From the first year on, year after year: a verified year counts whole, the first one that is
    // not counts up to its verifiedThrough, and nothing after it does.
    let last: string | null = null;
    const years = Object.keys(calendar.years).sort();
    for (let i = 0; i < years.length; i++) {
      const y = calendar.years[years[i] as string] as Calendar['years'][string];
      if (i > 0 && Number(years[i]) !== Number(years[i - 1]) + 1) break;
      if (y.verified) last = `${years[i]}-12-31`;
      else {
        if (y.verifiedThrough) last = y.verifiedThrough;
        break;
      }
    }
    this.lastVerified = last;
  }

  isWorkingDay(date: string): boolean {
    const year = date.slice(0, 4);
    if (!this.calendar.years[year]) throw new DomainError('err.calendar.noYear', { year });
    if (this.on.has(date)) return true;
    if (this.off.has(date)) return false;
    const dow = new Date(toUtc(date)).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  nextWorkingDay(date: string): string {
    let ms = toUtc(date) + DAY;
    while (!this.isWorkingDay(fromUtc(ms))) ms += DAY;
    return fromUtc(ms);
  }

  /**
   * The due date of a dossier received on `date` at `time` that takes `days` working days: counting
   * starts on the day of receipt if that is a working day and the dossier came in by the afternoon
   * cut-off, else on the next working day; the due date is `days` working days after that start
   * (0 days: the start day itself).
   */
  dueDate(date: string, time: string, days: number): string {
    let start = date;
    if (!this.isWorkingDay(date) || time > this.calendar.afternoonCutoff) start = this.nextWorkingDay(date);
    let due = start;
    for (let i = 0; i < days; i++) due = this.nextWorkingDay(due);
    // Counted over days whose holidays are not yet announced, the date could be wrong: a slip must
    // never promise one. The operator is told which day the data ends and what to update.
    if (this.lastVerified === null || due > this.lastVerified) {
      throw new DomainError('err.calendar.unverified', { due: displayDate(due), last: this.lastVerified ? displayDate(this.lastVerified) : '–' });
    }
    return due;
  }

  /** Early, on time or late, judged against the due date (days compare as dates, not hours). */
  static timeliness(due: string, doneOn: string): 'early' | 'on_time' | 'late' {
    return doneOn < due ? 'early' : doneOn === due ? 'on_time' : 'late';
  }
}
