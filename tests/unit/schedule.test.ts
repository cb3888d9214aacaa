// Planned trips: checks, the next one, the ones not announced in time, and the announcement's words.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { announcementParts, announcementText, checkPlan, daysUntil, nextPlan, unannounced, type PlannedTrip, type Say } from '../../src/core/schedule.js';
import { translator } from '../../src/i18n/index.js';
import { refusal } from '../helpers/refusal.js';

const data = loadDomainData();
const { groups } = data;
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
    const text = announcementText('speech', checkPlan(input, TODAY, groups), 'UBND xã Minh Châu', t, data, 'vi');
    // The polite form of a loudspeaker announcement, "thông báo" said once, at the end.
    expect(text.startsWith('Kính thưa bà con! ')).toBe(true);
    expect(text.endsWith(' Xin trân trọng thông báo!')).toBe(true);
    expect(text.match(/thông báo/g)).toHaveLength(1);
    // The agency spelled out as it is said; the service by its one name.
    expect(text).toContain('Xe Dịch vụ công lưu động của Ủy ban nhân dân xã Minh Châu sẽ đến Nhà văn hóa thôn Đồi Dùng, Xã Mỹ Đức vào thứ Năm, ngày 26 tháng 11 năm 2026, từ 7 giờ 30 đến 11 giờ.');
    // The groups said inside the sentence: lower case, no brackets.
    expect(text).toContain('bà con được tiếp nhận hồ sơ, hướng dẫn và hỗ trợ về: hộ tịch; đất đai.');
    const all = announcementText('speech', checkPlan({ ...input, services: [] }, TODAY, groups), 'UBND xã Minh Châu', t, data, 'vi');
    expect(all).toContain('VNeID, chữ ký số, thanh toán trực tuyến; tư vấn pháp luật.');
    expect(all).not.toMatch(/[()]/);
    const social = announcementText('social', checkPlan({ ...input, note: 'Mang theo sổ đỏ' }, TODAY, groups), 'UBND xã Minh Châu', t, data, 'vi');
    expect(social.split('\n')[0]).toBe('📢 DỊCH VỤ CÔNG LƯU ĐỘNG – Xã Mỹ Đức');
    expect(social.split('\n')[2]).toBe('🗓 Thứ Năm, ngày 26 tháng 11 năm 2026, từ 7 giờ 30 đến 11 giờ');
    expect(social.endsWith('Lưu ý: Mang theo sổ đỏ')).toBe(true);
  });

  it('every channel names the same priority categories, all of data/priority-categories.json', () => {
    const t = translator('vi') as Say;
    const plan = checkPlan(input, TODAY, groups);
    const expected = `Ưu tiên phục vụ trước: ${data.priorities.map((c) => c.name.vi.charAt(0).toLocaleLowerCase('vi') + c.name.vi.slice(1)).join(', ')}.`;
    expect(data.priorities.length).toBeGreaterThanOrEqual(4);
    expect(expected).toContain('người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công với cách mạng');
    expect(announcementText('speech', plan, 'UBND xã Minh Châu', t, data, 'vi')).toContain(` ${expected} `);
    expect(announcementText('social', plan, 'UBND xã Minh Châu', t, data, 'vi').split('\n')).toContain(`⭐ ${expected}`);
    // The poster prints announcementParts(...).priority (src/app/schedule.ts): the same sentence.
    expect(announcementParts(plan, t, data, 'vi').priority).toBe(expected);
  });
});
