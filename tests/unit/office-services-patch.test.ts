// A change to an office's postal fee, province rates and working hours (src/core/office.ts
// applyOfficePatch, `luudong office set` and the F12 form): what is taken, up to which bound, and the
// refusal of what is not, naming the field and the value as given.
import { describe, expect, it } from 'vitest';
import { applyOfficePatch, type Office, type OfficePatch } from '../../src/core/office.js';
import { refusal } from '../helpers/refusal.js';
import { minhChau } from '../helpers/offices-json.js';

const office = minhChau({ provinceFees: { ho_tich: 5000 } });

/** The refusal of a patch: its catalogue key and parameters. */
const refused = (patch: OfficePatch, base: Office = office) => {
  const e = refusal(() => applyOfficePatch(base, patch));
  return [e.code, e.params];
};

describe('the postal fee of an office', () => {
  it('is taken from 0 to 10,000,000 dong', () => {
    expect(applyOfficePatch(office, { postalFeeVnd: 0 })).toEqual({ ...office, postalFeeVnd: 0 });
    expect(applyOfficePatch(office, { postalFeeVnd: 30000 })).toEqual({ ...office, postalFeeVnd: 30000 });
    expect(applyOfficePatch(office, { postalFeeVnd: 10_000_000 })).toEqual({ ...office, postalFeeVnd: 10_000_000 });
  });
  it('a negative, fractional, too large or not-a-number fee is refused naming the field and the value', () => {
    expect([-1, 1.5, 10_000_001, Number.NaN, 2 ** 53].map((v) => refused({ postalFeeVnd: v }))).toEqual([
      ['err.office.field', { field: 'postalFeeVnd', value: '-1' }],
      ['err.office.field', { field: 'postalFeeVnd', value: '1.5' }],
      ['err.office.field', { field: 'postalFeeVnd', value: '10000001' }],
      ['err.office.field', { field: 'postalFeeVnd', value: 'NaN' }],
      ['err.office.field', { field: 'postalFeeVnd', value: '9007199254740992' }],
    ]);
  });
});

describe('the province rates of an office', () => {
  it('a rate is set from 0 to 1,000,000,000 dong, a null removes it, the others are kept', () => {
    expect(applyOfficePatch(office, { provinceFees: { cap_ban_sao: 0, chung_thuc: 1_000_000_000, ho_tich: null } }).provinceFees).toEqual({ cap_ban_sao: 0, chung_thuc: 1_000_000_000 });
    expect(applyOfficePatch(office, { provinceFees: { 'dat.cap-so': 12000 } })).toEqual({ ...office, provinceFees: { ho_tich: 5000, 'dat.cap-so': 12000 } });
  });
  it('a key that is not a fee key is refused as written', () => {
    expect(['Ho_tich', '1phi', '', 'phi le'].map((k) => refused({ provinceFees: { [k]: 1000 } }))).toEqual([
      ['err.office.feeKey', { value: 'Ho_tich' }],
      ['err.office.feeKey', { value: '1phi' }],
      ['err.office.feeKey', { value: '' }],
      ['err.office.feeKey', { value: 'phi le' }],
    ]);
  });
  it('a negative, fractional, too large or not-a-number rate is refused naming its key and the value', () => {
    expect([-1, 2.5, 1_000_000_001, Number.NaN].map((v) => refused({ provinceFees: { ho_tich: v } }))).toEqual([
      ['err.office.field', { field: 'ho_tich', value: '-1' }],
      ['err.office.field', { field: 'ho_tich', value: '2.5' }],
      ['err.office.field', { field: 'ho_tich', value: '1000000001' }],
      ['err.office.field', { field: 'ho_tich', value: 'NaN' }],
    ]);
  });
});

describe('the working hours of an office', () => {
  it('a start or an end given alone is set with the other kept', () => {
    expect(applyOfficePatch(office, { hours: { start: '08:00' } })).toEqual({ ...office, hours: { start: '08:00', end: '17:00' } });
    expect(applyOfficePatch(office, { hours: { end: '07:31' } }).hours).toEqual({ start: '07:30', end: '07:31' });
    expect(applyOfficePatch(office, { hours: { start: '00:00', end: '23:59' } }).hours).toEqual({ start: '00:00', end: '23:59' });
  });
  it('a time that is not HH:MM, or a day that does not end after it starts, is refused with the hours it would have had', () => {
    expect([{ start: '07:60' }, { end: '17:60' }, { start: '7:30' }, { end: '24:00' }, { start: '17:00' }, { start: '18:00' }, { start: '08:00', end: '0800' }].map((hours) => refused({ hours }))).toEqual([
      ['err.office.field', { field: 'hours', value: '07:60-17:00' }],
      ['err.office.field', { field: 'hours', value: '07:30-17:60' }],
      ['err.office.field', { field: 'hours', value: '7:30-17:00' }],
      ['err.office.field', { field: 'hours', value: '07:30-24:00' }],
      ['err.office.field', { field: 'hours', value: '17:00-17:00' }],
      ['err.office.field', { field: 'hours', value: '18:00-17:00' }],
      ['err.office.field', { field: 'hours', value: '08:00-0800' }],
    ]);
  });
  it('a change that does not give hours leaves the office’s hours as they were, even hours written the old way', () => {
    const old: Office = { ...office, hours: { start: '7:30', end: '17:00' } };
    expect(applyOfficePatch(old, { verified: true })).toEqual({ ...old, verified: true });
    expect(applyOfficePatch(old, { postalFeeVnd: 20000 }).hours).toEqual({ start: '7:30', end: '17:00' });
  });
});
