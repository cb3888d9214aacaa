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

  it('never sends a control byte as text, DEL and C1 included; decomposed input is composed first', () => {
    const segs = encodeTcvn3('Hư\u0300ng\u0000\t\x1b@\x7f\x9b 中 €');
    // only printable ASCII or a letter of the page: a control byte in a name could reset the printer (ESC @) or cut the paper
    for (const b of segs.flatMap((s) => s.bytes)) expect(b >= 0x20 && b !== 0x7f && (b < 0x80 || b >= 0xa1), `byte 0x${b.toString(16)}`).toBe(true);
    expect(segs).toEqual([
      { page: 'lower', bytes: [0x48, 0xf5, 0x6e, 0x67, 0x20, 0x20, 0x20, 0x40, 0x20, 0x3f, 0x20, 0x3f, 0x20, 0x3f] },
    ]);
    expect(segs.map((s) => decodeTcvn3(s.bytes, s.page)).join('')).toBe('Hừng   @ ? ? ?');
    // DEL alone, and every C0 control, each as a space
    const controls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('') + '\x7f';
    expect(encodeTcvn3(controls)).toEqual([{ page: null, bytes: Array(33).fill(0x20) }]);
    expect(toAscii(`a${controls}b`)).toBe(`a${' '.repeat(33)}b`);
  });

  it('dashes, quotes and ellipses print as their ASCII look-alikes', () => {
    expect(roundTrip('A – “B” … C')).toBe('A - "B" ... C');
    // each typographic character the catalogue and the data use, one by one: none may become '?'
    const want: [string, string][] = [
      ['–', '-'], // en dash
      ['—', '-'], // em dash
      ['‘', "'"],
      ['’', "'"],
      ['“', '"'],
      ['”', '"'],
      ['…', '...'],
      ['·', '-'],
      ['×', 'x'],
      ['★', '*'],
      ['→', '->'],
      ['\u00a0', ' '],
    ];
    for (const [ch, ascii] of want) {
      expect([ch, encodeTcvn3(ch)]).toEqual([ch, [{ page: null, bytes: [...ascii].map((c) => c.charCodeAt(0)) }]]);
      expect([ch, toAscii(ch)]).toEqual([ch, ascii]);
    }
    // what has no look-alike is a question mark, on both paths
    expect(toAscii('中€😀')).toBe('???');
  });

  it('the whole lower-case page and capitals page of VN3, byte by byte', () => {
    // TCVN 5712:1993 VN3: bytes 0xA8-0xFE of the lower-case page; the capitals page has the toned
    // capitals at the same bytes and Ă Â Đ at 0xA1 0xA2 0xA7 (Ê Ô Ơ Ư keep 0xAA-0xAD).
    const LOWER: Record<number, string> = {
      0xa8: 'ă', 0xa9: 'â', 0xaa: 'ê', 0xab: 'ô', 0xac: 'ơ', 0xad: 'ư', 0xae: 'đ',
      0xb5: 'à', 0xb6: 'ả', 0xb7: 'ã', 0xb8: 'á', 0xb9: 'ạ',
      0xbb: 'ằ', 0xbc: 'ẳ', 0xbd: 'ẵ', 0xbe: 'ắ',
      0xc6: 'ặ', 0xc7: 'ầ', 0xc8: 'ẩ', 0xc9: 'ẫ', 0xca: 'ấ', 0xcb: 'ậ', 0xcc: 'è',
      0xce: 'ẻ', 0xcf: 'ẽ', 0xd0: 'é', 0xd1: 'ẹ', 0xd2: 'ề', 0xd3: 'ể', 0xd4: 'ễ', 0xd5: 'ế', 0xd6: 'ệ', 0xd7: 'ì', 0xd8: 'ỉ',
      0xdc: 'ĩ', 0xdd: 'í', 0xde: 'ị', 0xdf: 'ò',
      0xe1: 'ỏ', 0xe2: 'õ', 0xe3: 'ó', 0xe4: 'ọ', 0xe5: 'ồ', 0xe6: 'ổ', 0xe7: 'ỗ', 0xe8: 'ố', 0xe9: 'ộ', 0xea: 'ờ', 0xeb: 'ở', 0xec: 'ỡ', 0xed: 'ớ', 0xee: 'ợ', 0xef: 'ù',
      0xf1: 'ủ', 0xf2: 'ũ', 0xf3: 'ú', 0xf4: 'ụ', 0xf5: 'ừ', 0xf6: 'ử', 0xf7: 'ữ', 0xf8: 'ứ', 0xf9: 'ự', 0xfa: 'ỳ', 0xfb: 'ỷ', 0xfc: 'ỹ', 0xfd: 'ý', 0xfe: 'ỵ',
    };
    const UPPER: Record<number, string> = { 0xa1: 'Ă', 0xa2: 'Â', 0xa7: 'Đ' };
    for (const [b, ch] of Object.entries(LOWER)) if (!'ăâđ'.includes(ch)) UPPER[Number(b)] = ch.toUpperCase();
    for (let b = 0x80; b <= 0xff; b++) {
      expect([b, decodeTcvn3([b], 'lower')]).toEqual([b, LOWER[b] ?? '\uFFFD']);
      expect([b, decodeTcvn3([b], 'upper')]).toEqual([b, UPPER[b] ?? '\uFFFD']);
    }
    for (const [b, ch] of Object.entries(LOWER)) expect([ch, encodeTcvn3(ch)]).toEqual([ch, [{ page: 'lower', bytes: [Number(b)] }]]);
    for (const [b, ch] of Object.entries(UPPER)) expect([ch, encodeTcvn3(ch)]).toEqual([ch, [{ page: 'upper', bytes: [Number(b)] }]]);
    // bytes without a page are not letters
    expect(decodeTcvn3([0x41, 0xb5], null)).toBe('A\uFFFD');
  });

  it('ascii: diacritics off, đ as d and Đ as D', () => {
    expect(toAscii('Nguyễn Thị Hường, xã Mỹ Đức')).toBe('Nguyen Thi Huong, xa My Duc');
    expect(toAscii('Đặng Văn Đông, đường Đê La Thành')).toBe('Dang Van Dong, duong De La Thanh');
  });
});
