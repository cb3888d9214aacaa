// Planned trips and their announcements. A village learns of the vehicle's visit from the commune's
// loudspeaker, its social-media page and a poster at the cultural house; each needs the place, the
// day (with its weekday: that is how people remember it), the hours and what can be done. Pure: the
// wording comes in through the message catalogue, the office and groups from the data files.
import type { PriorityCategory, ServiceGroup } from './config.js';
import type { LocalName } from './lang.js';
import { DomainError } from './errors.js';
import { cleanText } from './text.js';
import { isHhmm, isIsoDate } from './time.js';

export interface PlanInput {
  commune: string;
  place: string;
  /** YYYY-MM-DD */
  date: string;
  start: string;
  end: string;
  /** Service group codes offered on this visit (all when empty). */
  services: string[];
  note: string | null;
}

export interface PlannedTrip extends PlanInput {
  id: number;
  createdAt: number;
  /** When the announcement was made (printed or copied out), or null. */
  announcedAt: number | null;
  cancelledAt: number | null;
}

/** A trip less than this many days away and not yet announced is a warning on the counter screen. */
export const ANNOUNCE_DAYS = 3;

export function checkPlan(input: PlanInput, today: string, groups: readonly ServiceGroup[]): PlanInput {
  const p: PlanInput = {
    commune: cleanText(input.commune),
    place: cleanText(input.place),
    date: input.date.trim(),
    start: input.start.trim(),
    end: input.end.trim(),
    services: [],
    note: input.note ? cleanText(input.note) || null : null,
  };
  if (!p.commune) throw new DomainError('err.tripCommune');
  if (!p.place) throw new DomainError('err.tripPlace');
  if (!isIsoDate(p.date)) throw new DomainError('err.tripDate', { value: p.date });
  if (p.date < today) throw new DomainError('err.plan.past', { date: p.date });
  if (!isHhmm(p.start)) throw new DomainError('err.tripTime', { value: p.start });
  if (!isHhmm(p.end)) throw new DomainError('err.tripTime', { value: p.end });
  if (p.end <= p.start) throw new DomainError('err.tripHours', { start: p.start, end: p.end });
  for (const s of input.services.map((x) => x.trim()).filter(Boolean)) {
    const g = groups.find((x) => x.code === s.toLowerCase() || x.prefix === s.toUpperCase());
    if (!g) throw new DomainError('err.unknownGroup', { group: s });
    if (!p.services.includes(g.code)) p.services.push(g.code);
  }
  return p;
}

/** Whole days from `today` to `date` (both YYYY-MM-DD; negative when past). */
export function daysUntil(today: string, date: string): number {
  return Math.round((Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) - Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10))) / 86_400_000);
}

/** The next trip still to come (today's included), or undefined. */
export function nextPlan(plans: readonly PlannedTrip[], today: string): PlannedTrip | undefined {
  return plans.filter((p) => p.cancelledAt === null && p.date >= today).sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start))[0];
}

/** Trips coming within ANNOUNCE_DAYS that nobody has announced yet. */
export function unannounced(plans: readonly PlannedTrip[], today: string): PlannedTrip[] {
  return plans.filter((p) => p.cancelledAt === null && p.announcedAt === null && daysUntil(today, p.date) >= 0 && daysUntil(today, p.date) < ANNOUNCE_DAYS);
}

/** Translate with parameters: the message catalogue's t(), typed loosely so core needs no i18n import. */
export type Say = (key: string, params?: Record<string, string | number>) => string;

export interface AnnouncementParts {
  /** "thứ Năm, ngày 26 tháng 11 năm 2026" */
  day: string;
  /** "từ 7 giờ 30 đến 11 giờ 30" */
  hours: string;
  /** What can be done, by the groups' topics ("hộ tịch", "đất đai"…). */
  services: string[];
  /** "Ưu tiên phục vụ trước: người cao tuổi, …": one list, from data/priority-categories.json. */
  priority: string;
}

/** The groups and priority categories an announcement names (data/service-groups.json, priority-categories.json). */
export interface AnnouncementData {
  groups: readonly ServiceGroup[];
  priorities: readonly PriorityCategory[];
}

/** First letter in lower case, for a name said inside a sentence ("Người cao tuổi" → "người cao tuổi"). */
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

/** The day and hours as spoken, the services by their topic and who goes first, in the catalogue's language. */
export function announcementParts(p: PlanInput, say: Say, data: AnnouncementData, lang: keyof LocalName): AnnouncementParts {
  const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const time = (hm: string) => {
    const [h, min] = hm.split(':').map(Number) as [number, number];
    return say(min ? 'sched.time' : 'sched.timeHour', { h, m: String(min).padStart(2, '0') });
  };
  const offered = p.services.length ? data.groups.filter((g) => p.services.includes(g.code)) : data.groups;
  return {
    day: say('sched.day', { weekday: say(`sched.weekday.${weekday}`), d, m, y }),
    hours: say('sched.hours', { start: time(p.start), end: time(p.end) }),
    services: offered.map((g) => g.topic?.[lang] ?? lowerFirst(g.name[lang])),
    priority: say('sched.posterPriority', { list: data.priorities.map((c) => lowerFirst(c.name[lang])).join(', ') }),
  };
}

export type AnnouncementFormat = 'speech' | 'social';

/**
 * Abbreviations a person reading to the loudspeaker would say in full (the office's name comes from
 * data/offices.json as forms print it: "UBND xã Minh Châu").
 */
const SAID_IN_FULL: readonly [RegExp, string][] = [
  [/\bUBND\b/g, 'Ủy ban nhân dân'],
  [/\bHĐND\b/g, 'Hội đồng nhân dân'],
  [/\bTTHC\b/g, 'thủ tục hành chính'],
  [/\bBHYT\b/g, 'bảo hiểm y tế'],
];

export function sayInFull(text: string): string {
  return SAID_IN_FULL.reduce((s, [re, full]) => s.replace(re, full), text);
}

/** The text read on the loudspeaker (whole sentences, numbers as they are said) or posted online. */
export function announcementText(format: AnnouncementFormat, p: PlanInput, agency: string, say: Say, data: AnnouncementData, lang: keyof LocalName): string {
  const a = announcementParts(p, say, data, lang);
  const params = { agency: format === 'speech' ? sayInFull(agency) : agency, place: p.place, commune: p.commune, day: a.day, Day: capitalize(a.day), hours: a.hours, services: a.services.join('; '), priority: a.priority, note: p.note ?? '' };
  const body = say(`sched.${format}`, params);
  return p.note ? `${body}\n${say('sched.noteLine', params)}` : body;
}

/** First letter in capitals ("thứ Ba" starting a line is "Thứ Ba"). */
export function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}
