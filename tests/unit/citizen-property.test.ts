// Property test of the ID card QR parser: tens of thousands of random and mutated inputs. Whatever
// comes in, the parser either returns a citizen that satisfies every rule, or throws its own typed
// refusal with a message in both languages: never a TypeError, never a half-checked citizen.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { parseCitizenQr, parseDate } from '../../src/core/citizen.js';
import { DomainError } from '../../src/core/errors.js';
import { isMessageKey } from '../../src/i18n/index.js';

const { provinces } = loadDomainData();
const TODAY = '2026-11-23';
const SEEDS = [
  '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021',
  '036090001234||Trần Văn An|02011990|Nam|Xóm 3, xã Hải Anh, Nam Định|01022022',
  '079305000123|Lê Thị Mai|05/06/2005|Nữ|Phường 7, Quận 3, TP. Hồ Chí Minh|20/07/2021',
  '\uFEFF038200000777|123456789|HOÀNG ĐỨC THẮNG|31122000|Nam|Thôn 2, xã Quảng Phú, Thanh Hóa|15032024|extra|more\r\n',
];
const ALPHABET = [...'0123456789||||//  ,.-AaĐđƯưỜờỄễ\r\n\t\uFEFF\uFFFD中Ãá»\u0301\u0000é'];

/** Mulberry32: a small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(s: string, r: () => number): string {
  const chars = [...s];
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * (chars.length + 1));
    const c = ALPHABET[Math.floor(r() * ALPHABET.length)] as string;
    const op = Math.floor(r() * 6);
    if (op === 0) chars.splice(i, 1);
    else if (op === 1) chars.splice(i, 0, c);
    else if (op === 2) chars[i] = c;
    else if (op === 3) chars.splice(i); // truncated scan
    else if (op === 4) {
      // swap two fields
      const f = chars.join('').split('|');
      const a = Math.floor(r() * f.length);
      const b = Math.floor(r() * f.length);
      [f[a], f[b]] = [f[b] as string, f[a] as string];
      chars.splice(0, chars.length, ...f.join('|'));
    } else chars.splice(i, 0, ...chars.slice(0, Math.floor(r() * 8))); // a doubled fragment
  }
  return chars.join('');
}

function randomText(r: () => number): string {
  const len = Math.floor(r() * 120);
  let s = '';
  for (let i = 0; i < len; i++) s += r() < 0.9 ? ALPHABET[Math.floor(r() * ALPHABET.length)] : String.fromCodePoint(Math.floor(r() * 0x2ffff));
  return s;
}

describe('citizen QR parser, property', () => {
  it('40,000 random and mutated inputs: a valid citizen or the parser’s own refusal, nothing else', () => {
    const r = rng(20261123);
    const codes = new Map<string, number>();
    let accepted = 0;
    for (let i = 0; i < 40_000; i++) {
      const input = i % 4 === 0 ? randomText(r) : mutate(SEEDS[i % SEEDS.length] as string, r);
      try {
        const c = parseCitizenQr(input, provinces, TODAY);
        accepted++;
        expect(c.id).toMatch(/^\d{12}$/);
        expect(provinces.some((p) => p.code === c.id.slice(0, 3))).toBe(true);
        expect(parseDate(c.dob)).toBe(c.dob);
        expect(c.dob <= TODAY).toBe(true);
        expect(c.fullName).toBe(c.fullName.normalize('NFC'));
        expect(c.fullName).not.toMatch(/[\uFFFD\d]/);
        expect(c.address.length).toBeGreaterThan(0);
        expect(c.fullName + c.address).not.toMatch(/[\x00-\x1f\x7f]/);
        if (c.issueDate) expect(c.issueDate > c.dob && c.issueDate <= TODAY).toBe(true);
      } catch (e) {
        if (!(e instanceof DomainError)) throw new Error(`input ${JSON.stringify(input)} threw ${String(e)}`);
        expect(isMessageKey(e.code)).toBe(true);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      }
    }
    // The mutations reach the parser's checks, not only its first line.
    expect(accepted).toBeGreaterThan(1000);
    expect(codes.size).toBeGreaterThanOrEqual(10);
  });
});
