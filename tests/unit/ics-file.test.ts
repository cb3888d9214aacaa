// The planned trips as the iCalendar file the commune's and the centre's calendars import (RFC 5545):
// the whole file, byte for byte: CRLF line ends, Vietnam's time zone declared once (UTC+7 all year),
// each trip an event with local start and end times, UTC stamps, escaped text, a confirmed or a
// cancelled status, and lines folded at 75 octets.
import { describe, expect, it } from 'vitest';
import { foldLine, icsCalendar, type IcsEvent } from '../../src/core/ics.js';

const morning: IcsEvent = {
  uid: 'plan-7@luudong',
  plan: { commune: 'Xã Tân Lập', place: 'Nhà văn hóa thôn 3', date: '2027-03-05', start: '07:30', end: '11:00', services: [], note: null },
  summary: 'Xe lưu động: Xã Tân Lập',
  description: 'Mang theo CCCD, giay khai sinh cua tre; anh 4x6 (2 tam)\nLien he: 0912 345 678',
  cancelled: false,
  updatedAt: Date.UTC(2027, 1, 20, 3, 4, 5),
};
const cancelled: IcsEvent = {
  uid: 'plan-8@luudong',
  plan: { commune: 'Xã Đông Sơn', place: 'Trường tiểu học', date: '2027-03-06', start: '13:30', end: '16:30', services: [], note: null },
  summary: 'Xe lưu động: Xã Đông Sơn (đã hủy)',
  description: 'Hoãn vì mưa bão',
  cancelled: true,
  updatedAt: Date.UTC(2027, 1, 21, 8, 59, 59, 999),
};

/** The calendar's header and Vietnam's time zone (UTC+7 all year), as every file starts, named `name` (as escaped). */
const header = (name: string) => [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//luudong//centre schedule//VI',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  `X-WR-CALNAME:${name}`,
  'X-WR-TIMEZONE:Asia/Ho_Chi_Minh',
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Ho_Chi_Minh',
  'BEGIN:STANDARD',
  'DTSTART:19750613T000000',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:ICT',
  'END:STANDARD',
  'END:VTIMEZONE',
];

describe('the schedule as an iCalendar file', () => {
  it('is the calendar header, the Asia/Ho_Chi_Minh zone, then one event per trip, every line ending in CRLF', () => {
    const text = icsCalendar('Lịch xe lưu động; huyện A, tỉnh B', [morning, cancelled], Date.UTC(2027, 1, 21, 9, 0, 0));
    expect(text).toBe(
      [
        ...header('Lịch xe lưu động\\; huyện A\\, tỉnh B'),
        'BEGIN:VEVENT',
        'UID:plan-7@luudong',
        'DTSTAMP:20270221T090000Z',
        'LAST-MODIFIED:20270220T030405Z',
        'DTSTART;TZID=Asia/Ho_Chi_Minh:20270305T073000',
        'DTEND;TZID=Asia/Ho_Chi_Minh:20270305T110000',
        'SUMMARY:Xe lưu động: Xã Tân Lập',
        'LOCATION:Nhà văn hóa thôn 3\\, Xã Tân Lập',
        // 92 octets: 75 on the first line, the rest after one space (its own leading space kept)
        'DESCRIPTION:Mang theo CCCD\\, giay khai sinh cua tre\\; anh 4x6 (2 tam)\\nLien',
        '  he: 0912 345 678',
        'STATUS:CONFIRMED',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:plan-8@luudong',
        'DTSTAMP:20270221T090000Z',
        'LAST-MODIFIED:20270221T085959Z',
        'DTSTART;TZID=Asia/Ho_Chi_Minh:20270306T133000',
        'DTEND;TZID=Asia/Ho_Chi_Minh:20270306T163000',
        'SUMMARY:Xe lưu động: Xã Đông Sơn (đã hủy)',
        'LOCATION:Trường tiểu học\\, Xã Đông Sơn',
        'DESCRIPTION:Hoãn vì mưa bão',
        'STATUS:CANCELLED',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('with no trip planned is the header and the time zone alone', () => {
    expect(icsCalendar('Lịch', [], 0).split('\r\n')).toEqual([
      ...header('Lịch'),
      'END:VCALENDAR',
      '',
    ]);
  });
});

describe('folding a content line (RFC 5545 3.1)', () => {
  const x = (n: number) => 'X'.repeat(n);
  it('keeps a line of 75 octets whole and folds the 76th onto a line that starts with a space', () => {
    expect(foldLine(x(75))).toBe(x(75));
    expect(foldLine(x(76))).toBe(`${x(75)}\r\n X`);
  });

  it('gives each continuation line 74 octets after its space, so that no line is longer than 75', () => {
    expect(foldLine(x(75 + 74))).toBe(`${x(75)}\r\n ${x(74)}`);
    expect(foldLine(x(75 + 74 + 1))).toBe(`${x(75)}\r\n ${x(74)}\r\n X`);
  });

  it('never splits a letter: a 3-octet "ầ" that would cross the 75th octet starts the next line', () => {
    expect(foldLine(`${x(72)}ầ`)).toBe(`${x(72)}ầ`);
    expect(foldLine(`${x(73)}ầ`)).toBe(`${x(73)}\r\n ầ`);
  });
});
