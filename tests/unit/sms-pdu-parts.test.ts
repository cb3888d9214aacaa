// Where a citizen's SMS is cut into parts (src/core/sms/pdu.ts encodeSubmit): the limits of one
// message and of a part (TS 23.038/23.040: 70 and 67 UCS-2 units, 160 and 153 septets), never between
// the two halves of a surrogate pair, the concatenation reference and part numbers, the number of
// parts allowed, and the destination address. The expected PDUs are laid out here field by field
// from TS 23.040 §9.2.2.2, the UCS-2 bytes computed by Node (UTF-16BE), not by the product; the GSM-7
// parts are read back by node-pdu, a decoder that shares no code with it.
import { parse, Submit } from 'node-pdu';
import { describe, expect, it } from 'vitest';
import { encodeAddress, encodeSubmit, MAX_PARTS, type SubmitPdu } from '../../src/core/sms/pdu.js';
import { refusal } from '../helpers/refusal.js';

const TO = '+84912345678';
/** TS 23.040 §9.1.2.5: 11 digits, type 91 (international, ISDN), swapped BCD with the filler F. */
const DA = '0B914819325476F8';

const hex8 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');
/** The UCS-2 bytes of a text: its UTF-16 code units, big-endian. */
const ucs2 = (text: string) => Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();

/** A whole PDU: SMSC 00 (the SIM's), first octet, TP-MR 00, the address, PID 00, DCS, VP A7 (24 h), UDL, UD. */
function pdu(fo: number, dcs: number, udl: number, ud: string, part: number, parts: number): SubmitPdu {
  const hex = '00' + hex8(fo) + '00' + DA + '00' + hex8(dcs) + 'A7' + hex8(udl) + ud;
  return { hex, length: hex.length / 2 - 1, part, parts };
}
/** UCS-2 alone: SUBMIT, VP relative, report asked (0x31). */
const ucs2Single = (text: string) => pdu(0x31, 0x08, text.length * 2, ucs2(text), 1, 1);
/** UCS-2 part: 0x71 (with UDHI), UDH 05 00 03 <ref> <parts> <part>. */
const ucs2Part = (ref: number, parts: number, part: number, text: string) =>
  pdu(0x71, 0x08, 6 + text.length * 2, '050003' + hex8(ref) + hex8(parts) + hex8(part) + ucs2(text), part, parts);

/** The texts of GSM-7 PDUs as node-pdu reads them, with each part's number and count. */
function gsm7Read(pdus: SubmitPdu[]) {
  return pdus.map((p) => {
    const s = parse(p.hex) as Submit;
    expect(s).toBeInstanceOf(Submit);
    const [only] = s.data.parts;
    return { text: only!.text, header: only!.header ? [only!.header.getPointer(), only!.header.getSegments(), only!.header.getCurrent()] : null, part: p.part, parts: p.parts };
  });
}

describe('one message or several: the limits of TS 23.038', () => {
  it('70 UCS-2 units still go as one message, without a header', () => {
    const text = 'ă'.repeat(70);
    expect(encodeSubmit({ to: TO, text, alphabet: 'ucs2', ref: 9 })).toEqual([ucs2Single(text)]);
  });

  it('160 septets still go as one GSM-7 message, without a header', () => {
    const pdus = encodeSubmit({ to: TO, text: 'a'.repeat(160), alphabet: 'gsm7', ref: 9 });
    expect(gsm7Read(pdus)).toEqual([{ text: 'a'.repeat(160), header: null, part: 1, parts: 1 }]);
  });

  it('71 UCS-2 units: a first part of the full 67 units and a second of 4, numbered 1/2 and 2/2', () => {
    expect(encodeSubmit({ to: TO, text: 'ơ'.repeat(71), alphabet: 'ucs2', ref: 42 })).toEqual([ucs2Part(42, 2, 1, 'ơ'.repeat(67)), ucs2Part(42, 2, 2, 'ơ'.repeat(4))]);
  });

  it('161 septets: a first part of the full 153 septets and a second of 8', () => {
    const pdus = encodeSubmit({ to: TO, text: 'b'.repeat(161), alphabet: 'gsm7', ref: 42 });
    expect(gsm7Read(pdus)).toEqual([
      { text: 'b'.repeat(153), header: [42, 2, 1], part: 1, parts: 2 },
      { text: 'b'.repeat(8), header: [42, 2, 2], part: 2, parts: 2 },
    ]);
  });
});

