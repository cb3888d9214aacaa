// The checks of the small data files (service groups, priority categories, provinces, holidays.json):
// each bad field is refused with the whole message naming the file, the JSON path and the problem,
// and the good shapes next to them are accepted as they are.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkHolidays, checkPriorityCategories, checkProvinces, checkServiceGroups } from '../../src/core/config.js';
import { dataError } from '../helpers/refusal.js';

type Doc = Record<string, unknown> & { [k: string]: Record<string, unknown>[] };
const dataFile = (name: string): Doc => JSON.parse(readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8')) as Doc;
/** The shipped file `name` with `change` applied to its list `key`. */
const fileWith = (name: string, key: string, change: (items: Record<string, unknown>[]) => void): Doc => {
  const json = dataFile(name);
  change(json[key]!);
  return json;
};
/** The whole message of the DataError `fn` throws. */
const message = (fn: () => unknown): string => dataError(fn).message;

describe('service groups and priority categories', () => {
  const groups = (change: (gs: Record<string, unknown>[]) => void) => fileWith('service-groups.json', 'groups', change);
  const cats = (change: (cs: Record<string, unknown>[]) => void) => fileWith('priority-categories.json', 'categories', change);

  it.each([
    ['a group code with a character after the allowed ones', groups((gs) => (gs[0]!.code = 'civil!')), 'service-groups.json: $.groups[0].code: "civil!" does not match /^[a-z][a-z0-9-]*$/'],
    ['an empty list of groups', { groups: [] }, 'service-groups.json: $.groups: at least one service group is needed'],
  ])('%s is refused with the whole message', (_what, json, expected) => {
    expect(message(() => checkServiceGroups(json))).toBe(expected);
  });

  it.each([
    ['a category code starting with a capital', cats((cs) => (cs[0]!.code = 'Elderly')), 'priority-categories.json: $.categories[0].code: "Elderly" does not match /^[a-z][a-z0-9-]*$/'],
    ['a category code with a character after the allowed ones', cats((cs) => (cs[1]!.code = 'disability?')), 'priority-categories.json: $.categories[1].code: "disability?" does not match /^[a-z][a-z0-9-]*$/'],
    ['a category key of two digits', cats((cs) => (cs[2]!.key = '31')), 'priority-categories.json: $.categories[2].key: "31" does not match /^[1-9]$/'],
    ['a category key with a letter before the digit', cats((cs) => (cs[2]!.key = 'k3')), 'priority-categories.json: $.categories[2].key: "k3" does not match /^[1-9]$/'],
    ['a category code listed twice', cats((cs) => (cs[1]!.code = 'elderly')), 'priority-categories.json: $.categories: duplicate code "elderly"'],
  ])('%s is refused with the whole message', (_what, json, expected) => {
    expect(message(() => checkPriorityCategories(json))).toBe(expected);
  });
});

describe('provinces', () => {
  const provinces = (change: (ps: Record<string, unknown>[]) => void) => fileWith('provinces.json', 'provinces', change);

  it('the shipped list is accepted as it is, each province as its code and name', () => {
    const shipped = dataFile('provinces.json');
    expect(checkProvinces(shipped)).toEqual(shipped.provinces);
  });

  it.each([
    ['a file that is not an object', [], 'provinces.json: $: expected an object'],
    ['a list of provinces that is not a list', { provinces: {} }, 'provinces.json: $.provinces: expected a list'],
    ['an empty list of provinces', { provinces: [] }, 'provinces.json: $.provinces: at least one province is needed'],
    ['a code of two digits', provinces((ps) => (ps[0]!.code = '01')), 'provinces.json: $.provinces[0].code: "01" does not match /^\\d{3}$/'],
    ['a code of four digits', provinces((ps) => (ps[1]!.code = '0010')), 'provinces.json: $.provinces[1].code: "0010" does not match /^\\d{3}$/'],
    ['a code with a letter before its digits', provinces((ps) => (ps[1]!.code = 'x001')), 'provinces.json: $.provinces[1].code: "x001" does not match /^\\d{3}$/'],
    ['a code listed twice', provinces((ps) => (ps[1]!.code = ps[0]!.code)), 'provinces.json: $.provinces: duplicate code "001"'],
  ])('%s is refused with the whole message', (_what, json, expected) => {
    expect(message(() => checkProvinces(json))).toBe(expected);
  });
});

describe('holidays.json', () => {
  // 2025: Tết Wed 29/1, Giỗ Tổ Mon 7/4.
  const year = (extra: Record<string, unknown> = {}) => ({ verified: true, holidays: ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07'], workdays: ['2025-04-26'], ...extra });
  const file = (years: Record<string, unknown>, afternoonCutoff: unknown = '15:00') => ({ afternoonCutoff, years });

  it.each([
    ['a file that is not an object', 'x', 'holidays.json: $: expected an object'],
    ['a cutoff hour of 24', file({ '2025': year() }, '24:00'), 'holidays.json: $.afternoonCutoff: "24:00" does not match /^([01]\\d|2[0-3]):[0-5]\\d$/'],
    ['a cutoff with seconds', file({ '2025': year() }, '15:00:30'), 'holidays.json: $.afternoonCutoff: "15:00:30" does not match /^([01]\\d|2[0-3]):[0-5]\\d$/'],
    ['a cutoff with a digit before it', file({ '2025': year() }, '115:00'), 'holidays.json: $.afternoonCutoff: "115:00" does not match /^([01]\\d|2[0-3]):[0-5]\\d$/'],
    ['a day with a time after it', file({ '2025': year({ holidays: ['2025-01-01T00'] }) }), 'holidays.json: $.years.2025.holidays[0]: "2025-01-01T00" does not match /^\\d{4}-\\d{2}-\\d{2}$/'],
    ['a day with a digit before it', file({ '2025': year({ workdays: ['12025-04-26'] }) }), 'holidays.json: $.years.2025.workdays[0]: "12025-04-26" does not match /^\\d{4}-\\d{2}-\\d{2}$/'],
    ['a key that ends with a year', file({ x2025: year() }), 'holidays.json: $.years.x2025: the key must be a year'],
    ['a key that begins with a year', file({ '20255': year({ holidays: [], workdays: [] }) }), 'holidays.json: $.years.20255: the key must be a year'],
    ['a day that does not exist (30 February)', file({ '2025': year({ workdays: ['2025-04-26', '2025-02-30'] }) }), 'holidays.json: $.years.2025.workdays[1]: "2025-02-30" is not a real date'],
    ['a day that does not exist (32 January)', file({ '2025': year({ workdays: ['2025-01-32'] }) }), 'holidays.json: $.years.2025.workdays[0]: "2025-01-32" is not a real date'],
    ['a day of another year', file({ '2025': year({ workdays: ['2025-04-26', '2024-12-28'] }) }), 'holidays.json: $.years.2025.workdays[1]: "2024-12-28" is not in 2025'],
    ['a verifiedThrough of another year (year not verified)', file({ '2025': year({ verified: false, verifiedThrough: '2026-01-31' }) }), 'holidays.json: $.years.2025.verifiedThrough: "2026-01-31" is not in 2025'],
  ])('%s is refused with the whole message', (_what, json, expected) => {
    expect(message(() => checkHolidays(json))).toBe(expected);
  });

  it('a year not verified keeps its verifiedThrough; a null one means none; a verified year ignores whatever it carries', () => {
    const days = { holidays: year().holidays, workdays: year().workdays };
    expect(checkHolidays(file({ '2025': year({ verified: false, verifiedThrough: '2025-06-30' }) }))).toEqual({ afternoonCutoff: '15:00', years: { '2025': { verified: false, verifiedThrough: '2025-06-30', ...days } } });
    expect(checkHolidays(file({ '2025': year({ verified: false, verifiedThrough: null }) }))).toEqual({ afternoonCutoff: '15:00', years: { '2025': { verified: false, verifiedThrough: null, ...days } } });
    expect(checkHolidays(file({ '2025': year({ verified: true, verifiedThrough: '2026-13-45' }) }))).toEqual({ afternoonCutoff: '15:00', years: { '2025': { verified: true, verifiedThrough: null, ...days } } });
  });
});
