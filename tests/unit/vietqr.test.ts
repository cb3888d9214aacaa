import { describe, expect, it } from 'vitest';
import { buildVietQr, checkCrc, crc16ccitt, parseEmvTlv, tlv } from '../../src/core/vietqr.js';
import { refusal } from '../helpers/refusal.js';


// Independent reference: CRC-16/CCITT-FALSE, one bit at a time, message bit into the register MSB.
function crcBitwise(ascii: string): string {
  let reg = 0xffff;
  for (let k = 0; k < ascii.length; k++) {
    const byte = ascii.charCodeAt(k);
    for (let bit = 7; bit >= 0; bit--) {
      const inBit = (byte >> bit) & 1;
      const topBit = (reg >> 15) & 1;
      reg = (reg << 1) & 0xffff;
      if (inBit ^ topBit) reg ^= 0x1021;
    }
  }
  return reg.toString(16).toUpperCase().padStart(4, '0');
}

const BASE = { bin: '970436', account: '0011004123456', amountVnd: 50000, note: '000.00.20.H26-251014-0001' };

// Built field by field:
//   000201                               00 Payload Format Indicator "01"
//   010212                               01 Point of Initiation "12" (dynamic)
//   3857                                 38 Merchant Account Information, 57 chars:
//     0010A000000727                       00 GUID (14)
//     0127                                 01 beneficiary, 27 chars:
//       0006970436                           00 BIN (10)
//       01130011004123456                    01 account, 13 chars (17)
//     0208QRIBFTTA                         02 service code (12)      14 + 31 + 12 = 57
//   5303704                              53 currency VND
//   540550000                            54 amount 50000 (5 chars)
//   5802VN                               58 country
//   6229                                 62 Additional Data, 29 chars:
//     0825000.00.20.H26-251014-0001        08 purpose, 25 chars
//   6304CE89                             63 CRC over everything up to and including "6304"
const PREFIX =
  '000201' +
  '010212' +
  '3857' +
  '0010A000000727' +
  '0127' +
  '0006970436' +
  '01130011004123456' +
  '0208QRIBFTTA' +
  '5303704' +
  '540550000' +
  '5802VN' +
  '6229' +
  '0825000.00.20.H26-251014-0001' +
  '6304';
const EXPECTED =
  '00020101021238570010A00000072701270006970436011300110041234560208QRIBFTTA53037045405500005802VN62290825000.00.20.H26-251014-00016304CE89';

describe('crc16ccitt', () => {
  it('has the CCITT-FALSE check value', () => {
    expect(crc16ccitt('123456789')).toBe('29B1');
    expect(crcBitwise('123456789')).toBe('29B1');
  });
  it('is FFFF for the empty string', () => {
    expect(crc16ccitt('')).toBe('FFFF');
  });
  it('always gives four hex digits, zeros in front of a small value', () => {
    // 0x0056 and 0x0580: two and one leading zeros, as the reference computes them too
    expect([crc16ccitt('A149'), crcBitwise('A149')]).toEqual(['0056', '0056']);
    expect([crc16ccitt('A1'), crcBitwise('A1')]).toEqual(['0580', '0580']);
  });
});

describe('tlv', () => {
  it('pads the length to two digits', () => {
    expect(tlv('58', 'VN')).toBe('5802VN');
    expect(tlv('62', 'x'.repeat(99))).toBe('6299' + 'x'.repeat(99));
  });
  it('refuses values longer than 99', () => {
    const e = refusal(() => tlv('62', 'x'.repeat(100)));
    expect([e.code, e.params]).toEqual(['err.vietqr.format', { value: '62:100' }]);
  });
  it('refuses an id that is not exactly two digits, naming it', () => {
    for (const id of ['5', '123', '1a', 'a1', ' 12', '12 ', '']) {
      const e = refusal(() => tlv(id, 'x'));
      expect([e.code, e.params]).toEqual(['err.vietqr.format', { value: id }]);
    }
  });
});

