// The lunar calendar as a calendar: every solar day has exactly one lunar date, which converts back
// to it; days run 1, 2, … through months of 29 or 30 days, 12 or 13 months a year. Checked on every
// day of 1800-2199, each lunar year in its zone (UTC+8 to 1967, UTC+7 from 1968, the change of zone
// included), and where it once went wrong:
// a new moon coming late in its mean month (a "day 0" that converted back to another day). A leap
// 12th month (tháng Chạp nhuận), which this algorithm gives lunar 3358, 1403 and 1498, is outside
// the years it converts (1800-2199).
import { describe, expect, it } from 'vitest';
import { jdFromDate, jdToDate, lunarToSolar, solarToLunar, type LunarDate } from '../../src/core/lunar.js';

// Solar days counted by JavaScript's own (proleptic Gregorian) calendar, not by the module under test.
const DAY_MS = 86_400_000;
const iso = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Every day of the years from..to: the days that break the rules, as text (empty when none does). */
function brokenDays(from: number, to: number): string[] {
  const bad: string[] = [];
  let prev: LunarDate | undefined;
  let monthsInYear = -1; // counted from the first Tết on
  for (let d = dayOf(`${from}-01-01`); d <= dayOf(`${to}-12-31`); d++) {
    const day = iso(d);
    const l = solarToLunar(day);
    const back = lunarToSolar(l.day, l.month, l.year, l.leap);
    if (back !== day) bad.push(`${day}: ${JSON.stringify(l)} converts back to ${back}`);
    if (prev) {
      const next = l.day === 1 ? [29, 30].includes(prev.day) : l.day === prev.day + 1 && l.month === prev.month && l.leap === prev.leap && l.year === prev.year;
      if (!next) bad.push(`${day}: ${JSON.stringify(l)} after ${JSON.stringify(prev)}`);
    }
    if (l.day === 1 && l.month === 1 && !l.leap) {
      if (monthsInYear >= 0 && monthsInYear !== 12 && monthsInYear !== 13) bad.push(`${day}: lunar year ${l.year - 1} had ${monthsInYear} months`);
      monthsInYear = 0;
    }
    if (l.day === 1 && monthsInYear >= 0) monthsInYear++;
    prev = l;
  }
  return bad;
}

describe('the lunar calendar, day by day', () => {
  it('every day of 1800-2199 has one lunar date that converts back to it (from Tết 1800), in months of 29 or 30 days and years of 12 or 13 months', () => {
    // but for 1-24 January 1800, the end of the lunar year 1799, which lunarToSolar does not convert
    const lunar1799 = Array.from({ length: 24 }, (_, i) => `1800-01-${String(i + 1).padStart(2, '0')}: ${JSON.stringify({ day: i + 7, month: 12, year: 1799, leap: false })} converts back to undefined`);
    expect(brokenDays(1800, 2199)).toEqual(lunar1799);
  });

  it('the day before a new moon that comes late in its mean month is the 30th of the old month, not a "day 0" of the next', () => {
    // The new moon of 8/5/2054 (UTC+7) falls so late in its mean lunation that the first guess of the
    // month, and the one before it, both start after 7/5.
    expect(solarToLunar('2054-05-07')).toEqual({ day: 30, month: 3, year: 2054, leap: false });
    expect(lunarToSolar(30, 3, 2054)).toBe('2054-05-07');
    expect(solarToLunar('2054-05-08')).toEqual({ day: 1, month: 4, year: 2054, leap: false });
    expect(solarToLunar('2062-04-09')).toEqual({ day: 30, month: 2, year: 2062, leap: false });
    expect(lunarToSolar(30, 2, 2062)).toBe('2062-04-09');
  });

  it('a leap 12th month (tháng Chạp nhuận) is outside the years converted: none of 1800-2199 has one; lunar 3358, which has one by this algorithm, is refused', () => {
    // The leap months of 1800-2199 by this algorithm, at UTC+7 and at UTC+8 (every month start
    // checked by script), are months 1 to 11: the latest, the leap 11th months of 2033 and 2128
    // (2147 too at UTC+8). The published table has the one of 2033 from 22/12/2033.
    expect(lunarToSolar(1, 11, 2033, true)).toBe('2033-12-22');
    expect(solarToLunar('2033-12-22')).toEqual({ day: 1, month: 11, year: 2033, leap: true });
    expect(lunarToSolar(1, 12, 2033, true)).toBeUndefined();
    expect(lunarToSolar(1, 12, 3358, true)).toBeUndefined();
    expect(() => solarToLunar('3359-01-21')).toThrow(RangeError);
  });
});

describe('days before the Gregorian reform', () => {
  it('are Julian-calendar days: Thursday 4 October 1582 was followed by Friday 15 October', () => {
    expect(jdFromDate(4, 10, 1582)).toBe(2299160);
    expect(jdFromDate(15, 10, 1582)).toBe(2299161);
    expect(jdToDate(2299160)).toEqual([4, 10, 1582]);
    expect(jdToDate(2299161)).toEqual([15, 10, 1582]);
    // Julian day 0 is 1 January 4713 BC (astronomical year -4712) of the Julian calendar, and
    // 1 January of year 1 is Julian day 1 721 424.
    expect(jdFromDate(1, 1, -4712)).toBe(0);
    expect(jdToDate(0)).toEqual([1, 1, -4712]);
    expect(jdFromDate(1, 1, 1)).toBe(1721424);
    expect(jdToDate(1721424)).toEqual([1, 1, 1]);
  });
});
