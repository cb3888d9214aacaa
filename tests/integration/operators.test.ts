// Operators on a real database file: the first admin, logins and the lock-out, a supervisor's PIN
// for cancelling a dossier, every event attributed, and the audit log's hash chain catching an
// entry changed or removed behind the app's back (with its triggers dropped, as a tamperer would).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { LOCK_MS } from '../../src/core/auth.js';
import { recentAudit, verifyAudit } from '../../src/store/audit.js';
import { openDatabase } from '../../src/store/db.js';
import { BIN } from '../helpers/build.js';
import { refusal } from '../helpers/refusal.js';

const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function setup() {
  const file = join(mkdtempSync(join(tmpdir(), 'luudong-ops-')), 'bus.db');
  let now = Date.parse('2026-11-23T01:00:00Z');
  const app = new Luudong({ db: openDatabase(file), data: loadDomainData(), file, now: () => now });
  return { app, file, tick: (ms: number) => (now += ms) };
}

describe('operators, roles and the audit trail', () => {
  it('a name given by hand (--operator, a workstation) is recorded as written: no stray spaces or invisible characters', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'luudong-ops-')), 'bus.db');
    const app = new Luudong({ db: openDatabase(file), data: loadDomainData(), file, operator: '  Trần   Hùng\u200b ' });
    expect(app.actorName()).toBe('Trần Hùng');
    app.operator = '\u00a0Lê  Thị\tLan ';
    expect(app.actorName()).toBe('Lê Thị Lan');
    // Blank is no name: the open trip's first operator (none here) acts.
    app.operator = ' \u200b ';
    expect(app.actorName()).toBe(null);
  });

  it('the first operator is an admin; the admin adds the others; logins, wrong PINs and the lock-out', () => {
    const { app, tick } = setup();
    expect(app.operators.enabled()).toBe(false);
    expect(refusal(() => app.operators.add('Lan', 'operator', '1357', null))).toMatchObject({ code: 'err.auth.firstAdmin' });
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    expect(app.operators.enabled()).toBe(true);
    expect(refusal(() => app.operators.add('Lan', 'operator', '1357', null))).toMatchObject({ code: 'err.auth.required' });
    app.operators.add('Lan', 'operator', '1357', admin);
    expect(refusal(() => app.operators.add('lan', 'operator', '9753', admin))).toMatchObject({ code: 'err.auth.exists' });

    expect(app.login('lan', '1357')).toMatchObject({ name: 'Lan', role: 'operator' });
    expect(refusal(() => app.operators.login('Nobody', '1357'))).toMatchObject({ code: 'err.auth.bad' });
    for (let i = 0; i < 4; i++) expect(refusal(() => app.operators.login('Lan', '0007'))).toMatchObject({ code: 'err.auth.bad' });
    expect(refusal(() => app.operators.login('Lan', '0007'))).toMatchObject({ code: 'err.auth.locked', params: { minutes: 15 } });
    // locked: even the right PIN is refused until the time is up
    expect(refusal(() => app.operators.login('Lan', '1357'))).toMatchObject({ code: 'err.auth.locked' });
    tick(LOCK_MS + 1);
    expect(app.operators.login('Lan', '1357').name).toBe('Lan');
    const kinds = (app.db.prepare("SELECT kind FROM audit_notes WHERE kind LIKE 'auth.%' ORDER BY id").all() as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toEqual(['auth.login', 'auth.failed', 'auth.failed', 'auth.failed', 'auth.failed', 'auth.locked', 'auth.login']);
  });

  it('cancelling a dossier needs a supervisor; every event carries who did it; the chain holds', () => {
    const { app, file } = setup();
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.operators.add('Lan', 'operator', '1357', admin);
    app.operators.add('Mai', 'supervisor', '8642', admin);
    app.login('Lan', '1357');
    app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil'] }] });
    app.issue('civil', null);
    app.citizenFromQr(QR);
    const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
    expect(refusal(() => app.dossiers.setState(d.code, 'cancelled'))).toMatchObject({ code: 'err.auth.forbidden', params: { name: 'Lan', role: 'auth.role.supervisor' } });
    const mai = app.operators.supervisor('Mai', '8642', 'dossier.cancel');
    expect(app.dossiers.setState(d.code, 'cancelled', 'trùng hồ sơ', { approver: mai }).state).toBe('cancelled');
    expect(app.dossiers.events(app.dossiers.get(d.code)).map((e) => [e.to, e.operator])).toEqual([
      ['received', 'Lan'],
      ['cancelled', 'Mai'],
    ]);
    const log = recentAudit(app.db, 1000).reverse();
    expect(log.filter((e) => !e.kind.startsWith('operator.') && !e.kind.startsWith('auth.') && e.source !== 'vehicleKey' && e.kind !== 'audit.start').map((e) => [e.kind.split(' ')[0], e.operator])).toEqual([
      ['trip.open', 'Lan'],
      ['queue.issued', 'Lan'],
      ['dossier.received', 'Lan'],
      ['print.queued', null], // the A4 slip kept with the dossier, queued in the receipt's transaction
      ['dossier.cancelled', 'Mai'],
    ]);
    // no citizen's name, number or address in the log's own rows (it outlives the retention period)
    const own = JSON.stringify(app.db.prepare('SELECT * FROM audit_notes').all()) + JSON.stringify(app.db.prepare('SELECT hex(kept) AS k FROM audit_chain').all());
    for (const s of ['Hường', 'HƯỜNG', '001152012345', 'Đồi Dùng, xã']) expect(own).not.toContain(s);
    expect(verifyAudit(app.db, app.vehicleKey())).toMatchObject({ entries: log.length, problemCount: 0 });
    app.db.close();

    // Behind the app's back: the cancelling's operator changed, then its entry removed.
    const raw = new Database(file);
    raw.exec('DROP TRIGGER dossier_events_no_update; DROP TRIGGER audit_chain_no_delete;');
    raw.prepare("UPDATE dossier_events SET operator = 'Lan' WHERE to_state = 'cancelled'").run();
    const target = (raw.prepare('SELECT seq FROM audit_chain WHERE src = 2 ORDER BY seq DESC LIMIT 1').get() as { seq: number }).seq;
    raw.close();
    const cli = (...a: string[]) => spawnSync(process.execPath, [BIN, '--db', file, '--lang', 'en', '--operator', 'Trần Hùng', ...a], { encoding: 'utf8', env: { ...process.env, LUUDONG_PIN: '2468' } });
    let r = cli('audit', 'verify', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, problems: [{ kind: 'entry', entry: target, what: `dossier ${d.code} (event 2: cancelled)` }] });
    const raw2 = new Database(file);
    raw2.prepare('DELETE FROM audit_chain WHERE seq = ?').run(target);
    raw2.close();
    r = cli('audit', 'verify');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`Log entries ${target}–${target} are missing.`);
    expect(r.stdout).toContain(`dossier ${d.code} (event 2: cancelled) has no log entry`);
  });

  it('reopening a trip closed by mistake is a supervisor\'s act, and the audit log keeps the close', () => {
    const { app, tick } = setup();
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.operators.add('Lan', 'operator', '1357', admin);
    app.operators.add('Mai', 'supervisor', '8642', admin);
    app.login('Lan', '1357');
    const trip = app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil'] }] });
    tick(60_000);
    app.closeTrip();
    expect(refusal(() => app.reopenTrip())).toMatchObject({ code: 'err.auth.forbidden' });
    app.login('Mai', '8642');
    expect(app.reopenTrip()).toMatchObject({ id: trip.id, closedAt: null });
    expect(app.currentTrip()?.id).toBe(trip.id);
    expect(refusal(() => app.reopenTrip())).toMatchObject({ code: 'err.tripAlreadyOpen' });
    const log = recentAudit(app.db, 100).reverse().filter((e) => e.kind.startsWith('trip.')).map((e) => `${e.kind.split(' ')[0]}:${e.operator}`);
    expect(log).toEqual(['trip.open:Lan', 'trip.close:Lan', 'trip.reopen:Mai']);
    // reopened: the trip row is open again, as the log's last word on it says
    expect(verifyAudit(app.db, app.vehicleKey()).problemCount).toBe(0);
  });

  it('on the command line: a name and a PIN from the environment; refused without, with the reason', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'luudong-ops-cli-')), 'bus.db');
    const cli = (env: Record<string, string>, ...a: string[]) => spawnSync(process.execPath, [BIN, '--db', file, '--lang', 'en', ...a], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '', ...env } });
    expect(cli({ LUUDONG_NEW_PIN: '2468' }, 'operator', 'add', 'Trần Hùng', '--role', 'admin').status).toBe(0);
    expect(cli({}, 'queue', 'list').stderr).toContain('Log in first: run the command with --operator NAME');
    // no terminal to ask on (spawned with pipes): the message says how to give the PIN
    expect(cli({}, '--operator', 'Trần Hùng', 'queue', 'list').stderr).toContain('No PIN: there is no terminal to ask on; set LUUDONG_PIN');
    expect(cli({ LUUDONG_PIN: '1111' }, '--operator', 'Trần Hùng', 'queue', 'list').stderr).toContain('Wrong name or PIN.');
    expect(cli({ LUUDONG_PIN: '2468', LUUDONG_NEW_PIN: '1357' }, '--operator', 'tran hung', 'operator', 'add', 'Lan').status).toBe(0);
    expect(cli({ LUUDONG_PIN: '1357' }, '--operator', 'Lan', 'purge', '--apply').stderr).toContain('Lan may not do this: it needs a supervisor.');
    // the print worker is a service (and the counter screen's helper for A4 slips): no login
    expect(cli({}, 'print-worker', '--once').status).toBe(0);
    expect(JSON.parse(cli({ LUUDONG_PIN: '1357' }, '--operator', 'Lan', 'operator', 'list', '--json').stdout).map((o: { name: string; role: string }) => `${o.name}:${o.role}`)).toEqual(['Lan:operator', 'Trần Hùng:admin']);
  });
});