describe('buildVietQr', () => {
  it('builds the exact payload', () => {
    expect(PREFIX + crcBitwise(PREFIX)).toBe(EXPECTED);
    expect(crcBitwise(PREFIX)).toBe('CE89');
    expect(buildVietQr(BASE)).toBe(EXPECTED);
  });

  it('round-trips through parseEmvTlv and checkCrc', () => {
    const payload = buildVietQr(BASE);
    const f = parseEmvTlv(payload);
    expect([...f.keys()]).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    expect(f.get('00')).toBe('01');
    expect(f.get('01')).toBe('12');
    const m = parseEmvTlv(f.get('38')!);
    expect(m.get('00')).toBe('A000000727');
    expect(m.get('02')).toBe('QRIBFTTA');
    const b = parseEmvTlv(m.get('01')!);
    expect(b.get('00')).toBe('970436');
    expect(b.get('01')).toBe('0011004123456');
    expect(f.get('53')).toBe('704');
    expect(f.get('54')).toBe('50000');
    expect(f.get('58')).toBe('VN');
    expect(parseEmvTlv(f.get('62')!).get('08')).toBe('000.00.20.H26-251014-0001');
    expect(f.get('63')).toBe('CE89');
    expect(checkCrc(payload)).toBe(true);
    const tampered = payload.replace('540550000', '540550001');
    expect(tampered).not.toBe(payload);
    expect(checkCrc(tampered)).toBe(false);
    expect(checkCrc(payload.slice(0, -1) + (payload.endsWith('9') ? '8' : '9'))).toBe(false);
  });

  it('folds a Vietnamese note to ASCII and cuts it to 25 characters', () => {
    const payload = buildVietQr({ ...BASE, note: 'Lệ phí trích lục khai sinh' });
    const note = parseEmvTlv(parseEmvTlv(payload).get('62')!).get('08');
    expect(note).toBe('Le phi trich luc khai sin');
    expect(note).toHaveLength(25);
    expect(checkCrc(payload)).toBe(true);
  });

  it('folds đ/Đ, replaces other non-ASCII and collapses spaces', () => {
    const payload = buildVietQr({ ...BASE, note: '  Đăng ký\tđất  ★ x ' });
    expect(parseEmvTlv(parseEmvTlv(payload).get('62')!).get('08')).toBe('Dang ky dat x');
  });

  it('cuts a long note to 25 characters without a space left at either end', () => {
    const note = (text: string) => parseEmvTlv(parseEmvTlv(buildVietQr({ ...BASE, note: text })).get('62')!).get('08');
    // the 25th character is a space: the note keeps the 24 before it
    expect(note('x'.repeat(24) + ' yyyy')).toBe('x'.repeat(24));
    // leading spaces do not count against the 25
    expect(note('   ' + 'a'.repeat(30))).toBe('a'.repeat(25));
    expect(note(' \t ' + 'Đ'.repeat(30))).toBe('D'.repeat(25));
  });

  it('leaves the note field out when nothing of the note is left', () => {
    for (const note of ['', '   ', '★★']) {
      const payload = buildVietQr({ ...BASE, note });
      const body = PREFIX.replace('6229' + '0825000.00.20.H26-251014-0001', '');
      expect(payload).toBe(body + crcBitwise(body));
      expect([...parseEmvTlv(payload).keys()]).toEqual(['00', '01', '38', '53', '54', '58', '63']);
    }
  });

  it('uses "11" for the static variant', () => {
    const payload = buildVietQr({ ...BASE, dynamic: false });
    expect(parseEmvTlv(payload).get('01')).toBe('11');
    expect(payload.slice(0, -4)).toBe(PREFIX.replace('010212', '010211'));
    expect(checkCrc(payload)).toBe(true);
  });

  it('refuses invalid input with its error code', () => {
    for (const bin of ['97043', '9704366', '97043a', '']) {
      expect(refusal(() => buildVietQr({ ...BASE, bin })).code).toBe('err.vietqr.bin');
    }
    for (const account of ['', '0'.repeat(20), '0011-004', '001 100', 'tài0']) {
      expect(refusal(() => buildVietQr({ ...BASE, account })).code).toBe('err.vietqr.account');
    }
    for (const amountVnd of [0, -1, 1.5, NaN, Infinity, 10_000_000_000_000, Number.MAX_SAFE_INTEGER + 2]) {
      expect(refusal(() => buildVietQr({ ...BASE, amountVnd })).code).toBe('err.vietqr.amount');
    }
    expect(refusal(() => buildVietQr({ ...BASE, bin: 'x' })).params).toEqual({ value: 'x' });
    expect(refusal(() => buildVietQr({ ...BASE, account: '0011-004' })).params).toEqual({ value: '0011-004' });
    expect(refusal(() => buildVietQr({ ...BASE, amountVnd: 1.5 })).params).toEqual({ value: '1.5' });
    // A BIN or account read as a number (a JSON setting without quotes) is refused, not taken by its
    // digits: a number loses leading zeros, so '0011004123456' would become another account.
    const e = refusal(() => buildVietQr({ ...BASE, bin: 970436 as unknown as string }));
    expect([e.code, e.params]).toEqual(['err.vietqr.bin', { value: '970436' }]);
    const a = refusal(() => buildVietQr({ ...BASE, account: 11004123456 as unknown as string }));
    expect([a.code, a.params]).toEqual(['err.vietqr.account', { value: '11004123456' }]);
    // 13 digits is the limit
    expect(parseEmvTlv(buildVietQr({ ...BASE, amountVnd: 9_999_999_999_999 })).get('54')).toBe('9999999999999');
  });
});

