// Vietnamese mobile numbers (src/core/sms/phone.ts) beyond the common forms of sms-pdu.test.ts:
// slips of typing that must be refused, not guessed, and the masked form shown in lists.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSmsPolicy } from '../../src/core/sms/config.js';
import { maskPhone, vnMobile } from '../../src/core/sms/phone.js';

const { mobilePrefixes } = checkSmsPolicy(JSON.parse(readFileSync(new URL('../../data/sms.json', import.meta.url), 'utf8')));

describe('a mobile number typed with a slip', () => {
  it('the leading 0 typed as 8 (the key above it) is refused, not read as 0912 345 678', () => {
    expect(vnMobile('8912345678', mobilePrefixes)).toBeUndefined();
    expect(vnMobile('0912345678', mobilePrefixes)).toEqual({ e164: '+84912345678', national: '0912345678' });
  });

  it('84 before the national number with its 0, without + or 00, is refused (only +84 (0) and 0084 (0) drop that 0)', () => {
    expect(vnMobile('84 0912 345 678', mobilePrefixes)).toBeUndefined();
    expect(vnMobile('0084 (0) 912 345 678', mobilePrefixes)).toEqual({ e164: '+84912345678', national: '0912345678' });
  });
});

describe('a number masked for a list an onlooker might read', () => {
  it('a number of six characters or fewer is hidden whole', () => {
    expect(['091234', '0912', ''].map(maskPhone)).toEqual(['***', '***', '***']);
    expect(maskPhone('0981234567')).toBe('0981***567');
  });
});
