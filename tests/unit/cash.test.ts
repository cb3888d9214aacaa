// The cash statement's sums (pure: src/core/cash.ts): the line of each fee, the sums with their
// receipts for the trip and each operator, and the check that refuses a statement that does not add
// up. The statement through the CLI on a real file, on paper and A4: tests/integration/cash.test.ts.
import { describe, expect, it } from 'vitest';
import { buildStatement, cashLine, checkStatement, requireBalanced, type CashDossier } from '../../src/core/cash.js';
import { refusal } from '../helpers/refusal.js';

const d = (code: string, receivedAt: number, feeVnd: number, payment: CashDossier['payment'], operator: string | null = 'Lan', extra: Partial<CashDossier> = {}): CashDossier => ({
  code,
  receivedAt,
  operator,
  feeVnd,
  payment,
  state: 'received',
  paidAt: null,
  ...extra,
});
const sum = (n: number, vnd: number, codes: string[]) => ({ n, vnd, codes });
const none = sum(0, 0, []);

describe('the line of a fee', () => {
  it('cancelled whatever was paid; exempt when nothing is due; a transfer awaited or confirmed; online; cash', () => {
    expect(cashLine(d('A-1', 1, 8000, 'cash', 'Lan', { state: 'cancelled' }))).toBe('cancelled');
    expect(cashLine(d('A-1', 1, 0, 'exempt', 'Lan', { state: 'cancelled' }))).toBe('cancelled');
    expect(cashLine(d('A-1', 1, 0, 'exempt'))).toBe('exempt');
    expect(cashLine(d('A-1', 1, 0, 'cash'))).toBe('exempt');
    expect(cashLine(d('A-1', 1, 0, 'bank_qr'))).toBe('exempt');
    expect(cashLine(d('A-1', 1, 8000, 'bank_qr'))).toBe('bankAwaiting');
    expect(cashLine(d('A-1', 1, 8000, 'bank_qr', 'Lan', { paidAt: 5 }))).toBe('bankConfirmed');
    expect(cashLine(d('A-1', 1, 8000, 'online'))).toBe('online');
    expect(cashLine(d('A-1', 1, 8000, 'cash'))).toBe('cash');
    expect(cashLine(d('A-1', 1, 8000, 'cash', 'Lan', { state: 'returned' }))).toBe('cash');
  });
});

describe('the statement of a trip', () => {
  const dossiers = [
    d('H-0005', 50, 8000, 'cash', 'Mai'),
    d('H-0001', 10, 8000, 'cash'),
    d('H-0004', 30, 15000, 'bank_qr', 'Mai'),
    d('H-0003', 30, 0, 'exempt'),
    d('H-0002', 20, 15000, 'bank_qr', 'Lan', { paidAt: 25 }),
    d('H-0006', 60, 20000, 'online', null),
    d('H-0007', 70, 8000, 'cash', 'Lan', { state: 'cancelled' }),
  ];

  it('sums every way of paying with its receipts in order of receipt (equal times by code), for the trip and each operator', () => {
    expect(buildStatement(4, dossiers)).toEqual({
      tripId: 4,
      operator: null,
      due: sum(6, 66000, ['H-0001', 'H-0002', 'H-0003', 'H-0004', 'H-0005', 'H-0006']),
      lines: { cash: sum(2, 16000, ['H-0001', 'H-0005']), bankConfirmed: sum(1, 15000, ['H-0002']), bankAwaiting: sum(1, 15000, ['H-0004']), online: sum(1, 20000, ['H-0006']), exempt: sum(1, 0, ['H-0003']), cancelled: sum(1, 8000, ['H-0007']) },
      byOperator: [
        // no operator recorded: under an empty name, first
        { operator: '', due: sum(1, 20000, ['H-0006']), lines: { cash: none, bankConfirmed: none, bankAwaiting: none, online: sum(1, 20000, ['H-0006']), exempt: none, cancelled: none } },
        { operator: 'Lan', due: sum(3, 23000, ['H-0001', 'H-0002', 'H-0003']), lines: { cash: sum(1, 8000, ['H-0001']), bankConfirmed: sum(1, 15000, ['H-0002']), bankAwaiting: none, online: none, exempt: sum(1, 0, ['H-0003']), cancelled: sum(1, 8000, ['H-0007']) } },
        { operator: 'Mai', due: sum(2, 23000, ['H-0004', 'H-0005']), lines: { cash: sum(1, 8000, ['H-0005']), bankConfirmed: none, bankAwaiting: sum(1, 15000, ['H-0004']), online: none, exempt: none, cancelled: none } },
      ],
    });
    expect(checkStatement(buildStatement(4, dossiers))).toEqual({ ok: true, problems: [] });
    // whatever order the store gives them in: the same statement, equal times still by code
    expect(buildStatement(4, [...dossiers].reverse())).toEqual(buildStatement(4, dossiers));
  });

  it("one operator's statement holds only the dossiers that operator received", () => {
    const mai = buildStatement(4, dossiers, 'Mai');
    expect(mai).toMatchObject({ operator: 'Mai', due: sum(2, 23000, ['H-0004', 'H-0005']) });
    expect(mai.byOperator.map((o) => o.operator)).toEqual(['Mai']);
    expect(checkStatement(mai)).toEqual({ ok: true, problems: [] });
    expect(buildStatement(4, dossiers, 'Hoa')).toMatchObject({ due: none, byOperator: [] });
    // the part of one operator is checked on its own: it is not compared with the trip's sums
    (mai.byOperator[0] as (typeof mai.byOperator)[number]).lines.cash.vnd += 1000;
    expect(checkStatement(mai)).toEqual({ ok: false, problems: [{ what: 'sum', codes: ['H-0004', 'H-0005'] }] });
  });
});

