// The names of an office in English (src/core/office.ts applyOfficePatch): given, they are kept as
// given; a Vietnamese name changed with none given takes the Vietnamese name as its English one too
// (the one it had was the old name's: the example's "Minh Chau Commune People's Committee" under
// "UBND xã Mỹ Đức" would be wrong), as `office set --agency` without --agency-en and the F12 form do.
import { describe, expect, it } from 'vitest';
import { applyOfficePatch } from '../../src/core/office.js';
import { minhChau } from '../helpers/offices-json.js';

const office = minhChau();

describe('an office’s names in English', () => {
  it('a Vietnamese name changed with no English one: the English name is the Vietnamese', () => {
    const o = applyOfficePatch(office, { agencyName: { vi: 'UBND xã Mỹ Đức' } });
    expect(o.agencyName).toEqual({ vi: 'UBND xã Mỹ Đức', en: 'UBND xã Mỹ Đức' });
    expect(o.unitName).toEqual(office.unitName);
  });
  it('given, kept as given (NFC, spaces folded); the Vietnamese name unchanged keeps its English one', () => {
    expect(applyOfficePatch(office, { agencyName: { vi: 'UBND xã Mỹ Đức', en: " My Duc  Commune People's Committee " } }).agencyName).toEqual({ vi: 'UBND xã Mỹ Đức', en: "My Duc Commune People's Committee" });
    expect(applyOfficePatch(office, { unitName: { vi: 'Bộ phận Một cửa xã Minh Châu' } }).unitName).toEqual(office.unitName);
    expect(applyOfficePatch(office, { unitName: { en: 'One-Stop Unit of Minh Chau' } }).unitName).toEqual({ vi: 'Bộ phận Một cửa xã Minh Châu', en: 'One-Stop Unit of Minh Chau' });
  });
});
