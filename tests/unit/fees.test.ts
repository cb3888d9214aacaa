// Fees as formulas, table-driven from the circulars: the certified-copy scale of Circular
// 226/2016/TT-BTC (2.000 đ a page for pages 1-2, 1.000 đ from page 3, at most 200.000 đ a copy), the
// residence fees of Circular 75/2022/TT-BTC (in person / online), fixed sums per case or copy, and a
// fee the province sets; and the catalogue wired to them.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { DomainError } from '../../src/core/errors.js';
import { Checker, DataError } from '../../src/core/check.js';
import { baseFee, checkFee, computeFee, feeInputs, type FeeRule } from '../../src/core/fees.js';
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

describe('counts, the plainest case and what a rule asks the receipt for', () => {
  const FIXED: FeeRule = { kind: 'fixed', vnd: 8000, per: 'copy' };
  const CHANNEL: FeeRule = { kind: 'channel', inPersonVnd: 20_000, onlineVnd: 10_000 };
  const PROVINCE: FeeRule = { kind: 'province', key: 'civil.birth_late' };

  it('copies and pages are taken up to 1,000 and 10,000, and refused past them with the count and its limit', () => {
    expect(computeFee(FIXED, { copies: 1000 })).toMatchObject({ vnd: 8_000_000, units: 1000 });
    expect(computeFee(COPY, { pages: 10_000, copies: 1 })).toMatchObject({ pages: 10_000, perCopyVnd: 200_000 });
    const refusal = (rule: FeeRule, q: object) => {
      try {
        computeFee(rule, q);
      } catch (e) {
        return [(e as DomainError).code, (e as DomainError).params];
      }
      return 'accepted';
    };
    expect(refusal(FIXED, { copies: 1001 })).toEqual(['err.fee.count', { what: 'fee.copies', value: '1001', max: 1000 }]);
    expect(refusal(COPY, { pages: 10_001 })).toEqual(['err.fee.count', { what: 'fee.pages', value: '10001', max: 10_000 }]);
    expect(refusal(COPY, { pages: 3, copies: 0 })).toEqual(['err.fee.count', { what: 'fee.copies', value: '0', max: 1000 }]);
    expect(refusal(FIXED, { copies: Number.MAX_SAFE_INTEGER + 1 })).toEqual(['err.fee.count', { what: 'fee.copies', value: String(Number.MAX_SAFE_INTEGER + 1), max: 1000 }]);
  });

  it('each kind of rule: nothing, a sum per unit, in person unless filed online, the province’s sum or unknown', () => {
    const plain = { units: 1, pages: null, perCopyVnd: null, capped: false, channel: null };
    expect(computeFee({ kind: 'none' }, { copies: 5, pages: 3 })).toEqual({ ...plain, vnd: 0 });
    expect(computeFee(FIXED, {})).toEqual({ ...plain, vnd: 8000 });
    expect(computeFee(FIXED, { copies: 3 })).toEqual({ ...plain, vnd: 24_000, units: 3 });
    expect(computeFee(CHANNEL, {})).toEqual({ ...plain, vnd: 20_000, channel: 'in_person' });
    expect(computeFee(CHANNEL, { channel: 'online' })).toEqual({ ...plain, vnd: 10_000, channel: 'online' });
    expect(computeFee(PROVINCE, {})).toEqual({ ...plain, vnd: null });
    expect(computeFee(PROVINCE, { provinceVnd: 8000 })).toEqual({ ...plain, vnd: 8000 });
    expect(computeFee(COPY, {})).toEqual({ ...plain, vnd: 2000, pages: 1, perCopyVnd: 2000 });
  });

  it('the catalogue lists the plainest case: one page, one copy, in person; 0 where the province sets it', () => {
    expect([{ kind: 'none' } as FeeRule, FIXED, COPY, CHANNEL, PROVINCE].map(baseFee)).toEqual([0, 8000, 2000, 20_000, 0]);
  });

  it('which rules ask for pages, copies or the channel', () => {
    expect(feeInputs({ kind: 'none' })).toEqual({ pages: false, copies: false, channel: false });
    expect(feeInputs(FIXED)).toEqual({ pages: false, copies: true, channel: false });
    expect(feeInputs(CHANNEL)).toEqual({ pages: false, copies: false, channel: true });
    expect(feeInputs(PROVINCE)).toEqual({ pages: false, copies: false, channel: false });
  });
});

