// The PDU encoder (src/core/sms/pdu.ts) checked by a decoder it shares no code with: node-pdu
// (npm, used only here) reads every PDU back, address, alphabet, concatenation header and text;
// and published PDUs are reproduced byte for byte.
import { parse, Report, Submit } from 'node-pdu';
import { describe, expect, it } from 'vitest';
import { AtFramer, classifyCms, parseCpin, parseCsq, parseRegistration } from '../../src/core/sms/at.js';
import { gsm7Septets, packSeptets, unpackSeptets } from '../../src/core/sms/gsm7.js';
import { compose, unaccent } from '../../src/core/sms/messages.js';
import { encodeSubmit, LIMITS, outcomeOf, parseStatusReport, partCount, type Alphabet } from '../../src/core/sms/pdu.js';
import { maskPhone, vnMobile } from '../../src/core/sms/phone.js';
import { statusReportPdu } from '../helpers/modem-emulator.js';
import { DomainError } from '../../src/core/errors.js';

const PREFIXES = ['032', '086', '090', '091', '096', '097', '098', '070', '081', '056', '059', '087', '055'];

/** Decode every part with node-pdu and put the message back together as a handset would. */
function decodeAll(hexes: string[]) {
  const parts = hexes.map((h) => {
    const s = parse(h);
    expect(s).toBeInstanceOf(Submit);
    return s as Submit;
  });
  const pieces = parts.map((s) => {
    const p = s.data.parts;
    expect(p).toHaveLength(1);
    const header = p[0]!.header;
    return { s, text: p[0]!.text, ref: header?.getPointer(), total: header?.getSegments(), seq: header?.getCurrent() };
  });
  return { pieces, text: pieces.map((p) => p.text).join('') };
}

const VI = 'Kết quả hồ sơ 000.00.20.H26-261123-0001 đã có. Mời Ông/Bà nhận tại Nhà văn hóa thôn Đồi Dùng ngày 27/11/2026 (07:30–11:30).';

