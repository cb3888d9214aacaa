// The bank's reference of a confirmed transfer (its check at the input, pure: tests/unit/calendar-dossier.test.ts),
// kept with the payment's logged event and with the dossier (migration 18), and held to
// the log: a reference changed behind the app's back is named by the audit check, and the trip's cash
// statement (made only from what the log vouches for) is then refused. Real SQLite file.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tripCash } from '../../src/app/cash.js';
import { refusal } from '../helpers/refusal.js';
import { tempApp } from '../helpers/ui.js';
import { BIN, ensureBuilt } from '../helpers/build.js';

const NOW = Date.parse('2026-11-23T02:30:00Z');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

describe('a bank reference', () => {
  it('is kept with the logged confirmation and the dossier; changed behind the app, the audit names it and the cash statement is refused', () => {
    const { app, file } = tempApp(() => NOW);
    app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil'] }], officeId: 'minh-chau' });
    app.citizenFromQr(QR);
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '2.000635', documents: [0, 1], payment: 'bank_qr', returnMethod: 'commune_office' });
    // refused as a whole: nothing recorded
    expect(refusal(() => app.dossiers.confirmPayment(d.code, 'FT1\n2')).code).toBe('err.payment.refChars');
    expect(app.dossiers.get(d.code).paidAt).toBeNull();
    expect(app.dossiers.confirmPayment(d.code, 'FT26337 0042').paidRef).toBe('FT26337 0042');
    expect(app.db.prepare('SELECT note FROM payment_events WHERE dossier_id = ?').pluck().get(d.id)).toBe('FT26337 0042');
    expect(app.auditProblems([d.id])).toEqual([]);
    expect(tripCash(app).dossiers.find((x) => x.code === d.code)?.paidRef).toBe('FT26337 0042');
    app.db.prepare("UPDATE dossiers SET paid_ref = 'FT99999' WHERE id = ?").run(d.id);
    expect(app.auditProblems([d.id])).toEqual([{ kind: 'differs', what: `dossier ${d.code}`, field: 'paid_ref' }]);
    expect(refusal(() => tripCash(app)).code).toBe('err.cash.unlogged');
    app.db.close();
    ensureBuilt();
    const r = spawnSync(process.execPath, [BIN, '--db', file, '--lang', 'en', 'audit', 'verify'], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`dossier ${d.code}: its bank reference is not what its logged events give.`);
  });
});
