// An office's details changed by the operator (src/core/office.ts applyOfficePatch, `luudong office
// set` and the F12 form): the agency code, the place name, the phone and the bank account, each checked
// with the operator's message, and a changed account that must be checked with the office again.
import { describe, expect, it } from 'vitest';
import { applyOfficePatch, type Office, type OfficePatch } from '../../src/core/office.js';
import { refusal } from '../helpers/refusal.js';
import { exampleOffices } from '../helpers/offices-json.js';

const [minhChau, myDuc] = exampleOffices() as [Office, Office];
/** minh-chau with its bank account checked with the office. */
const checkedBank: Office = { ...minhChau, bank: { ...minhChau.bank!, verified: true } };
/** The code and parameters of the refusal of `patch` on `base`. */
const why = (base: Office, patch: OfficePatch): { code: string; params: Record<string, string | number> } => {
  const e = refusal(() => applyOfficePatch(base, patch));
  return { code: e.code, params: e.params };
};

describe('an office’s agency code, place name and phone changed', () => {
  it('an agency code typed in small letters with spaces around is kept in capitals, trimmed; nothing else changes', () => {
    expect(applyOfficePatch(myDuc, { agencyCode: ' h26.108 ' })).toEqual({ ...myDuc, agencyCode: 'H26.108' });
  });
  it('an agency code not of dotted digits and capitals is refused as given', () => {
    expect(why(myDuc, { agencyCode: 'H26..108' })).toEqual({ code: 'err.dossier.agency', params: { value: 'H26..108' } });
  });
  it('a place name has its control characters made spaces and its spaces folded; up to 200 characters', () => {
    expect(applyOfficePatch(myDuc, { placeName: ' Mỹ\tĐức\n' })).toEqual({ ...myDuc, placeName: 'Mỹ Đức' });
    expect(applyOfficePatch(myDuc, { placeName: 'Đ'.repeat(200) }).placeName).toBe('Đ'.repeat(200));
  });
  it('a place name of spaces only or of 201 characters is refused, naming the field', () => {
    expect(why(myDuc, { placeName: ' \t ' })).toEqual({ code: 'err.office.field', params: { field: 'placeName', value: ' \t ' } });
    expect(why(myDuc, { placeName: 'Đ'.repeat(201) })).toEqual({ code: 'err.office.field', params: { field: 'placeName', value: 'Đ'.repeat(201) } });
  });
  it('a name in Vietnamese or English of spaces only is refused, naming which name', () => {
    expect(why(myDuc, { agencyName: { vi: '  ' } })).toEqual({ code: 'err.office.field', params: { field: 'agencyName.vi', value: '  ' } });
    expect(why(myDuc, { unitName: { en: '\t' } })).toEqual({ code: 'err.office.field', params: { field: 'unitName.en', value: '\t' } });
  });
  it('a phone number is kept trimmed (tabs and line ends too); null takes it away', () => {
    expect(applyOfficePatch(myDuc, { phone: '\t024 3311 2233\n' })).toEqual({ ...myDuc, phone: '024 3311 2233' });
    expect(applyOfficePatch(minhChau, { phone: null })).toEqual({ ...minhChau, phone: null });
  });
  it('a phone number with a letter before or after it, or too short, is refused as given', () => {
    for (const phone of ['x024 3311 2233', '024 3311 2233x', '12345'])
      expect(why(myDuc, { phone })).toEqual({ code: 'err.office.field', params: { field: 'phone', value: phone } });
  });
  it('the fee for returning a result by post is set', () => {
    expect(applyOfficePatch(myDuc, { postalFeeVnd: 30000 })).toEqual({ ...myDuc, postalFeeVnd: 30000 });
  });
});

describe('an office’s bank account changed', () => {
  it('null takes the account away', () => {
    expect(applyOfficePatch(checkedBank, { bank: null })).toEqual({ ...checkedBank, bank: null });
  });
  it('an account given to an office with none is kept with its names folded, not yet checked', () => {
    const bank = { bin: '970436', bankName: ' Vietcombank ', account: '0011000123456', accountName: 'UBND  XA MY DUC' };
    expect(applyOfficePatch(myDuc, { bank })).toEqual({ ...myDuc, bank: { bin: '970436', bankName: 'Vietcombank', account: '0011000123456', accountName: 'UBND XA MY DUC', verified: false } });
  });
  it('an account given to an office with none is refused for the first part left out', () => {
    const full = { bin: '970436', bankName: 'Vietcombank', account: '0011000123456', accountName: 'UBND XA MY DUC' };
    const { bin: _b, ...noBin } = full;
    const { account: _a, ...noAccount } = full;
    const { bankName: _n, ...noBankName } = full;
    const { accountName: _h, ...noHolder } = full;
    expect(why(myDuc, { bank: noBin })).toEqual({ code: 'err.vietqr.bin', params: { value: '' } });
    expect(why(myDuc, { bank: noAccount })).toEqual({ code: 'err.vietqr.account', params: { value: '' } });
    expect(why(myDuc, { bank: noBankName })).toEqual({ code: 'err.office.field', params: { field: 'bank.bankName', value: '' } });
    expect(why(myDuc, { bank: noHolder })).toEqual({ code: 'err.office.field', params: { field: 'bank.accountName', value: '' } });
  });
  it('a new account number or BIN must be checked with the office again; a new bank name alone need not', () => {
    expect(applyOfficePatch(checkedBank, { bank: { account: '113000009999' } }).bank).toEqual({ ...checkedBank.bank, account: '113000009999', verified: false });
    expect(applyOfficePatch(checkedBank, { bank: { bin: '970436' } }).bank).toEqual({ ...checkedBank.bank, bin: '970436', verified: false });
    expect(applyOfficePatch(checkedBank, { bank: { bankName: 'VietinBank CN Hà Nội' } }).bank).toEqual({ ...checkedBank.bank, bankName: 'VietinBank CN Hà Nội', verified: true });
  });
  it('a new account number given as checked with the office is kept as checked', () => {
    expect(applyOfficePatch(minhChau, { bank: { account: 'VTB113000009999', verified: true } }).bank).toEqual({ ...minhChau.bank, account: 'VTB113000009999', verified: true });
    expect(applyOfficePatch(minhChau, { bank: { account: 'A' } }).bank).toEqual({ ...minhChau.bank, account: 'A', verified: false });
  });
  it('a BIN not of exactly 6 digits is refused as it would be kept', () => {
    for (const bin of ['x970415', '9704150', '97041', 'abcdef']) expect(why(minhChau, { bank: { bin } })).toEqual({ code: 'err.vietqr.bin', params: { value: bin } });
  });
  it('an account number not of 1 to 19 digits or letters is refused as it would be kept', () => {
    for (const account of ['-113000001234', '113000001234-', '1'.repeat(20), '1130 0000 1234']) expect(why(minhChau, { bank: { account } })).toEqual({ code: 'err.vietqr.account', params: { value: account } });
  });
});