describe("the check of a procedure's fee", () => {
  const spec = (rule: object | null, extra: object = {}) => ({ type: 'le_phi', rule, exemptions: [], source: 'Thông tư 85/2019/TT-BTC', verified: true, ...extra });
  const where = (v: unknown): string => {
    try {
      checkFee(new Checker('procedures.json'), v, '$.fee');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      return (e as DataError).path;
    }
    return 'accepted';
  };

  it('reads every kind of rule with its fields, and the exemptions', () => {
    const ex = { code: 'poor_household', name: { vi: 'Hộ nghèo', en: 'Poor household' }, source: 'Điều 5', verified: false };
    expect(checkFee(new Checker('procedures.json'), spec({ kind: 'pages', firstPages: 2, firstVnd: 2000, nextVnd: 1000, maxPerCopyVnd: 200_000 }, { type: 'phi', exemptions: [ex] }), '$.fee')).toEqual({
      type: 'phi',
      rule: { kind: 'pages', firstPages: 2, firstVnd: 2000, nextVnd: 1000, maxPerCopyVnd: 200_000 },
      exemptions: [ex],
      source: 'Thông tư 85/2019/TT-BTC',
      verified: true,
    });
    expect(checkFee(new Checker('x'), spec({ kind: 'fixed', vnd: 1_000_000_000, per: 'contract' }), '$.fee').rule).toEqual({ kind: 'fixed', vnd: 1_000_000_000, per: 'contract' });
    expect(checkFee(new Checker('x'), spec({ kind: 'channel', inPersonVnd: 0, onlineVnd: 0 }), '$.fee').rule).toEqual({ kind: 'channel', inPersonVnd: 0, onlineVnd: 0 });
    expect(checkFee(new Checker('x'), spec({ kind: 'province', key: 'civil.birth_late-2' }), '$.fee').rule).toEqual({ kind: 'province', key: 'civil.birth_late-2' });
    expect(checkFee(new Checker('x'), spec({ kind: 'none' }, { type: 'none' }), '$.fee').rule).toEqual({ kind: 'none' });
  });

  it('names the path of each field out of form', () => {
    const pages = { kind: 'pages', firstPages: 2, firstVnd: 2000, nextVnd: 1000, maxPerCopyVnd: 200_000 };
    const ex = { code: 'poor', name: { vi: 'Hộ nghèo', en: 'Poor' }, source: 'Điều 5', verified: true };
    for (const [v, path] of [
      [[], '$.fee'],
      [spec(pages, { type: 'fee' }), '$.fee.type'],
      [spec(null), '$.fee.rule'],
      [spec({ kind: 'percent' }), '$.fee.rule.kind'],
      [spec({ kind: 'fixed', vnd: -1, per: 'case' }), '$.fee.rule.vnd'],
      [spec({ kind: 'fixed', vnd: 1_000_000_001, per: 'case' }), '$.fee.rule.vnd'],
      [spec({ kind: 'fixed', vnd: 1000, per: 'page' }), '$.fee.rule.per'],
      [spec({ ...pages, firstPages: 1001 }), '$.fee.rule.firstPages'],
      [spec({ ...pages, firstPages: -1 }), '$.fee.rule.firstPages'],
      [spec({ ...pages, firstVnd: 0.5 }), '$.fee.rule.firstVnd'],
      [spec({ ...pages, nextVnd: '1000' }), '$.fee.rule.nextVnd'],
      [spec({ ...pages, maxPerCopyVnd: null }), '$.fee.rule.maxPerCopyVnd'],
      [spec({ kind: 'channel', inPersonVnd: -5, onlineVnd: 0 }), '$.fee.rule.inPersonVnd'],
      [spec({ kind: 'channel', inPersonVnd: 5, onlineVnd: -5 }), '$.fee.rule.onlineVnd'],
      [spec({ kind: 'province', key: 'Civil' }), '$.fee.rule.key'],
      [spec({ kind: 'province', key: `a${'b'.repeat(64)}` }), '$.fee.rule.key'],
      [spec({ kind: 'none' }), '$.fee.type'],
      [spec(pages, { type: 'none' }), '$.fee.type'],
      [spec(pages, { exemptions: {} }), '$.fee.exemptions'],
      [spec(pages, { exemptions: ['poor'] }), '$.fee.exemptions[0]'],
      [spec(pages, { exemptions: [ex, { ...ex, code: 'Poor' }] }), '$.fee.exemptions[1].code'],
      [spec(pages, { exemptions: [{ ...ex, code: `a${'b'.repeat(40)}` }] }), '$.fee.exemptions[0].code'],
      [spec(pages, { exemptions: [{ ...ex, name: 'Hộ nghèo' }] }), '$.fee.exemptions[0].name'],
      [spec(pages, { exemptions: [{ ...ex, source: '' }] }), '$.fee.exemptions[0].source'],
      [spec(pages, { exemptions: [{ ...ex, verified: 'no' }] }), '$.fee.exemptions[0].verified'],
      [spec(pages, { exemptions: [ex, ex] }), '$.fee.exemptions'],
      [spec(pages, { source: ' ' }), '$.fee.source'],
      [spec(pages, { verified: 1 }), '$.fee.verified'],
    ] as [unknown, string][]) {
      expect(where(v), JSON.stringify(v)).toBe(path);
    }
    expect(where(spec({ kind: 'province', key: `a${'b'.repeat(63)}` }))).toBe('accepted');
    expect(where(spec(pages, { exemptions: [{ ...ex, code: `a${'b'.repeat(39)}` }] }))).toBe('accepted');
  });
});