describe('SMS-SUBMIT PDUs read back by an independent decoder', () => {
  const cases: [string, string, Alphabet][] = [
    ['short Vietnamese', 'Số A012 của Ông/Bà sắp đến lượt.', 'ucs2'],
    ['exactly 70 UCS-2 units', 'ă'.repeat(70), 'ucs2'],
    ['71 UCS-2 units: two parts', 'ơ'.repeat(71), 'ucs2'],
    ['a long Vietnamese message', VI + ' ' + VI, 'ucs2'],
    ['an emoji across the 67th unit', 'ư'.repeat(66) + '😀' + 'ê'.repeat(10), 'ucs2'],
    ['exactly 160 septets', 'a'.repeat(160), 'gsm7'],
    ['161 septets: two parts', 'b'.repeat(161), 'gsm7'],
    ['unaccented Vietnamese', unaccent(VI), 'gsm7'],
    ['an escaped character across the 153rd septet', 'c'.repeat(152) + '€' + 'd'.repeat(20), 'gsm7'],
    ['extension characters', '{[~]}|\\^€ and @£$¥ ÆæßÉ', 'gsm7'],
  ];
  for (const [name, text, alphabet] of cases) {
    it(name, () => {
      const pdus = encodeSubmit({ to: '+84912345678', text, alphabet, ref: 42 });
      expect(pdus).toHaveLength(partCount(text, alphabet)!);
      const { pieces, text: back } = decodeAll(pdus.map((p) => p.hex));
      expect(back).toBe(text);
      pdus.forEach((p, i) => {
        const { s, ref, total, seq } = pieces[i]!;
        expect(p.hex.length / 2 - 1).toBe(p.length); // AT+CMGS counts the TPDU without the SMSC byte
        expect(s.address.phone).toBe('84912345678');
        expect(s.dataCodingScheme.textAlphabet).toBe(alphabet === 'ucs2' ? 2 : 0);
        expect(s.type.statusReportRequest).toBe(1);
        if (pdus.length > 1) {
          expect([ref, total, seq]).toEqual([42, pdus.length, i + 1]);
          expect(s.type.userDataHeader).toBe(1);
        } else expect(ref).toBeUndefined();
        const units = alphabet === 'ucs2' ? pieces[i]!.text.length : gsm7Septets(pieces[i]!.text)!.length;
        expect(units).toBeLessThanOrEqual(pdus.length > 1 ? LIMITS[alphabet].part : LIMITS[alphabet].single);
      });
      // No part ends inside a surrogate pair or an escape.
      for (const p of pieces) expect(p.text).toBe(p.text.normalize('NFC'));
      expect(pieces.map((p) => p.text).every((t) => !/[\ud800-\udbff]$/.test(t))).toBe(true);
    });
  }

  it('reproduces the published "hellohello" SMS-SUBMIT byte for byte', () => {
    // The classic example of the GSM 03.40 PDU format (to +46708251358, VP 0xAA, no report asked).
    const [p] = encodeSubmit({ to: '+46708251358', text: 'hellohello', alphabet: 'gsm7', ref: 0, statusReport: false, validity: 0xaa });
    expect(p!.hex).toBe('00' + '11000B916407281553F80000AA0AE8329BFD4697D9EC37');
    expect(p!.length).toBe(23);
  });

  it('packs septets as TS 23.038 shows (with and without fill bits) and unpacks them', () => {
    expect(Buffer.from(packSeptets(gsm7Septets('hellohello')!)).toString('hex').toUpperCase()).toBe('E8329BFD4697D9EC37');
    for (const skip of [0, 1, 7]) {
      const s = gsm7Septets('Ong/Ba {A012} €')!;
      expect(unpackSeptets(packSeptets(s, skip), s.length, skip)).toEqual(s);
    }
  });

  it('gives the escape septet no character of its own: a raw ESC in a text has no place in GSM-7', () => {
    // 0x1B in the basic table is the escape to the extension table, not a character: sent as text it
    // would turn the character after it into another one on the phone.
    expect(gsm7Septets('\u001b')).toBeUndefined();
    expect(gsm7Septets('A\u001bB')).toBeUndefined();
    expect(gsm7Septets('{')).toEqual([0x1b, 0x28]);
  });

  it('refuses what cannot be sent: not GSM-7, empty, too long, a bad number or reference', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).code;
      }
      return 'none';
    };
    expect(code(() => encodeSubmit({ to: '+84912345678', text: 'Ông', alphabet: 'gsm7', ref: 1 }))).toBe('err.sms.notGsm7');
    expect(code(() => encodeSubmit({ to: '+84912345678', text: '', alphabet: 'ucs2', ref: 1 }))).toBe('err.sms.empty');
    expect(code(() => encodeSubmit({ to: '+84912345678', text: 'ô'.repeat(67 * 8 + 1), alphabet: 'ucs2', ref: 1 }))).toBe('err.sms.tooLong');
    expect(code(() => encodeSubmit({ to: '+84 912', text: 'x', alphabet: 'ucs2', ref: 1 }))).toBe('err.sms.phone');
    expect(code(() => encodeSubmit({ to: '+84912345678', text: 'x', alphabet: 'ucs2', ref: 256 }))).toBe('err.sms.ref');
  });
});

describe('status reports (+CDS)', () => {
  it('reads a report as node-pdu does, and what its status means', () => {
    for (const [status, outcome] of [
      [0x00, 'delivered'],
      [0x30, 'pending'],
      [0x41, 'failed'],
      [0x62, 'failed'],
    ] as const) {
      const hex = statusReportPdu({ mr: 77, recipient: '+84912345678', status, at: new Date(Date.UTC(2026, 10, 23, 2, 15, 9)) });
      const mine = parseStatusReport(hex);
      const theirs = parse(hex) as Report;
      expect(theirs).toBeInstanceOf(Report);
      expect(mine).toMatchObject({ mr: 77, recipient: '+84912345678', status, outcome });
      expect([theirs.reference, theirs.status, theirs.address.phone]).toEqual([77, status, '84912345678']);
      expect(mine.dischargedAt).toBe('2026-11-23T09:15:09+07:00');
    }
    expect(outcomeOf(0x01)).toBe('delivered');
    expect(outcomeOf(0x05)).toBe('failed');
  });

  it('refuses garbage from the line', () => {
    for (const bad of ['', 'zz', '0011000B91', '07914400000000F001', '00' + '11000B916407281553F80000AA0AE8329BFD4697D9EC37']) {
      expect(() => parseStatusReport(bad)).toThrow(DomainError);
    }
  });
});

