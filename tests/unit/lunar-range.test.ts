// The lunar calendar converts only what it is checked against: the years 1800-2199 of Hồ Ngọc Đức's
// published table (tests/unit/lunar-published-table.test.ts), at UTC+7 (Vietnam since 1968) or UTC+8
// (the calendar it kept before). solarToLunar throws a RangeError for any other solar year or time
// zone, lunarToSolar returns undefined for any other lunar year or time zone (as for a leap month a
// year lacks), and a holidays.json year outside them is a data-file problem, not a crash.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDataDir, loadDomainData } from '../../src/app/data.js';
import { DataError } from '../../src/core/check.js';
import { checkHolidays, lunarProblem } from '../../src/core/config.js';
import { DomainError } from '../../src/core/errors.js';
import { hungKingsDay, LUNAR_TIME_ZONES, LUNAR_YEARS, lunarToSolar, solarToLunar, tetDay } from '../../src/core/lunar.js';

const REFUSED = /^solarToLunar: .* only the years 1800-2199 at UTC\+7 or UTC\+8 are converted$/;

describe('the years and time zones the lunar calendar converts', () => {
  it('are 1800-2199 and UTC+7, UTC+8', () => {
    expect(LUNAR_YEARS).toEqual({ first: 1800, last: 2199 });
    expect(LUNAR_TIME_ZONES).toEqual([7, 8]);
  });

  it('solarToLunar: the first and last days of 1800-2199 are converted, the days either side refused with a RangeError', () => {
    // The published table: Tết 1800 on 25/1/1800 (UTC+8), so 1/1/1800 is in the 12th month of 1799;
    // the 11th month of 2199 from 18/12/2199 (29 days, to 15/1/2200).
    expect(solarToLunar('1800-01-25', 8)).toEqual({ day: 1, month: 1, year: 1800, leap: false });
    expect(solarToLunar('1800-01-01', 8)).toMatchObject({ month: 12, year: 1799, leap: false });
    expect(solarToLunar('1800-01-01', 7)).toMatchObject({ month: 12, year: 1799, leap: false });
    expect(solarToLunar('2199-12-31')).toEqual({ day: 14, month: 11, year: 2199, leap: false });
    expect(solarToLunar('2199-12-31', 8)).toEqual({ day: 14, month: 11, year: 2199, leap: false });
    for (const iso of ['1799-12-31', '2200-01-01', '2200-01-15', '3359-01-21', '0001-01-01']) {
      expect(() => solarToLunar(iso), iso).toThrow(RangeError);
      expect(() => solarToLunar(iso, 8), iso).toThrow(REFUSED);
    }
    expect(() => solarToLunar('2200-01-01')).toThrow('solarToLunar: 2200-01-01 at UTC+7: only the years 1800-2199 at UTC+7 or UTC+8 are converted');
    // not a date at all: no year to vouch for
    expect(() => solarToLunar('Tết')).toThrow(RangeError);
  });

  it('solarToLunar: time zones other than 7 and 8 are refused', () => {
    // Tết 1985: 21/1 in Vietnam (UTC+7); in China (UTC+8) the new moon of that day began the 12th
    // month, and Tết was 20/2
    expect(solarToLunar('1985-01-21', 7)).toEqual({ day: 1, month: 1, year: 1985, leap: false });
    expect(solarToLunar('1985-01-21', 8)).toEqual({ day: 1, month: 12, year: 1984, leap: false });
    for (const tz of [0, 6, 9, 7.5, -7, Number.NaN]) expect(() => solarToLunar('1985-01-21', tz), String(tz)).toThrow('solarToLunar: 1985-01-21 at UTC+' + tz + ': only');
  });

  it('1987: a leap 6th month at UTC+8 (the Chinese calendar, 26/7 to 23/8), a leap 7th at UTC+7 (the Vietnamese one, from 24/8)', () => {
    // China's calendar of 1987 (Đinh Mão) repeats the 6th month (闰六月) from 26 July, its 7th month
    // beginning 24 August; Vietnam's (the published table) repeats the 7th, from 24 August.
    expect(solarToLunar('1987-07-26', 8)).toEqual({ day: 1, month: 6, year: 1987, leap: true });
    expect(solarToLunar('1987-08-24', 8)).toEqual({ day: 1, month: 7, year: 1987, leap: false });
    expect(lunarToSolar(1, 6, 1987, true, 8)).toBe('1987-07-26');
    expect(lunarToSolar(1, 7, 1987, false, 8)).toBe('1987-08-24');
    expect(lunarToSolar(1, 7, 1987, true, 8)).toBeUndefined();
    expect(solarToLunar('1987-07-26', 7)).toEqual({ day: 1, month: 7, year: 1987, leap: false });
    expect(solarToLunar('1987-08-24', 7)).toEqual({ day: 1, month: 7, year: 1987, leap: true });
    expect(lunarToSolar(1, 6, 1987, true, 7)).toBeUndefined();
  });

  it('lunarToSolar: the lunar years 1800-2199 are converted (the last months of 2199 fall in 2200), others give undefined', () => {
    expect(lunarToSolar(1, 1, 1800, false, 8)).toBe('1800-01-25');
    // Tết 2199: 26/1 in the published table, 27/1 by this algorithm (a new moon within two minutes of
    // midnight: one of the eight months lunar-published-table.test.ts lists)
    expect(lunarToSolar(1, 1, 2199)).toBe('2199-01-27');
    expect(lunarToSolar(1, 11, 2199)).toBe('2199-12-18');
    expect(lunarToSolar(1, 12, 2199)).toBe('2200-01-16');
    expect(lunarToSolar(1, 12, 2199, false, 8)).toBe('2200-01-16');
    for (const year of [1799, 2200, 1, 3358, 9999]) {
      expect(lunarToSolar(1, 1, year), String(year)).toBeUndefined();
      expect(lunarToSolar(1, 12, year, false, 8), String(year)).toBeUndefined();
    }
    expect(lunarToSolar(1, 12, 1799)).toBeUndefined();
    expect(lunarToSolar(1, 12, 3358, true)).toBeUndefined();
  });

  it('lunarToSolar: time zones other than 7 and 8 give undefined', () => {
    expect(lunarToSolar(1, 1, 1985, false, 7)).toBe('1985-01-21');
    expect(lunarToSolar(1, 1, 1985, false, 8)).toBe('1985-02-20');
    for (const tz of [0, 6, 9, 7.5, -7, Number.NaN]) expect(lunarToSolar(1, 1, 1985, false, tz), String(tz)).toBeUndefined();
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
