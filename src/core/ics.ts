// Planned trips as an iCalendar file (RFC 5545), for the commune's and the centre's calendars: one
// event per trip, in Vietnam's time (Asia/Ho_Chi_Minh, UTC+7 all year, no summer time), a cancelled
// trip kept as a cancelled event so calendars that had it remove it. Text escaped and lines folded
// at 75 octets as the RFC requires (never inside a UTF-8 character), CRLF line ends. Pure.
import type { PlanInput } from './schedule.js';

export interface IcsEvent {
  /** Stable across exports: a calendar updates the event rather than adding another. */
  uid: string;
  plan: PlanInput;
  summary: string;
  description: string;
  cancelled: boolean;
  /** Last change, ms. */
  updatedAt: number;
}

const TZID = 'Asia/Ho_Chi_Minh';

/** TEXT values: backslash, semicolon, comma and line breaks escaped. */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** One content line folded into lines of at most 75 octets, the next ones starting with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // a continuation line spends one octet on its space
    if (bytes + n > limit) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.map((l, i) => (i === 0 ? l : ` ${l}`)).join('\r\n');
}

const local = (date: string, hm: string) => `${date.replace(/-/g, '')}T${hm.replace(':', '')}00`;
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function icsCalendar(name: string, events: readonly IcsEvent[], now: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//luudong//centre schedule//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(name)}`,
    `X-WR-TIMEZONE:${TZID}`,
    'BEGIN:VTIMEZONE',
    `TZID:${TZID}`,
    'BEGIN:STANDARD',
    'DTSTART:19750613T000000',
    'TZOFFSETFROM:+0700',
    'TZOFFSETTO:+0700',
    'TZNAME:ICT',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utc(now)}`,
      `LAST-MODIFIED:${utc(e.updatedAt)}`,
      `DTSTART;TZID=${TZID}:${local(e.plan.date, e.plan.start)}`,
      `DTEND;TZID=${TZID}:${local(e.plan.date, e.plan.end)}`,
      `SUMMARY:${icsText(e.summary)}`,
      `LOCATION:${icsText(`${e.plan.place}, ${e.plan.commune}`)}`,
      `DESCRIPTION:${icsText(e.description)}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
