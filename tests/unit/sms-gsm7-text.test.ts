// Septets read back as text (src/core/sms/gsm7.ts gsm7Text: alphanumeric addresses in delivery
// reports). The septet values are those of the GSM 03.38 / TS 23.038 §6.2.1 tables, written out
// here, not produced by the product's encoder.
import { describe, expect, it } from 'vitest';
import { gsm7Text } from '../../src/core/sms/gsm7.js';

describe('GSM-7 septets read as text', () => {
  it('reads the basic table: letters, digits and the non-ASCII places (@ £ $ ¥ Æ æ ß É à)', () => {
    // "hellohello": h=68 e=65 l=6C o=6F; then @=00 £=01 $=02 ¥=03 Æ=1C æ=1D ß=1E É=1F à=7F, space=20, 0=30.
    const septets = [0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x00, 0x01, 0x02, 0x03, 0x1c, 0x1d, 0x1e, 0x1f, 0x7f, 0x20, 0x30];
    expect(gsm7Text(septets)).toBe('hellohello @£$¥ÆæßÉà 0');
  });

  it('reads each escape 1B + code as its extension character: form feed ^ { } \\ [ ~ ] | €', () => {
    const septets = [0x1b, 0x0a, 0x1b, 0x14, 0x1b, 0x28, 0x1b, 0x29, 0x1b, 0x2f, 0x1b, 0x3c, 0x1b, 0x3d, 0x1b, 0x3e, 0x1b, 0x40, 0x1b, 0x65];
    expect(gsm7Text(septets)).toBe('\f^{}\\[~]|€');
  });

  it('reads an escape among ordinary letters as one character, and the letters around it as themselves', () => {
    // "A{B}" = 41 1B28 42 1B29.
    expect(gsm7Text([0x41, 0x1b, 0x28, 0x42, 0x1b, 0x29])).toBe('A{B}');
  });

  it('reads an escape to an unassigned extension code (1B 1B, reserved by TS 23.038) as a space', () => {
    expect(gsm7Text([0x41, 0x1b, 0x1b, 0x42])).toBe('A B');
  });

  it('does not take an escape with nothing after it as an extension: it stays the table entry 1B itself', () => {
    // An address cut off after its escape septet: no code follows, so no extension character is made up.
    expect(gsm7Text([0x41, 0x1b])).toBe('A\u001b');
  });

  it('reads a value outside the 7-bit alphabet as ?', () => {
    expect(gsm7Text([0x41, 0x80, 0xff])).toBe('A??');
  });

  it('reads no septets as no text', () => {
    expect(gsm7Text([])).toBe('');
  });
});
