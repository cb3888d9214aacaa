// @ts-nocheck
// Fees as formulas, table-driven from the circulars: the certified-copy scale of Circular
// 226/2016/TT-BTC (2.000 đ a page for pages 1-2, 1.000 đ from page 3, at most 200.000 đ a copy), the
// residence fees of Circular 75/2022/TT-BTC (in person / online), fixed sums per case or copy, and a
// fee the province sets; and the catalogue wired to them.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { DomainError } from '../../src/core/errors.js';
import { computeFee, feeInputs, type FeeRule } from '../../src/core/fees.js';
import { findProcedure } from '../../src/core/receipt.js';

const COPY: FeeRule = { kind: 'pages', firstPages: 2, firstVnd: 2000, nextVnd: 1000, maxPerCopyVnd: 200_000 };

describe('the certified-copy scale (Circular 226/2016/TT-BTC)', () => {
  it.each([
    // pages, copies, due, per copy, capped
    [1, 1, 2_000, 2_000, false],
    [2, 1, 4_000, 4_000, false],
    [3, 1, 5_000, 5_000, false],
    [3, 2, 10_000, 5_000, false], // the example: 2 × (2.000 + 2.000 + 1.000)
    [10, 1, 12_000, 12_000, false],
    [10, 3, 36_000, 12_000, false],
    [198, 1, 200_000, 200_000, false], // 4.000 + 196 × 1.000: exactly the cap
    [199, 1, 200_000, 200_000, true], // 201.000 by the scale, capped
    [500, 2, 400_000, 200_000, true], // the cap is per copy
  ] as const)('%i pages × %i copies = %i đ', (pages, copies, due, perCopy, capped) => {
    expect(computeFee(COPY, { pages, copies })).toEqual({ vnd: due, units: copies, pages, perCopyVnd: perCopy, capped, channel: null });
  });

  it('pages and copies must be whole numbers from 1', () => {
    for (const q of [{ pages: 0 }, { pages: 2.5 }, { copies: 0 }, { copies: -1 }, { pages: 10_001 }]) {
      expect(() => computeFee(COPY, q)).toThrow(DomainError);
    }
    expect(feeInputs(COPY)).toEqual({ pages: true, copies: true, channel: false });
  });
});

describe('the residence fees (Circular 75/2022/TT-BTC), in person and online', () => {
  const data = loadDomainData();
  it.each([
    ['1.004222', 'in_person', 20_000],
    ['1.004222', 'online', 10_000],
    ['1.004194', 'in_person', 15_000],
    ['1.004194', 'online', 7_000],
    // the circular's row 2: temporary residence AND its extension (an individual or a household)
    ['1.002755', 'in_person', 15_000],
    ['1.002755', 'online', 7_000],
    ['1.003197', 'in_person', 0],
    ['1.010028', 'online', 0],
  ] as const)('%s filed %s: %i đ', (code, channel, due) => {
    const p = findProcedure(data.procedures, code);
    expect(computeFee(p.fee.rule, { channel }).vnd).toBe(due);
    expect(p.fee.type).toBe(due === 0 ? 'none' : 'le_phi');
  });
});

describe('the catalogue charges by its formulas', () => {
  const data = loadDomainData();
  it.each([
    // code, query, due
    ['2.000815', { pages: 3, copies: 2 }, 10_000],
    ['2.000884', { copies: 3 }, 30_000], // signatures: 10.000 đ a case
    ['2.001035', {}, 50_000],
    ['2.000635', { copies: 2 }, 16_000], // civil-status extract copies: a charge (phí) of 8.000 đ a copy
  ] as const)('%s %j: %i đ', (code, q, due) => {
    expect(computeFee(findProcedure(data.procedures, code).fee.rule, q).vnd).toBe(due);
  });

  it('a fee the province sets is its configured value, or unknown until configured; the base fee of the catalogue is 0 then', () => {
    const birth = findProcedure(data.procedures, '1.001193');
    expect(birth.fee.rule).toEqual({ kind: 'province', key: 'civil.birth_late' });
    expect(computeFee(birth.fee.rule, {}).vnd).toBeNull();
    expect(computeFee(birth.fee.rule, { provinceVnd: 8000 }).vnd).toBe(8000);
    expect(birth.feeVnd).toBe(0);
    expect(birth.fee.exemptions.map((e) => e.code)).toContain('birth_in_time');
    expect(birth.subject).toBe('birth');
  });

  it('the mobile procedures and the codes that were missing are in the catalogue, marked unverified with their source', () => {
    for (const code of ['1.000593', '1.000419', '1.002755', '1.003197', '1.010028']) {
      const p = findProcedure(data.procedures, code);
      expect(p.verified).toBe(false);
      expect(p.source).toBeTruthy();
    }
    expect(findProcedure(data.procedures, '1.000419').subject).toBe('death');
    const joined = findProcedure(data.procedures, 'lien thong dang ky khai sinh thuong tru bhyt');
    expect(joined).toMatchObject({ code: null, verified: false, subject: 'birth' });
    expect(joined.source).toContain('63/2024/NĐ-CP');
  });

  it('no procedure speaks of the household register (hộ khẩu), abolished by the 2020 Residence Law', () => {
    expect(JSON.stringify(data.procedures)).not.toMatch(/hộ khẩu/i);
  });
});
