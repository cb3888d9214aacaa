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
