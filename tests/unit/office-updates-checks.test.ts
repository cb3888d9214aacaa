// The checks of the office's update rows (src/core/officeUpdates.ts), beyond
// tests/unit/handover.test.ts: what each refusal of a row tells the operator, statuses written with
// stray dashes and underscores, and commune names that hold a unit word or a lone mark.
import { describe, expect, it } from 'vitest';
import { communeKey, parseState, planUpdates, sameCommune, type DossierNow } from '../../src/core/officeUpdates.js';

const CODE1 = '000.00.20.H26-261123-0001';

describe('a refused row says what was wrong with it', () => {
  it('the code as written, the dossier not on the vehicle, the status with the states there are, the date as written, a future date as a Vietnamese day', () => {
    const dossiers = new Map<string, DossierNow>([[CODE1, { state: 'handed_over', receivedOn: '2026-11-23' }]]);
    const rows = [
      { code: 'abc-1', status: 'processing', date: '2026-11-24' },
      { code: '000.00.20.h26-261123-0099', status: 'processing', date: '2026-11-24' },
      { code: CODE1, status: 'xong', date: '2026-11-24' },
      { code: CODE1, status: 'processing', date: '30/2/2026' },
      { code: CODE1, status: 'processing', date: '2026-12-01' },
    ].map((r, i) => ({ ...r, row: i + 2, note: '' }));
    const plan = planUpdates(rows, (c) => dossiers.get(c), '2026-11-30');
    expect(plan.changes).toEqual([]);
    expect(plan.problems.map((p) => [p.row, p.code, p.error.code, p.error.params])).toEqual([
      [2, 'ABC-1', 'err.update.code', { value: 'abc-1' }],
      [3, '000.00.20.H26-261123-0099', 'err.update.unknown', { code: '000.00.20.H26-261123-0099' }],
      [4, CODE1, 'err.update.status', { value: 'xong', list: 'received, handed_over, processing, supplement_requested, result_ready, returned, refused, cancelled' }],
      [5, CODE1, 'err.update.date', { value: '30/2/2026' }],
      [6, CODE1, 'err.update.future', { date: '01/12/2026' }],
    ]);
  });
});

describe('statuses as the office writes them', () => {
  it('a dash or underscore in front or behind (a list bullet, a stray key) is no part of the status', () => {
    expect(parseState('- Đã có kết quả')).toBe('result_ready');
    expect(parseState('_processing_')).toBe('processing');
    expect(parseState('Đang giải quyết -')).toBe('processing');
  });

  it('several spaces, dashes and underscores in a row join the words once', () => {
    expect(parseState('result - ready')).toBe('result_ready');
    expect(parseState('result__ready')).toBe('result_ready');
    expect(parseState('Đã_-_có kết quả')).toBe('result_ready');
  });
});

describe('commune names', () => {
  it('a unit word is dropped only in front: "Phương" inside a name stays (Đông Phương Yên is not Đông Yên)', () => {
    expect(communeKey('Đông Phương Yên')).toBe('dong phuong yen');
    expect(communeKey('Xã Đông Phương Yên, Hà Nội')).toBe('dong phuong yen');
    expect(sameCommune('Đông Phương Yên', 'Xã Đông Yên')).toBe(false);
  });

  it('a mark left alone between words (its letter deleted from decomposed text) goes with the marks, one space remains', () => {
    expect(communeKey('Mỹ \u0301 Đức')).toBe('my duc');
    expect(sameCommune('Xã Mỹ \u0303 Đức', 'Mỹ Đức')).toBe(true);
  });
});
