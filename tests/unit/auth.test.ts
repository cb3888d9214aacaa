// Roles, PIN rules and the lock-out, as pure rules.
import { describe, expect, it } from 'vitest';
import { afterFailure, allows, checkOperatorName, checkPin, LOCK_MS, MAX_FAILED_PINS, parseRole } from '../../src/core/auth.js';
import { refusal } from '../helpers/refusal.js';

describe('operators and roles', () => {
  it('a supervisor may cancel, export and purge; an operator may not; only an admin manages operators', () => {
    for (const a of ['dossier.cancel', 'handover.export', 'purge', 'trip.reopen'] as const) {
      expect(allows('operator', a)).toBe(false);
      expect(allows('supervisor', a)).toBe(true);
      expect(allows('admin', a)).toBe(true);
    }
    expect(allows('supervisor', 'operator.manage')).toBe(false);
    expect(allows('admin', 'operator.manage')).toBe(true);
    expect(refusal(() => parseRole('boss'))).toMatchObject({ code: 'err.auth.role' });
  });

  it('PINs: 4 to 8 digits, not a repeated digit or a plain run', () => {
    for (const ok of ['1357', '20241', '97531864', '1122']) expect(checkPin(ok)).toBe(ok);
    for (const bad of ['123', '123456789', '12a4', ' 1357']) expect(refusal(() => checkPin(bad))).toMatchObject({ code: 'err.auth.pinFormat' });
    for (const weak of ['0000', '1234', '4321', '56789', '999999']) expect(refusal(() => checkPin(weak))).toMatchObject({ code: 'err.auth.pinWeak' });
  });

  it('the fifth wrong PIN in a row locks the name for 15 minutes and starts the count again', () => {
    // Written out, not read from the module: the test is of the numbers the operators are told.
    expect([MAX_FAILED_PINS, LOCK_MS]).toEqual([5, 15 * 60 * 1000]);
    let failed = 0;
    for (let i = 1; i <= 4; i++) {
      const r = afterFailure(failed, 1000);
      expect(r).toEqual({ failed: i, lockedUntil: null });
      failed = r.failed;
    }
    expect(afterFailure(failed, 1000)).toEqual({ failed: 0, lockedUntil: 1000 + 15 * 60 * 1000 });
  });

  it('names are cleaned and folded, so "Trần  Hùng" and "tran hung" are one operator', () => {
    expect(checkOperatorName('  Trần  Hùng ')).toEqual({ name: 'Trần Hùng', folded: checkOperatorName('tran hung').folded });
    expect(refusal(() => checkOperatorName('   '))).toMatchObject({ code: 'err.auth.name' });
  });
});
