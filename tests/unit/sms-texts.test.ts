// What a citizen's text message says once composed (src/core/sms/messages.ts): spacing tidied, and
// Vietnamese without its marks for GSM-7 (sms-pdu.test.ts has the accents, dashes and double quotes).
import { describe, expect, it } from 'vitest';
import { compose, unaccent } from '../../src/core/sms/messages.js';

describe('Vietnamese for GSM-7', () => {
  it('đ and Đ become d and D, not dropped or ?', () => {
    expect(unaccent('Nhà văn hóa thôn Đồi Dùng, đường Điện Biên')).toBe('Nha van hoa thon Doi Dung, duong Dien Bien');
  });

  it('typographic single quotes become the plain apostrophe', () => {
    expect(unaccent('Bộ phận ‘Một cửa’')).toBe("Bo phan 'Mot cua'");
  });
});

describe('a text composed for sending', () => {
  it('runs of spaces, tabs and line breaks become one space, and none is left at either end', () => {
    const text = '  Số A012\tcủa Ông/Bà\r\n\r\nsắp   đến lượt.  \n';
    expect(compose(text, 'ucs2')).toEqual({ text: 'Số A012 của Ông/Bà sắp đến lượt.', alphabet: 'ucs2', parts: 1 });
    expect(compose(text, 'gsm7')).toEqual({ text: 'So A012 cua Ong/Ba sap den luot.', alphabet: 'gsm7', parts: 1 });
  });
});
