// @ts-nocheck
// Planned trips: checks, the next one, the ones not announced in time, and the announcement's words.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { announcementText, checkPlan, daysUntil, nextPlan, unannounced, type PlannedTrip, type Say } from '../../src/core/schedule.js';
import { translator } from '../../src/i18n/index.js';
import { refusal } from '../helpers/refusal.js';

const { groups } = loadDomainData();
const TODAY = '2026-11-23';
const input = { commune: ' Xã  Mỹ Đức ', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-26', start: '07:30', end: '11:00', services: ['A', 'land'], note: null };
const plan = (id: number, date: string, more: Partial<PlannedTrip> = {}): PlannedTrip => ({ ...checkPlan({ ...input, date }, TODAY, groups), id, createdAt: 0, announcedAt: null, cancelledAt: null, ...more });

describe('schedule', () => {
  it('checks a plan: cleans names, maps services by letter or code, refuses the past and bad hours', () => {
    expect(checkPlan(input, TODAY, groups)).toMatchObject({ commune: 'Xã Mỹ Đức', services: ['civil', 'land'] });
    expect(refusal(() => checkPlan({ ...input, date: '2026-11-22' }, TODAY, groups))).toMatchObject({ code: 'err.plan.past' });
    expect(refusal(() => checkPlan({ ...input, end: '07:00' }, TODAY, groups))).toMatchObject({ code: 'err.tripHours' });
    expect(refusal(() => checkPlan({ ...input, services: ['Z'] }, TODAY, groups))).toMatchObject({ code: 'err.unknownGroup' });
    expect(refusal(() => checkPlan({ ...input, date: '2026-02-30' }, TODAY, groups))).toMatchObject({ code: 'err.tripDate' });
  });

  it('days until a date, across months and years', () => {
    expect(daysUntil(TODAY, '2026-11-23')).toBe(0);
    expect(daysUntil(TODAY, '2026-12-01')).toBe(8);
    expect(daysUntil('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysUntil(TODAY, '2026-11-20')).toBe(-3);
  });

  it('the next trip and the ones under 3 days away not yet announced', () => {
    const plans = [plan(1, '2026-12-10'), plan(2, '2026-11-25'), plan(3, '2026-11-24', { cancelledAt: 1 }), plan(4, '2026-11-23', { announcedAt: 1 }), plan(5, '2026-11-26')];
    expect(nextPlan(plans, TODAY)?.id).toBe(4);
    expect(unannounced(plans, TODAY).map((p) => p.id)).toEqual([2]); // 26/11 is 3 days away: not yet
    expect(nextPlan([{ ...plan(6, '2026-11-24'), date: '2026-11-20' }], TODAY)).toBeUndefined(); // past trips are not next
  });

  it('the loudspeaker text says the weekday and the hours as spoken, and the services by name', () => {
    const t = translator('vi') as Say;
    const text = announcementText('speech', checkPlan(input, TODAY, groups), 'UBND xã Minh Châu', t, groups, 'vi');
    expect(text).toContain('sẽ đến Nhà văn hóa thôn Đồi Dùng, Xã Mỹ Đức, vào thứ Năm, ngày 26 tháng 11 năm 2026, từ 7 giờ 30 đến 11 giờ.');
    expect(text).toContain('Bà con đến làm các thủ tục: Hộ tịch, Đất đai.');
    const social = announcementText('social', checkPlan({ ...input, note: 'Mang theo sổ đỏ' }, TODAY, groups), 'UBND xã Minh Châu', t, groups, 'vi');
    expect(social.split('\n')[2]).toBe('🗓 Thứ Năm, ngày 26 tháng 11 năm 2026, từ 7 giờ 30 đến 11 giờ');
    expect(social.endsWith('Lưu ý: Mang theo sổ đỏ')).toBe(true);
  });
});
