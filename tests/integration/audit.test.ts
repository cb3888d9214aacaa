// The audit log proves the records (issue 15, item 6). A morning's records written through the app
// on a real file, then changed behind its back with the sqlite3 shell on a copy, as the issue did
// it: a dossier's state, fee or citizen's name; an event's operator (after dropping the trigger that
// forbids it); the last entry removed; an audit trigger dropped before a receipt; the whole chain
// recomputed without the vehicle's key; a print job marked printed; a ticket added by hand. Each
// time `luudong audit verify` (the built CLI) exits 1 and names the record. Also: the first log of a
// database from before the keyed chain is closed into it; anchors outside the file (a backup, a
// handover bundle, N:MAC) catch a log cut short.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { chainHash, chainMac, contentDigest, verifyAudit } from '../../src/store/audit.js';
import { openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { vehicleKey } from '../../src/store/vehicleKey.js';
import { BIN, ensureBuilt } from '../helpers/build.js';

beforeAll(() => ensureBuilt(), 60_000);

const data = loadDomainData();
const QR = (id: string, name: string) => `${id}|012345678|${name}|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021`;
const T0 = Date.parse('2026-11-23T00:30:00Z');

/** A morning: a trip, tickets called and served, three dossiers (cash, bank, exempt), help, a rating, print jobs, a dossier moved on. */
function morning(file: string): { codes: string[] } {
  let now = T0;
  const app = new Luudong({ db: openDatabase(file), data, file, operator: 'Lan', now: () => (now += 60_000) });
  const printers = app.printing;
  printers.addPrinter({ name: 'quay1', kind: 'file', target: join(file, '..', 'paper.bin'), paper: '80', profile: 'tcvn3', roles: ['tickets', 'slips'] });
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil', 'digital'] }] });
  const codes: string[] = [];
  for (const [id, name] of [['001152012345', 'NGUYỄN THỊ HƯỜNG'], ['001152012346', 'TRẦN THỊ MAI'], ['001152012347', 'LÊ THỊ HOA']] as const) {
    app.issue('civil');
    app.callNext(1);
    app.start(1);
    app.citizenFromQr(QR(id, name));
    const d = app.dossiers.receive({ citizenId: id, procedure: '1.001193', documents: [0, 1, 2], payment: codes.length === 2 ? 'exempt' : 'cash', ...(codes.length === 2 ? {} : { feeVnd: 8000 }), returnMethod: 'commune_office' }, { counter: 1 });
    codes.push(d.code);
    app.finish(1);
  }
  app.dossiers.rate(5, { counter: 1 });
  app.dossiers.logHelp('vneid', null);
  app.dossiers.setState(codes[0] as string, 'processing', 'chuyển xã');
  // the print worker's part: jobs done
  const jobs = app.db.prepare("SELECT id FROM print_jobs WHERE state = 'queued' ORDER BY id").pluck().all() as number[];
  for (const id of jobs.slice(0, 3)) app.db.prepare("UPDATE print_jobs SET state = 'done', attempts = 1, updated_at = ? WHERE id = ?").run(now, id);
  app.db.close();
  return { codes };
}

const cli = (file: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, '--db', file, '--lang', 'en', ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};
const verify = (file: string, ...args: string[]) => cli(file, 'audit', 'verify', ...args);
const sqlite3 = (file: string, sql: string) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8' });

describe('audit verify on a morning, then on copies changed with the sqlite3 shell', () => {
  let dir: string;
  let file: string;
  let codes: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'luudong-audit-'));
    file = join(dir, 'bus.db');
    ({ codes } = morning(file));
  });
  /** A copy beside the original (the same vehicle key), changed by `sql`. */
  const tampered = (name: string, sql: string) => {
    const copy = join(dir, `${name}.db`);
    copyFileSync(file, copy);
    sqlite3(copy, sql);
    return copy;
  };
  const expectNamed = (copy: string, ...texts: string[]) => {
    const r = verify(copy);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('Audit log NOT intact');
    for (const t of texts) expect(r.stdout).toContain(t);
    return r.stdout;
  };

  it('the untouched file is intact, every record matching its log', () => {
    const r = verify(file, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { ok: boolean; entries: number; problems: unknown[] };
    expect(j).toMatchObject({ ok: true, problems: [] });
    expect(j.entries).toBeGreaterThan(30);
    expect(verify(file).stdout).toMatch(/^Audit log intact: \d+ entries, every record matches its log/m);
  });

  it("a dossier's state, fee or citizen's name changed", () => {
    expectNamed(tampered('state', `UPDATE dossiers SET state = 'returned' WHERE code = '${codes[1]}'`), `dossier ${codes[1]}: its state is not what its logged events give`);
    expectNamed(tampered('fee', `UPDATE dossiers SET fee_vnd = 0 WHERE code = '${codes[0]}'`), `dossier ${codes[0]} (event 1: received) – the record or its log entry was changed`);
    expectNamed(tampered('name', `UPDATE dossiers SET citizen_name = 'Người Khác' WHERE code = '${codes[2]}'`), `dossier ${codes[2]} differs from what entry`);
  });

  it("an event's operator changed after dropping the trigger that forbids it", () => {
    const out = expectNamed(
      tampered('operator', "DROP TRIGGER queue_events_no_update; UPDATE queue_events SET operator = 'Mai' WHERE id = (SELECT max(id) FROM queue_events WHERE type = 'finished')"),
      'ticket A003 (queue event',
    );
    expect(out).toContain('finished) – the record or its log entry was changed');
    expectNamed(tampered('devop', `DROP TRIGGER dossier_events_no_update; UPDATE dossier_events SET operator = 'Mai' WHERE to_state = 'processing'`), `dossier ${codes[0]} (event`);
  });

  it('the last entry removed: the head kept beside the database, and the record left without an entry', () => {
    const copy = join(dir, 'tail.db');
    copyFileSync(file, copy);
    // the head as last kept (a trip closed, a report printed...): here by an intact verify
    expect(verify(copy).status).toBe(0);
    sqlite3(copy, 'DROP TRIGGER audit_chain_no_delete; DELETE FROM audit_chain WHERE seq = (SELECT max(seq) FROM audit_chain)');
    const out = expectNamed(copy, 'which the log no longer has: its tail was removed');
    // the last entry was a print job's "done": the job now says done with nothing logged for it
    expect(out).toMatch(/print job \d+ \(slip.*: its state is not what its logged events give/);
  });

  it('an audit trigger dropped before a receipt: the dossier has no entry', () => {
    const copy = tampered('trigger', 'DROP TRIGGER chain_dossier_received');
    const r = cli(copy, 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt', '--json');
    expect(r.status, r.stderr).toBe(0);
    const code = (JSON.parse(r.stdout) as { code: string }).code;
    expectNamed(copy, `dossier ${code} (event`, 'received) has no log entry');
  });

  it('the whole chain recomputed without the vehicle key fails from its first entry', () => {
    const copy = join(dir, 'rebuilt.db');
    copyFileSync(file, copy);
    // Recomputed the way the code says, with a key of the tamperer's own (the vehicle's is not in the file).
    const db = new Database(copy);
    db.exec('DROP TRIGGER audit_chain_no_update');
    const fake = Buffer.alloc(32, 7);
    let prev: Buffer | null = null;
    for (const e of db.prepare('SELECT seq, src, ref, kept FROM audit_chain ORDER BY seq').all() as { seq: number; src: number; ref: number; kept: Buffer | null }[]) {
      const mac = chainMac(fake, prev, e.src, e.ref, e.kept ?? contentDigest([e.seq]));
      db.prepare('UPDATE audit_chain SET mac = ? WHERE seq = ?').run(mac, e.seq);
      prev = mac;
    }
    db.close();
    const out = expectNamed(copy, 'Entry 1: vehicle key 1');
    expect(out).toContain('Entry 2: note 1 (audit.start)');
  });

  it('a print job marked printed behind the log, and a ticket added by hand', () => {
    expectNamed(tampered('job', "DROP TRIGGER chain_print_state; UPDATE print_jobs SET state = 'done', attempts = 1 WHERE id = (SELECT max(id) FROM print_jobs WHERE state = 'queued')"), 'its state is not what its logged events give');
    expectNamed(tampered('ticket', "INSERT INTO tickets (trip_id, prefix, seq, label) VALUES (1, 'A', 99, 'A099')"), 'ticket A099', 'has no log entry');
  });
});

describe("the forms' records in the log", () => {
  it('a refusal at the desk, a request to supplement and an office set up are logged; changed behind the app, each is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-audit-forms-'));
    const file = join(dir, 'bus.db');
    const { codes } = morning(file);
    expect(cli(file, 'office', 'set', 'minh-chau', '--bank-verified').status).toBe(0);
    const refused = cli(file, 'dossier', 'refuse', '--procedure', '1.001193', '--reason', 'Không thuộc thẩm quyền của xã', '--name', 'Trần Văn Ba', '--json');
    expect(refused.status, refused.stderr).toBe(0);
    const sup = cli(file, 'dossier', 'status', codes[1] as string, 'supplement_requested', '--note', 'Thiếu giấy chứng sinh', '--missing', '1');
    expect(sup.status, sup.stderr).toBe(0);
    expect(verify(file).status).toBe(0);
    const copy = (name: string, sql: string) => {
      const c = join(dir, `${name}.db`);
      copyFileSync(file, c);
      sqlite3(c, sql);
      return c;
    };
    let r = verify(copy('refusal', "DROP TRIGGER IF EXISTS refusals_no_update; UPDATE refusals SET reason = 'Hồ sơ giả' WHERE id = 1"));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('refusal 1 – the record or its log entry was changed');
    r = verify(copy('office', "DROP TRIGGER chain_office_change; UPDATE offices SET data = replace(data, '113000001234', '999999999999')"));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('office minh-chau: its codes, names or account is not what its logged events give');
    r = verify(copy('supplement', "UPDATE supplement_requests SET reason = 'khác'"));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`dossier ${codes[1]} (request to supplement 1) – the record or its log entry was changed`);
  });
});

