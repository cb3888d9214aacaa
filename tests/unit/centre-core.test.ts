// The pure parts of the link and the centre: the signed request's form, fingerprints, back-off, the
// lifecycle check of a dossier's history, the checks of a trip's records, percentiles from a
// histogram against the vehicle's own statistics, and the iCalendar file.
import { describe, expect, it } from 'vitest';
import { checkDossierStatus, checkHistory, checkTripPayload, foldTickets } from '../../src/centre/core/ingest.js';
import { histogramSpread, sumCounts, weekKey, type RowCounts } from '../../src/centre/core/figures.js';
import { centreAllows } from '../../src/centre/core/auth.js';
import { foldLine, icsCalendar, icsText } from '../../src/core/ics.js';
import { communeKey } from '../../src/core/officeUpdates.js';
import { median, percentile } from '../../src/core/stats.js';
import { backoffMs, BACKOFF_MAX_MS, canonicalRequest, normalizeFingerprint } from '../../src/core/sync.js';
import { refusal } from '../helpers/refusal.js';

describe('the signed request', () => {
  it('covers every part, in a fixed order', () => {
    const r = { method: 'post', path: '/v1/trips?x=1', bodySha256: 'ab'.repeat(32), time: 1_790_000_000_000, nonce: '0'.repeat(32), vehicle: '7' };
    expect(canonicalRequest(r)).toBe(`luudong-sync-v1\nPOST\n/v1/trips?x=1\n${'ab'.repeat(32)}\n1790000000000\n${'0'.repeat(32)}\n7`);
    for (const k of ['method', 'path', 'bodySha256', 'time', 'nonce', 'vehicle'] as const) expect(canonicalRequest({ ...r, [k]: k === 'time' ? 1 : 'x' })).not.toBe(canonicalRequest(r));
  });

  it('reads a fingerprint however it was written, and nothing else', () => {
    const hex = 'a1'.repeat(32);
    const want = `sha256:${hex}`;
    expect(normalizeFingerprint(want)).toBe(want);
    expect(normalizeFingerprint(hex.toUpperCase().match(/.{2}/g)?.join(':') as string)).toBe(want);
    expect(normalizeFingerprint(`sha256: ${hex.match(/.{4}/g)?.join(' ')}`)).toBe(want);
    expect(normalizeFingerprint(hex.slice(2))).toBeUndefined();
    expect(normalizeFingerprint(`${hex.slice(2)}zz`)).toBeUndefined();
  });

  it('takes the prefix with a space instead of the colon, spaces and a line break around it, and only in front', () => {
    const hex = '0f'.repeat(32);
    const want = `sha256:${hex}`;
    const pairs = hex.toUpperCase().match(/.{2}/g)?.join(':') as string;
    // as a certificate tool prints it ("SHA256 Fingerprint" aside), and as pasted from a message
    expect(normalizeFingerprint(`SHA256 ${pairs}`)).toBe(want);
    expect(normalizeFingerprint(`  sha256:${hex}\n`)).toBe(want);
    expect(normalizeFingerprint(`\tSHA256 ${pairs} `)).toBe(want);
    // "sha256:" anywhere else is not a fingerprint's
    expect(normalizeFingerprint(`${hex.slice(0, 32)}sha256:${hex.slice(32)}`)).toBeUndefined();
    expect(normalizeFingerprint(`${hex}sha256`)).toBeUndefined();
  });

  it('backs off from 30 s doubling to an hour, with at most a fifth more', () => {
    expect(backoffMs(0, 0.5)).toBe(0);
    expect(backoffMs(1, 0)).toBe(30_000);
    expect(backoffMs(2, 0)).toBe(60_000);
    expect(backoffMs(3, 1)).toBe(144_000);
    expect(backoffMs(50, 0)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(50, 1)).toBe(BACKOFF_MAX_MS * 1.2);
  });
});

