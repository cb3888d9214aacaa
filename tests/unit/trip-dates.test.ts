// How far from today a trip may be dated when it is opened (tomorrow at most, 366 days back at
// most), across month and year ends; and what checkTrip trims from the typed date, hours and office.
import { describe, expect, it } from 'vitest';
import { checkTrip, checkTripDate, TRIP_DATE_AHEAD_DAYS, TRIP_DATE_BACK_DAYS, type TripInput } from '../../src/core/trip.js';
import { translator, userMessage } from '../../src/i18n/index.js';
import { refusal } from '../helpers/refusal.js';

const ok = (date: string, today: string) => expect(() => checkTripDate(date, today), `${date} on ${today}`).not.toThrow();
const refused = (date: string, today: string) => {
  const e = refusal(() => checkTripDate(date, today));
  expect(e.code).toBe('err.tripDateRange');
  expect(e.params).toEqual({ value: date, today });
};

describe('checkTripDate', () => {
  it('the limits: tomorrow and 366 days back', () => {
    expect([TRIP_DATE_AHEAD_DAYS, TRIP_DATE_BACK_DAYS]).toEqual([1, 366]);
  });

  it('today and tomorrow are accepted; the day after tomorrow is refused', () => {
    ok('2026-11-23', '2026-11-23');
    ok('2026-11-24', '2026-11-23');
    refused('2026-11-25', '2026-11-23');
  });

  it('tomorrow across a month end and a year end', () => {
    ok('2026-03-01', '2026-02-28');
    refused('2026-03-02', '2026-02-28');
    ok('2027-01-01', '2026-12-31');
    refused('2027-01-02', '2026-12-31');
    ok('2028-02-29', '2028-02-28');
    refused('2028-03-01', '2028-02-28');
  });

  it('back 366 days is accepted, 367 refused (a leap year between counts its day)', () => {
    ok('2025-11-22', '2026-11-23'); // 366 days back
    refused('2025-11-21', '2026-11-23'); // 367
    ok('2027-03-01', '2028-03-01'); // 366 days: 2028 is a leap year
    refused('2027-02-28', '2028-03-01');
  });

  it('a mistyped year is refused', () => {
    refused('9999-12-31', '2026-11-23');
    refused('2062-11-23', '2026-11-23');
    refused('2016-11-23', '2026-11-23');
  });

  it('the refusal tells the operator the date typed and today', () => {
    const e = refusal(() => checkTripDate('2027-11-23', '2026-11-23'));
    expect(userMessage(translator('en'), e)).toBe(
      'Trip date 2027-11-23 is not plausible: a trip is opened on its day (tomorrow at the latest, a year back at the earliest; today is 2026-11-23). Plan coming trips with “schedule add”.',
    );
  });
});

describe('checkTrip trims what was typed', () => {
  const good: TripInput = {
    commune: 'Xã Mỹ Đức',
    place: 'Nhà văn hóa thôn Đồi Dùng',
    date: '2026-11-23',
    start: '07:30',
    end: '11:30',
    operators: ['Nguyễn Thị Lan'],
    counters: [{ no: 1, groups: ['civil'] }],
  };

  it('hours with spaces around them are kept without', () => {
    const t = checkTrip({ ...good, start: ' 07:30 ', end: '\t11:30  ' });
    expect([t.start, t.end]).toEqual(['07:30', '11:30']);
  });

  it('a date that is not a date is refused as typed, without the spaces around it', () => {
    const e = refusal(() => checkTrip({ ...good, date: '  2026-13-01 ' }));
    expect(e.code).toBe('err.tripDate');
    expect(e.params).toEqual({ value: '2026-13-01' });
    expect(userMessage(translator('vi'), e)).toBe('Ngày “2026-13-01” không hợp lệ (viết ngày/tháng/năm, ví dụ 23/11/2026).');
  });

  it('the office id is trimmed; a blank one means the default office (no officeId at all)', () => {
    expect(checkTrip({ ...good, officeId: '  xa-my-duc ' }).officeId).toBe('xa-my-duc');
    const blank = checkTrip({ ...good, officeId: '   ' });
    expect('officeId' in blank).toBe(false);
    expect('officeId' in checkTrip({ ...good, officeId: null })).toBe(false);
    expect('officeId' in checkTrip(good)).toBe(false);
  });
});
