import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { allowedNext, asksFirst, checkTransition, DOSSIER_STATES, isDossierState, isFinal, STATE_KEYS, stateOfKey, type DossierState } from '../../src/core/lifecycle.js';
import { catalogues } from '../../src/i18n/index.js';

describe('dossier lifecycle', () => {
  it('every state a dossier can move to has its own key, one digit, and the key names it back', () => {
    const targets = DOSSIER_STATES.filter((st) => DOSSIER_STATES.some((from) => allowedNext(from).includes(st)));
    expect(Object.keys(STATE_KEYS).sort()).toEqual([...targets].sort());
    const keys = Object.values(STATE_KEYS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const [st, k] of Object.entries(STATE_KEYS)) expect([k.length, stateOfKey(k)]).toEqual([1, st]);
    expect(stateOfKey('8')).toBeUndefined();
    // the moves that say why, and the final ones, ask first; the others do not
    expect(DOSSIER_STATES.filter(asksFirst)).toEqual(['supplement_requested', 'returned', 'refused', 'cancelled']);
  });

  it('follows the one-stop path and refuses shortcuts', () => {
    const path: DossierState[] = ['received', 'handed_over', 'processing', 'supplement_requested', 'processing', 'result_ready', 'returned'];
    for (let i = 1; i < path.length; i++) expect(() => checkTransition(path[i - 1]!, path[i]!)).not.toThrow();
    for (const [from, to] of [
      ['received', 'returned'],
      ['returned', 'processing'],
      ['refused', 'received'],
      ['cancelled', 'processing'],
      ['result_ready', 'processing'],
      ['processing', 'cancelled'],
    ] as [DossierState, DossierState][]) {
      try {
        checkTransition(from, to);
        throw new Error(`${from} -> ${to} was allowed`);
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).params).toEqual({ from: `dossier.${from}`, to: `dossier.${to}` }); // said in the operator's language
      }
    }
  });
  it('returned, refused and cancelled are final; every state has a label in both languages', () => {
    expect(DOSSIER_STATES.filter(isFinal)).toEqual(['returned', 'refused', 'cancelled']);
    for (const s of DOSSIER_STATES) {
      expect(isDossierState(s)).toBe(true);
      for (const to of allowedNext(s)) expect(DOSSIER_STATES).toContain(to);
      expect(catalogues.vi[`dossier.${s}` as keyof typeof catalogues.vi]).toBeTruthy();
      expect(catalogues.en[`dossier.${s}` as keyof typeof catalogues.en]).toBeTruthy();
    }
    expect(isDossierState('lost')).toBe(false);
  });
  it('the whole table of steps: each of the 64 pairs allowed or refused as the one-stop process has it', () => {
    // rows: from; columns: to, in DOSSIER_STATES order (re ha pr su rr rt rf ca)
    const TABLE: Record<DossierState, string> = {
      received: '.xxxx.xx', // handed over, or dealt with on the spot; refused; cancelled at the counter
      handed_over: '..xxx.x.',
      processing: '...xx.x.',
      supplement_requested: '..x...xx', // the papers come, or the citizen gives up
      result_ready: '.....x..',
      returned: '........',
      refused: '........',
      cancelled: '........',
    };
    for (const from of DOSSIER_STATES) {
      const allowed = DOSSIER_STATES.filter((_, i) => TABLE[from][i] === 'x');
      expect([from, allowedNext(from)]).toEqual([from, allowed]);
      expect([from, isFinal(from)]).toEqual([from, allowed.length === 0]);
      for (const to of DOSSIER_STATES) {
        let ok = true;
        try {
          checkTransition(from, to);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe('err.dossier.transition');
          ok = false;
        }
        expect([from, to, ok]).toEqual([from, to, allowed.includes(to)]);
      }
    }
  });
});