describe('a dossier history', () => {
  const ev = (from: string | null, to: string, at = 1_790_000_000_000) => ({ from, to, at }) as never;
  it('passes along allowed steps and ending in its state', () => {
    expect(() => checkHistory('X', [ev(null, 'received'), ev('received', 'handed_over'), ev('handed_over', 'result_ready'), ev('result_ready', 'returned')], 'returned')).not.toThrow();
  });
  it.each([
    ['empty', [], 'received'],
    ['no receipt first', [ev('received', 'handed_over')], 'handed_over'],
    ['a skipped step', [ev(null, 'received'), ev('received', 'returned')], 'returned'],
    ['a gap', [ev(null, 'received'), ev('handed_over', 'processing')], 'processing'],
    ['another end', [ev(null, 'received'), ev('received', 'handed_over')], 'processing'],
    ['out of time order', [ev(null, 'received', 2_000_000_000_000), ev('received', 'handed_over')], 'handed_over'],
  ])('refuses %s', (_name, events, state) => {
    expect(refusal(() => checkHistory('X', events as never, state as never)).code).toBe('err.centre.lifecycle');
  });
  it('refuses a dossier status with a bad code or a due date before its receipt', () => {
    const ok = { code: '000.00.20.H26-261116-0001', trip: 1, commune: 'Xã A', ticket: null, receivedOn: '2026-11-16', receivedAt: 1_790_000_000_000, dueDate: '2026-11-17', procedure: { key: 'k', code: null, name: { vi: 'a', en: 'a' }, field: 'civil', group: 'civil' }, feeVnd: 0, payment: 'exempt', returnMethod: 'post', state: 'received', stateAt: 1_790_000_000_000, resultOn: null, events: [ev(null, 'received')] };
    expect(checkDossierStatus(ok).code).toBe(ok.code);
    expect(refusal(() => checkDossierStatus({ ...ok, code: 'DROP TABLE' })).code).toBe('err.centre.payload');
    expect(refusal(() => checkDossierStatus({ ...ok, dueDate: '2026-11-15' })).code).toBe('err.centre.payload');
    expect(refusal(() => checkDossierStatus({ ...ok, feeVnd: -1 })).code).toBe('err.centre.payload');
    expect(refusal(() => checkDossierStatus({ ...ok, payment: 'gold' })).code).toBe('err.centre.payload');
  });
});

describe("a trip's records", () => {
  const T = 1_790_000_000_000;
  const trip = { id: 1, commune: 'Xã A', place: 'P', date: '2026-09-21', start: '07:30', end: '11:30', openedAt: T, closedAt: T + 1 };
  const base = {
    trip,
    tickets: [{ id: 10, label: 'A001' }, { id: 11, label: 'A002' }],
    events: [
      { id: 1, ticket: 10, type: 'issued', at: T, counter: null, group: 'civil', priority: null },
      { id: 2, ticket: 11, type: 'issued', at: T + 60_000, counter: null, group: 'civil', priority: null },
      { id: 3, ticket: 10, type: 'called', at: T + 120_000, counter: 1, group: null, priority: null },
      { id: 4, ticket: 10, type: 'finished', at: T + 420_000, counter: 1, group: null, priority: null },
      { id: 5, ticket: 11, type: 'called', at: T + 480_000, counter: 1, group: null, priority: null },
      { id: 6, ticket: 11, type: 'no_show', at: T + 600_000, counter: 1, group: null, priority: null },
    ],
    help: [{ kind: 'vneid', n: 2 }],
    ratings: [{ ticket: 10, score: 4 }],
  };
  it('folds tickets with the vehicle queue rules', () => {
    const f = foldTickets(checkTripPayload(base));
    expect(f.map((x) => [x.label, x.status, x.waitMs, x.serviceMs, x.rating])).toEqual([
      ['A001', 'done', 120_000, 300_000, 4],
      ['A002', 'no_show', 420_000, null, null],
    ]);
  });
  it.each([
    ['an event of another trip’s ticket', { events: [...base.events, { id: 7, ticket: 99, type: 'called', at: T, counter: 1, group: null, priority: null }] }],
    ['events out of order', { events: [base.events[1], base.events[0]] }],
    ['a call before the issue', { events: [base.events[2], base.events[0]].map((e, i) => ({ ...e, id: i + 1 })) }],
    ['an unknown event', { events: [{ ...base.events[0], type: 'teleported' }] }],
    ['a time from 1970', { events: [{ ...base.events[0], at: 5 }] }],
    ['a rating of 6', { ratings: [{ ticket: 10, score: 6 }] }],
    ['a ticket twice', { tickets: [...base.tickets, { id: 10, label: 'A003' }] }],
    ['a label that is no label', { tickets: [{ id: 10, label: '<script>' }, base.tickets[1]] }],
    ['a trip with no date', { trip: { ...trip, date: 'soon' } }],
  ])('refuses %s', (_n, over) => {
    expect(refusal(() => checkTripPayload({ ...base, ...over })).code).toBe('err.centre.payload');
  });
});

