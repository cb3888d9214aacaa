// Which office serves a commune (src/core/office.ts officeForCommune) and the offices as a screen
// that does not hold the vehicle's database reads them (listedOffices): by id or agency code, by
// commune, a trip's and a dossier's office. The offices of data/offices.json, as shipped.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkOffices, listedOffices, officeForCommune, type Office } from '../../src/core/office.js';
import { refusal } from '../helpers/refusal.js';

const OFFICES = checkOffices(JSON.parse(readFileSync(new URL('../../data/offices.json', import.meta.url), 'utf8')));
const [minhChau, myDuc, phucLam] = OFFICES as [Office, Office, Office];
const idOf = (o: { id: string } | null) => o?.id ?? null;
const found = (commune: string, offices: readonly Office[] = OFFICES) => idOf(officeForCommune(offices, commune));
const named = (id: string, placeName: string, agency: string): Office => ({ ...minhChau, id, placeName, agencyName: { vi: agency, en: agency } });

describe('the office of a commune', () => {
  it('is found by the commune’s name with or without its kind, its agency or its province, whatever the case and marks', () => {
    const names = ['Mỹ Đức', 'MỸ ĐỨC', 'my duc', 'Xã Mỹ Đức', 'xã Mỹ Đức, Hà Nội', 'UBND xã Mỹ Đức', 'Ủy ban nhân dân xã Mỹ Đức', 'UBND Mỹ Đức', 'Phường Mỹ Đức', 'UBND phường Mỹ Đức', 'Thị trấn Mỹ Đức', 'Đặc khu Mỹ Đức'];
    expect(names.map((n) => found(n))).toEqual(names.map(() => 'my-duc'));
    expect([found('Phúc Lâm'), found('Minh Châu, Hà Nội')]).toEqual(['phuc-lam', 'minh-chau']);
  });
  it('spaces in front, a bullet, several spaces and punctuation between the words count as one space', () => {
    const names = [' UBND xã Mỹ Đức', '- Ủy ban nhân dân xã Mỹ Đức', '  Xã Mỹ Đức ', 'Xã  Mỹ   Đức', 'Xã Mỹ-Đức', 'Xã Mỹ\tĐức', 'Thị--trấn Mỹ Đức', 'Ủy--ban nhân dân xã Mỹ Đức'];
    expect(names.map((n) => found(n))).toEqual(names.map(() => 'my-duc'));
  });
  it('names are compared word by word: "Hà Nam" is not "Hàn Am"', () => {
    expect(found('Hà Nam', [named('han-am', 'Hàn Am', 'UBND xã Hàn Am')])).toBeNull();
    expect(found('Xã Hà Nam', [named('han-am', 'Hàn Am', 'UBND xã Hàn Am'), named('ha-nam', 'Hà Nam', 'UBND xã Hà Nam')])).toBe('ha-nam');
  });
  it('the agency’s and the kind’s words are left out only in front of the name, in that order', () => {
    const offices = [named('tan-dong', 'Tân Đông', 'UBND xã Tân Đông')];
    expect(['Tân Xá Đông', 'Tân UBND Đông', 'Tân Ủy ban nhân dân Đông'].map((n) => found(n, offices))).toEqual([null, null, null]);
    expect(found('Xã UBND Mỹ Đức')).toBeNull();
  });
  it('is found by its place name or by the commune its agency names, whichever names it', () => {
    const city = named('hoan-kiem', 'Hà Nội', 'UBND phường Hoàn Kiếm');
    const place = named('mo-lao', 'Mộ Lao', 'Trung tâm Phục vụ hành chính công');
    expect([found('Phường Hoàn Kiếm', [place, city]), found('Hà Nội', [place, city]), found('Mộ Lao', [city, place])]).toEqual(['hoan-kiem', 'hoan-kiem', 'mo-lao']);
    expect([found('Hà Đông', [place, city]), found('Xã Tân Lập')]).toEqual([null, null]);
  });
  it('a name with nothing left once its kind and province are out names no office, not even one with a placeholder place name', () => {
    const blank = named('blank', '—', '—');
    expect(['', ',', 'Xã , Hà Nội', '—'].map((n) => found(n, [minhChau, blank]))).toEqual([null, null, null, null]);
  });
});

describe('the offices of a list, as a screen reads them', () => {
  const ops = listedOffices(() => OFFICES);
  it('lists them in the file’s order', () => {
    expect(ops.list()).toEqual(OFFICES.map((office) => ({ office })));
  });
  it('one is found by its id or its agency code, whatever the case and the spaces around', () => {
    expect(['my-duc', ' My-Duc ', 'H26.107', ' h26.107 ', 'h01.151.01', '000.00.20.h26'].map((k) => ops.get(k).id)).toEqual(['my-duc', 'my-duc', 'my-duc', 'my-duc', 'phuc-lam', 'minh-chau']);
  });
  it('an id or code no office has is refused naming it and the offices there are', () => {
    expect(['hoan-kiem', 'H26.999'].map((k) => refusal(() => ops.get(k))).map((e) => [e.code, e.params])).toEqual([
      ['err.office.unknown', { value: 'hoan-kiem', list: 'minh-chau, my-duc, phuc-lam' }],
      ['err.office.unknown', { value: 'H26.999', list: 'minh-chau, my-duc, phuc-lam' }],
    ]);
  });
  it('the office of a commune, else the first', () => {
    expect([ops.forCommune('Xã Phúc Lâm').id, ops.forCommune('Xã Tân Lập').id]).toEqual(['phuc-lam', 'minh-chau']);
  });
  it('a trip’s office: as listed now, else the trip’s snapshot, else the first', () => {
    const snapshot = { ...myDuc, phone: '024 0000 0000', bank: null };
    expect(ops.ofTrip({ officeId: 'my-duc', office: snapshot })).toEqual(myDuc);
    expect(ops.ofTrip({ officeId: 'phuc-lam' })).toEqual(phucLam);
    expect(ops.ofTrip({ officeId: 'gone', office: snapshot })).toEqual(snapshot);
    expect([ops.ofTrip({ officeId: 'gone' }), ops.ofTrip({}), ops.ofTrip(undefined)]).toEqual([minhChau, minhChau, minhChau]);
  });
  it('a dossier’s office: its trip’s when the agency is the trip office’s, else the listed office of its agency, else the trip’s', () => {
    const snapshot = { ...myDuc, id: 'my-duc-old', unitName: { vi: 'Bộ phận Một cửa', en: 'One-Stop Unit' } };
    expect(ops.ofDossier({ agency: 'H26.107' }, { officeId: 'my-duc' })).toEqual(myDuc);
    expect(ops.ofDossier({ agency: 'H26.107' }, { officeId: 'gone', office: snapshot })).toEqual(snapshot);
    expect(ops.ofDossier({ agency: 'H01.151.01' }, { officeId: 'my-duc' })).toEqual(phucLam);
    expect(ops.ofDossier({ agency: 'H01.151.01' }, undefined)).toEqual(phucLam);
    expect(ops.ofDossier({ agency: 'H99.999' }, { officeId: 'my-duc' })).toEqual(myDuc);
    expect(ops.ofDossier({ agency: 'H99.999' }, undefined)).toEqual(minhChau);
  });
});
