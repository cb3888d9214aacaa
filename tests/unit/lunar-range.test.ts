// The lunar calendar converts only what it is checked against: the years 1800-2199 of Hồ Ngọc Đức's
// published table (tests/unit/lunar-published-table.test.ts), each in the time zone Vietnam's calendar
// counted it in: UTC+8 (the calendar it kept) to the lunar year 1967, UTC+7 from 1968. solarToLunar
// throws a RangeError for any other solar year, lunarToSolar returns undefined for any other lunar
// year (as for a leap month a year lacks), and a holidays.json year outside them is a data-file
// problem, not a crash.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDataDir, loadDomainData } from '../../src/app/data.js';
import { DataError } from '../../src/core/check.js';
import { checkHolidays, lunarProblem } from '../../src/core/config.js';
import { DomainError } from '../../src/core/errors.js';
import { calendarZone, hungKingsDay, LUNAR_YEARS, lunarToSolar, solarToLunar, tetDay } from '../../src/core/lunar.js';

const REFUSED = /^solarToLunar: .*: only the years 1800-2199 are converted$/;

describe('the years the lunar calendar converts, and the zone of each', () => {
  it('are 1800-2199; UTC+8 to the lunar year 1967, UTC+7 from 1968', () => {
    expect(LUNAR_YEARS).toEqual({ first: 1800, last: 2199 });
    expect([1800, 1900, 1967, 1968, 1985, 2199].map(calendarZone)).toEqual([8, 8, 8, 7, 7, 7]);
  });

  it('solarToLunar: the first and last days of 1800-2199 are converted, the days either side refused with a RangeError', () => {
    // The published table: Tết 1800 on 25/1/1800, so 1/1/1800 is in the 12th month of 1799; the 11th
    // month of 2199 from 18/12/2199 (29 days, to 15/1/2200).
    expect(solarToLunar('1800-01-25')).toEqual({ day: 1, month: 1, year: 1800, leap: false });
    expect(solarToLunar('1800-01-01')).toMatchObject({ month: 12, year: 1799, leap: false });
    expect(solarToLunar('2199-12-31')).toEqual({ day: 14, month: 11, year: 2199, leap: false });
    for (const iso of ['1799-12-31', '2200-01-01', '2200-01-15', '3359-01-21', '0001-01-01']) {
      expect(() => solarToLunar(iso), iso).toThrow(RangeError);
      expect(() => solarToLunar(iso), iso).toThrow(REFUSED);
    }
    expect(() => solarToLunar('2200-01-01')).toThrow('solarToLunar: 2200-01-01: only the years 1800-2199 are converted');
    // not a date at all: no year to vouch for
    expect(() => solarToLunar('Tết')).toThrow(RangeError);
  });

  it('each year in its own zone: Tết 1965 on 2/2 (UTC+8; it would be 1/2 at UTC+7), Tết 1985 on 21/1 (UTC+7; China, at UTC+8, began its 12th month that day)', () => {
    expect(tetDay(1965)).toBe('1965-02-02');
    expect(solarToLunar('1965-02-01')).toEqual({ day: 30, month: 12, year: 1964, leap: false });
    expect(solarToLunar('1965-02-02')).toEqual({ day: 1, month: 1, year: 1965, leap: false });
    expect(tetDay(1985)).toBe('1985-01-21');
    expect(solarToLunar('1985-01-21')).toEqual({ day: 1, month: 1, year: 1985, leap: false });
    expect(solarToLunar('1985-01-20')).toMatchObject({ month: 12, year: 1984, leap: false });
  });

  it('the change of zone: the 12th month of 1967 (UTC+8) from 31/12/1967 to 28/1/1968, Tết Mậu Thân 1968 (UTC+7) on 29/1/1968, a day before China’s', () => {
    expect(lunarToSolar(1, 12, 1967)).toBe('1967-12-31');
    expect(solarToLunar('1967-12-31')).toEqual({ day: 1, month: 12, year: 1967, leap: false });
    expect(solarToLunar('1968-01-01')).toEqual({ day: 2, month: 12, year: 1967, leap: false });
    expect(solarToLunar('1968-01-28')).toEqual({ day: 29, month: 12, year: 1967, leap: false });
    expect(lunarToSolar(29, 12, 1967)).toBe('1968-01-28');
    expect(tetDay(1968)).toBe('1968-01-29');
    expect(solarToLunar('1968-01-29')).toEqual({ day: 1, month: 1, year: 1968, leap: false });
  });

  it('1987: a leap 7th month (Vietnam, UTC+7) from 24/8; China, at UTC+8, repeated its 6th month instead', () => {
    expect(solarToLunar('1987-07-26')).toEqual({ day: 1, month: 7, year: 1987, leap: false });
    expect(solarToLunar('1987-08-24')).toEqual({ day: 1, month: 7, year: 1987, leap: true });
    expect(lunarToSolar(1, 7, 1987, true)).toBe('1987-08-24');
    expect(lunarToSolar(1, 6, 1987, true)).toBeUndefined();
  });

  it('lunarToSolar: the lunar years 1800-2199 are converted (the last months of 2199 fall in 2200), others give undefined', () => {
    expect(lunarToSolar(1, 1, 1800)).toBe('1800-01-25');
    // Tết 2199: 26/1 in the published table, 27/1 by this algorithm (a new moon within two minutes of
    // midnight: one of the eight months lunar-published-table.test.ts lists)
    expect(lunarToSolar(1, 1, 2199)).toBe('2199-01-27');
    expect(lunarToSolar(1, 11, 2199)).toBe('2199-12-18');
    expect(lunarToSolar(1, 12, 2199)).toBe('2200-01-16');
    for (const year of [1799, 2200, 1, 3358, 9999]) {
      expect(lunarToSolar(1, 1, year), String(year)).toBeUndefined();
      expect(lunarToSolar(1, 12, year), String(year)).toBeUndefined();
    }
    expect(lunarToSolar(1, 12, 1799)).toBeUndefined();
    expect(lunarToSolar(1, 12, 3358, true)).toBeUndefined();
  });

  it('Tết and Giỗ Tổ of a year outside 1800-2199 are undefined', () => {
    expect(tetDay(1800)).toBe(lunarToSolar(1, 1, 1800));
    expect(tetDay(2199)).toBe('2199-01-27');
    expect(hungKingsDay(2199)).toBe(lunarToSolar(10, 3, 2199));
    for (const year of [1799, 2200]) {
      expect(tetDay(year)).toBeUndefined();
      expect(hungKingsDay(year)).toBeUndefined();
    }
  });
});

