// lunarProblem (src/core/config.ts): where the listed Tết days off may lie around the lunar new year,
// day by day at the edges. 2025: Tết Wed 29/1, Giỗ Tổ Mon 7/4. 2027: Tết Sat 6/2, Giỗ Tổ Fri 16/4.
import { describe, expect, it } from 'vitest';
import { lunarProblem } from '../../src/core/config.js';
import { hungKingsDay, tetDay } from '../../src/core/lunar.js';

const in2025 = (...tet: string[]) => lunarProblem(2025, { holidays: ['2025-01-01', ...tet, '2025-04-07'] });
const in2027 = (...tet: string[]) => lunarProblem(2027, { holidays: ['2027-01-01', ...tet, '2027-04-16'] });

describe('the Tết days off around the lunar new year', () => {
  it('the calendar puts Tết and Giỗ Tổ where these tests assume', () => {
    expect([tetDay(2025), hungKingsDay(2025), tetDay(2027), hungKingsDay(2027)]).toEqual(['2025-01-29', '2025-04-07', '2027-02-06', '2027-04-16']);
  });

  it('the order of the listed days does not matter: the span runs from the earliest to the latest', () => {
    expect(in2025('2025-01-31', '2025-01-29', '2025-01-30', '2025-01-28', '2025-01-27')).toBeNull();
  });

  it('Tết may be the first or the last listed day of the span', () => {
    expect(in2025('2025-01-29', '2025-01-30', '2025-01-31')).toBeNull();
    expect(in2025('2025-01-27', '2025-01-28', '2025-01-29')).toBeNull();
  });

  it('a weekday Tết after the last listed day, or before the first, is outside the span', () => {
    expect(in2025('2025-01-24', '2025-01-27', '2025-01-28')).toBe('the lunar new year 2025-01-29 is outside the Tết days off 2025-01-24..2025-01-28');
    expect(in2025('2025-01-30', '2025-01-31')).toBe('the lunar new year 2025-01-29 is outside the Tết days off 2025-01-30..2025-01-31');
  });

  it('a day off exactly 7 days from Tết is near it; 8 days is not', () => {
    expect(in2025('2025-01-22')).toBe('the lunar new year 2025-01-29 is outside the Tết days off 2025-01-22..2025-01-22');
    expect(in2025('2025-02-05')).toBe('the lunar new year 2025-01-29 is outside the Tết days off 2025-02-05..2025-02-05');
    expect(in2025('2025-01-21')).toBe('no Tết days off near the lunar new year 2025-01-29');
  });

  it('a weekend Tết up to 3 days before the first listed day is accepted; 4 or 5 days before is not', () => {
    expect(in2027('2027-02-08', '2027-02-09', '2027-02-10')).toBeNull();
    expect(in2027('2027-02-09', '2027-02-10')).toBeNull();
    expect(in2027('2027-02-10', '2027-02-11')).toBe('the lunar new year 2027-02-06 is outside the Tết days off 2027-02-10..2027-02-11');
    expect(in2027('2027-02-11', '2027-02-12')).toBe('the lunar new year 2027-02-06 is outside the Tết days off 2027-02-11..2027-02-12');
  });
});
