// Shapes of the data files in data/ and their schema checks. Pure: callers pass parsed JSON.
// The checker and its error are in check.ts, the languages in lang.ts.
import { Checker, type Json } from './check.js';
import type { Calendar, CalendarYear } from './calendar.js';
import type { LocalName } from './lang.js';
import type { HelpService, Office } from './office.js';
import type { Procedure } from './procedures.js';
import type { FormInfo } from './print/form.js';
import { hungKingsDay, LUNAR_YEARS, tetDay } from './lunar.js';

export interface ServiceGroup {
  code: string;
  prefix: string;
  name: LocalName;
  /** What the group is about inside a sentence of the trip announcements (lower case, no brackets). */
  topic?: LocalName;
  defaultServiceMinutes: number;
}

export interface PriorityCategory {
  code: string;
  key: string;
  name: LocalName;
}

export interface QueueRules {
  maxPriorityInARow: number;
  noShowReturnMinutes: number;
  recentServiceCount: number;
  ticketDigits: number;
}

export interface Province {
  code: string;
  name: string;
}

export interface DomainData {
  procedures: Procedure[];
  groups: ServiceGroup[];
  priorities: PriorityCategory[];
  rules: QueueRules;
  provinces: Province[];
  calendar: Calendar;
  /** The offices of data/offices.json (the vehicle may add its own: src/app/offices.ts). */
  offices: Office[];
  /** The default office: the first of data/offices.json. */
  office: Office;
  helpServices: HelpService[];
  /** The one-stop forms printed, their numbers and whether their text was checked (data/forms.json). */
  forms: FormInfo[];
}

export function checkServiceGroups(json: Json, file = 'service-groups.json'): ServiceGroup[] {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  const groups = c.arr(root.groups, '$.groups').map((g, i) => {
    const p = `$.groups[${i}]`;
    const o = c.obj(g, p);
    return {
      code: c.str(o.code, `${p}.code`, /^[a-z][a-z0-9-]*$/),
      prefix: c.str(o.prefix, `${p}.prefix`, /^[A-Z]$/),
      name: c.name(o.name, `${p}.name`),
      ...(o.topic === undefined ? {} : { topic: c.name(o.topic, `${p}.topic`) }),
      defaultServiceMinutes: c.int(o.defaultServiceMinutes, `${p}.defaultServiceMinutes`, 1, 240),
    };
  });
  if (groups.length === 0) c.fail('$.groups', 'at least one service group is needed');
  c.unique(groups, (g) => g.code, '$.groups', 'code');
  c.unique(groups, (g) => g.prefix, '$.groups', 'prefix');
  return groups;
}

export function checkPriorityCategories(json: Json, file = 'priority-categories.json'): PriorityCategory[] {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  const cats = c.arr(root.categories, '$.categories').map((g, i) => {
    const p = `$.categories[${i}]`;
    const o = c.obj(g, p);
    return {
      code: c.str(o.code, `${p}.code`, /^[a-z][a-z0-9-]*$/),
      key: c.str(o.key, `${p}.key`, /^[1-9]$/),
      name: c.name(o.name, `${p}.name`),
    };
  });
  c.unique(cats, (g) => g.code, '$.categories', 'code');
  c.unique(cats, (g) => g.key, '$.categories', 'key');
  return cats;
}

export function checkQueueRules(json: Json, file = 'queue-rules.json'): QueueRules {
  const c = new Checker(file);
  const o = c.obj(json, '$');
  return {
    maxPriorityInARow: c.int(o.maxPriorityInARow, '$.maxPriorityInARow', 1, 100),
    noShowReturnMinutes: c.int(o.noShowReturnMinutes, '$.noShowReturnMinutes', 0, 24 * 60),
    recentServiceCount: c.int(o.recentServiceCount, '$.recentServiceCount', 1, 1000),
    ticketDigits: c.int(o.ticketDigits, '$.ticketDigits', 1, 6),
  };
}

export function checkProvinces(json: Json, file = 'provinces.json'): Province[] {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  const list = c.arr(root.provinces, '$.provinces').map((g, i) => {
    const p = `$.provinces[${i}]`;
    const o = c.obj(g, p);
    return { code: c.str(o.code, `${p}.code`, /^\d{3}$/), name: c.str(o.name, `${p}.name`) };
  });
  if (list.length === 0) c.fail('$.provinces', 'at least one province is needed');
  c.unique(list, (x) => x.code, '$.provinces', 'code');
  return list;
}