describe('a holidays.json year outside 1800-2199', () => {
  const outside = (year: string) => `the lunar calendar is computed only for the years 1800-2199, not ${year}`;

  it('is a problem of the year, not a crash', () => {
    expect(lunarProblem(2200, { holidays: [] })).toBe(outside('2200'));
    expect(lunarProblem(1799, { holidays: ['1799-02-05'] })).toBe(outside('1799'));
    // 2199 is inside: its Tết is checked as any year's
    expect(lunarProblem(2199, { holidays: [] })).toBe('no Tết days off near the lunar new year 2199-01-27');
  });

  it('is refused by the holidays.json check, naming the year', () => {
    const file = (year: string) => ({ afternoonCutoff: '15:00', years: { [year]: { verified: false, holidays: [], workdays: [] } } });
    for (const year of ['2200', '1799', '0000', '9999']) {
      expect(() => checkHolidays(file(year)), year).toThrow(DataError);
      expect(() => checkHolidays(file(year)), year).toThrow(`holidays.json: $.years.${year}.holidays: ${outside(String(Number(year)))}`);
    }
  });

  it('is refused when the data files are loaded, as any bad field of them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-lunar-range-'));
    try {
      cpSync(findDataDir(), dir, { recursive: true });
      const holidays = JSON.parse(readFileSync(join(dir, 'holidays.json'), 'utf8'));
      expect(() => loadDomainData(dir)).not.toThrow();
      holidays.years['2200'] = { verified: false, holidays: ['2200-01-01'], workdays: [] };
      writeFileSync(join(dir, 'holidays.json'), JSON.stringify(holidays));
      const e = (() => {
        try {
          loadDomainData(dir);
        } catch (x) {
          return x;
        }
      })();
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('err.data');
      expect((e as DomainError).params).toEqual({ file: join(dir, 'holidays.json'), path: '$.years.2200.holidays', problem: outside('2200') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
