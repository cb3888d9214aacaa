import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { dataHome, openDatabase, resolveDbPath, storeError } from '../../src/store/db.js';
import type { Db } from '../../src/store/types.js';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { writeTx } from '../../src/store/tx.js';
import { QueueRepo, TripRepo } from '../../src/store/repos.js';

const root = mkdtempSync(join(tmpdir(), 'luudong-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let n = 0;
beforeEach(() => {
  dir = join(root, `t${++n}`);
});
const file = (name = 'luudong.db') => join(dir, name);

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

function refusal(fn: () => unknown): DomainError {
  try {
    const r = fn();
    if (r && typeof (r as Db).close === 'function') (r as Db).close();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw new Error(`expected a DomainError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  throw new Error('expected a DomainError, the database was opened');
}

const trip = { commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil'] }] };

/** A real luudong database with a trip and `tickets` tickets of a few events each. */
function populated(f: string, tickets = 40): void {
  const db = openDatabase(f);
  const trips = new TripRepo(db);
  const queue = new QueueRepo(db);
  writeTx(db, (tx) => {
    const tripId = trips.insert(tx, trip, 1, 'Lan');
    for (let i = 1; i <= tickets; i++) {
      const id = queue.insertTicket(tx, tripId, 'A', i, `A${String(i).padStart(3, '0')}`);
      queue.append(tx, tripId, [
        { ticketId: id, type: 'issued', at: i, counter: null, group: 'civil', priority: null, operator: 'Nguyễn Thị Lan – một cái tên khá dài để lấp trang' },
        { ticketId: id, type: 'called', at: i + 1, counter: 1, group: null, priority: null, operator: 'Nguyễn Thị Lan – một cái tên khá dài để lấp trang' },
        { ticketId: id, type: 'finished', at: i + 2, counter: 1, group: null, priority: null, operator: 'Nguyễn Thị Lan – một cái tên khá dài để lấp trang' },
      ]);
    }
  });
  db.close();
}

describe('openDatabase on a new file', () => {
  it('creates the file (and its directory) with mode 0600 and durable settings', () => {
    const f = file();
    const db = openDatabase(f);
    try {
      expect(existsSync(f)).toBe(true);
      expect(statSync(f).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'dossier\_names\_%' ESCAPE '\\' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(['audit_chain', 'audit_log', 'audit_notes', 'citizen_history', 'citizens', 'dossier_events', 'dossier_files', 'dossier_names', 'dossier_sequences', 'dossiers', 'handovers', 'help_events', 'hub_requests', 'hub_settings', 'hub_workstations', 'integrity_checks', 'modem_status', 'modems', 'offices', 'operators', 'outbox', 'outbox_files', 'payment_events', 'planned_trips', 'print_jobs', 'printers', 'purges', 'queue_events', 'raters', 'ratings', 'refusals', 'register_sequences', 'scan_log', 'scanners', 'sequence_floors', 'sms_messages', 'sms_optins', 'sms_parts', 'sms_reports', 'sms_settings', 'supplement_requests', 'sync_link', 'sync_updates', 'tickets', 'trip_counters', 'trips', 'vehicle_keys']);
    } finally {
      db.close();
    }
  });

  it('the WAL and shared-memory files are not readable by others either', () => {
    const f = file();
    const db = openDatabase(f);
    try {
      writeTx(db, (tx) => new TripRepo(db).insert(tx, trip, 1, 'Lan'));
      for (const side of [`${f}-wal`, `${f}-shm`]) {
        expect(existsSync(side), side).toBe(true);
        expect(statSync(side).mode & 0o077, `${side} mode ${(statSync(side).mode & 0o777).toString(8)}`).toBe(0);
      }
    } finally {
      db.close();
    }
  });

  it('treats an empty (0-byte) file as new', () => {
    const f = file();
    mkdirSync(dir, { recursive: true });
    writeFileSync(f, '');
    const db = openDatabase(f);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('reopening is idempotent and keeps the data', () => {
    const f = file();
    populated(f, 3);
    for (let i = 0; i < 3; i++) {
      const db = openDatabase(f);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect((db.prepare('SELECT count(*) AS n FROM queue_events').get() as { n: number }).n).toBe(9);
      db.close();
    }
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('opens read-only without creating anything', () => {
    const f = file();
    expect(refusal(() => openDatabase(f, { readonly: true })).code).toBe('err.dbOpen');
    expect(existsSync(f)).toBe(false);
    populated(f, 2);
    const db = openDatabase(f, { readonly: true });
    expect(db.readonly).toBe(true);
    expect(() => db.exec("INSERT INTO trips (commune, place, date, start_time, end_time, operators, opened_at) VALUES ('a','b','c','d','e','[]',1)")).toThrow();
    db.close();
  });
});

describe('openDatabase refuses files it must not touch, leaving them unchanged', () => {
  it('a database written by a newer schema: err.dbNewer', () => {
    const f = file();
    populated(f, 2);
    const raw = new Database(f);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = sha(f);
    const e = refusal(() => openDatabase(f));
    expect(e.code).toBe('err.dbNewer');
    expect(e.params).toMatchObject({ file: f, found: SCHEMA_VERSION + 1, known: SCHEMA_VERSION });
    expect(sha(f)).toBe(before);
    // The refusal is stable: a second try says the same and still changes nothing.
    expect(refusal(() => openDatabase(f)).code).toBe('err.dbNewer');
    expect(sha(f)).toBe(before);
  });

  it('a file of random bytes: err.dbNotDatabase', () => {
    const f = file();
    mkdirSync(dir, { recursive: true });
    writeFileSync(f, randomBytes(8192));
    const before = sha(f);
    const e = refusal(() => openDatabase(f));
    expect(e.code).toBe('err.dbNotDatabase');
    expect(e.params).toEqual({ file: f });
    expect(sha(f)).toBe(before);
    expect(existsSync(`${f}-wal`)).toBe(false);
  });

  it('a text file: err.dbNotDatabase', () => {
    const f = file('notes.txt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(f, 'Danh sách hồ sơ\nNguyễn Văn A\n');
    const before = sha(f);
    expect(refusal(() => openDatabase(f)).code).toBe('err.dbNotDatabase');
    expect(sha(f)).toBe(before);
  });

  it('a file shorter than the SQLite header: err.dbNotDatabase', () => {
    const f = file();
    mkdirSync(dir, { recursive: true });
    writeFileSync(f, 'SQLite');
    expect(refusal(() => openDatabase(f)).code).toBe('err.dbNotDatabase');
    expect(readFileSync(f, 'utf8')).toBe('SQLite');
  });

  it('a damaged database (b-tree pages overwritten, header intact): err.dbCorrupt', () => {
    const f = file();
    populated(f, 300);
    const bytes = readFileSync(f);
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(6);
    // Scribble over the middle of every page from page 3 on, keeping page 1 (header and schema).
    for (let p = 2; p < pages; p++) {
      const start = p * pageSize + 8;
      for (let i = 0; i < pageSize - 16; i++) bytes[start + i] = (i * 37 + p) & 0xff;
    }
    writeFileSync(f, bytes);
    const before = sha(f);
    const e = refusal(() => openDatabase(f));
    expect(e.code).toBe('err.dbCorrupt');
    expect(String(e.params.detail)).not.toBe('');
    expect(sha(f)).toBe(before);
  });

  it('a database with one damaged data page: err.dbCorrupt', () => {
    const f = file();
    populated(f, 300);
    const bytes = readFileSync(f);
    const pageSize = bytes.readUInt16BE(16);
    // Find a leaf page of queue_events (page type 0x0d) beyond page 2 and damage its cell pointers.
    let target = -1;
    // From the end: the last pages belong to the big tables, not to an empty table's root.
    for (let p = bytes.length / pageSize - 1; p >= 2; p--) {
      if (bytes[p * pageSize] === 0x0d) {
        target = p;
        break;
      }
    }
    expect(target).toBeGreaterThan(1);
    bytes.fill(0xff, target * pageSize + 8, target * pageSize + 64);
    writeFileSync(f, bytes);
    const before = sha(f);
    expect(refusal(() => openDatabase(f)).code).toBe('err.dbCorrupt');
    expect(sha(f)).toBe(before);
  });

  it('a directory given as the database file is refused with a DomainError', () => {
    const d = join(file('dir.db'));
    mkdirSync(d, { recursive: true });
    const e = refusal(() => openDatabase(d));
    expect(['err.dbOpen', 'err.dbNotDatabase']).toContain(e.code);
    expect(statSync(d).isDirectory()).toBe(true);
  });

  it("another app's SQLite file (tables, application_id 0, user_version 0)", () => {
    const f = file('other.sqlite');
    mkdirSync(dir, { recursive: true });
    const raw = new Database(f);
    raw.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Lan');");
    raw.close();
    const before = sha(f);
    expect(refusal(() => openDatabase(f)).code).toBe('err.dbNotDatabase');
    expect(sha(f)).toBe(before);
  });

  // Every luudong database gets its application_id in migration 1, together with user_version 1,
  // so application_id 0 with user_version > 0 is never ours: refuse it as foreign, unchanged.
  it.each([1, SCHEMA_VERSION + 4])("another app's SQLite file with its own user_version %i (application_id 0)", (version) => {
    const f = file(`other-v${version}.sqlite`);
    mkdirSync(dir, { recursive: true });
    const raw = new Database(f);
    raw.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Lan');");
    raw.pragma(`user_version = ${version}`);
    raw.close();
    const before = sha(f);
    let outcome = 'opened';
    try {
      openDatabase(f).close();
    } catch (e) {
      outcome = e instanceof DomainError ? e.code : String(e);
    }
    expect({ version, outcome, unchanged: sha(f) === before }).toEqual({ version, outcome: 'err.dbNotDatabase', unchanged: true });
  });

  it('a SQLite file with a foreign application_id', () => {
    const f = file('geo.gpkg');
    mkdirSync(dir, { recursive: true });
    const raw = new Database(f);
    raw.pragma('application_id = 1196444487'); // GeoPackage "GPKG"
    raw.close();
    const before = sha(f);
    expect(refusal(() => openDatabase(f)).code).toBe('err.dbNotDatabase');
    expect(sha(f)).toBe(before);
  });

  it('an empty SQLite file made by a tool is adopted and migrated', () => {
    const f = file();
    mkdirSync(dir, { recursive: true });
    new Database(f).close();
    const db = openDatabase(f);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });
});

describe('schema rules', () => {
  it('queue_events is append-only: UPDATE and DELETE raise', () => {
    const f = file();
    populated(f, 2);
    const db = openDatabase(f);
    try {
      expect(() => db.prepare('UPDATE queue_events SET at = 0').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM queue_events WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM queue_events').run()).toThrow(/append-only/);
      expect((db.prepare('SELECT count(*) AS n FROM queue_events').get() as { n: number }).n).toBe(6);
    } finally {
      db.close();
    }
  });

  it('only known event types are stored and foreign keys hold', () => {
    const f = file();
    populated(f, 1);
    const db = openDatabase(f);
    try {
      expect(() => db.prepare("INSERT INTO queue_events (trip_id, ticket_id, type, at) VALUES (1, 1, 'teleported', 1)").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO queue_events (trip_id, ticket_id, type, at) VALUES (1, 999, 'called', 1)").run()).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("INSERT INTO tickets (trip_id, prefix, seq, label) VALUES (1, 'A', 1, 'A001')").run()).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it('one trip open at a time, even through raw SQL', () => {
    const f = file();
    populated(f, 1);
    const db = openDatabase(f);
    try {
      const insert = db.prepare("INSERT INTO trips (commune, place, date, start_time, end_time, operators, opened_at, closed_at) VALUES ('x', 'y', '2026-11-24', '07:30', '11:30', '[]', 2, ?)");
      expect(() => insert.run(null)).toThrow(/UNIQUE/);
      insert.run(5); // a closed trip is fine
      insert.run(6);
      db.prepare('UPDATE trips SET closed_at = 10 WHERE id = 1').run();
      insert.run(null); // now one can open
      expect(() => insert.run(null)).toThrow(/UNIQUE/);
      expect(() => db.prepare('UPDATE trips SET closed_at = NULL WHERE id = 2').run()).toThrow(/UNIQUE/);
      expect((db.prepare('SELECT count(*) AS n FROM trips WHERE closed_at IS NULL').get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('repositories', () => {
  it('round-trip a trip and its events, with labels joined in', () => {
    const f = file();
    const db = openDatabase(f);
    try {
      const trips = new TripRepo(db);
      const queue = new QueueRepo(db);
      expect(trips.current()).toBeUndefined();
      expect(trips.last()).toBeUndefined();
      const id = writeTx(db, (tx) => trips.insert(tx, { ...trip, counters: [{ no: 2, groups: ['land'] }, { no: 1, groups: ['civil', 'legal'] }] }, 100, 'Lan'));
      const t = trips.current()!;
      expect(t).toEqual({ id, commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil', 'legal'] }, { no: 2, groups: ['land'] }], openedAt: 100, closedAt: null });
      const tk = writeTx(db, (tx) => {
        const tk = queue.insertTicket(tx, id, 'A', 1, 'A001');
        queue.append(tx, id, [
          { ticketId: tk, type: 'issued', at: 101, counter: null, group: 'civil', priority: 'elderly', operator: 'Lan' },
          { ticketId: tk, type: 'called', at: 102, counter: 1, group: null, priority: null, operator: null },
        ]);
        return tk;
      });
      const events = queue.eventsSince(id, 0);
      expect(events).toEqual([
        { id: events[0]!.id, ticketId: tk, label: 'A001', type: 'issued', at: 101, counter: null, group: 'civil', priority: 'elderly', operator: 'Lan' },
        { id: events[1]!.id, ticketId: tk, label: 'A001', type: 'called', at: 102, counter: 1, group: null, priority: null, operator: null },
      ]);
      expect(events[1]!.id).toBeGreaterThan(events[0]!.id);
      expect(queue.eventsSince(id, events[0]!.id).map((e) => e.type)).toEqual(['called']);
      expect(queue.eventsSince(id + 1, 0)).toEqual([]);
      expect(writeTx(db, (tx) => trips.close(tx, id, 200, 'Lan'))).toBe(true);
      expect(writeTx(db, (tx) => trips.close(tx, id, 300, 'Lan'))).toBe(false);
      expect(trips.current()).toBeUndefined();
      expect(trips.get(id)!.closedAt).toBe(200);
      expect(trips.last()!.id).toBe(id);
      expect(trips.get(id + 1)).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

describe('resolveDbPath', () => {
  const home = join(homedir(), '.local', 'share', 'luudong');
  const env = { LUUDONG_DB: '/env/l.db', XDG_DATA_HOME: '/xdg' };

  it('--db wins over everything', () => {
    expect(resolveDbPath({ db: '/x/my.db', demo: true }, env)).toBe('/x/my.db');
  });

  it('then the demo database in the data home', () => {
    expect(resolveDbPath({ demo: true }, env)).toBe('/xdg/luudong/demo.db');
    expect(resolveDbPath({ demo: true }, {})).toBe(join(home, 'demo.db'));
  });

  it('then LUUDONG_DB', () => {
    expect(resolveDbPath({}, env)).toBe('/env/l.db');
  });

  it('then XDG_DATA_HOME (absolute only), then ~/.local/share', () => {
    expect(resolveDbPath({}, { XDG_DATA_HOME: '/xdg' })).toBe('/xdg/luudong/luudong.db');
    expect(resolveDbPath({}, { XDG_DATA_HOME: 'relative/dir' })).toBe(join(home, 'luudong.db'));
    expect(resolveDbPath({}, { XDG_DATA_HOME: '' })).toBe(join(home, 'luudong.db'));
    expect(resolveDbPath({}, {})).toBe(join(home, 'luudong.db'));
    expect(dataHome({ XDG_DATA_HOME: '/d' })).toBe('/d/luudong');
  });
});

describe('storeError', () => {
  const sqlite = (code: string) => Object.assign(new Error(code.toLowerCase()), { code });

  it('maps SQLite failures to messages the operator can act on', () => {
    expect(storeError(sqlite('SQLITE_FULL')).code).toBe('err.dbFull');
    expect(storeError(sqlite('SQLITE_BUSY')).code).toBe('err.dbBusy');
    expect(storeError(sqlite('SQLITE_BUSY_SNAPSHOT')).code).toBe('err.dbBusy');
    expect(storeError(sqlite('SQLITE_LOCKED')).code).toBe('err.dbBusy');
    expect(storeError(sqlite('SQLITE_READONLY')).code).toBe('err.dbReadOnly');
    expect(storeError(sqlite('SQLITE_CORRUPT'), '/f.db')).toMatchObject({ code: 'err.dbCorrupt', params: { file: '/f.db' } });
    expect(storeError(sqlite('SQLITE_NOTADB'), '/f.db')).toMatchObject({ code: 'err.dbNotDatabase', params: { file: '/f.db' } });
    expect(storeError(sqlite('SQLITE_IOERR_WRITE')).code).toBe('err.dbIo');
    expect(storeError(new Error('x')).code).toBe('err.unexpected');
    const d = new DomainError('err.noOpenTrip');
    expect(storeError(d)).toBe(d);
  });
});