describe('the first log, from before the keyed chain', () => {
  it('is closed into the chain on upgrade: intact stays intact, a rebuilt first log is found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-audit-v1-'));
    const file = join(dir, 'old.db');
    // A database as version 10 left it: migrations 1-10, events logged by the first log's triggers.
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.function('luudong_chain', { deterministic: true }, (prev: unknown, at: unknown, op: unknown, kind: unknown, payload: unknown) =>
      chainHash(prev instanceof Uint8Array ? prev : null, Number(at), op === null ? null : String(op), String(kind), String(payload)),
    );
    for (let v = 1; v <= 10; v++) raw.transaction(() => {
      raw.exec(MIGRATIONS[v - 1] as string);
      raw.pragma(`user_version = ${v}`);
      if (v === 1) raw.pragma('application_id = 1280656455');
    })();
    raw.prepare("INSERT INTO trips (commune, place, date, start_time, end_time, operators, opened_at, opened_by) VALUES ('Xã Mỹ Đức', 'Đồi Dùng', '2026-11-23', '07:30', '11:30', '[\"Lan\"]', ?, 'Lan')").run(T0);
    raw.prepare("INSERT INTO tickets (trip_id, prefix, seq, label) VALUES (1, 'A', 1, 'A001')").run();
    raw.prepare("INSERT INTO queue_events (trip_id, ticket_id, type, at, grp, operator) VALUES (1, 1, 'issued', ?, 'civil', 'Lan')").run(T0 + 1000);
    expect(raw.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(2);
    raw.close();
    // Opened by this version: migrated, the chain started with the first log's length and head.
    const app = new Luudong({ db: openDatabase(file), data, file, operator: 'Lan', now: () => T0 + 5000 });
    app.issue('civil');
    const r = verifyAudit(app.db, vehicleKey(file));
    expect(r).toMatchObject({ problemCount: 0, firstLog: { entries: 2, broken: null } });
    const start = JSON.parse(app.db.prepare("SELECT payload FROM audit_notes WHERE kind = 'audit.start'").pluck().get() as string) as [number, string];
    expect(start[0]).toBe(2);
    app.db.close();
    // The first log changed and its hashes recomputed (it was never keyed): the chain's start tells.
    const copy = join(dir, 'copy.db');
    copyFileSync(file, copy);
    const db = new Database(copy);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET operator = 'Mai' WHERE id = 2").run();
    const rows = db.prepare('SELECT id, at, operator, kind, payload FROM audit_log ORDER BY id').all() as { id: number; at: number; operator: string; kind: string; payload: string }[];
    let prev: Buffer | null = null;
    for (const e of rows) {
      prev = chainHash(prev, e.at, e.operator, e.kind, e.payload);
      db.prepare('UPDATE audit_log SET hash = ? WHERE id = ?').run(prev, e.id);
    }
    db.close();
    const out = verify(copy);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('The first audit log');
  });
});

