// The bundle's fast path for string widths must agree with string-width wherever it answers.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { fastStringWidthWith, NARROW_RANGES } from '../../scripts/string-width-fast.mjs';
// @ts-expect-error: aliased in vitest.config.ts to the string-width that Ink uses
import stringWidth from 'string-width-original';

let realCalls = 0;
const fastStringWidth = fastStringWidthWith(() => (realCalls++, stringWidth)) as (s: string, o?: object) => number;

const samples = [
  '',
  'A012',
  'Nguyễn Thị Hường, xã Mỹ Đức',
  'Nhà văn hóa thôn Đồi Dùng · Xã Mỹ Đức, Hà Nội · 23/11/2026 07:30–11:30',
  'Lưu động – Dịch vụ công … “trích lục”',
  '── Các quầy ──',
  '┌──────┐│└┘',
  '█████ █   █',
  'SỐ A001 → Quầy 2',
  'ƠƯơưĂăÂâÊêÔôĐđ',
  'A Hộ tịch – 8 đang chờ (≤ 77 phút)',
  '50.000₫ · №3 · 25℃ · ‰ · ≥ ≠ ∑ · ■ ▲ ○',
  // not for the fast path: decomposed marks, wide, emoji, ANSI, control characters
  'Nguye\u0302\u0303n',
  '漢字テスト',
  'số 👍 ok',
  '\u001B[31mđỏ\u001B[39m',
  'tab\there',
  'zero\u200Bwidth',
  'mềm\u00ADdẻo',
];

describe('fast string width', () => {
  it('agrees with string-width on Vietnamese, box drawing, wide, emoji and styled text', () => {
    for (const s of samples) expect([s, fastStringWidth(s)]).toEqual([s, stringWidth(s)]);
  });
  it('agrees on every character of the ranges it claims', () => {
    const ranges = NARROW_RANGES as [number, number][];
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCodePoint(c);
        expect([c.toString(16), fastStringWidth(ch)]).toEqual([c.toString(16), stringWidth(ch)]);
      }
    }
  });
  it('asks for the real string-width only for text off its path', () => {
    const before = realCalls;
    fastStringWidth('Nguyễn Thị Hường · ── ■');
    expect(realCalls).toBe(before);
    fastStringWidth('\u001B[31mđỏ\u001B[39m');
    expect(realCalls).toBe(before + 1);
  });
  it('leaves ambiguous-as-wide measurement to string-width', () => {
    expect(fastStringWidth('─', { ambiguousIsNarrow: false })).toBe(stringWidth('─', { ambiguousIsNarrow: false }));
  });
});
