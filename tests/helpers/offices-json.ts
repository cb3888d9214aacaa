// data/offices.json as shipped: a fresh parsed copy each call (tests change it freely), and its three
// example offices checked (minh-chau with a bank account and a phone, my-duc with neither, phuc-lam).
import { readFileSync } from 'node:fs';
import { checkOffices, type Office } from '../../src/core/office.js';

export interface OfficesJson {
  version: number;
  offices: Record<string, unknown>[];
}

export const officesJson = (): OfficesJson => JSON.parse(readFileSync(new URL('../../data/offices.json', import.meta.url), 'utf8')) as OfficesJson;

/** The example offices of data/offices.json, checked: [minh-chau, my-duc, phuc-lam]. */
export const exampleOffices = (): Office[] => checkOffices(officesJson());

/**
 * An office as the tests of a change to it start from: Minh Châu with no phone, no bank account and
 * the postal fee of the example file, not yet checked; `overrides` replace whole fields.
 */
export const minhChau = (overrides: Partial<Office> = {}): Office => ({
  id: 'minh-chau',
  agencyCode: '000.00.20.H26',
  agencyName: { vi: 'UBND xã Minh Châu', en: "Minh Chau Commune People's Committee" },
  unitName: { vi: 'Bộ phận Một cửa xã Minh Châu', en: 'Minh Chau One-Stop Unit' },
  placeName: 'Minh Châu',
  phone: null,
  bank: null,
  postalFeeVnd: 25000,
  provinceFees: {},
  hours: { start: '07:30', end: '17:00' },
  verified: false,
  ...overrides,
});