describe('parseEmvTlv', () => {
  it('refuses malformed payloads', () => {
    for (const bad of ['0', '000', '0002', '000201x', 'AB02xx', '00020100020']) {
      expect(refusal(() => parseEmvTlv(bad)).code).toBe('err.vietqr.format');
    }
    // the refusal says where the field that is not a field starts
    expect(refusal(() => parseEmvTlv('000201' + '5A02xx')).params).toEqual({ value: 6 });
  });
  it('refuses a tag given twice, even under a valid CRC (a second amount must not hide the first)', () => {
    const e = refusal(() => parseEmvTlv('000201' + '540550000' + '540510000'));
    expect([e.code, e.params]).toEqual(['err.vietqr.format', { value: 15 }]);
    // a whole payload with two amounts, signed with a correct CRC
    const body = PREFIX.replace('540550000', '540550000' + '540510000');
    const payload = body + crcBitwise(body);
    expect(checkCrc(payload)).toBe(true);
    expect(refusal(() => parseEmvTlv(payload)).code).toBe('err.vietqr.format');
    // the same tag inside a template is its own scope: 00 at the top and 00 inside 38 are both fine
    expect(parseEmvTlv('000201' + '3814' + '0010A000000727').get('38')).toBe('0010A000000727');
    expect(refusal(() => parseEmvTlv('0010A000000727' + '0010A000000727')).params).toEqual({ value: 14 });
  });
  it('parses the empty payload as no fields', () => {
    expect(parseEmvTlv('').size).toBe(0);
  });
});

describe('checkCrc', () => {
  it('refuses a CRC that matches the text before it but does not stand in a "6304" field', () => {
    expect(crcBitwise('ABCDEFGH')).toBe('21EF');
    expect(checkCrc('ABCDEFGH' + '21EF')).toBe(false);
    expect(checkCrc('000201' + '6305' + crcBitwise('000201' + '6305'))).toBe(false);
    expect(checkCrc('000201' + '6304' + crcBitwise('000201' + '6304'))).toBe(true);
  });
  it('takes the shortest payload, the CRC field alone, and nothing shorter', () => {
    expect(crcBitwise('6304')).toBe('6007');
    expect(checkCrc('63046007')).toBe(true);
    for (const short of ['', '6304', '6304600', '304600']) expect(checkCrc(short)).toBe(false);
  });
});