export function checkHolidays(json: Json, file = 'holidays.json'): Calendar {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  const afternoonCutoff = c.str(root.afternoonCutoff, '$.afternoonCutoff', /^([01]\d|2[0-3]):[0-5]\d$/);
  const yearsIn = c.obj(root.years, '$.years');
  const years: Calendar['years'] = {};
  const isDate = /^\d{4}-\d{2}-\d{2}$/;
  for (const [year, v] of Object.entries(yearsIn)) {
    const p = `$.years.${year}`;
    if (!/^\d{4}$/.test(year)) c.fail(p, 'the key must be a year');
    const o = c.obj(v, p);
    const days = (k: 'holidays' | 'workdays') =>
      c.arr(o[k], `${p}.${k}`).map((d, i) => {
        const s = c.str(d, `${p}.${k}[${i}]`, isDate);
        const real = new Date(`${s}T00:00:00Z`);
        if (Number.isNaN(real.getTime()) || real.toISOString().slice(0, 10) !== s) c.fail(`${p}.${k}[${i}]`, `"${s}" is not a real date`);
        if (!s.startsWith(year)) c.fail(`${p}.${k}[${i}]`, `"${s}" is not in ${year}`);
        return s;
      });
    const verified = c.bool(o.verified, `${p}.verified`);
    let verifiedThrough: string | null = null;
    // A verified year is trusted whole: a verifiedThrough it still carries means nothing.
    if (!verified && o.verifiedThrough !== undefined && o.verifiedThrough !== null) {
      verifiedThrough = c.str(o.verifiedThrough, `${p}.verifiedThrough`, isDate);
      if (!verifiedThrough.startsWith(year)) c.fail(`${p}.verifiedThrough`, `"${verifiedThrough}" is not in ${year}`);
    }
    years[year] = { verified, verifiedThrough, holidays: days('holidays'), workdays: days('workdays') };
    // The lunar holidays must fall where the lunar calendar puts them (src/core/lunar.ts).
    const problem = lunarProblem(Number(year), years[year]);
    if (problem) c.fail(`${p}.holidays`, problem);
  }
  return { afternoonCutoff, years };
}

const DAY_MS = 86_400_000;
const isoDay = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
const weekend = (iso: string) => [0, 6].includes(new Date(isoDay(iso)).getUTCDay());

/**
 * Whether a year's days off agree with the lunar calendar: Tết (lunar 1/1) lies within the span of
 * the Tết days off (a listed day or a weekend inside it); Giỗ Tổ (lunar 10/3) is a listed day off, or
 * falls on a weekend with a listed day off within the next 3 days (the compensation, Labour Code art.
 * 112). Returns what is wrong, or null; a year the lunar calendar is not computed for
 * (src/core/lunar.ts, LUNAR_YEARS) is wrong too.
 */
export function lunarProblem(year: number, y: Pick<CalendarYear, 'holidays'>): string | null {
  const off = new Set(y.holidays);
  const tet = tetDay(year);
  if (tet === undefined) return `the lunar calendar is computed only for the years ${LUNAR_YEARS.first}-${LUNAR_YEARS.last}, not ${year}`;
  const near = y.holidays.filter((d) => Math.abs(isoDay(d) - isoDay(tet)) <= 7 * DAY_MS);
  if (near.length === 0) return `no Tết days off near the lunar new year ${tet}`;
  const first = near.reduce((a, b) => (a < b ? a : b));
  const last = near.reduce((a, b) => (a > b ? a : b));
  if (!(tet >= first && tet <= last) && !(weekend(tet) && Math.abs(isoDay(tet) - isoDay(first)) <= 3 * DAY_MS)) return `the lunar new year ${tet} is outside the Tết days off ${first}..${last}`;
  const hung = hungKingsDay(year) as string; // a year tetDay has
  if (!off.has(hung)) {
    const compensated = weekend(hung) && [1, 2, 3].some((n) => off.has(new Date(isoDay(hung) + n * DAY_MS).toISOString().slice(0, 10)));
    if (!compensated) return `Giỗ Tổ Hùng Vương (lunar 10/3) is ${hung}, not a listed day off`;
  }
  return null;
}