describe('a surrogate pair (a character outside the BMP: an emoji, a Chữ Nôm character) is never cut in two', () => {
  // 66 units, then a pair whose high half would be the 67th unit of the first part: the pair moves
  // whole to the second part, at both ends of the high-surrogate range D800-DBFF.
  for (const [name, ch] of [
    ['U+10000 (high half D800, the first)', '\u{10000}'],
    ['U+10FFFD (high half DBFF, the last)', '\u{10FFFD}'],
    ['U+20000, CJK Extension B, where much of Chữ Nôm lies (high half D840)', '\u{20000}'],
  ] as const) {
    it(`${name} across the 67th unit goes whole to the next part`, () => {
      const text = 'ơ'.repeat(66) + ch + 'ơ'.repeat(4);
      expect(encodeSubmit({ to: TO, text, alphabet: 'ucs2', ref: 1 })).toEqual([ucs2Part(1, 2, 1, 'ơ'.repeat(66)), ucs2Part(1, 2, 2, ch + 'ơ'.repeat(4))]);
    });
  }

  it('a pair that ends exactly on the 67th unit (its low half there) stays in the first part, which is full', () => {
    const text = 'ơ'.repeat(65) + '😀' + 'ơ'.repeat(5);
    expect(encodeSubmit({ to: TO, text, alphabet: 'ucs2', ref: 1 })).toEqual([ucs2Part(1, 2, 1, 'ơ'.repeat(65) + '😀'), ucs2Part(1, 2, 2, 'ơ'.repeat(5))]);
  });

  it('a text that ends in half a pair (cut short by whoever wrote it) is still sent, that half as it is', () => {
    // The last part ends with a lone high surrogate: nothing after it to keep it with.
    const text = 'ơ'.repeat(70) + '\ud83d';
    expect(encodeSubmit({ to: TO, text, alphabet: 'ucs2', ref: 1 })).toEqual([ucs2Part(1, 2, 1, 'ơ'.repeat(67)), ucs2Part(1, 2, 2, 'ơơơ\ud83d')]);
  });
});

describe('the concatenation reference and the number of parts', () => {
  it('takes every reference from 0 to 255 (one octet): 255 goes in the header as FF', () => {
    const text = 'ơ'.repeat(71);
    expect(encodeSubmit({ to: TO, text, alphabet: 'ucs2', ref: 255 })).toEqual([ucs2Part(255, 2, 1, 'ơ'.repeat(67)), ucs2Part(255, 2, 2, 'ơ'.repeat(4))]);
  });

  it('refuses a reference that is negative, not whole or above 255, naming it', () => {
    for (const ref of [-1, 1.5, 256]) {
      const e = refusal(() => encodeSubmit({ to: TO, text: 'x', alphabet: 'ucs2', ref }));
      expect([e.code, e.params]).toEqual(['err.sms.ref', { value: String(ref) }]);
    }
  });

  it(`sends a text of exactly ${MAX_PARTS} parts, numbered 1 to ${MAX_PARTS}`, () => {
    const pdus = encodeSubmit({ to: TO, text: 'ô'.repeat(67 * 8), alphabet: 'ucs2', ref: 7 });
    expect(pdus).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => ucs2Part(7, 8, n, 'ô'.repeat(67))));
  });

  it(`refuses a ${MAX_PARTS + 1}-part text, saying how many parts it would take and the most allowed`, () => {
    const e = refusal(() => encodeSubmit({ to: TO, text: 'ô'.repeat(67 * 8 + 1), alphabet: 'ucs2', ref: 7 }));
    expect([e.code, e.params]).toEqual(['err.sms.tooLong', { parts: 9, max: 8 }]);
  });
});

describe('the destination address (TS 23.040 §9.1.2.5)', () => {
  it('writes a national number (no +) with type 81 and an even number of digits without filler', () => {
    expect(encodeAddress('0912345678')).toBe('0A81' + '9021436587');
  });

  it('writes an E.164 number with type 91 and the filler F after an odd number of digits', () => {
    expect(encodeAddress('+84912345678')).toBe(DA);
    expect(encodeAddress('+8491234567')).toBe('0A91' + '4819325476');
  });

  it('refuses a number with anything but digits, naming it as written', () => {
    const e = refusal(() => encodeAddress('+84 912'));
    expect([e.code, e.params]).toEqual(['err.sms.phone', { value: '+84 912' }]);
  });
});
