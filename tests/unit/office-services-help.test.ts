// The kinds of help given without a dossier (data/help-services.json, src/core/office.ts
// checkHelpServices), what is still a placeholder in an office (officePlaceholders) and the account
// a VietQR may be printed for (payableAccount).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/check.js';
import { checkHelpServices, officePlaceholders, payableAccount, type BankAccount, type Office } from '../../src/core/office.js';
import { dataError } from '../helpers/refusal.js';
import { minhChau } from '../helpers/offices-json.js';

const file = JSON.parse(readFileSync(new URL('../../data/help-services.json', import.meta.url), 'utf8')) as { version: number; services: { code: string; key: string; name: { vi: string; en: string } }[] };
const vneid = { code: 'vneid', key: '1', name: { vi: 'VNeID', en: 'VNeID' } };
const sim = { code: 'sim', key: '2', name: { vi: 'Thuê bao', en: 'SIM' } };
const errorOf = (services: unknown[]) => {
  const e: DataError = dataError(() => checkHelpServices({ version: 1, services }));
  return [e.file, e.path, e.problem];
};

describe('the kinds of help of data/help-services.json', () => {
  it('are read whole, in the file’s order', () => {
    expect(checkHelpServices(file)).toEqual(file.services);
    expect(checkHelpServices(file).map((s) => `${s.key} ${s.code}`)).toEqual(['1 vneid', '2 digital_signature', '3 sim', '4 online_payment', '5 legal_advice', '6 digital_skills', '7 status_check']);
  });
  it('a code of small letters, digits and underscores after a letter, and a key of one digit 1-9, are taken', () => {
    expect(checkHelpServices({ version: 1, services: [{ ...vneid, code: 'a' }, { ...sim, code: 'x_9', key: '9' }] })).toEqual([{ ...vneid, code: 'a' }, { ...sim, code: 'x_9', key: '9' }]);
  });
  it('a code or a key of another form is refused naming it and the form', () => {
    expect([{ ...vneid, code: 'Xvneid' }, { ...vneid, code: 'vneid-id' }, { ...vneid, code: '_vneid' }].map((s) => errorOf([s]))).toEqual([
      ['help-services.json', '$.services[0].code', '"Xvneid" does not match /^[a-z][a-z0-9_]*$/'],
      ['help-services.json', '$.services[0].code', '"vneid-id" does not match /^[a-z][a-z0-9_]*$/'],
      ['help-services.json', '$.services[0].code', '"_vneid" does not match /^[a-z][a-z0-9_]*$/'],
    ]);
    expect(['01', '10', '0', 'a1'].map((key) => errorOf([sim, { ...vneid, key }]))).toEqual([
      ['help-services.json', '$.services[1].key', '"01" does not match /^[1-9]$/'],
      ['help-services.json', '$.services[1].key', '"10" does not match /^[1-9]$/'],
      ['help-services.json', '$.services[1].key', '"0" does not match /^[1-9]$/'],
      ['help-services.json', '$.services[1].key', '"a1" does not match /^[1-9]$/'],
    ]);
  });
  it('an empty list, a code twice or a key twice is refused', () => {
    expect(errorOf([])).toEqual(['help-services.json', '$.services', 'at least one kind of help is needed']);
    expect(errorOf([vneid, { ...sim, code: 'vneid' }])).toEqual(['help-services.json', '$.services', 'duplicate code "vneid"']);
    expect(errorOf([vneid, { ...sim, key: '1' }])).toEqual(['help-services.json', '$.services', 'duplicate key "1"']);
  });
});

const bank = (verified: boolean): BankAccount => ({ bin: '970415', bankName: 'VietinBank', account: '113000001234', accountName: 'UBND XA MINH CHAU', verified });
const office = (verified: boolean, b: BankAccount | null): Office => minhChau({ verified, bank: b });

describe('what is still a placeholder in an office', () => {
  it('the office while not checked, its bank account while one is set and not checked', () => {
    expect(officePlaceholders(office(false, bank(false)))).toEqual(['office', 'bank']);
    expect(officePlaceholders(office(false, null))).toEqual(['office']);
    expect(officePlaceholders(office(false, bank(true)))).toEqual(['office']);
    expect(officePlaceholders(office(true, bank(false)))).toEqual(['bank']);
    expect(officePlaceholders(office(true, bank(true)))).toEqual([]);
    expect(officePlaceholders(office(true, null))).toEqual([]);
  });
});

describe('the account a VietQR may be printed for', () => {
  it('only a bank account checked with the office; a placeholder or none gives none', () => {
    expect(payableAccount(office(false, bank(true)))).toEqual(bank(true));
    expect(payableAccount(office(true, bank(false)))).toBeNull();
    expect(payableAccount(office(true, null))).toBeNull();
  });
});
