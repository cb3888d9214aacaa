// data/offices.json checked (src/core/office.ts checkOffices, checkOfficeAt): the shipped examples read
// back whole, and every bad field refused with the file, the JSON path of the field and the problem.
import { describe, expect, it } from 'vitest';
import { checkOffices } from '../../src/core/office.js';
import { dataError } from '../helpers/refusal.js';
import { officesJson, type OfficesJson } from '../helpers/offices-json.js';

/** data/offices.json with `change` applied to its first office (minh-chau). */
const withFirst = (change: (o: Record<string, unknown>) => void): OfficesJson => {
  const j = officesJson();
  change(j.offices[0]!);
  return j;
};
/** The whole message of the DataError that checking `json` throws: "file: path: problem". */
const refused = (json: unknown): string => dataError(() => checkOffices(json)).message;

describe('the offices of data/offices.json', () => {
  it('read back whole: a bank account and a phone where given, null where not', () => {
    expect(checkOffices(officesJson())).toEqual([
      {
        id: 'minh-chau',
        agencyCode: '000.00.20.H26',
        agencyName: { vi: 'UBND xã Minh Châu', en: "Minh Chau Commune People's Committee" },
        unitName: { vi: 'Trung tâm Phục vụ hành chính công xã Minh Châu', en: 'Minh Chau Commune Public Administrative Service Centre' },
        placeName: 'Minh Châu',
        phone: '024 3311 2233',
        bank: { bin: '970415', bankName: 'VietinBank', account: '113000001234', accountName: 'UBND XA MINH CHAU', verified: false },
        postalFeeVnd: 25000,
        provinceFees: {},
        hours: { start: '07:30', end: '17:00' },
        verified: false,
      },
      {
        id: 'my-duc',
        agencyCode: 'H26.107',
        agencyName: { vi: 'UBND xã Mỹ Đức', en: "My Duc Commune People's Committee" },
        unitName: { vi: 'Bộ phận tiếp nhận và trả kết quả', en: 'Reception and Result Return Unit' },
        placeName: 'Mỹ Đức',
        phone: null,
        bank: null,
        postalFeeVnd: 25000,
        provinceFees: {},
        hours: { start: '07:30', end: '17:00' },
        verified: false,
      },
      {
        id: 'phuc-lam',
        agencyCode: 'H01.151.01',
        agencyName: { vi: 'UBND xã Phúc Lâm', en: "Phuc Lam Commune People's Committee" },
        unitName: { vi: 'Trung tâm Phục vụ hành chính công xã Phúc Lâm', en: 'Phuc Lam Commune Public Administrative Service Centre' },
        placeName: 'Phúc Lâm',
        phone: '024 3366 7788',
        bank: { bin: '970436', bankName: 'Vietcombank', account: '0011000123456', accountName: 'UBND XA PHUC LAM', verified: false },
        postalFeeVnd: 22000,
        provinceFees: {},
        hours: { start: '07:30', end: '17:00' },
        verified: false,
      },
    ]);
  });

  it('the province’s rates are read by fee key; hours up to 23:59 and one minute apart are a working day', () => {
    const j = withFirst((o) => {
      o.provinceFees = { 'birth.copy': 8000, marriage_cert: 0, 'x-9': 1_000_000_000 };
      o.hours = { start: '20:00', end: '23:59' };
    });
    const [first] = checkOffices(j);
    expect(first!.provinceFees).toEqual({ 'birth.copy': 8000, marriage_cert: 0, 'x-9': 1_000_000_000 });
    expect(first!.hours).toEqual({ start: '20:00', end: '23:59' });
    expect(checkOffices(withFirst((o) => (o.hours = { start: '07:30', end: '07:31' })))[0]!.hours).toEqual({ start: '07:30', end: '07:31' });
  });

  const bad: [string, (o: Record<string, unknown>) => void, string][] = [
    ['a BIN with a letter before it', (o) => ((o.bank as Record<string, unknown>).bin = 'x970415'), String.raw`$.offices[0].bank.bin: "x970415" does not match /^\d{6}$/`],
    ['a BIN of 7 digits', (o) => ((o.bank as Record<string, unknown>).bin = '9704150'), String.raw`$.offices[0].bank.bin: "9704150" does not match /^\d{6}$/`],
    ['an account number starting with a dash', (o) => ((o.bank as Record<string, unknown>).account = '-113000001234'), String.raw`$.offices[0].bank.account: "-113000001234" does not match /^[0-9A-Za-z]{1,19}$/`],
    ['an account number ending with a dash', (o) => ((o.bank as Record<string, unknown>).account = '113000001234-'), String.raw`$.offices[0].bank.account: "113000001234-" does not match /^[0-9A-Za-z]{1,19}$/`],
    ['a bank’s check that is not true or false', (o) => ((o.bank as Record<string, unknown>).verified = 'yes'), '$.offices[0].bank.verified: expected true or false'],
    ['rates that are not an object', (o) => (o.provinceFees = [8000]), '$.offices[0].provinceFees: expected an object'],
    ['a rate under a key that is not a fee key', (o) => (o.provinceFees = { 'birth.copy': 8000, 'Birth copy': 8000 }), '$.offices[0].provinceFees: "Birth copy" is not a fee key'],
    ['a negative rate', (o) => (o.provinceFees = { 'birth.copy': -1 }), '$.offices[0].provinceFees.birth.copy: expected a whole number from 0 to 1000000000'],
    ['a day starting after a letter', (o) => (o.hours = { start: 'x07:30', end: '17:00' }), String.raw`$.offices[0].hours.start: "x07:30" does not match /^([01]\d|2[0-3]):[0-5]\d$/`],
    ['a day starting at a time with a letter after it', (o) => (o.hours = { start: '07:30x', end: '17:00' }), String.raw`$.offices[0].hours.start: "07:30x" does not match /^([01]\d|2[0-3]):[0-5]\d$/`],
    ['a day starting at 24:00', (o) => (o.hours = { start: '24:00', end: '17:00' }), String.raw`$.offices[0].hours.start: "24:00" does not match /^([01]\d|2[0-3]):[0-5]\d$/`],
    ['a day ending after a letter', (o) => (o.hours = { start: '07:30', end: 'x17:00' }), String.raw`$.offices[0].hours.end: "x17:00" does not match /^([01]\d|2[0-3]):[0-5]\d$/`],
    ['a day ending at a time with a letter after it', (o) => (o.hours = { start: '07:30', end: '17:00x' }), String.raw`$.offices[0].hours.end: "17:00x" does not match /^([01]\d|2[0-3]):[0-5]\d$/`],
    ['a day ending at 24:00', (o) => (o.hours = { start: '07:30', end: '24:00' }), String.raw`$.offices[0].hours.end: "24:00" does not match /^([01]\d|2[0-3]):[0-5]\d$/`],
    ['a day ending when it starts', (o) => (o.hours = { start: '07:30', end: '07:30' }), '$.offices[0].hours.end: the day must end after it starts'],
    ['a day ending before it starts', (o) => (o.hours = { start: '17:00', end: '07:30' }), '$.offices[0].hours.end: the day must end after it starts'],
    ['a phone number after a letter', (o) => (o.phone = 'x024 3311 2233'), '$.offices[0].phone: "x024 3311 2233" does not match /^[0-9 .+()-]{6,20}$/'],
    ['a phone number with a letter after it', (o) => (o.phone = '024 3311 2233x'), '$.offices[0].phone: "024 3311 2233x" does not match /^[0-9 .+()-]{6,20}$/'],
    ['an office’s check that is not true or false', (o) => (o.verified = 1), '$.offices[0].verified: expected true or false'],
  ];
  it.each(bad)('%s is refused, naming the field', (_what, change, message) => {
    expect(refused(withFirst(change))).toBe(`offices.json: ${message}`);
  });

  it('a file that is not an object, with no office, or with an id or agency code twice is refused', () => {
    expect(refused(null)).toBe('offices.json: $: expected an object');
    expect(refused({ version: 1, offices: [] })).toBe('offices.json: $.offices: at least one office is needed');
    const sameId = officesJson();
    sameId.offices[2]!.id = 'minh-chau';
    expect(refused(sameId)).toBe('offices.json: $.offices: duplicate id "minh-chau"');
    const sameCode = officesJson();
    sameCode.offices[2]!.agencyCode = 'H26.107';
    expect(refused(sameCode)).toBe('offices.json: $.offices: duplicate agency code "H26.107"');
    expect(dataError(() => checkOffices(null, 'vehicle offices')).message).toBe('vehicle offices: $: expected an object');
  });
});
