// TCVN-3 for thermal printers: byte values against the VN3 tables, page runs, no control bytes.
import { describe, expect, it } from 'vitest';
import { decodeTcvn3, encodeTcvn3, toAscii } from '../../src/core/print/tcvn3.js';

const roundTrip = (s: string) => encodeTcvn3(s).map((seg) => decodeTcvn3(seg.bytes, seg.page)).join('');

describe('TCVN-3', () => {
  it('puts letters at their VN3 bytes', () => {
    const byte = (ch: string) => encodeTcvn3(ch)[0]?.bytes[0];
    expect([byte('à'), byte('ã'), byte('ư'), byte('đ'), byte('ễ'), byte('ị'), byte('ờ'), byte('ự'), byte('ỹ'), byte('ỵ')]).toEqual([0xb5, 0xb7, 0xad, 0xae, 0xd4, 0xde, 0xea, 0xf9, 0xfc, 0xfe]);
    expect(encodeTcvn3('Đ')).toEqual([{ page: 'upper', bytes: [0xa7] }]);
    expect(encodeTcvn3('Ă')).toEqual([{ page: 'upper', bytes: [0xa1] }]);
    expect(encodeTcvn3('Ư')).toEqual([{ page: 'upper', bytes: [0xad] }]);
    expect(encodeTcvn3('Ệ')).toEqual([{ page: 'upper', bytes: [0xd6] }]);
  });

  it('every Vietnamese letter, lower and upper case, survives the round trip', () => {
    const lower = 'aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ';
    expect(roundTrip(lower)).toBe(lower);
    expect(roundTrip(lower.toUpperCase())).toBe(lower.toUpperCase());
    expect(roundTrip('Nguyễn Thị Hường, xã Mỹ Đức')).toBe('Nguyễn Thị Hường, xã Mỹ Đức');
  });

  it('switches pages only where the case changes; ASCII joins the run before it', () => {
    expect(encodeTcvn3('Nguyễn Thị').map((s) => s.page)).toEqual(['lower']);
    expect(encodeTcvn3('ĐỨC đức').map((s) => s.page)).toEqual(['upper', 'lower']);
    expect(encodeTcvn3('A001').map((s) => s.page)).toEqual([null]);
  });

  it('never sends a control byte as text; decomposed input is composed first', () => {
    const segs = encodeTcvn3('Hư\u0300ng\u0000\t\x1b@ 中 €');
    expect(segs.flatMap((s) => s.bytes).every((b) => b >= 0x20)).toBe(true);
    expect(segs.map((s) => decodeTcvn3(s.bytes, s.page)).join('')).toBe('Hừng   @ ? ?');
  });

  it('dashes, quotes and ellipses print as their ASCII look-alikes', () => {
    expect(roundTrip('A – “B” … C')).toBe('A - "B" ... C');
  });

  it('ascii: diacritics off, đ as d', () => {
    expect(toAscii('Nguyễn Thị Hường, xã Mỹ Đức')).toBe('Nguyen Thi Huong, xa My Duc');
  });
});