describe('sums that do not add up', () => {
  const good = [d('A-1', 1, 8000, 'cash'), d('A-2', 2, 0, 'exempt', 'Mai'), d('A-3', 3, 5000, 'online', 'Mai')];

  it('a sum no receipt is behind, in money or in count', () => {
    const s = buildStatement(1, good);
    s.lines.cash.vnd += 1000;
    expect(checkStatement(s)).toEqual({ ok: false, problems: [{ what: 'sum', codes: ['A-1', 'A-2', 'A-3'] }, { what: 'operators', codes: ['A-1'] }] });
    const n = buildStatement(1, good);
    n.lines.online.n += 1;
    expect(checkStatement(n)).toEqual({ ok: false, problems: [{ what: 'sum', codes: ['A-1', 'A-2', 'A-3'] }] });
    const due = buildStatement(1, good);
    due.due.vnd -= 5000;
    expect(checkStatement(due)).toEqual({ ok: false, problems: [{ what: 'sum', codes: ['A-1', 'A-2', 'A-3'] }, { what: 'operators', codes: ['A-1', 'A-2', 'A-3'] }] });
  });

  it("an operator's sums that do not add up, or that differ from the trip's", () => {
    const s = buildStatement(1, good);
    (s.byOperator[1] as (typeof s.byOperator)[number]).lines.online.vnd = 0;
    expect(checkStatement(s)).toEqual({ ok: false, problems: [{ what: 'sum', codes: ['A-2', 'A-3'] }, { what: 'operators', codes: ['A-3'] }] });
  });

  it('an exempt fee above 0, a receipt on two lines, a negative or broken fee: refused naming the receipts', () => {
    const exempt = buildStatement(1, good);
    exempt.lines.exempt.vnd = 2000;
    exempt.lines.cash.vnd -= 2000;
    expect(checkStatement(exempt).problems).toEqual([{ what: 'exemptFee', codes: ['A-2'] }, { what: 'operators', codes: ['A-1'] }, { what: 'operators', codes: ['A-2'] }]);
    const twice = buildStatement(1, good);
    twice.lines.exempt.codes.push('A-1');
    expect(checkStatement(twice)).toEqual({ ok: false, problems: [{ what: 'twice', codes: ['A-1'] }] });
    expect(() => requireBalanced(buildStatement(1, good), good)).not.toThrow();
    for (const fee of [-1, 0.5, Number.NaN]) {
      const bad = [...good, d('A-4', 4, fee, 'cash')];
      expect(refusal(() => requireBalanced(buildStatement(1, bad), bad)), String(fee)).toMatchObject({ code: 'err.cash.unbalanced', params: { codes: fee === -1 ? 'A-4' : expect.stringContaining('A-4') } });
    }
    const withFee = [d('A-1', 1, 8000, 'cash'), d('A-2', 2, 5000, 'exempt')];
    expect(refusal(() => requireBalanced(buildStatement(1, withFee), withFee))).toMatchObject({ code: 'err.cash.unbalanced', params: { codes: 'A-2' } });
  });

  it('names at most 20 receipts, each once', () => {
    const many = Array.from({ length: 25 }, (_, i) => d(`B-${String(i + 1).padStart(2, '0')}`, i, -5, 'cash'));
    const codes = (refusal(() => requireBalanced(buildStatement(1, many), many)).params as { codes: string }).codes.split(', ');
    expect(codes).toHaveLength(20);
    expect(new Set(codes).size).toBe(20);
  });
});
