// What the loudspeaker says for the abbreviations written on forms (src/core/schedule.ts sayInFull):
// a person reading the announcement aloud says each in full, and only as a whole word.
import { describe, expect, it } from 'vitest';
import { sayInFull } from '../../src/core/schedule.js';

describe('abbreviations said in full', () => {
  it('UBND, HĐND, TTHC and BHYT, each where it stands as a word', () => {
    expect(sayInFull('UBND xã Minh Châu')).toBe('Ủy ban nhân dân xã Minh Châu');
    expect(sayInFull('theo mức do HĐND tỉnh quy định')).toBe('theo mức do Hội đồng nhân dân tỉnh quy định');
    expect(sayInFull('Tiếp nhận hồ sơ TTHC, gia hạn thẻ BHYT.')).toBe('Tiếp nhận hồ sơ thủ tục hành chính, gia hạn thẻ bảo hiểm y tế.');
    expect(sayInFull('UBND, HĐND và UBND')).toBe('Ủy ban nhân dân, Hội đồng nhân dân và Ủy ban nhân dân');
  });

  it('leaves a longer word that holds one alone, and text with none unchanged', () => {
    for (const s of ['BHYTX', 'xUBND', 'TTHC2', 'Nhà văn hóa thôn Đồi Dùng', '']) expect(sayInFull(s), s).toBe(s);
  });
});
