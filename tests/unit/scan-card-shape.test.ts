// Which scans are taken for a citizen-ID QR. Only text shaped like one (at least six '|' fields, the
// first a 9- to 12-digit ID number, spaces around it allowed) goes to the card parser; anything else
// is not a card at all, so the operator is told "unknown scan", never that an ID card failed a check.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { classifyScan } from '../../src/core/scan/classify.js';

const { provinces } = loadDomainData();
const TODAY = '2026-11-23';
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const classify = (s: string) => classifyScan(s, provinces, TODAY);

describe('what is taken for an ID card QR', () => {
  it('an ID number alone, or with fewer than six fields, is no card', () => {
    expect(classify('001152012345')).toEqual({ kind: 'unknown' });
    expect(classify('012345678')).toEqual({ kind: 'unknown' });
    expect(classify('001152012345|NGUYEN THI HUONG|15031952')).toEqual({ kind: 'unknown' });
    expect(classify('001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ')).toEqual({ kind: 'unknown' });
  });

  it('six fields or more whose first is no ID number are no card', () => {
    expect(classify('LOT-2026|A|B|C|D|E')).toEqual({ kind: 'unknown' });
    expect(classify('|||||')).toEqual({ kind: 'unknown' });
    // letters before the number, or a number of 13 digits or of 8, is not an ID
    expect(classify(`X${QR}`)).toEqual({ kind: 'unknown' });
    expect(classify(`0${QR}`)).toEqual({ kind: 'unknown' });
    expect(classify(QR.replace('001152012345', '00115201'))).toEqual({ kind: 'unknown' });
    expect(classify(QR.replace('001152012345', '001152012345A'))).toEqual({ kind: 'unknown' });
  });

  it('spaces around the ID number still make a card, read with the number trimmed', () => {
    for (const s of [` ${QR}`, `  ${QR}`, QR.replace('001152012345|', '001152012345 |')]) {
      const c = classify(s);
      expect(c.kind === 'citizen' && c.citizen.id, JSON.stringify(s)).toBe('001152012345');
    }
  });

  it('a card-shaped QR that fails a check is an invalid card, with the check that failed', () => {
    const c = classify(QR.replace('15031952', '15031953'));
    expect(c.kind === 'citizenInvalid' && c.error.code).toBe('err.cccd.yearMismatch');
  });
});
