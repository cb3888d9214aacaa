import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { WorkingDays } from '../../src/core/calendar.js';
import { checkHolidays } from '../../src/core/config.js';
import { DataError } from '../../src/core/check.js';
import { BANK_REF_MAX, checkBankRef, dossierCode, parseDossierCode, paymentState, registerBook } from '../../src/core/dossier.js';
import { refusal } from '../helpers/refusal.js';
import { DomainError } from '../../src/core/errors.js';

const cal = new WorkingDays(loadDomainData().calendar);

describe('working days', () => {
  it('weekends and holidays are not working days; a swapped Saturday is', () => {
    expect(cal.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(cal.isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2025-09-02')).toBe(false); // Quốc khánh
    expect(cal.isWorkingDay('2026-01-10')).toBe(true); // Saturday worked in exchange for Fri 2/1/2026
    expect(cal.isWorkingDay('2026-01-02')).toBe(false);
    expect(cal.isWorkingDay('2025-02-15')).toBe(false); // no swap for Tết 2025
  });

  it('counts from the day of receipt, or from the next working day after the afternoon cut-off', () => {
    // Monday 2026-11-23, 3 working days
    expect(cal.dueDate('2026-11-23', '09:00', 3)).toBe('2026-11-26');
    expect(cal.dueDate('2026-11-23', '15:00', 3)).toBe('2026-11-26');
    expect(cal.dueDate('2026-11-23', '15:01', 3)).toBe('2026-11-27');
    // Friday afternoon, 1 day: Monday's count starts, due Tuesday
    expect(cal.dueDate('2026-11-27', '16:30', 1)).toBe('2026-12-01');
    // Received on a Saturday: counted from Monday
    expect(cal.dueDate('2026-11-28', '08:00', 0)).toBe('2026-11-30');
  });

  it('skips Tết', () => {
    // Friday 2026-02-13, 2 working days: Mon 16 to Fri 20 are Tết, so Tue 24
    expect(cal.dueDate('2026-02-13', '08:00', 2)).toBe('2026-02-24');
    // 2025: Tết 27-31/1; Friday 24/1, 1 working day: Monday 3/2
    expect(cal.dueDate('2025-01-24', '08:00', 1)).toBe('2025-02-03');
    // 2026: Friday 9/1, 1 working day: the swapped Saturday 10/1 counts
    expect(cal.dueDate('2026-01-09', '08:00', 1)).toBe('2026-01-10');
  });

  it('refuses to guess beyond the years in the data', () => {
    try {
      cal.dueDate('2028-03-01', '08:00', 1);
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('err.calendar.noYear');
    }
  });

  it('due dates only as far as the holidays are known: verified years in a row, then the first unverified one up to its verifiedThrough', () => {
    const year = (verified: boolean, verifiedThrough: string | null = null) => ({ verified, verifiedThrough, holidays: [], workdays: [] });
    const last = (years: Record<string, ReturnType<typeof year>>) => new WorkingDays({ afternoonCutoff: '16:30', years }).lastVerified;
    expect(last({ 2025: year(true), 2026: year(true), 2027: year(false, '2027-03-31') })).toBe('2027-03-31');
    expect(last({ 2026: year(true), 2025: year(true) })).toBe('2026-12-31');
    // a year missing in between: nothing after the gap counts
    expect(last({ 2025: year(true), 2027: year(true) })).toBe('2025-12-31');
    // nothing after the first unverified year counts, verified or not
    expect(last({ 2025: year(false, '2025-06-30'), 2026: year(true) })).toBe('2025-06-30');
    expect(last({ 2025: year(true), 2026: year(false), 2027: year(true) })).toBe('2025-12-31');
    expect(last({ 2026: year(false) })).toBeNull();
    expect(last({})).toBeNull();
    // Years go in the order of their numbers, not the object's: a year key before 1000 ('0999', four
    // digits as checkHolidays wants) is no array index, so JavaScript lists it after '1000'.
    expect(Object.keys({ '0999': 0, 1000: 0 })).toEqual(['1000', '0999']);
    expect(last({ '0999': year(false, '0999-06-30'), 1000: year(true) })).toBe('0999-06-30');

    const days = new WorkingDays({ afternoonCutoff: '16:30', years: { 2026: year(true), 2027: year(false, '2027-01-05') } });
    // Tuesday 5 January 2027 is the last day known: a due date on it is given, one after it refused with both dates
    expect(days.dueDate('2027-01-04', '08:00', 1)).toBe('2027-01-05');
    const e = (() => {
      try {
        days.dueDate('2027-01-04', '08:00', 2);
      } catch (x) {
        return x as DomainError;
      }
      throw new Error('expected a refusal');
    })();
    expect([e.code, e.params]).toEqual(['err.calendar.unverified', { due: '06/01/2027', last: '05/01/2027' }]);
    const none = new WorkingDays({ afternoonCutoff: '16:30', years: { 2026: year(false) } });
    expect(() => none.dueDate('2026-11-23', '08:00', 0)).toThrow(expect.objectContaining({ code: 'err.calendar.unverified', params: { due: '23/11/2026', last: '–' } }));
  });

  it('the weekend, a holiday and a swapped working day, on a calendar built here', () => {
    const days = new WorkingDays({ afternoonCutoff: '16:30', years: { 2026: { verified: true, verifiedThrough: null, holidays: ['2026-11-25', '2026-11-28'], workdays: ['2026-11-29', '2026-11-28'] } } });
    // Monday to Friday 23-27 but the holiday on Wednesday 25; Saturday 28 is both listed: worked
    expect(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map((d) => days.isWorkingDay(d))).toEqual([false, true, true, false, true, true, true, true, true]);
    expect(days.nextWorkingDay('2026-11-24')).toBe('2026-11-26');
    // the cut-off itself still counts the day of receipt; a same-day procedure is due that day
    expect(days.dueDate('2026-11-24', '16:30', 0)).toBe('2026-11-24');
    expect(days.dueDate('2026-11-24', '16:31', 0)).toBe('2026-11-26');
    expect(days.dueDate('2026-11-25', '08:00', 0)).toBe('2026-11-26');
    // counting runs into a year the data does not have: refused, naming the year
    expect(() => days.dueDate('2026-12-30', '08:00', 3)).toThrow(expect.objectContaining({ code: 'err.calendar.noYear', params: { year: '2027' } }));
  });

  it('early, on time or late against the due date', () => {
    expect(WorkingDays.timeliness('2026-11-26', '2026-11-25')).toBe('early');
    expect(WorkingDays.timeliness('2026-11-26', '2026-11-26')).toBe('on_time');
    expect(WorkingDays.timeliness('2026-11-26', '2026-11-27')).toBe('late');
  });

  it('covers 2025 to 2027 with Tết, and checks the file', () => {
    const data = loadDomainData().calendar;
    expect(Object.keys(data.years)).toEqual(expect.arrayContaining(['2025', '2026', '2027']));
    expect(data.years['2026']!.holidays).toContain('2026-02-17');
    expect(() => checkHolidays({ afternoonCutoff: '15:00', years: { 2026: { verified: false, holidays: ['2026-02-30'], workdays: [] } } })).toThrow(DataError);
    expect(() => checkHolidays({ afternoonCutoff: '15:00', years: { 2026: { verified: false, holidays: ['2025-01-01'], workdays: [] } } })).toThrow(DataError);
    expect(() => checkHolidays({ afternoonCutoff: '25:00', years: {} })).toThrow(DataError);
  });
});

describe('dossier codes', () => {
  it('agency, receipt date YYMMDD and the 4-digit daily sequence', () => {
    expect(dossierCode('000.00.20.H26', '2025-10-14', 1)).toBe('000.00.20.H26-251014-0001');
    expect(dossierCode('000.00.20.H26', '2026-11-23', 9999)).toBe('000.00.20.H26-261123-9999');
  });
  it('refuses a bad agency code or a sequence out of range', () => {
    for (const [agency, seq, code, params] of [
      ['000 00', 1, 'err.dossier.agency', { value: '000 00' }],
      ['', 1, 'err.dossier.agency', { value: '' }],
      ['000.00.20.H26', 0, 'err.dossier.seq', { value: 0 }],
      ['000.00.20.H26', 10000, 'err.dossier.seq', { value: 10000 }],
      ['000.00.20.H26', 1.5, 'err.dossier.seq', { value: 1.5 }],
    ] as const) {
      try {
        dossierCode(agency, '2026-11-23', seq);
        throw new Error('expected a refusal');
      } catch (e) {
        expect([(e as DomainError).code, (e as DomainError).params]).toEqual([code, params]);
      }
    }
  });
  it('takes every form of agency code in use, up to 40 characters, and refuses anything around or beyond one', () => {
    const forty = `${'1234567.'.repeat(4)}ABCDEFGH`;
    expect(forty).toHaveLength(40);
    // The older form, the 2025 two-tier one, a commune's centre below it, one group, one character, 40 characters.
    for (const agency of ['000.00.20.H26', 'H26.107', 'H01.151.01', 'H26', 'X', forty]) {
      expect(dossierCode(agency, '2026-11-23', 7)).toBe(`${agency}-261123-0007`);
    }
    // A code must be the whole text: nothing before or after it, no empty group, capitals and digits only, 40 at most.
    for (const agency of ['x.H26', '-H26', ' H26', 'H26.', 'H26 ', 'H26-1', '.H26', 'H26..107', 'h26.107', 'H26.1o7', `${forty}9`, `9.${forty}`]) {
      expect(() => dossierCode(agency, '2026-11-23', 7), agency).toThrow(expect.objectContaining({ code: 'err.dossier.agency', params: { value: agency } }));
    }
  });
  it("where a dossier's fee stands: nothing due when exempt or free, a bank transfer awaited until confirmed, anything else paid", () => {
    expect(paymentState({ payment: 'exempt', feeVnd: 0, paidAt: null })).toBe('exempt');
    expect(paymentState({ payment: 'exempt', feeVnd: 20_000, paidAt: null })).toBe('exempt');
    expect(paymentState({ payment: 'cash', feeVnd: 0, paidAt: null })).toBe('exempt');
    expect(paymentState({ payment: 'bank_qr', feeVnd: 0, paidAt: null })).toBe('exempt');
    expect(paymentState({ payment: 'bank_qr', feeVnd: 20_000, paidAt: null })).toBe('awaiting');
    expect(paymentState({ payment: 'bank_qr', feeVnd: 20_000, paidAt: 1_764_000_000_000 })).toBe('paid');
    expect(paymentState({ payment: 'cash', feeVnd: 20_000, paidAt: null })).toBe('paid');
    expect(paymentState({ payment: 'online', feeVnd: 20_000, paidAt: null })).toBe('paid');
  });
  it('files a dossier in the register book of its receipt year', () => {
    expect(registerBook('2026-11-23')).toBe('01/2026');
    expect(registerBook('2027-01-02')).toBe('01/2027');
  });
  it('parses a code back, and nothing else', () => {
    expect(parseDossierCode(' 000.00.20.h26-251014-0001 ')).toEqual({ agency: '000.00.20.H26', date: '2025-10-14', seq: 1 });
    expect(parseDossierCode('000.00.20.H26-251332-0001')).toBeUndefined();
    expect(parseDossierCode('000.00.20.H26-251014-0000')).toBeUndefined();
    expect(parseDossierCode('001152012345|...')).toBeUndefined();
  });
});

// Moved here from tests/integration/payment-ref.test.ts: the check is pure, and the mutation run reads the unit tests only.
describe('a bank reference', () => {
  it('is optional, folded and composed, printable only, at most 40 characters', () => {
    expect(checkBankRef(null)).toBeNull();
    expect(checkBankRef(undefined)).toBeNull();
    expect(checkBankRef('')).toBeNull();
    expect(checkBankRef('   ')).toBeNull();
    expect(checkBankRef('  FT26337\t 0042 ')).toBe('FT26337 0042');
    expect(checkBankRef('Hu\u031bo\u031b\u0300ng')).toBe('Hường');
    expect(checkBankRef('F'.repeat(BANK_REF_MAX))).toHaveLength(40);
    // counted in characters, not UTF-16 units: forty letters outside the BMP are taken
    expect(checkBankRef('𝔽'.repeat(BANK_REF_MAX))).toBe('𝔽'.repeat(40));
    expect(refusal(() => checkBankRef('F'.repeat(BANK_REF_MAX + 1)))).toMatchObject({ code: 'err.payment.refLong', params: { max: 40 } });
    for (const bad of ['FT1\n2', 'FT1\u200b2', 'FT1\u00012', 'FT\u202e12', 'FT\ue00012']) expect(refusal(() => checkBankRef(bad)).code).toBe('err.payment.refChars');
  });
});