describe('percentiles from a histogram', () => {
  it('are those of the list, over many random lists', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 200; k++) {
      const values = Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => Math.floor(rnd() * 40) * 1000);
      const hist = new Map<number, number>();
      for (const v of values) hist.set(v / 1000, (hist.get(v / 1000) ?? 0) + 1);
      const s = histogramSpread([...hist].map(([seconds, n]) => ({ seconds, n })));
      expect(s).toEqual({ n: values.length, medianMs: median(values), p90Ms: percentile(values, 90) });
    }
    expect(histogramSpread([])).toEqual({ n: 0, medianMs: null, p90Ms: null });
  });
  it('add up bucket by bucket, so a total is over all tickets', () => {
    const row = (waits: [number, number][]): RowCounts => ({ key: 'k', label: 'k', dossiers: 1, withResult: 0, onTime: 0, overdue: 0, feesCollectedVnd: 0, feesAwaitingVnd: 0, waits: waits.map(([seconds, n]) => ({ seconds, n })), help: [], ratings: [0, 0, 0, 0, 0] });
    const s = sumCounts('t', 'T', [row([[60, 1], [120, 1], [180, 1]]), row([[600, 1], [1200, 1]])]);
    expect(histogramSpread(s.waits)).toEqual({ n: 5, medianMs: 180_000, p90Ms: 1_200_000 });
  });
  it('weeks start on Monday', () => {
    expect(weekKey('2026-11-16')).toBe('2026-11-16');
    expect(weekKey('2026-11-22')).toBe('2026-11-16');
    expect(weekKey('2027-01-01')).toBe('2026-12-28');
  });
});

describe('iCalendar', () => {
  it('escapes text and folds long lines at 75 octets, never inside a letter', () => {
    expect(icsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const long = `DESCRIPTION:${'Nhà văn hóa thôn Đồi Dùng, '.repeat(8)}`;
    const folded = foldLine(long);
    expect(folded.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(long);
    const ics = icsCalendar('Lịch', [{ uid: 'plan-1@x', plan: { commune: 'Xã A', place: 'Chợ, cổng Bắc', date: '2026-12-21', start: '13:30', end: '16:30', services: [], note: null }, summary: 'S', description: 'D', cancelled: true, updatedAt: 0 }], Date.UTC(2026, 11, 1));
    expect(ics).toContain('LOCATION:Chợ\\, cổng Bắc\\, Xã A\r\n');
    expect(ics).toContain('STATUS:CANCELLED\r\n');
    expect(ics).toContain('DTSTAMP:20261201T000000Z\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});

describe('centre roles and commune keys', () => {
  it('give reading to all, planning to supervisors, vehicles and purges to admins', () => {
    expect(centreAllows('operator', 'report')).toBe(true);
    expect(centreAllows('operator', 'schedule.plan')).toBe(false);
    expect(centreAllows('supervisor', 'updates.import')).toBe(true);
    expect(centreAllows('supervisor', 'purge')).toBe(false);
    expect(centreAllows('admin', 'vehicle.manage')).toBe(true);
  });
  it('name one commune however it is written', () => {
    expect(communeKey('Xã Mỹ Đức, Hà Nội')).toBe(communeKey('my  duc'));
    expect(communeKey('Phường An Phú')).toBe('an phu');
  });
});
