// The schema's migrations (src/store/migrations/NNN-name.ts), as Signal-Desktop tests its own: a
// database is built at each older version, holding the rows the app of that version wrote, then
// opened as the app opens it (checked, migrated to the current version) and read back through
// today's app; what later migrations added to those rows is checked too, and the migrated database
// takes new work. And a snapshot of every shipped migration's hash: a migration is never edited
// once shipped, since a vehicle's database has already run it.
//
// Adding migration N (a new file, listed in src/store/migrations.ts):
//   1. record its hash in SHIPPED (the test prints it, failing until it is there);
//   2. add CASES[N]: `seed` writes, in plain SQL, rows a database at version N holds (the tables it
//      created or changed, as the app of that version fills them); `check` reads them back through
//      today's app after the migration to the current version; `upgrade` (if the migration changes
//      rows that already exist: a new column, a default, a trigger) checks a database older than N.
import Database from 'better-sqlite3';
import { createHash, scryptSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { listHandovers } from '../../src/app/handover.js';
import { Luudong } from '../../src/app/luudong.js';
import { WorkingDays } from '../../src/core/calendar.js';
import type { Citizen } from '../../src/core/citizen.js';
import { dossierCode } from '../../src/core/dossier.js';
import type { Office } from '../../src/core/office.js';
import { findProcedure, planReceipt, type ReceiptInput, type ReceiptPlan } from '../../src/core/receipt.js';
import { fold } from '../../src/core/text.js';
import { dossierStatus, syncStatus } from '../../src/app/sync.js';
import { registerAuditFunctions, verifyAudit, verifyFirstLog } from '../../src/store/audit.js';
import { migrate, openDatabase } from '../../src/store/db.js';
import { HubRepo } from '../../src/store/hub.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { OutboxRepo } from '../../src/store/outbox.js';
import { PrintRepo } from '../../src/store/printing.js';
import type { Db } from '../../src/store/types.js';
import { vehicleKey } from '../../src/store/vehicleKey.js';

const DIR = resolve(import.meta.dirname, '../../src/store/migrations');

/**
 * The SHA-256 of every migration file as it shipped. Never change a line here for an existing file:
 * a vehicle's database has run that migration already, and an edit would leave it with a schema no
 * migration describes. Add a new migration instead.
 */
const SHIPPED: Record<string, string> = {
  '001-queue.ts': '5e31c81ea72a522a1c41f286b81e3175b357d57d1b269f6fe2e90d2e64983a67',
  '002-integrity-checks.ts': '5b25604635259aee7c05f9963194941ce5c4d0bd25d6d4e10fdb8d0599628457',
  '003-citizens.ts': '78b1e99d5b757b7baee1094036b1fd9c1a9a954c03b46a4a53d978cc1dfc0217',
  '004-dossiers.ts': '76cd79644b94d274f11b1927aa70ddb07a591a3cf6540995ee403670e0031f50',
  '005-printing.ts': '79bd8172ff1b686972533479c8cb028fa13ad2b356c871fb60e0825682c5bbea',
  '006-scanners.ts': 'f2d859f36e894a670619a3bde622032ee55ed9c48c8c2eac25e86df0d1751ec7',
  '007-handovers.ts': 'e1799d71ca3ed042d13327cd4ea71f5e1c1e36b3c4626848d5b28dbb051b7456',
  '008-retention.ts': '9c187f240dee2f7c20bc36d848bad7a68a9f944d2ab531c771c489c6fcd231db',
  '009-schedule.ts': '6ed3e0664333c586f53fa4289f942a5a180682d18de78ed45fc2264ae9687fe9',
  '010-operators-audit.ts': '61dbe42727a86f956048a7dfd2884eee398900e00e6d712b81e491cd96fb18d4',
  '011-forms.ts': 'e0bde7cb0146b1a6252e5e89117862bd12242cabb1e14bdf1050bcc497deefef',
  '012-outbox.ts': '58ae73c3a209281ce856b2e89a4f15a48e3d6ec9134fb5a9fe44efa550c2cd27',
  '013-hub.ts': 'f7ea8c6cf8b6f6af68766c985a384b1054400c8d10f5cac6c24ded8607f63679',
  '014-audit-chain.ts': '2d3c711285e0c53c8d3c4969d1b8ebf8b52c1ef5b9d1fa0c58ae1b944ec936e3',
  '015-payments.ts': 'cd5f66c258012c43ce77494fcc65df0c66af3e1956d5ef6ef20271efcaec91f5',
  '016-sms.ts': '09cac40f5a597ec0e61cb4c76f091bb70c862a5d4750e6787a579ed966c19aed',
  '017-queue-closed.ts': 'de075b9e3b7c89bf5fece89e8f1841cecf0d38b5b612b50e78a125d029401900',
  '018-payment-reference.ts': 'f52aa12ba016edf13fc3cc67d16fc1818904799810e64f9a34a158b0ff068971',
  '019-payment-outbox.ts': '53b894b4c3f32b83e008b3753c71f86602283cf3e7820ef8f7465528246a26be',
};

const data = loadDomainData();
const AGENCY = data.office.agencyCode;
const LAN = 'Nguyễn Thị Lan';
const HUNG = 'Trần Văn Hùng';
/** 2026-11-<day> at hh:mm, Vietnam time (vitest.config.ts sets TZ). */
const T = (day: number, hh: number, mm = 0) => new Date(2026, 10, day, hh, mm).getTime();
/** The clock of the app that reads the migrated database: the open trip's morning. */
const NOW = T(23, 9, 30);
const PLACE = 'Nhà văn hóa thôn Đồi Dùng';
const COMMUNE = 'Xã Mỹ Đức, Hà Nội';

const HUONG: Citizen = { id: '001152012345', oldId: '012345678', fullName: 'Nguyễn Thị Hường', dob: '1952-03-15', gender: 'female', address: 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', issueDate: '2021-08-10', extra: [], raw: '001152012345|012345678|Nguyễn Thị Hường|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021' };
const BINH: Citizen = { id: '001085003456', oldId: null, fullName: 'Trần Văn Bình', dob: '1985-11-02', gender: 'male', address: 'Thôn Tế Tiêu, xã Mỹ Đức, Hà Nội', issueDate: null, extra: [], raw: null };
/** An office set up on the vehicle (migration 11): a commune's centre one level below the district's. */
const HOP_THANH: Office = { ...data.office, id: 'hop-thanh', agencyCode: 'H26.107.05', agencyName: { vi: 'UBND xã Hợp Thanh', en: 'Hop Thanh Commune People\'s Committee' }, unitName: { vi: 'Bộ phận một cửa xã Hợp Thanh', en: 'Hop Thanh Commune One-Stop Unit' }, placeName: 'Hợp Thanh', phone: null, bank: null, verified: true };
const MAI: Citizen = { id: '001160007891', oldId: null, fullName: 'Lê Thị Mai', dob: '1960-06-30', gender: 'female', address: 'Thôn Hạ, xã Mỹ Đức, Hà Nội', issueDate: null, extra: [], raw: null };

/** A dossier's row as DossierDesk.receive wrote it (the plan from the domain, the code of the day). */
function insertDossier(db: Database.Database, o: { id: number; seq: number; date: string; time: string; at: number; trip: number | null; ticket: number | null; citizen: Citizen; input: Omit<ReceiptInput, 'citizenId'>; state: string; stateAt: number; operator: string; office?: Office }): { code: string; plan: ReceiptPlan } {
  const office = o.office ?? data.office;
  const p = findProcedure(data.procedures, o.input.procedure);
  const plan = planReceipt({ ...o.input, citizenId: o.citizen.id }, p, o.citizen, office, new WorkingDays(data.calendar), o.date, o.time);
  const code = dossierCode(office.agencyCode, o.date, o.seq);
  db.prepare(
    `INSERT INTO dossiers (id, code, agency, received_on, seq, trip_id, ticket_id, citizen_id, citizen_name, procedure_key, procedure_code, procedure_name, field, grp,
       processing_days, documents, fee_vnd, payment, vietqr, return_method, postal_address, postal_fee_vnd, note, received_at, due_date, state, state_at, operator)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(o.id, code, office.agencyCode, plan.receivedOn, o.seq, o.trip, o.ticket, plan.citizenId, plan.citizenName, plan.procedureKey, plan.procedureCode, JSON.stringify(plan.procedureName), plan.field, plan.group,
    plan.processingDays, JSON.stringify(plan.documents), plan.feeVnd, plan.payment, plan.returnMethod, plan.postalAddress, plan.postalFeeVnd, plan.note, o.at, plan.dueDate, o.state, o.stateAt, o.operator);
  db.prepare('INSERT INTO dossier_names (rowid, name) VALUES (?, ?)').run(o.id, fold(plan.citizenName));
  db.prepare("INSERT INTO dossier_events (dossier_id, at, from_state, to_state, operator, note) VALUES (?, ?, NULL, 'received', ?, NULL)").run(o.id, o.at, o.operator);
  db.prepare('INSERT INTO dossier_sequences (agency, date, last) VALUES (?, ?, ?) ON CONFLICT (agency, date) DO UPDATE SET last = excluded.last').run(office.agencyCode, o.date, o.seq);
  return { code, plan };
}

const code1 = dossierCode(AGENCY, '2026-11-23', 1);
const code2 = dossierCode(AGENCY, '2026-11-23', 2);
const code3 = dossierCode(AGENCY, '2025-03-14', 1);
const PIN_SALT = '5f1a0c3e9b7d2a4c6e8f0a1b2c3d4e5f';
const pinHash = (pin: string) => scryptSync(pin, Buffer.from(PIN_SALT, 'hex'), 32).toString('hex');

interface MigrationCase {
  /** Rows a database at this version holds, in plain SQL as the app of that version wrote them. */
  seed(db: Database.Database): void;
  /** After the migration to the current version: those rows, read back through today's app. */
  check(app: Luudong, db: Db): void;
  /** For a database older than this migration: what it did to the rows already there. */
  upgrade?(app: Luudong, db: Db): void;
}

const CASES: Record<number, MigrationCase> = {
  // 1: trips, counters, tickets and the append-only queue log.
  1: {
    seed(db) {
      const trip = db.prepare('INSERT INTO trips (id, commune, place, date, start_time, end_time, operators, opened_at, opened_by, closed_at, closed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      trip.run(1, COMMUNE, PLACE, '2026-11-20', '07:30', '11:30', JSON.stringify([LAN, HUNG]), T(20, 7, 25), LAN, T(20, 11, 40), LAN);
      trip.run(2, COMMUNE, 'Nhà văn hóa thôn Tế Tiêu', '2026-11-23', '07:30', '11:30', JSON.stringify([LAN, HUNG]), T(23, 7, 20), LAN, null, null);
      const counter = db.prepare('INSERT INTO trip_counters (trip_id, no, groups) VALUES (?, ?, ?)');
      counter.run(1, 1, JSON.stringify(['civil', 'welfare']));
      counter.run(1, 2, JSON.stringify(['land', 'digital']));
      counter.run(2, 1, JSON.stringify(['civil', 'welfare', 'merit']));
      counter.run(2, 2, JSON.stringify(['land', 'digital']));
      const ticket = db.prepare('INSERT INTO tickets (id, trip_id, prefix, seq, label) VALUES (?, ?, ?, ?, ?)');
      const ev = db.prepare('INSERT INTO queue_events (trip_id, ticket_id, type, at, counter, grp, priority, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      // Yesterday's trip: A001 served, A002 (elderly) called and gone, B001 served at counter 2.
      ticket.run(1, 1, 'A', 1, 'A001');
      ticket.run(2, 1, 'A', 2, 'A002');
      ticket.run(3, 1, 'B', 1, 'B001');
      ev.run(1, 1, 'issued', T(20, 7, 31), null, 'civil', null, LAN);
      ev.run(1, 2, 'issued', T(20, 7, 33), null, 'civil', 'elderly', LAN);
      ev.run(1, 3, 'issued', T(20, 7, 40), null, 'land', null, LAN);
      ev.run(1, 2, 'called', T(20, 7, 45), 1, null, null, LAN);
      ev.run(1, 2, 'no_show', T(20, 7, 50), 1, null, null, LAN);
      ev.run(1, 1, 'called', T(20, 7, 51), 1, null, null, LAN);
      ev.run(1, 1, 'started', T(20, 7, 52), 1, null, null, LAN);
      ev.run(1, 1, 'finished', T(20, 8, 4), 1, null, null, LAN);
      ev.run(1, 3, 'called', T(20, 7, 55), 2, null, null, HUNG);
      ev.run(1, 3, 'started', T(20, 7, 56), 2, null, null, HUNG);
      ev.run(1, 3, 'finished', T(20, 8, 10), 2, null, null, HUNG);
      // This morning: A001 being served at counter 1, A002 and H001 waiting.
      ticket.run(4, 2, 'A', 1, 'A001');
      ticket.run(5, 2, 'A', 2, 'A002');
      ticket.run(6, 2, 'H', 1, 'H001');
      ev.run(2, 4, 'issued', T(23, 7, 35), null, 'civil', null, LAN);
      ev.run(2, 5, 'issued', T(23, 7, 41), null, 'civil', null, LAN);
      ev.run(2, 6, 'issued', T(23, 7, 44), null, 'digital', 'elderly', LAN);
      ev.run(2, 4, 'called', T(23, 7, 45), 1, null, null, LAN);
      ev.run(2, 4, 'started', T(23, 7, 46), 1, null, null, LAN);
    },
    check(app) {
      expect(app.getTrip(1)).toEqual({
        id: 1, commune: COMMUNE, place: PLACE, date: '2026-11-20', start: '07:30', end: '11:30', operators: [LAN, HUNG],
        counters: [{ no: 1, groups: ['civil', 'welfare'] }, { no: 2, groups: ['land', 'digital'] }], openedAt: T(20, 7, 25), closedAt: T(20, 11, 40),
      });
      const past = app.tripState(app.getTrip(1)!);
      // (17 adds a ticket to this trip: the ones this case seeded, ids 1-3)
      expect([...past.tickets.values()].filter((t) => t.id <= 3).map((t) => [t.label, t.status, t.priority])).toEqual([['A001', 'done', null], ['A002', 'no_show', 'elderly'], ['B001', 'done', null]]);
      expect(app.figures(1)).toMatchObject({ issued: past.tickets.size, served: 2, noShows: 1, priority: 1 });
      expect(app.currentTrip()).toMatchObject({ id: 2, place: 'Nhà văn hóa thôn Tế Tiêu', closedAt: null });
      expect(app.queueState().currentAt(1)?.label).toBe('A001');
      expect(app.waitingLine('civil').map((w) => w.ticket.label)).toEqual(['A002']);
      expect(app.waitingLine('digital').map((w) => [w.ticket.label, w.ticket.priority])).toEqual([['H001', 'elderly']]);
    },
  },
  // 2: results of quick_check, so a start soon after a passing check trusts it.
  2: {
    seed(db) {
      const row = db.prepare('INSERT INTO integrity_checks (at, ok, detail, ms) VALUES (?, ?, ?, ?)');
      row.run(T(22, 17, 5), 1, 'ok', 412);
      row.run(T(23, 7, 18), 0, '*** in database main *** Page 5: btreeInitPage() returns error code 11', 380);
    },
    check(_app, db) {
      // Kept as they were; a pass is no longer trusted from inside the file (a mark beside it, since 14's time).
      expect(db.prepare('SELECT at FROM integrity_checks WHERE ok = 1 ORDER BY at DESC').pluck().all()).toEqual([T(22, 17, 5)]);
    },
  },
  // 3: citizens by ID number, with the history of what later scans changed.
  3: {
    seed(db) {
      const c = db.prepare(
        `INSERT INTO citizens (id, old_id, full_name, name_folded, dob, gender, address, issue_date, extra, raw, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const x of [HUONG, BINH]) c.run(x.id, x.oldId, x.fullName, fold(x.fullName), x.dob, x.gender, x.address, x.issueDate, JSON.stringify(x.extra), x.raw, T(20, 7, 52), T(23, 7, 47));
      db.prepare('INSERT INTO citizen_history (citizen_id, at, field, old_value, new_value, operator) VALUES (?, ?, ?, ?, ?, ?)').run(HUONG.id, T(23, 7, 47), 'address', 'Xóm 3, xã Mỹ Đức, Hà Nội', HUONG.address, LAN);
    },
    check(app) {
      expect(app.citizen(HUONG.id)).toEqual(HUONG);
      expect(app.citizen(BINH.id)).toEqual(BINH);
      expect(app.citizenHistory(HUONG.id)).toEqual([{ at: T(23, 7, 47), field: 'address', oldValue: 'Xóm 3, xã Mỹ Đức, Hà Nội', newValue: HUONG.address, operator: LAN }]);
    },
  },
  // 4: dossiers and their events, the day's code sequence, help without a dossier, ratings.
  4: {
    seed(db) {
      insertDossier(db, { id: 1, seq: 1, date: '2026-11-23', time: '07:58', at: T(23, 7, 58), trip: 2, ticket: 4, citizen: HUONG, input: { procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'next_visit' }, state: 'handed_over', stateAt: T(23, 9, 0), operator: LAN });
      db.prepare('INSERT INTO dossier_events (dossier_id, at, from_state, to_state, operator, note) VALUES (?, ?, ?, ?, ?, ?)').run(1, T(23, 9, 0), 'received', 'handed_over', LAN, 'Bộ phận một cửa UBND xã Mỹ Đức');
      insertDossier(db, { id: 2, seq: 2, date: '2026-11-23', time: '08:20', at: T(23, 8, 20), trip: 2, ticket: null, citizen: BINH, input: { procedure: '2.000635', documents: [0, 1], payment: 'cash', returnMethod: 'post', postalAddress: BINH.address, note: 'Cần 2 bản sao' }, state: 'received', stateAt: T(23, 8, 20), operator: HUNG });
      db.prepare('INSERT INTO help_events (trip_id, ticket_id, citizen_id, kind, at, operator) VALUES (?, ?, ?, ?, ?, ?)').run(2, 4, HUONG.id, 'vneid', T(23, 8, 5), LAN);
      db.prepare('INSERT INTO ratings (ticket_id, trip_id, score, at, operator) VALUES (?, ?, ?, ?, ?)').run(1, 1, 5, T(20, 8, 5), LAN);
    },
    check(app) {
      const d1 = app.dossiers.get(code1);
      expect(d1).toMatchObject({ id: 1, code: code1, seq: 1, tripId: 2, ticketId: 4, ticketLabel: 'A001', citizenId: HUONG.id, citizenName: 'Nguyễn Thị Hường', procedureCode: '1.001193', feeVnd: 0, payment: 'exempt', state: 'handed_over', receivedOn: '2026-11-23', receivedTime: '07:58', operator: LAN });
      expect(d1.procedureName.vi).toBe('Đăng ký khai sinh');
      expect(d1.documents.map((x) => x.received)).toEqual([true, true, true, false]);
      expect(app.dossiers.events(d1).map((e) => [e.from, e.to, e.note])).toEqual([[null, 'received', null], ['received', 'handed_over', 'Bộ phận một cửa UBND xã Mỹ Đức']]);
      expect(app.dossiers.get(code2)).toMatchObject({ feeVnd: 8000, payment: 'cash', returnMethod: 'post', postalAddress: BINH.address, postalFeeVnd: data.office.postalFeeVnd, note: 'Cần 2 bản sao' });
      // Found by name without marks (the name index), by ID number and by code.
      expect(app.dossiers.find('huong').map((d) => d.code)).toContain(code1);
      expect(app.dossiers.find(BINH.id).map((d) => d.code)).toContain(code2);
      expect(app.dossierFigures(2)).toMatchObject({ dossiers: 2, feesVnd: 8000, byPost: 1, helpTotal: 1 });
      expect(app.dossierFigures(1).ratings.counts[4]).toBe(1);
    },
  },
  // 5: printers, the print spool, files kept with a dossier.
  5: {
    seed(db) {
      db.prepare('INSERT INTO printers (name, kind, target, baud_rate, paper, profile, native_qr, roles, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run('quay-1', 'serial', '/dev/serial/by-id/usb-Xprinter_XP-80-if00', 9600, '80', 'tcvn3', 1, JSON.stringify(['tickets', 'slips']), T(20, 7, 0));
      db.prepare("INSERT INTO printers (name, kind, target, paper, profile, created_at) VALUES ('a4', 'cups', 'HP_LaserJet_M110', 'a4', 'tcvn3', ?)").run(T(20, 7, 1));
      const job = db.prepare('INSERT INTO print_jobs (printer, kind, ref, document, state, attempts, next_at, reason, worker, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      job.run('quay-1', 'ticket', 'A002', JSON.stringify({ kind: 'ticket', ticketId: 5, lang: 'vi' }), 'done', 1, T(23, 7, 41), null, null, T(23, 7, 41), T(23, 7, 41));
      job.run('quay-1', 'slip', code2, JSON.stringify({ kind: 'slip', code: code2, lang: 'vi' }), 'queued', 2, T(23, 8, 30), 'paperOut', null, T(23, 8, 20), T(23, 8, 22));
      job.run('', 'slip_a4', code2, JSON.stringify({ kind: 'slip_a4', code: code2, lang: 'vi' }), 'interrupted', 1, T(23, 8, 20), 'interrupted', null, T(23, 8, 20), T(23, 8, 21));
      db.prepare('INSERT INTO dossier_files (dossier_id, kind, item, path, mime, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(1, 'slip_pdf', null, `files/${code1}/slip.pdf`, 'application/pdf', 48213, 'a'.repeat(64), T(23, 7, 59));
    },
    check(app) {
      expect(app.printing.printers().filter((p) => p.name !== 'hop-ly' && p.name !== 've-ban-2')).toMatchObject([
        { name: 'a4', kind: 'cups', target: 'HP_LaserJet_M110', nativeQr: true, paper: 'a4', profile: 'tcvn3', roles: [] },
        { name: 'quay-1', kind: 'serial', target: '/dev/serial/by-id/usb-Xprinter_XP-80-if00', baudRate: 9600, nativeQr: true, paper: '80', profile: 'tcvn3', roles: ['tickets', 'slips'] },
      ]);
      expect(app.printing.jobs().map((j) => [j.kind, j.ref, j.state, j.attempts, j.reason])).toEqual([
        ['slip_a4', code2, 'interrupted', 1, 'interrupted'],
        ['slip', code2, 'queued', 2, 'paperOut'],
        ['ticket', 'A002', 'done', 1, null],
      ]);
      expect(app.printing.nextDue('quick')).toBe(T(23, 8, 30));
      expect(app.dossiers.currentFiles(1)).toMatchObject([{ kind: 'slip_pdf', path: `files/${code1}/slip.pdf`, bytes: 48213, item: null }]);
    },
  },
  // 6: barcode scanners as configured, and the scans that could not be used.
  6: {
    seed(db) {
      const s = db.prepare('INSERT INTO scanners (name, kind, target, options, added_at) VALUES (?, ?, ?, ?, ?)');
      s.run('quay-1', 'serial', '/dev/serial/by-id/usb-Honeywell_Voyager-if00', JSON.stringify({ baudRate: 9600 }), T(20, 7, 2));
      db.prepare("INSERT INTO scanners (name, kind, added_at) VALUES ('ban-phim', 'wedge', ?)").run(T(20, 7, 3));
      db.prepare('INSERT INTO scan_log (at, source, kind, raw) VALUES (?, ?, ?, ?)').run(T(23, 7, 49), 'quay-1', 'citizenInvalid', '001152012346|012345678|Nguyễn Thị Hường|15031952|Nữ');
    },
    check(app) {
      // Each machine lists its own: quay-1 moves to a workstation at 13 (CASES[13]); together they are the two.
      const both = [null, 'ws-1a2b3c4d'].flatMap((h) => app.scans.list(h)).sort((a, b) => a.name.localeCompare(b.name));
      expect(both.map((s) => [s.name, s.kind, s.target, s.options])).toEqual([
        ['ban-phim', 'wedge', '', {}],
        ['quay-1', 'serial', '/dev/serial/by-id/usb-Honeywell_Voyager-if00', { baudRate: 9600 }],
      ]);
      expect(app.scans.wedge()).toEqual({});
      expect(app.scans.repo.rejected(5)).toMatchObject([{ source: 'quay-1', kind: 'citizenInvalid', raw: '001152012346|012345678|Nguyễn Thị Hường|15031952|Nữ' }]);
    },
  },
  // 7: handovers to the commune's one-stop office.
  7: {
    seed(db) {
      db.prepare('INSERT INTO handovers (uuid, at, trip_id, to_office, handed_by, dossiers, manifest_sha256, key_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        '7d0f3c52-8a1e-4b8e-9c1d-2f6a5b4e3d21', T(20, 11, 35), 1, 'Bộ phận một cửa UBND xã Mỹ Đức', LAN, 1, 'b'.repeat(64), 'c'.repeat(64),
      );
    },
    check(app) {
      expect(listHandovers(app)).toEqual([{ id: 1, uuid: '7d0f3c52-8a1e-4b8e-9c1d-2f6a5b4e3d21', at: T(20, 11, 35), tripId: 1, toOffice: 'Bộ phận một cửa UBND xã Mỹ Đức', by: LAN, operator: null, dossiers: 1, manifestSha256: 'b'.repeat(64), keyFingerprint: 'c'.repeat(64) }]);
    },
  },
  // 8: purges of personal data past the retention period, and the dossiers they covered.
  8: {
    seed(db) {
      // A dossier of March 2025, returned then, purged past the year's retention as src/app/retention.ts does.
      db.prepare(
        `INSERT INTO citizens (id, old_id, full_name, name_folded, dob, gender, address, issue_date, extra, raw, created_at, updated_at)
         VALUES (?, NULL, ?, ?, ?, ?, ?, NULL, '[]', NULL, ?, ?)`,
      ).run(MAI.id, MAI.fullName, fold(MAI.fullName), MAI.dob, MAI.gender, MAI.address, T(1, 8), T(1, 8));
      insertDossier(db, { id: 3, seq: 1, date: '2025-03-14', time: '09:10', at: new Date(2025, 2, 14, 9, 10).getTime(), trip: null, ticket: null, citizen: MAI, input: { procedure: '2.000815', documents: [0], payment: 'cash', returnMethod: 'commune_office', note: 'Bà Mai nhờ con gái nhận' }, state: 'returned', stateAt: new Date(2025, 2, 19, 14, 0).getTime(), operator: HUNG });
      db.prepare("INSERT INTO dossier_events (dossier_id, at, from_state, to_state, operator, note) VALUES (3, ?, 'received', 'returned', ?, 'Con gái bà Mai nhận thay')").run(new Date(2025, 2, 19, 14, 0).getTime(), HUNG);
      const purge = Number(db.prepare('INSERT INTO purges (at, operator, older_than_days, cutoff, dossiers, citizens, files) VALUES (?, ?, ?, ?, 1, 1, 0)').run(T(1, 8), LAN, 365, new Date(2025, 10, 1).getTime()).lastInsertRowid);
      db.prepare("INSERT INTO citizens (id, old_id, full_name, name_folded, dob, gender, address, issue_date, extra, raw, created_at, updated_at) VALUES ('anonymous-female', NULL, '', '', '', 'female', '', NULL, '[]', NULL, ?, ?)").run(T(1, 8), T(1, 8));
      db.prepare("INSERT INTO dossier_names (dossier_names, rowid, name) VALUES ('delete', 3, ?)").run(fold(MAI.fullName));
      db.prepare("UPDATE dossiers SET citizen_id = 'anonymous-female', citizen_name = '', postal_address = NULL, note = NULL, purge_id = ? WHERE id = 3").run(purge);
      db.prepare('UPDATE dossier_events SET note = NULL WHERE dossier_id = 3 AND note IS NOT NULL').run();
      db.prepare('DELETE FROM citizens WHERE id = ?').run(MAI.id);
    },
    check(app, db) {
      expect(db.prepare('SELECT at, operator, older_than_days, dossiers, citizens, files FROM purges').all()).toEqual([{ at: T(1, 8), operator: LAN, older_than_days: 365, dossiers: 1, citizens: 1, files: 0 }]);
      const d = app.dossiers.get(code3);
      expect(d).toMatchObject({ citizenId: 'anonymous-female', citizenName: '', note: null, state: 'returned', procedureCode: '2.000815', feeVnd: 2000 });
      expect(app.dossiers.events(d).map((e) => [e.to, e.note])).toEqual([['received', null], ['returned', null]]);
      expect(app.dossiers.find('mai')).toEqual([]);
      expect(app.citizen(MAI.id)).toBeUndefined();
      expect(() => db.prepare('UPDATE dossiers SET purge_id = NULL WHERE id = 3').run()).toThrow('a purge is never undone');
    },
    upgrade(_app, db) {
      expect(db.prepare('SELECT count(*) AS n FROM dossiers WHERE purge_id IS NOT NULL').get()).toEqual({ n: 0 });
      // The log of a dossier not purged stays append-only under the redefined trigger.
      const ev = db.prepare('SELECT id FROM dossier_events ORDER BY id LIMIT 1').get() as { id: number } | undefined;
      if (ev) {
        expect(() => db.prepare('UPDATE dossier_events SET note = NULL WHERE id = ?').run(ev.id)).toThrow('append-only');
        expect(() => db.prepare('DELETE FROM dossier_events WHERE id = ?').run(ev.id)).toThrow('append-only');
      }
    },
  },
  // 9: the schedule of coming trips and their announcements.
  9: {
    seed(db) {
      const p = db.prepare('INSERT INTO planned_trips (commune, place, date, start_time, end_time, services, note, created_at, announced_at, cancelled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      p.run(COMMUNE, 'Nhà văn hóa thôn Hạ', '2026-11-24', '07:30', '11:00', JSON.stringify([]), 'Mang theo CCCD gắn chip', T(16, 10), T(18, 9), null);
      p.run('Xã Hồng Sơn, Hà Nội', 'Trường tiểu học Hồng Sơn', '2026-11-25', '08:00', '11:30', JSON.stringify(['civil', 'digital']), null, T(16, 10, 5), null, null);
      p.run('Xã Hợp Tiến, Hà Nội', 'Nhà văn hóa thôn Đục Khê', '2026-11-27', '07:30', '11:30', JSON.stringify([]), null, T(16, 10, 9), null, T(21, 15));
    },
    check(app) {
      // The trips planned at version 9 (later versions plan more).
      const v9 = (p: { createdAt: number }) => p.createdAt < T(17, 0);
      expect(app.schedule.list().filter(v9).map((p) => [p.date, p.place, p.services, p.announcedAt])).toEqual([
        ['2026-11-24', 'Nhà văn hóa thôn Hạ', [], T(18, 9)],
        ['2026-11-25', 'Trường tiểu học Hồng Sơn', ['civil', 'digital'], null],
      ]);
      expect(app.schedule.list(true).filter(v9).map((p) => p.cancelledAt)).toEqual([null, null, T(21, 15)]);
      expect(app.schedule.unannounced().map((p) => p.place)).toEqual(['Trường tiểu học Hồng Sơn']);
      expect(app.schedule.next()).toMatchObject({ place: 'Nhà văn hóa thôn Hạ', note: 'Mang theo CCCD gắn chip' });
    },
  },
  // 10: operators with PINs, and the audit log's hash chain (triggers on every event).
  10: {
    seed(db) {
      const op = db.prepare('INSERT INTO operators (name, name_folded, role, pin_hash, pin_salt, failed, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      op.run(LAN, fold(LAN), 'admin', pinHash('2468'), PIN_SALT, 0, T(21, 16), null);
      op.run(HUNG, fold(HUNG), 'operator', pinHash('1357'), PIN_SALT, 2, T(21, 16, 5), LAN);
      // A login, as OperatorDesk writes it, and a rating: the triggers chain it.
      db.prepare(
        `INSERT INTO audit_log (at, operator, kind, payload, hash)
           SELECT ?, ?, 'auth.login', x.payload, luudong_chain(x.prev, ?, ?, 'auth.login', x.payload)
           FROM (SELECT ? AS payload, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x`,
      ).run(T(23, 7, 15), LAN, T(23, 7, 15), LAN, JSON.stringify(['operators', 1]));
      db.prepare('INSERT INTO ratings (ticket_id, trip_id, score, at, operator) VALUES (?, ?, ?, ?, ?)').run(3, 1, 4, T(20, 8, 12), HUNG);
    },
    check(app, db) {
      expect(app.operators.list().map((o) => [o.name, o.role, o.disabledAt])).toEqual([
        [LAN, 'admin', null],
        [HUNG, 'operator', null],
      ]);
      expect(app.operators.enabled()).toBe(true);
      // The entries written at version 10 (later versions' rows add their own after them).
      expect(verifyFirstLog(db).broken).toBeNull();
      expect(db.prepare('SELECT kind FROM audit_log ORDER BY id LIMIT 4').pluck().all()).toEqual(['operator.add', 'operator.add', 'auth.login', 'rating']);
      expect(app.dossierFigures(1).ratings).toEqual({ n: 2, mean: 4.5, counts: [0, 0, 0, 1, 1] });
    },
    upgrade(app, db) {
      // No history is invented for the rows before the log: it starts empty, and logins are off.
      expect(verifyFirstLog(db)).toEqual({ entries: 0, broken: null });
      expect(app.operators.enabled()).toBe(false);
    },
  },
  // 11: offices (a vehicle's own), trips with their office's snapshot, the receipt's new fields, the
  // register's numbering, refusals, requests to supplement, printers that skip the status check.
  11: {
    seed(db) {
      db.prepare('INSERT INTO offices (id, data, updated_at, updated_by) VALUES (?, ?, ?, ?)').run(HOP_THANH.id, JSON.stringify(HOP_THANH), T(21, 6, 50), LAN);
      db.prepare(
        'INSERT INTO trips (id, commune, place, date, start_time, end_time, operators, opened_at, opened_by, closed_at, closed_by, office_id, office) VALUES (3, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run('Xã Hợp Thanh, Hà Nội', 'Trường tiểu học Hợp Thanh', '2026-11-21', '07:30', '11:30', JSON.stringify([HUNG]), T(21, 7, 20), HUNG, T(21, 11, 45), HUNG, HOP_THANH.id, JSON.stringify(HOP_THANH));
      db.prepare('INSERT INTO trip_counters (trip_id, no, groups) VALUES (3, 1, ?)').run(JSON.stringify(['civil']));
      // A birth registration with its register entry, then a request to supplement it.
      const { plan } = insertDossier(db, { id: 4, seq: 1, date: '2026-11-21', time: '08:40', at: T(21, 8, 40), trip: 3, ticket: null, citizen: BINH, office: HOP_THANH, input: { procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'next_visit', phone: '0912 345 678', subject: { name: 'Trần Gia Huy', date: '02/11/2026' } }, state: 'supplement_requested', stateAt: T(21, 8, 41), operator: HUNG });
      db.prepare("UPDATE dossiers SET phone = ?, email = ?, subject = ?, fee_detail = ?, due_time = ?, register_book = '01/2026', register_no = 1 WHERE id = 4").run(plan.phone, plan.email, JSON.stringify(plan.subject), JSON.stringify(plan.feeDetail), plan.dueTime);
      db.prepare("INSERT INTO register_sequences (agency, book, last) VALUES (?, '01/2026', 1)").run(HOP_THANH.agencyCode);
      db.prepare("INSERT INTO dossier_events (dossier_id, at, from_state, to_state, operator, note) VALUES (4, ?, 'received', 'supplement_requested', ?, ?)").run(T(21, 8, 41), HUNG, 'Thiếu giấy chứng sinh');
      db.prepare('INSERT INTO supplement_requests (dossier_id, items, reason, contact, at, operator) VALUES (4, ?, ?, ?, ?, ?)').run(
        JSON.stringify([{ name: { vi: 'Giấy chứng sinh', en: 'Birth certificate' }, form: 'original', count: 1 }]), 'Thiếu giấy chứng sinh', '0912345678', T(21, 8, 41), HUNG,
      );
      db.prepare(
        `INSERT INTO refusals (trip_id, agency, office, citizen_id, citizen_name, address, phone, email, procedure_key, procedure_code, procedure_name, reason, dossier_id, at, operator)
         VALUES (3, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, NULL, ?, ?)`,
      ).run(HOP_THANH.agencyCode, JSON.stringify(HOP_THANH), BINH.id, BINH.fullName, BINH.address, '2.000884', '2.000884', JSON.stringify({ vi: 'Chứng thực chữ ký trong giấy tờ, văn bản', en: 'Certification of a signature' }), 'Giấy tờ không thuộc thẩm quyền chứng thực của UBND xã', T(21, 9, 5), HUNG);
      db.prepare("INSERT INTO printers (name, kind, target, paper, profile, native_qr, roles, created_at, status_check) VALUES ('hop-ly', 'network', '192.168.1.50:9100', '80', 'ascii', 0, ?, ?, 0)").run(JSON.stringify(['slips']), T(21, 7, 0));
    },
    check(app) {
      expect(app.offices.list().find((e) => e.office.id === HOP_THANH.id)).toEqual({ office: HOP_THANH, source: 'vehicle' });
      expect(app.getTrip(3)).toMatchObject({ officeId: HOP_THANH.id, office: { agencyCode: 'H26.107.05', placeName: 'Hợp Thanh' }, closedAt: T(21, 11, 45) });
      const d = app.dossiers.get(dossierCode('H26.107.05', '2026-11-21', 1));
      expect(d).toMatchObject({ phone: '0912345678', subject: { kind: 'birth', name: 'Trần Gia Huy' }, dueTime: '17:00', register: { book: '01/2026', no: 1 }, state: 'supplement_requested' });
      expect(app.dossiers.lastSupplement(d.id)).toMatchObject({ reason: 'Thiếu giấy chứng sinh', contact: '0912345678', items: [{ name: { vi: 'Giấy chứng sinh' }, count: 1 }] });
      expect(app.dossiers.refusal(1)).toMatchObject({ tripId: 3, citizenName: BINH.fullName, reason: 'Giấy tờ không thuộc thẩm quyền chứng thực của UBND xã', dossierCode: null });
      expect(app.printing.printer('hop-ly')).toMatchObject({ kind: 'network', statusCheck: false, nativeQr: false });
    },
    upgrade(app, db) {
      // Trips from before name no office: they are the default office's, as they always were.
      expect(app.getTrip(1)).not.toHaveProperty('officeId');
      expect(app.offices.ofTrip(app.getTrip(1)).id).toBe(app.offices.default().id);
      expect(app.offices.list().every((e) => e.source === 'data')).toBe(true);
      // Dossiers from before have no register entry, the office's closing time as their hour, a fee as charged.
      for (const d of app.dossiers.byDate('2026-11-23')) expect(d).toMatchObject({ register: null, phone: null, subject: null, dueTime: '17:00', feeDetail: { } });
      // Printers from before keep asking for their status.
      expect(app.printing.printers().every((p) => p.statusCheck === true)).toBe(true);
      expect(db.prepare('SELECT count(*) AS n FROM register_sequences').get()).toEqual({ n: 0 });
    },
  },
  // 12: the outbox to the centre: the link, what waits to go (trips, dossiers, bundles with their
  // small files), the offices' updates already applied, planned trips pulled from the centre.
  12: {
    seed(db) {
      db.prepare(
        `INSERT INTO sync_link (id, url, cert_pem, cert_fingerprint, vehicle_id, vehicle_name, enrolled_at, last_attempt_at, last_success_at, last_error, failures, next_at)
         VALUES (1, ?, ?, ?, 7, ?, ?, ?, ?, ?, 1, ?)`,
      ).run('https://centre.hanoi.example:8443', '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VudHJl\n-----END CERTIFICATE-----\n', 'd'.repeat(64), 'Xe dịch vụ công lưu động số 2', T(22, 16), T(23, 8, 50), T(22, 17), JSON.stringify({ code: 'err.sync.unreachable', params: {} }), T(23, 9, 15));
      const item = db.prepare('INSERT INTO outbox (kind, ref, created_at, attempts, last_error, sent_at) VALUES (?, ?, ?, ?, ?, ?)');
      item.run('trip', '1', T(20, 11, 40), 1, JSON.stringify({ code: 'err.sync.unreachable', params: {} }), null);
      item.run('dossier', '1', T(23, 9, 0), 1, null, T(23, 9, 2));
      const bundle = Number(item.run('bundle', '7d0f3c52-8a1e-4b8e-9c1d-2f6a5b4e3d21', T(20, 11, 35), 0, null, null).lastInsertRowid);
      db.prepare('INSERT INTO outbox_files (outbox_id, path, content) VALUES (?, ?, ?)').run(bundle, 'manifest.json', Buffer.from('{"id":"7d0f3c52-8a1e-4b8e-9c1d-2f6a5b4e3d21"}\n'));
      db.prepare("INSERT INTO sync_updates (centre_id, code, outcome, reason, at, acked_at) VALUES (41, ?, 'applied', NULL, ?, NULL)").run(code1, T(22, 17));
      db.prepare('INSERT INTO planned_trips (commune, place, date, start_time, end_time, services, note, created_at, centre_id) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 1203)').run('Xã Phúc Lâm, Hà Nội', 'Nhà văn hóa thôn Phú Yên', '2026-11-30', '07:30', '11:00', '[]', T(22, 17));
    },
    check(app, db) {
      // A dossier received once enrolled waits to go: the transfers seeded at versions 15 and 18 are.
      const later = db.prepare('SELECT count(*) FROM dossiers WHERE id IN (5, 6)').pluck().get() as number;
      expect(syncStatus(app)).toMatchObject({ enrolled: true, vehicleName: 'Xe dịch vụ công lưu động số 2', lastSuccessAt: T(22, 17), lastError: { code: 'err.sync.unreachable' }, waiting: { trip: 1, dossier: later, bundle: 1, refused: 0 } });
      const outbox = new OutboxRepo(db);
      const [bundle] = outbox.pending('bundle');
      expect(bundle).toMatchObject({ ref: '7d0f3c52-8a1e-4b8e-9c1d-2f6a5b4e3d21' });
      expect(outbox.bundleFiles(bundle!.id).get('manifest.json')?.toString()).toBe('{"id":"7d0f3c52-8a1e-4b8e-9c1d-2f6a5b4e3d21"}\n');
      expect(outbox.unackedUpdates()).toEqual([{ centreId: 41, outcome: 'applied', reason: null }]);
      expect(app.schedule.list().find((p) => p.place === 'Nhà văn hóa thôn Phú Yên')).toMatchObject({ date: '2026-11-30', commune: 'Xã Phúc Lâm, Hà Nội' });
    },
    upgrade(app) {
      // Not enrolled: nothing waits, and nothing is queued until the vehicle enrols.
      expect(syncStatus(app)).toMatchObject({ enrolled: false, waiting: { trip: 0, dossier: 0, bundle: 0, refused: 0 } });
    },
  },
  // 13: the hub: paired workstations, the requests it answered, its settings, floors under the
  // numbering after a promotion, and the machine each printer and scanner is plugged into.
  13: {
    seed(db) {
      db.prepare('INSERT INTO hub_workstations (id, name, psk, standby, paired_at, paired_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('ws-1a2b3c4d', 'laptop-quay-2', Buffer.alloc(32, 7), '192.168.8.12:7443', T(22, 16, 30), LAN, null);
      db.prepare('INSERT INTO hub_workstations (id, name, psk, standby, paired_at, paired_by, revoked_at) VALUES (?, ?, ?, NULL, ?, ?, ?)').run('ws-5e6f7a8b', 'laptop-cu', Buffer.alloc(32, 9), T(2, 9), LAN, T(15, 10));
      db.prepare('INSERT INTO hub_requests (workstation, id, method, args_hash, result, at) VALUES (?, ?, ?, ?, ?, ?)').run('ws-1a2b3c4d', 'f'.repeat(32), 'callNext', Buffer.alloc(32, 1), JSON.stringify({ ok: { ticket: 'A001' } }), T(23, 7, 45));
      const setting = db.prepare('INSERT INTO hub_settings (key, value) VALUES (?, ?)');
      setting.run('station', 'st-9c8d7e6f');
      setting.run('epoch', '2');
      // After a promotion the old hub may have given H tickets this copy never saw.
      db.prepare("INSERT INTO sequence_floors (kind, scope, floor) VALUES ('ticket', '2:H', 20)").run();
      // A printer plugged into the workstation (its jobs are its worker's; quay-1 stays the hub's own).
      db.prepare("INSERT INTO printers (name, kind, target, paper, profile, roles, created_at, host) VALUES ('ve-ban-2', 'serial', '/dev/ttyUSB0', '80', 'tcvn3', '[\"tickets\"]', ?, 'ws-1a2b3c4d')").run(T(22, 16, 40));
      db.prepare("UPDATE scanners SET host = 'ws-1a2b3c4d' WHERE name = 'quay-1'").run();
    },
    check(_app, db) {
      const hub = new HubRepo(db);
      expect(hub.workstations().map((w) => [w.id, w.name, w.revokedAt]).sort()).toEqual([
        ['ws-1a2b3c4d', 'laptop-quay-2', null],
        ['ws-5e6f7a8b', 'laptop-cu', T(15, 10)],
      ]);
      expect(hub.request('ws-1a2b3c4d', 'f'.repeat(32))).toMatchObject({ method: 'callNext', result: JSON.stringify({ ok: { ticket: 'A001' } }) });
      expect([hub.setting('station'), hub.setting('epoch')]).toEqual(['st-9c8d7e6f', '2']);
      expect(hub.ticketFloor(2, 'H')).toBe(20);
      expect(db.prepare("SELECT name, host FROM printers WHERE host IS NOT NULL UNION ALL SELECT name, host FROM scanners WHERE host IS NOT NULL").all()).toEqual([
        { name: 've-ban-2', host: 'ws-1a2b3c4d' },
        { name: 'quay-1', host: 'ws-1a2b3c4d' },
      ]);
      // The hub laptop's own worker leaves the workstation's printer's jobs to that workstation's.
      expect(new PrintRepo(db).printer('ve-ban-2')).toMatchObject({ host: 'ws-1a2b3c4d', roles: ['tickets'] });
    },
    upgrade(_app, db) {
      // Every printer and scanner from before is the hub's own (a single laptop's), as it was.
      expect(db.prepare('SELECT count(*) AS n FROM printers WHERE host IS NOT NULL').get()).toEqual({ n: 0 });
      expect(new HubRepo(db).workstations()).toEqual([]);
    },
  },
  // 14: the keyed audit chain (an entry per audited row, MACs keyed with the vehicle's key), the
  // app's own notes, the key it is made with; dossier events carry their result date.
  14: {
    seed(db) {
      db.prepare('INSERT INTO audit_notes (at, operator, kind, payload) VALUES (?, ?, ?, ?)').run(T(23, 7, 16), HUNG, 'auth.failed', JSON.stringify(['operators', 2]));
    },
    check(app, db) {
      expect(db.prepare('SELECT operator, kind FROM audit_notes WHERE at = ?').all(T(23, 7, 16))).toEqual([{ operator: HUNG, kind: 'auth.failed' }]);
      expect(db.prepare('SELECT fingerprint FROM vehicle_keys').pluck().all()).toEqual([app.vehicleKey().fingerprint]);
    },
    upgrade(app, db) {
      // The chain starts with the key and a note closing the first log: its length and last hash.
      expect(db.prepare('SELECT fingerprint FROM vehicle_keys').pluck().all()).toEqual([app.vehicleKey().fingerprint]);
      const start = db.prepare("SELECT payload FROM audit_notes WHERE kind = 'audit.start'").pluck().all() as string[];
      expect(start).toHaveLength(1);
      const [n, last] = JSON.parse(start[0] as string) as [number, string | null];
      expect(n).toBe(verifyFirstLog(db).entries);
      expect(last).toBe(n === 0 ? null : (db.prepare('SELECT lower(hex(hash)) FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get() as string));
    },
  },
  // 15: payments confirmed after the receipt: a transfer awaited until an operator sees it arrive.
  15: {
    seed(db) {
      insertDossier(db, { id: 5, seq: 1, date: '2026-11-22', time: '17:30', at: T(22, 17, 30), trip: null, ticket: null, citizen: BINH, input: { procedure: '2.000635', documents: [0, 1], payment: 'bank_qr', returnMethod: 'next_visit' }, state: 'received', stateAt: T(22, 17, 30), operator: HUNG, office: { ...data.office, bank: { ...data.office.bank!, verified: true } } });
      db.prepare("INSERT INTO payment_events (dossier_id, at, kind, operator, note) VALUES (5, ?, 'confirmed', ?, 'FT26112200017')").run(T(22, 17, 45), LAN);
      db.prepare('UPDATE dossiers SET paid_at = ? WHERE id = 5').run(T(22, 17, 45));
    },
    check(app) {
      expect(app.dossiers.get(dossierCode(AGENCY, '2026-11-22', 1))).toMatchObject({ payment: 'bank_qr', feeVnd: 8000, paidAt: T(22, 17, 45) });
    },
    upgrade(_app, db) {
      // No transfer before it in these rows: nothing confirmed, nothing awaited.
      expect(db.prepare('SELECT count(*) AS n FROM payment_events').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM dossiers WHERE paid_at IS NOT NULL').get()).toEqual({ n: 0 });
    },
  },
  // 16: text messages to citizens (the modem, the office's choices, opt-ins, the outbox with its
  // parts, delivery reports) and the rating keypads, with whether a rating came from one.
  16: {
    seed(db) {
      db.prepare("INSERT INTO modems (name, port, baud_rate, sim_pin, host, created_at) VALUES ('e3372', '/dev/ttyUSB2', 115200, 1, NULL, ?)").run(T(23, 7));
      db.prepare("INSERT INTO modem_status (name, at, state, signal_dbm, bars, registration, operator, detail) VALUES ('e3372', ?, 'ready', -71, 3, 'home', 'Viettel', NULL)").run(T(23, 7, 5));
      db.prepare("INSERT INTO sms_settings (id, alphabet, turn_near, daily_cap, reminder_days, reminder_from) VALUES (1, 'gsm7', 5, 200, 1, '16:30')").run();
      const optin = db.prepare('INSERT INTO sms_optins (kind, ref, phone, ahead, at, operator) VALUES (?, ?, ?, ?, ?, ?)');
      optin.run('dossier', 1, '+84912345678', null, T(20, 8), LAN);
      optin.run('ticket', 3, '+84987654321', 6, T(20, 8, 10), LAN);
      const msg = db.prepare(
        `INSERT INTO sms_messages (id, kind, cause, phone, text, alphabet, parts, ref, priority, state, attempts, next_at, expires_at, reason, worker, delivery, created_at, updated_at, sent_at)
         VALUES (?, ?, ?, ?, ?, 'gsm7', 1, ?, ?, ?, 1, ?, ?, ?, NULL, ?, ?, ?, ?)`,
      );
      msg.run(1, 'receipt', 'dossier:1', '+84912345678', 'UBND xa: Da tiep nhan ho so.', 1, 1, 'sent', T(20, 8), null, null, 'delivered', T(20, 8), T(20, 8, 1), T(20, 8, 1));
      msg.run(2, 'turn_near', 'ticket:3', '+84987654321', 'UBND xa: So A003 sap den luot.', 2, 2, 'interrupted', T(20, 8, 30), T(20, 9, 15), 'interrupted', null, T(20, 8, 30), T(20, 8, 31), null);
      const part = db.prepare('INSERT INTO sms_parts (message_id, part, submitted_at, sent_at, mr, status, reported_at) VALUES (?, 1, ?, ?, ?, ?, ?)');
      part.run(1, T(20, 8, 1), T(20, 8, 1), 7, 0, T(20, 8, 2));
      part.run(2, T(20, 8, 31), null, null, null, null);
      db.prepare('INSERT INTO sms_reports (at, pdu, mr, status, message_id, part) VALUES (?, ?, 7, 0, 1, 1)').run(T(20, 8, 2), '0791488990200030F006070B914819325476F8');
      db.prepare("INSERT INTO raters (name, target, counter, timeout_s, host, created_at) VALUES ('quay-1', '05ac:0250', 1, 30, NULL, ?)").run(T(23, 7));
      db.prepare("UPDATE ratings SET source = 'keypad' WHERE ticket_id = 3").run();
    },
    check(app, db) {
      expect(app.sms.modems()).toMatchObject([{ name: 'e3372', port: '/dev/ttyUSB2', baudRate: 115200, simPin: true }]);
      expect(app.sms.repo.status('e3372')).toMatchObject({ state: 'ready', operator: 'Viettel' });
      expect(app.sms.policy()).toMatchObject({ alphabet: 'gsm7', turnNearAhead: 5, dailyCap: 200, reminderFrom: '16:30' });
      expect(app.sms.get(1)).toMatchObject({ kind: 'receipt', state: 'sent', delivery: 'delivered' });
      expect(app.sms.get(2)).toMatchObject({ kind: 'turn_near', state: 'interrupted' });
      // Held for the operator as it was: only the operator sends it again, and then it is due.
      expect(app.sms.resend(2).state).toBe('queued');
      expect(app.raters.list()).toMatchObject([{ name: 'quay-1', target: '05ac:0250', counter: 1, timeoutS: 30 }]);
      expect(db.prepare('SELECT ticket_id AS t, source FROM ratings ORDER BY ticket_id').all()).toEqual([
        { t: 1, source: 'operator' },
        { t: 3, source: 'keypad' },
      ]);
    },
    upgrade(app, db) {
      // Ratings from before were the operator's; no modem, no message, no keypad until one is added.
      expect(db.prepare("SELECT count(*) AS n FROM ratings WHERE source <> 'operator'").get()).toEqual({ n: 0 });
      expect(app.sms.modems()).toEqual([]);
      expect(app.sms.list()).toEqual([]);
      expect(app.raters.list()).toEqual([]);
    },
  },
  // 17: the 'closed' queue event (the queue log rebuilt for its CHECK): a trip closed on a ticket
  // still waiting records it as not served, never as absent.
  17: {
    seed(db) {
      // Yesterday's trip (closed): B002 came in late and was still waiting when it closed.
      db.prepare("INSERT INTO tickets (id, trip_id, prefix, seq, label) VALUES (41, 1, 'B', 2, 'B002')").run();
      const ev = db.prepare('INSERT INTO queue_events (trip_id, ticket_id, type, at, counter, grp, priority, operator) VALUES (1, 41, ?, ?, NULL, ?, NULL, ?)');
      ev.run('issued', T(20, 11, 20), 'land', HUNG);
      ev.run('closed', T(20, 11, 40), null, LAN);
    },
    check(app) {
      const state = app.tripState(app.getTrip(1)!);
      expect(state.byLabel('B002')?.status).toBe('unserved');
      // not served, not absent: A002's no-show stays the one absent
      expect(app.figures(1)).toMatchObject({ issued: 4, served: 2, noShows: 1, waiting: 0, unserved: 1 });
    },
    upgrade(_app, db) {
      // the log rebuilt: its rows as they were, under their ids, and append-only still
      expect(db.prepare('SELECT id, ticket_id AS t, type FROM queue_events WHERE trip_id = 1 ORDER BY id LIMIT 3').all()).toEqual([
        { id: 1, t: 1, type: 'issued' },
        { id: 2, t: 2, type: 'issued' },
        { id: 3, t: 3, type: 'issued' },
      ]);
      expect(() => db.prepare('UPDATE queue_events SET at = 0 WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM queue_events WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare("INSERT INTO queue_events (trip_id, ticket_id, type, at) VALUES (1, 1, 'vanished', 0)").run()).toThrow(/CHECK/);
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'queue_events' ORDER BY name").pluck().all()).toEqual(['chain_queue', 'queue_events', 'queue_events_no_delete', 'queue_events_no_update', 'queue_events_trip']);
    },
  },
  // 18: the bank's reference of a confirmed transfer, kept with the dossier (paid_ref) as with its
  // confirmation's event.
  18: {
    seed(db) {
      insertDossier(db, { id: 6, seq: 2, date: '2026-11-22', time: '17:40', at: T(22, 17, 40), trip: null, ticket: null, citizen: HUONG, input: { procedure: '2.000635', documents: [0, 1], payment: 'bank_qr', returnMethod: 'next_visit' }, state: 'received', stateAt: T(22, 17, 40), operator: LAN, office: { ...data.office, bank: { ...data.office.bank!, verified: true } } });
      db.prepare("INSERT INTO payment_events (dossier_id, at, kind, operator, note) VALUES (6, ?, 'confirmed', ?, 'MB 0099 Hường')").run(T(22, 18, 5), LAN);
      db.prepare("UPDATE dossiers SET paid_at = ?, paid_ref = 'MB 0099 Hường' WHERE id = 6").run(T(22, 18, 5));
    },
    check(app) {
      expect(app.dossiers.get(dossierCode(AGENCY, '2026-11-22', 2))).toMatchObject({ payment: 'bank_qr', paidAt: T(22, 18, 5), paidRef: 'MB 0099 Hường' });
    },
    upgrade(app, db) {
      // a transfer confirmed before it has its reference from its logged confirmation (15's: FT26112200017)
      const code = dossierCode(AGENCY, '2026-11-22', 1);
      const before = app.dossiers.lookup(code);
      if (before) expect(before).toMatchObject({ paidAt: T(22, 17, 45), paidRef: 'FT26112200017' });
      expect(db.prepare('SELECT count(*) AS n FROM dossiers WHERE paid_ref IS NOT NULL AND paid_at IS NULL').get()).toEqual({ n: 0 });
    },
  },
  // 19: a confirmed transfer goes to the centre: its confirmation enqueues the dossier, as a state
  // change does (the dossier's status now carries paidAt and paidRef).
  19: {
    seed(db) {
      // received after enrolment (12) and sent at once, its transfer still awaited
      insertDossier(db, { id: 7, seq: 3, date: '2026-11-22', time: '18:00', at: T(22, 18), trip: null, ticket: null, citizen: HUONG, input: { procedure: '2.000635', documents: [0, 1], payment: 'bank_qr', returnMethod: 'next_visit' }, state: 'received', stateAt: T(22, 18), operator: LAN, office: { ...data.office, bank: { ...data.office.bank!, verified: true } } });
      db.prepare("UPDATE outbox SET sent_at = ? WHERE kind = 'dossier' AND ref = '7'").run(T(22, 18, 1));
    },
    check(app, db) {
      const code = dossierCode(AGENCY, '2026-11-22', 3);
      const outbox = new OutboxRepo(db);
      expect(outbox.pending('dossier').map((i) => i.ref)).not.toContain('7');
      app.dossiers.confirmPayment(code, 'FT26112300042');
      expect(outbox.pending('dossier').map((i) => i.ref)).toContain('7');
      expect(dossierStatus(app, outbox, 7)).toMatchObject({ code, payment: 'bank_qr', paidAt: NOW, paidRef: 'FT26112300042' });
    },
    upgrade(_app, db) {
      // enrolled: every confirmed transfer waits to go, or went after its confirmation
      const linked = (db.prepare('SELECT count(*) AS n FROM sync_link').get() as { n: number }).n > 0;
      const unsent = db.prepare("SELECT count(*) AS n FROM payment_events p WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'dossier' AND o.ref = CAST(p.dossier_id AS TEXT) AND (o.sent_at IS NULL OR o.sent_at >= p.at))").get() as { n: number };
      const confirmed = (db.prepare('SELECT count(*) AS n FROM payment_events').get() as { n: number }).n;
      expect(unsent.n).toBe(linked ? 0 : confirmed);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'outbox_payment_confirmed'").get()).toEqual({ n: 1 });
    },
  },
};

/** A database file at `version`, holding the rows of every migration up to it. */
function buildAt(version: number, file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    registerAuditFunctions(db, () => vehicleKey(file));
    for (let v = 1; v <= version; v++) {
      migrate(db, v);
      db.transaction(() => CASES[v]?.seed(db))();
    }
    expect(db.pragma('user_version', { simple: true })).toBe(version);
  } finally {
    db.close();
  }
}

const root = mkdtempSync(join(tmpdir(), 'luudong-migrations-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();
const sha256 = (f: string) => createHash('sha256').update(readFileSync(join(DIR, f))).digest('hex');

describe('the migrations as shipped', () => {
  it('src/store/migrations.ts lists every file of src/store/migrations/, numbered 1, 2, 3 … in order', async () => {
    const numbers = files.map((f) => /^(\d{3})-[a-z0-9-]+\.ts$/.exec(f)?.[1]);
    expect(numbers.every(Boolean), `migration files are named NNN-name.ts: ${files.join(', ')}`).toBe(true);
    const twice = numbers.filter((n, i) => numbers.indexOf(n) !== i);
    expect(twice, 'two migrations with one number: renumber yours to come last').toEqual([]);
    expect(numbers.map(Number)).toEqual(files.map((_, i) => i + 1));
    expect(files.length, 'every migration file is listed in src/store/migrations.ts').toBe(SCHEMA_VERSION);
    for (const [i, f] of files.entries()) {
      const sql = ((await import(pathToFileURL(join(DIR, f)).href)) as { default: string }).default;
      expect(MIGRATIONS[i] === sql, `MIGRATIONS[${i}] is ${f}`).toBe(true);
    }
  });

  it('no shipped migration has been edited (add a new migration instead)', () => {
    const problems: string[] = [];
    for (const f of files) {
      const h = sha256(f);
      if (!(f in SHIPPED)) problems.push(`${f} is new: record its hash in SHIPPED (tests/integration/migrations.test.ts) as '${f}': '${h}'`);
      else if (SHIPPED[f] !== h) problems.push(`src/store/migrations/${f} has changed since it shipped: a vehicle's database has run it already. Undo the edit and add a new migration instead (a new file NNN-name.ts, listed in src/store/migrations.ts).`);
    }
    for (const f of Object.keys(SHIPPED)) if (!files.includes(f)) problems.push(`src/store/migrations/${f} shipped and is gone: a shipped migration is never removed or renamed; add a new migration instead.`);
    expect(problems).toEqual([]);
  });

  it('every migration has a case here: rows at its version, checked after migrating', () => {
    const missing = files.map((_, i) => i + 1).filter((v) => !CASES[v]);
    expect(missing, 'add CASES[N] (seed, check, and upgrade if it changes existing rows) for each').toEqual([]);
  });
});

describe('a database at each older version, holding rows, migrated to the current one', () => {
  it.each(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1))('from version %i', (version) => {
    const file = join(root, `v${version}.db`);
    buildAt(version, file);
    // Opened as the app opens it: checked, then migrated to the current version.
    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const app = new Luudong({ db, data, file, operator: LAN, now: () => NOW });
      for (let v = version + 1; v <= SCHEMA_VERSION; v++) CASES[v]?.upgrade?.(app, db);
      for (let v = 1; v <= version; v++) CASES[v]?.check(app, db);

      // And it takes new work: a ticket on the open trip (numbered after the ones it holds), a call,
      // a dossier (coded after the day's), a login with a PIN set before; the audit chain holds.
      const issued = app.issue('civil');
      expect(issued.ticket.label).toBe('A003');
      expect(app.callNext(2).ticket.label).toBe('H001');
      const { citizen } = app.citizenFromQr('001090004567||Phạm Văn Toàn|04071990|Nam|Thôn Tế Tiêu, xã Mỹ Đức, Hà Nội|01022022');
      const p = findProcedure(data.procedures, '1.001193');
      const d = app.dossiers.receive({ citizenId: citizen.id, procedure: p.code as string, documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' }, { label: issued.ticket.label });
      expect(d.code).toBe(dossierCode(AGENCY, '2026-11-23', version >= 4 ? 3 : 1));
      expect(d.register).toEqual({ book: '01/2026', no: 1 });
      if (version >= 10) expect(app.login(LAN, '2468').role).toBe('admin');
      // A floor left by a promotion (13) holds under the next ticket of its group.
      expect(app.issue('digital').ticket.label).toBe(version >= 13 ? 'H021' : 'H002');
      const audit = verifyAudit(db, vehicleKey(file));
      expect(audit.problems).toEqual([]);
      expect(audit.firstLog.broken).toBeNull();
      expect(audit.entries).toBeGreaterThan(version >= 10 ? 4 : 0);
    } finally {
      db.close();
    }
  });
});
