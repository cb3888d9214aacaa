// Dates as the operator reads them (22/11/2026, 23/11/2026 09:05:07, local time: the tests run in
// Asia/Ho_Chi_Minh), what counts as a YYYY-MM-DD date, and durations in whole minutes.
import { describe, expect, it } from 'vitest';
import { displayDate, displayDateTime, isIsoDate, minutes } from '../../src/core/time.js';

describe('displayDate', () => {
  it('a YYYY-MM-DD date the Vietnamese way', () => {
    expect(displayDate('2026-11-22')).toBe('22/11/2026');
    expect(displayDate('2027-01-05')).toBe('05/01/2027');
  });

  it('anything that is not exactly a date is shown as it is, not partly rewritten', () => {
    expect(displayDate('')).toBe('');
    expect(displayDate('2026-11-22T08:00')).toBe('2026-11-22T08:00');
    expect(displayDate('2026-11-22 ')).toBe('2026-11-22 ');
    expect(displayDate('12026-11-22')).toBe('12026-11-22');
    expect(displayDate('ngày 2026-11-22')).toBe('ngày 2026-11-22');
  });
});

describe('displayDateTime', () => {
  const at = new Date(2026, 10, 23, 9, 5, 7).getTime(); // local time

  it('date, hours, minutes and seconds by default', () => {
    expect(displayDateTime(at)).toBe('23/11/2026 09:05:07');
    expect(displayDateTime(at, true)).toBe('23/11/2026 09:05:07');
    expect(displayDateTime(new Date(2027, 0, 1, 0, 0, 0).getTime())).toBe('01/01/2027 00:00:00');
  });

  it('without seconds when asked', () => {
    expect(displayDateTime(at, false)).toBe('23/11/2026 09:05');
  });

  it('in local time: midnight UTC is 07:00 in Viet Nam', () => {
    expect(displayDateTime(Date.UTC(2026, 10, 22, 23, 30, 0))).toBe('23/11/2026 06:30:00');
  });
});

describe('isIsoDate', () => {
  it('a real calendar date, written YYYY-MM-DD and nothing else', () => {
    expect(isIsoDate('2026-11-22')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-11-22T00:00')).toBe(false);
    expect(isIsoDate('2026-11-22 ')).toBe(false);
    expect(isIsoDate('x2026-11-22')).toBe(false);
    expect(isIsoDate('22/11/2026')).toBe(false);
  });
});

describe('minutes', () => {
  it('whole minutes, rounded', () => {
    expect(minutes(0)).toBe(0);
    expect(minutes(29_999)).toBe(0);
    expect(minutes(30_000)).toBe(1);
    expect(minutes(5 * 60_000 + 20_000)).toBe(5);
  });

  it('a moment stamped ahead by another laptop\'s clock is no time ago: 0, never negative', () => {
    expect(minutes(-60_000)).toBe(0);
    expect(minutes(-5 * 60_000)).toBe(0);
    expect(Object.is(minutes(-20_000), 0)).toBe(true); // not -0 either, which toLocaleString writes "-0"
  });
});
