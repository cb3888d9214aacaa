// What procedures.json's author reads when a procedure's fee is refused: the file, the path and the
// problem in words, whole (fees.test.ts checks the path of every refusal; these are the two whose
// problem is not a field's own type or range).
import { describe, expect, it } from 'vitest';
import { Checker } from '../../src/core/check.js';
import { checkFee } from '../../src/core/fees.js';
import { dataError } from '../helpers/refusal.js';

const fee = (type: string, rule: object, exemptions: object[] = []) => ({ type, rule, exemptions, source: 'Thông tư 85/2019/TT-BTC', verified: true });
const refused = (v: unknown) => dataError(() => checkFee(new Checker('procedures.json'), v, '$.procedures[3].fee')).message;

describe("the refusals of a procedure's fee, in words", () => {
  it('a free procedure with a sum, or a charged one with no rule, says that type "none" and rule "none" go together', () => {
    const problem = 'procedures.json: $.procedures[3].fee.type: type "none" goes with rule "none", and only with it';
    expect(refused(fee('none', { kind: 'fixed', vnd: 8000, per: 'case' }))).toBe(problem);
    expect(refused(fee('le_phi', { kind: 'none' }))).toBe(problem);
  });

  it('an exemption listed twice names its code', () => {
    const poor = { code: 'poor_household', name: { vi: 'Hộ nghèo', en: 'Poor household' }, source: 'Điều 5', verified: true };
    expect(refused(fee('le_phi', { kind: 'fixed', vnd: 8000, per: 'case' }, [poor, { ...poor, name: { vi: 'Hộ cận nghèo', en: 'Near-poor' } }]))).toBe(
      'procedures.json: $.procedures[3].fee.exemptions: duplicate code "poor_household"',
    );
  });
});
