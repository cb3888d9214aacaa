// @ts-nocheck
// The lunar calendar against dates everyone in Vietnam knows: Tết and Giỗ Tổ Hùng Vương across 40
// years, including 1985 and 2007 when Vietnam (UTC+7) and China (UTC+8) kept Tết on different days;
// the round trip of every day of several years; and holidays.json checked against it.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { WorkingDays } from '../../src/core/calendar.js';
import { checkHolidays, lunarProblem } from '../../src/core/config.js';
import { DomainError } from '../../src/core/errors.js';
import { hungKingsDay, lunarToSolar, solarToLunar, tetDay } from '../../src/core/lunar.js';

// Tết Nguyên Đán, as published calendars give it.
const TET: [number, string][] = [
  [1985, '1985-01-21'], // China: 20/2/1985
  [1990, '1990-01-27'],
  [2000, '2000-02-05'],
  [2007, '2007-02-17'], // China: 18/2/2007
  [2010, '2010-02-14'],
  [2015, '2015-02-19'],
  [2019, '2019-02-05'],
  [2020, '2020-01-25'],
  [2021, '2021-02-12'],
  [2022, '2022-02-01'],
  [2023, '2023-01-22'],
  [2024, '2024-02-10'],
  [2025, '2025-01-29'],
  [2026, '2026-02-17'],
  [2027, '2027-02-06'], // Tết Đinh Mùi, a Saturday
  [2028, '2028-01-26'],
];
// Giỗ Tổ Hùng Vương (10/3 lunar), as the holiday notices give it.
const HUNG: [number, string][] = [
  [2019, '2019-04-14'],
  [2020, '2020-04-02'],
  [2021, '2021-04-21'],
  [2022, '2022-04-10'],
  [2023, '2023-04-29'], // a year with a leap 2nd month
  [2024, '2024-04-18'],
  [2025, '2025-04-07'],
  [2026, '2026-04-26'],
  [2027, '2027-04-16'], // a Friday
];

describe('the Vietnamese lunar calendar', () => {
  it.each(TET)('Tết %i is %s', (year, date) => {
    expect(tetDay(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it.each(HUNG)('Giỗ Tổ %i is %s', (year, date) => expect(hungKingsDay(year)).toBe(date));

  it('the leap month of 2023 (a second 2nd month from 22/3) and a leap month a year lacks', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(lunarToSolar(1, 5, 2023, true)).toBeUndefined();
    expect(lunarToSolar(1, 5, 2027, true)).toBeUndefined(); // 2027 has no leap month
  });

  it('every day of 2024-2028 goes to the lunar calendar and back to itself; days run 1..30 in months of 29 or 30', () => {
    let prev = solarToLunar('2023-12-31');
    for (let ms = Date.UTC(2024, 0, 1); ms <= Date.UTC(2028, 11, 31); ms += 86_400_000) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      const l = solarToLunar(iso);
      expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toBe(iso);
      if (l.day === 1) expect([29, 30]).toContain(prev.day);
      else expect(l.day).toBe(prev.day + 1);
      prev = l;
    }
  });
});

describe('holidays.json and the lunar calendar', () => {
  const data = loadDomainData();

  it('every year of the shipped file agrees with the lunar calendar', () => {
    for (const [year, y] of Object.entries(data.calendar.years)) expect(lunarProblem(Number(year), y)).toBeNull();
  });

  it('a Tết put on the wrong week or a Giỗ Tổ on the wrong day is refused at load, naming the field', () => {
    const base = { afternoonCutoff: '15:00', years: { '2025': { verified: true, holidays: ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07'], workdays: [] } } };
    expect(() => checkHolidays(base)).not.toThrow();
    const wrongTet = structuredClone(base);
    wrongTet.years['2025'].holidays = ['2025-01-01', '2025-02-03', '2025-02-04', '2025-02-05', '2025-04-07'];
    expect(() => checkHolidays(wrongTet)).toThrow(/\$\.years\.2025\.holidays: .*lunar new year 2025-01-29/);
    const wrongHung = structuredClone(base);
    wrongHung.years['2025'].holidays = wrongHung.years['2025'].holidays.map((d) => (d === '2025-04-07' ? '2025-04-08' : d));
    expect(() => checkHolidays(wrongHung)).toThrow(/Giỗ Tổ Hùng Vương \(lunar 10\/3\) is 2025-04-07/);
  });

  it('2027: Tết Sat 6/2 and Giỗ Tổ Fri 16/4 as the calendar says; the year is not verified and due dates past its last checked day are refused', () => {
    const y = data.calendar.years['2027'];
    expect(y?.verified).toBe(false);
    expect(y?.holidays).toContain('2027-04-16');
    const days = new WorkingDays(data.calendar);
    expect(days.lastVerified).toBe(y?.verifiedThrough);
    // received on Mon 18/1/2027 for 5 working days: due Mon 25/1, before the last checked day
    expect(days.dueDate('2027-01-18', '09:00', 5)).toBe('2027-01-25');
    // 15 working days would run into the Tết weeks nobody has announced yet
    const e = (() => {
      try {
        days.dueDate('2027-01-18', '09:00', 15);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('err.calendar.unverified');
    expect((e as DomainError).params).toMatchObject({ last: '31/01/2027' });
  });
});
