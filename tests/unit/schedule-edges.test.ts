// Planned trips at their edges: input with stray spaces, each refusal whole (its key and what it
// names), repeated or blank services, cancelled and past trips, minutes under ten, and what each
// announcement format gives the message catalogue.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { announcementParts, announcementText, checkPlan, nextPlan, unannounced, type PlanInput, type PlannedTrip, type Say } from '../../src/core/schedule.js';
import { translator } from '../../src/i18n/index.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const { groups } = data;
const TODAY = '2026-11-23';
const input: PlanInput = { commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-26', start: '07:30', end: '11:00', services: ['A', 'land'], note: null };
const checked = (more: Partial<PlanInput>) => checkPlan({ ...input, ...more }, TODAY, groups);
/** The refusal of a plan, whole: its catalogue key and the values it names. */
const refused = (more: Partial<PlanInput>) => {
  const e = refusal(() => checked(more));
  return { code: e.code, params: e.params };
};
/** A stored trip; its date set after the check, so a past one can be made. */
const trip = (id: number, date: string, more: Partial<PlannedTrip> = {}): PlannedTrip => ({ ...checked({}), date, id, createdAt: 0, announcedAt: null, cancelledAt: null, ...more });
const t = translator('vi') as Say;
const priority = `Ưu tiên phục vụ trước: ${data.priorities.map((c) => c.name.vi.charAt(0).toLocaleLowerCase('vi') + c.name.vi.slice(1)).join(', ')}.`;

describe('checking a plan', () => {
  it('trims the date and the hours typed with spaces around them', () => {
    expect(checked({ commune: ' Xã  Mỹ Đức ', date: ' 2026-11-26 ', start: '\t07:30 ', end: ' 11:00\n', note: '  ' })).toEqual({
      commune: 'Xã Mỹ Đức',
      place: 'Nhà văn hóa thôn Đồi Dùng',
      date: '2026-11-26',
      start: '07:30',
      end: '11:00',
      services: ['civil', 'land'],
      note: null,
    });
  });

  it('reads services with spaces around them, skips blank ones and names each group once', () => {
    expect(checked({ services: [' A ', '', '   ', 'civil', 'LAND', 'a'] }).services).toEqual(['civil', 'land']);
    expect(checked({ services: ['', ' '] }).services).toEqual([]);
  });

  it('refuses a plan without a commune or a place', () => {
    expect(refused({ commune: '  ' })).toEqual({ code: 'err.tripCommune', params: {} });
    expect(refused({ place: '\u200b' })).toEqual({ code: 'err.tripPlace', params: {} });
  });

  it('refuses a date that is not a day, or a past one, naming the date', () => {
    expect(refused({ date: '26/11/2026' })).toEqual({ code: 'err.tripDate', params: { value: '26/11/2026' } });
    expect(refused({ date: '2026-11-22' })).toEqual({ code: 'err.plan.past', params: { date: '2026-11-22' } });
  });

  it('refuses a start or an end that is not a time of day, naming it', () => {
    expect(refused({ start: '7:30' })).toEqual({ code: 'err.tripTime', params: { value: '7:30' } });
    expect(refused({ end: '25:00' })).toEqual({ code: 'err.tripTime', params: { value: '25:00' } });
  });

  it('refuses a visit that ends when it starts, or before, naming both hours', () => {
    expect(refused({ start: '07:30', end: '07:30' })).toEqual({ code: 'err.tripHours', params: { start: '07:30', end: '07:30' } });
    expect(refused({ start: '07:30', end: '07:00' })).toEqual({ code: 'err.tripHours', params: { start: '07:30', end: '07:00' } });
    expect(checked({ start: '07:30', end: '07:31' })).toMatchObject({ start: '07:30', end: '07:31' });
  });

  it('refuses an unknown service group, naming it as typed (trimmed)', () => {
    expect(refused({ services: ['A', ' Z '] })).toEqual({ code: 'err.unknownGroup', params: { group: 'Z' } });
  });
});

describe('the next trip and the ones not announced', () => {
  it('a cancelled trip is never the next one, however soon', () => {
    const plans = [trip(1, '2026-11-24', { cancelledAt: 5 }), trip(2, '2026-11-25')];
    expect(nextPlan(plans, TODAY)).toBe(plans[1]);
    expect(nextPlan([plans[0] as PlannedTrip], TODAY)).toBeUndefined();
  });

  it("today's trip not announced is a warning; yesterday's is not", () => {
    const plans = [trip(1, '2026-11-22'), trip(2, '2026-11-23'), trip(3, '2026-11-24'), trip(4, '2026-11-26'), trip(5, '2025-11-23')];
    expect(unannounced(plans, TODAY)).toEqual([plans[1], plans[2]]);
  });
});

describe('announcement words', () => {
  it('says minutes under ten with their zero: 7 giờ 05', () => {
    expect(announcementParts(checked({ start: '07:05', end: '11:09' }), t, data, 'vi').hours).toBe('từ 7 giờ 05 đến 11 giờ 09');
  });

  it('the social post keeps the agency as written (abbreviations are spelled out only for the loudspeaker)', () => {
    expect(announcementText('social', checked({}), 'UBND xã Minh Châu', t, data, 'vi')).toBe(
      [
        '📢 DỊCH VỤ CÔNG LƯU ĐỘNG – Xã Mỹ Đức',
        '📍 Nhà văn hóa thôn Đồi Dùng',
        '🗓 Thứ Năm, ngày 26 tháng 11 năm 2026, từ 7 giờ 30 đến 11 giờ',
        '✅ Tiếp nhận hồ sơ, hướng dẫn và hỗ trợ về: hộ tịch; đất đai',
        '🪪 Xin bà con mang theo thẻ căn cước và các giấy tờ liên quan.',
        `⭐ ${priority}`,
        '— UBND xã Minh Châu',
      ].join('\n'),
    );
  });

  it('the catalogue gets every part of the announcement, and an empty note when the plan has none', () => {
    const seen: Record<string, string | number>[] = [];
    const say: Say = (key, params) => {
      if (key === 'sched.speech' || key === 'sched.social') seen.push({ key, ...params });
      return t(key, params);
    };
    announcementText('speech', checked({}), 'UBND xã Minh Châu', say, data, 'vi');
    announcementText('social', checked({ note: 'Mang theo sổ đỏ' }), 'UBND xã Minh Châu', say, data, 'vi');
    const day = 'thứ Năm, ngày 26 tháng 11 năm 2026';
    const common = { place: 'Nhà văn hóa thôn Đồi Dùng', commune: 'Xã Mỹ Đức', day, Day: 'Thứ Năm, ngày 26 tháng 11 năm 2026', hours: 'từ 7 giờ 30 đến 11 giờ', services: 'hộ tịch; đất đai', priority };
    expect(seen).toEqual([
      { key: 'sched.speech', agency: 'Ủy ban nhân dân xã Minh Châu', ...common, note: '' },
      { key: 'sched.social', agency: 'UBND xã Minh Châu', ...common, note: 'Mang theo sổ đỏ' },
    ]);
  });
});