describe('Vietnamese mobile numbers', () => {
  it('normalises the forms people write', () => {
    for (const raw of ['0912345678', '0912 345 678', '0912.345.678', '+84 912 345 678', '84912345678', '+84 (0) 912-345-678', '００９１２３４５６７８', '0084912345678']) {
      expect(vnMobile(raw, PREFIXES), raw).toEqual({ e164: '+84912345678', national: '0912345678' });
    }
  });
  it('refuses landlines, unknown prefixes, wrong lengths and other countries', () => {
    for (const raw of ['02438251234', '0112345678', '091234567', '09123456789', '+14155550100', 'abc', '', '0512345678']) {
      expect(vnMobile(raw, PREFIXES), raw).toBeUndefined();
    }
    expect(maskPhone('0912345678')).toBe('0912***678');
  });
});

describe('texts and alphabets', () => {
  it('GSM-7 is the text without its marks; UCS-2 keeps it as written, in NFC', () => {
    expect(unaccent('Đã có kết quả – mời Ông/Bà nhận “tại xã”')).toBe('Da co ket qua - moi Ong/Ba nhan "tai xa"');
    expect(unaccent('漢 ok')).toBe('? ok');
    const decomposed = 'Ông'.normalize('NFD');
    expect(compose(decomposed, 'ucs2')).toEqual({ text: 'Ông', alphabet: 'ucs2', parts: 1 });
    expect(compose(VI, 'gsm7').parts).toBe(1);
    expect(compose(VI, 'ucs2').parts).toBe(2);
  });
});

describe('AT answers', () => {
  it('cuts lines and the > prompt out of any chunks', () => {
    const f = new AtFramer();
    expect(f.push('\r\n+CS')).toEqual([]);
    expect(f.push('Q: 21,99\r\n\r\nOK\r\n')).toEqual([{ kind: 'line', text: '+CSQ: 21,99' }, { kind: 'line', text: 'OK' }]);
    expect(f.push('\r\n> ')).toEqual([{ kind: 'prompt' }]);
    expect(f.push('\r\n+CMGS: 12\r\n\r\nOK\r\n')).toEqual([{ kind: 'line', text: '+CMGS: 12' }, { kind: 'line', text: 'OK' }]);
  });
  it('reads signal, registration, PIN state and sorts +CMS ERROR codes', () => {
    expect(parseCsq('+CSQ: 21,99')).toEqual({ rssi: 21, dbm: -71, bars: 3 });
    expect(parseCsq('+CSQ: 99,99')).toEqual({ rssi: null, dbm: null, bars: 0 });
    expect(parseCsq('+CSQ: 5,0')?.bars).toBe(1);
    expect(parseRegistration('+CREG: 0,1')).toEqual({ kind: 'CREG', state: 'home' });
    expect(parseRegistration('+CEREG: 2,5,"1A2B","01C2D3E4",7')).toEqual({ kind: 'CEREG', state: 'roaming' });
    expect(parseRegistration('+CREG: 0,2')?.state).toBe('searching');
    expect(parseCpin('+CPIN: SIM PIN')).toBe('pin');
    expect(parseCpin('+CPIN: READY')).toBe('ready');
    expect([331, 332, 42, 38, 512].map(classifyCms)).toEqual(['network', 'network', 'network', 'network', 'network']);
    expect([310, 311, 316, 330].map(classifyCms)).toEqual(['sim', 'sim', 'sim', 'sim']);
    expect([1, 21, 28, 96, 304].map(classifyCms)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
  });
});