describe('anchors outside the file', () => {
  it('a backup, a handover bundle and a head written as N:MAC each catch a log cut short after them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-audit-anchor-'));
    const file = join(dir, 'bus.db');
    morning(file);
    const backup = cli(file, 'backup', '--to', join(dir, 'usb'), '--local', '--json');
    expect(backup.status, backup.stderr).toBe(0);
    const backupFile = (JSON.parse(backup.stdout) as { path: string }).path;
    const meta = JSON.parse(readFileSync(backupFile.replace(/\.db$/, '.json'), 'utf8')) as { audit: { entry: number; head: string } };
    const bundle = join(dir, 'bundle');
    const ex = cli(file, 'handover', 'export', '--to', bundle, '--by', 'Ai đó', '--json');
    expect(ex.status, ex.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as { audit: { entry: number; head: string }; from: { by: string } };
    expect(manifest.from.by).toBe('Ai đó');
    expect(manifest.audit.entry).toBeGreaterThanOrEqual(meta.audit.entry);
    // the foot of a trip report: the head as the report was made, N:MAC, to check the log against later
    const report = cli(file, 'report', 'trip');
    expect(report.status, report.stderr).toBe(0);
    const foot = report.stdout.trimEnd().split('\n');
    expect(foot.at(-2)).toMatch(/^Audit log up to entry \d+ \(check: luudong audit verify --anchor\):$/);
    expect(foot.at(-1)).toMatch(/^\d+:[0-9a-f]{32}$/);
    expect(verify(file, '--anchor', foot.at(-1) as string).status).toBe(0);
    const hash = `${meta.audit.entry}:${meta.audit.head}`;
    const ok = verify(file, '--anchor', backupFile, '--anchor', bundle, '--anchor', hash, '--json');
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, anchors: [{ kind: 'kept', result: 'ok' }, { kind: 'backup', result: 'ok' }, { kind: 'bundle', result: 'ok' }, { kind: 'hash', result: 'ok' }] });
    // --by is the name printed; the log records who was at the keyboard
    const handedBy = new Database(file, { readonly: true }).prepare("SELECT operator FROM dossier_events WHERE to_state = 'handed_over'").pluck().all();
    expect(new Set(handedBy)).toEqual(new Set(['Lan']));

    // Everything after the backup removed from a copy, with the head file copied along too.
    const copy = join(dir, 'cut.db');
    copyFileSync(file, copy);
    sqlite3(copy, `DROP TRIGGER audit_chain_no_delete; DELETE FROM audit_chain WHERE seq > ${meta.audit.entry - 1}`);
    const r = verify(copy, '--anchor', backupFile, '--anchor', bundle, '--anchor', hash);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`The head in the backup ${backupFile} names entry ${meta.audit.entry}, which the log no longer has`);
    expect(r.stdout).toContain(`The head in the handover bundle ${bundle} names entry ${manifest.audit.entry}`);
    expect(r.stdout).toContain(`The head in given ${hash} names entry`);
    // A forged bundle (not signed by this vehicle) is no anchor.
    const forged = join(dir, 'forged');
    execFileSync('cp', ['-r', bundle, forged]);
    execFileSync('sed', ['-i', 's/"entry": [0-9]*/"entry": 1/', join(forged, 'manifest.json')]);
    expect(verify(file, '--anchor', forged).stderr).toContain('is not validly signed by this vehicle');
  });
});
