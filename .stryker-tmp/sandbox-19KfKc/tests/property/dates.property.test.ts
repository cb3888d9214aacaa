// @ts-nocheck
// Dates and times, property: src/core/time.ts, the ID card's parseDate and the update file's
// parseUpdateDate, against a calendar worked out without Date (tests/helpers/property.ts
// daysInMonth). Proves: (1) isIsoDate says yes exactly to real days of years 0100-9999 (years before
// 100 are refused: Date.UTC reads them as 1900-1999; no card or file holds one); (2) isHhmm says yes
// exactly to 00:00-23:59 among all 10,000 "NN:NN"; (3) a real day written as an ID card, an operator
// or an office writes it, spaces around, parses back to itself, and on random text each parser
// answers undefined or a real day spelled by the input's own digits; (4) localDate and hhmm give the
// time in Vietnam (UTC+7, no summer time since 1975).
import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/core/citizen.js';
import { parseUpdateDate } from '../../src/core/officeUpdates.js';
import { displayDate, hhmm, isHhmm, isIsoDate, localDate } from '../../src/core/time.js';
import { assert, daysInMonth, forAll, isoDate, mutate, often, pad, same, text, writeDate } from '../helpers/property.js';

const real = (y: number, m: number, d: number) => y >= 100 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
const digits = (s: string) => s.replace(/\D/g, '');

describe('dates and times, property', () => {
  it('isIsoDate on 30,000 date-shaped strings (any year, months 00-19, days 00-39) agrees with the calendar', () => {
    let yes = 0;
    const runs = forAll('isIsoDate', { seed: 0xda1e, runs: 30_000, gen: (r) => [r.chance(0.8) ? r.int(1900, 2100) : r.int(0, 9999), r.int(0, 19), r.int(0, 39)] as const }, ([y, m, d]) => {
      const s = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
      same(isIsoDate(s), real(y, m, d), s);
      if (real(y, m, d)) yes++;
    });
    often(yes, runs / 3, 'real days');
  });

  it('isHhmm: every "NN:NN" from 00:00 to 99:99, and random text', () => {
    for (let h = 0; h < 100; h++) for (let m = 0; m < 100; m++) if (isHhmm(`${pad(h)}:${pad(m)}`) !== (h < 24 && m < 60)) throw new Error(`isHhmm(${pad(h)}:${pad(m)})`);
    forAll('isHhmm text', { seed: 0xda1f, runs: 5000, gen: (r) => mutate(r, `${pad(r.int(0, 23))}:${pad(r.int(0, 59))}`, [...'0123456789: .h']) }, (s) => {
      if (isHhmm(s)) assert(/^([01]\d|2[0-3]):[0-5]\d$/.test(s), () => `isHhmm(${JSON.stringify(s)})`);
    });
  });

  it('10,000 real days as a card, an operator or an office writes them parse back; displayDate is read back by parseDate', () => {
    forAll('written days', { seed: 0xda20, runs: 10_000, gen: (r) => ({ iso: isoDate(r, '1000-01-01', '9999-12-31'), ws: r.pick(['', ' ', '\t']) }) }, ({ iso, ws }, r) => {
      same(parseDate(`${ws}${writeDate(r, iso)}${ws}`), iso, 'parseDate');
      same(parseDate(displayDate(iso)), iso, 'displayDate then parseDate');
      const [y, m, d] = iso.split('-');
      const sep = r.pick(['/', '.', '-']);
      const office = r.pick([iso, `${d}${sep}${m}${sep}${y}`, `${Number(d)}${sep}${Number(m)}${sep}${y}`]);
      same(parseUpdateDate(`${ws}${office}${ws}`), iso, `parseUpdateDate(${office})`);
    });
  });

  it('20,000 random and mutated texts: each parser gives undefined or a real day spelled by the input’s digits', () => {
    let days = 0;
    const runs = forAll(
      'parsers',
      { seed: 0xda21, runs: 20_000, gen: (r) => (r.chance(0.8) ? mutate(r, writeDate(r, isoDate(r)), [...'0123456789/-. ']) : text(r, 14)) },
      (s) => {
        for (const [name, got] of [['parseDate', parseDate(s)], ['parseUpdateDate', parseUpdateDate(s)]] as const) {
          if (got === undefined) continue;
          days++;
          const [y, m, d] = got.split('-').map(Number) as [number, number, number];
          assert(/^\d{4}-\d{2}-\d{2}$/.test(got) && real(y, m, d), () => `${name} gave ${got}`);
          // the same digits, day first or year first (leading zeros of day and month may be left out)
          const ds = digits(s);
          const spelled = [`${pad(d)}${pad(m)}${pad(y, 4)}`, `${d}${m}${pad(y, 4)}`, `${pad(d)}${m}${pad(y, 4)}`, `${d}${pad(m)}${pad(y, 4)}`, `${pad(y, 4)}${pad(m)}${pad(d)}`];
          assert(spelled.includes(ds), () => `${name}(${JSON.stringify(s)}) = ${got}`);
        }
      },
    );
    often(days, runs / 13, 'days parsed');
  });

  it('localDate and hhmm of 20,000 instants from 1976 to 2099 are the time in Vietnam, UTC+7', () => {
    expect(process.env.TZ).toBe('Asia/Ho_Chi_Minh');
    const from = Date.UTC(1976, 0, 1);
    const to = Date.UTC(2099, 11, 31);
    forAll('local time', { seed: 0xda22, runs: 20_000, gen: (r) => from + Math.floor(r.next() * (to - from)) }, (ms) => {
      const vn = new Date(ms + 7 * 3_600_000).toISOString();
      same([localDate(ms), hhmm(ms)], [vn.slice(0, 10), vn.slice(11, 16)], new Date(ms).toISOString());
    });
  });
});
