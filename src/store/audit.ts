// The audit chain (migration 14): one entry per audited row, written by triggers in the row's own
// transaction, each with a MAC keyed with a secret from the vehicle's key (src/store/vehicleKey.ts):
//
//   mac = keyed hash (below) over the previous entry's MAC, the source, the row's id and either the
//         row's content itself (a JSON array of its fields, as the trigger lists them: rowMac), or,
//         for a row that may change or go, a digest of it kept in the entry (chainMac); 16 bytes
//
// An entry does not copy its row: `audit verify` reads the row again, digests it and checks the
// MAC, so a row changed afterwards (with the sqlite3 shell, past the triggers that forbid it), an
// entry changed, removed or inserted, and a chain rebuilt without the vehicle's key each fail where
// they are; rows with no entry (a trigger dropped) are found as the check walks each table in step
// with the chain. Where a row may change or go for good reasons (a print job's state, a rating
// replaced, a trip reopened, personal data removed after its retention), the entry keeps the digest.
// Then the records are reconciled with the log: every dossier's state, dates and payment with its
// events, every ticket with its issue, every print job, trip, rating and operator with their latest
// entry. The chain's head (entry number and MAC) goes outside the file: into handover manifests,
// reports, backups and a file beside the database, and `audit verify --anchor` checks the chain
// against one (src/app/audit.ts).
//
// The first log (migration 10: unkeyed SHA-256 over copies of each event) is closed and still
// checked; the chain's first note names its length and last hash.
import { createHash, hash as oneShotHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import { DomainError } from '../core/errors.js';
import type { Db, Tx } from './types.js';
import { writeTx } from './tx.js';
import { writeFileDurably } from './durable.js';
import type { VehicleKey } from './vehicleKey.js';

// ---- the definitions ------------------------------------------------------------------------------

/** Each source of entries: its number in the chain and the table its rows are in. */
export const SRC = {
  queue: 1,
  dossierEvent: 2,
  dossierReceived: 3,
  help: 4,
  rating: 5,
  printQueued: 6,
  printState: 7,
  tripOpen: 8,
  tripClose: 9,
  handover: 10,
  purge: 11,
  operatorAdd: 12,
  operatorChange: 13,
  note: 14,
  vehicleKey: 15,
  payment: 16,
  refusal: 17,
  supplement: 18,
  office: 19,
} as const;
export type Source = keyof typeof SRC;
const SRC_NAME = new Map<number, Source>(Object.entries(SRC).map(([k, v]) => [v, k as Source]));

const DIGEST_BYTES = 16;
const MAC_BYTES = 16;

const sha256: (data: Uint8Array | string) => Buffer =
  typeof oneShotHash === 'function' ? (data) => oneShotHash('sha256', data, 'buffer') as Buffer : (data) => createHash('sha256').update(data).digest();

/** The digest of a row's content: SHA-256 of its fields as a JSON array, the first 16 bytes. */
export function contentDigest(values: readonly unknown[]): Buffer {
  return sha256(JSON.stringify(values)).subarray(0, DIGEST_BYTES);
}

/**
 * A keyed hash: SHA-256 over the key, a domain byte, the message's length and the message. The
 * length in front makes the inputs prefix-free, so SHA-256's length extension cannot forge one;
 * one SHA-256 (not HMAC's two) keeps the check of a year's million entries within seconds.
 */
function keyed(key: Buffer, domain: number, message: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(key.length + 5 + message.length);
  key.copy(buf, 0);
  buf[key.length] = domain;
  buf.writeUInt32BE(message.length, key.length + 1);
  buf.set(message, key.length + 5);
  return sha256(buf);
}

const macInput = Buffer.alloc(MAC_BYTES + 1 + 8 + DIGEST_BYTES);
/** An entry's MAC: over the previous entry's MAC (none for the first), its source, its row's id and the row's digest. */
export function chainMac(key: Buffer, prev: Uint8Array | null, src: number, ref: number, digest: Uint8Array): Buffer {
  macInput.fill(0);
  if (prev) macInput.set(prev.subarray(0, MAC_BYTES), 0);
  macInput[MAC_BYTES] = src;
  macInput.writeBigInt64BE(BigInt(ref), MAC_BYTES + 1);
  macInput.set(digest.subarray(0, DIGEST_BYTES), MAC_BYTES + 9);
  return keyed(key, 0x4d /* M */, macInput).subarray(0, MAC_BYTES);
}

/**
 * An entry's MAC over its row's content itself (rows that never change): over the previous entry's
 * MAC, its source, its row's id and the content as a JSON array, one keyed hash (length-prefixed:
 * inputs of any length stay prefix-free). Saves a digest per entry on the million of a year.
 */
export function rowMac(key: Buffer, prev: Uint8Array | null, src: number, ref: number, values: readonly unknown[]): Buffer {
  const json = Buffer.from(JSON.stringify(values));
  const m = Buffer.alloc(MAC_BYTES + 1 + 8 + json.length);
  if (prev) m.set(prev.subarray(0, MAC_BYTES), 0);
  m[MAC_BYTES] = src;
  m.writeBigInt64BE(BigInt(ref), MAC_BYTES + 1);
  json.copy(m, MAC_BYTES + 9);
  return keyed(key, 0x52 /* R */, m).subarray(0, MAC_BYTES);
}

/** A dossier's personal data (number, name, postal address, note) as a keyed seal, 16 bytes. */
export function personalSeal(key: Buffer, values: readonly unknown[]): Buffer {
  return keyed(key, 0x53 /* S */, Buffer.from(JSON.stringify(values))).subarray(0, DIGEST_BYTES);
}

/** The first log's hash (migration 10), for checking it. */
export function chainHash(prev: Uint8Array | null, at: number, operator: string | null, kind: string, payload: string): Buffer {
  return createHash('sha256')
    .update(prev ?? new Uint8Array(0))
    .update('\n')
    .update(JSON.stringify([at, operator, kind]))
    .update('\n')
    .update(payload)
    .digest();
}

/**
 * The audit functions the triggers call, on every connection that may write. `key` gives the
 * vehicle's key when a trigger first needs it, or throws (a missing key: nothing is written).
 */
export function registerAuditFunctions(db: Db, key: () => VehicleKey): void {
  const secret = () => key().secret('audit-chain');
  // the first log's triggers, for a database not yet migrated past them
  db.function('luudong_chain', { deterministic: true }, (prev: unknown, at: unknown, operator: unknown, kind: unknown, payload: unknown) =>
    chainHash(prev instanceof Uint8Array ? prev : null, Number(at), operator === null ? null : String(operator), String(kind), String(payload)),
  );
  db.function('luudong_digest', { deterministic: true, varargs: true }, (...values: unknown[]) => contentDigest(values));
  db.function('luudong_seal', { varargs: true }, (...values: unknown[]) => personalSeal(secret(), values));
  db.function('luudong_mac', (prev: unknown, src: unknown, ref: unknown, digest: unknown) => {
    if (!(digest instanceof Uint8Array)) throw new Error('luudong_mac: no digest');
    return chainMac(secret(), prev instanceof Uint8Array ? prev : null, Number(src), Number(ref), digest);
  });
  db.function('luudong_mac_row', { varargs: true }, (prev: unknown, src: unknown, ref: unknown, ...values: unknown[]) =>
    rowMac(secret(), prev instanceof Uint8Array ? prev : null, Number(src), Number(ref), values),
  );
  db.function('luudong_key_fingerprint', () => key().fingerprint);
}

// ---- writing ----------------------------------------------------------------------------------------

/** A note written by the app itself (a login, a refused PIN, a restore), chained by its trigger. */
export function appendAudit(_tx: Tx, db: Db, at: number, operator: string | null, kind: string, payload: unknown[]): void {
  db.prepare('INSERT INTO audit_notes (at, operator, kind, payload) VALUES (?, ?, ?, ?)').run(at, operator, kind, JSON.stringify(payload));
}

/** A note written into a file no app has open (a restore's copy, before it is put in place), in a transaction of its own. */
export function appendAuditAlone(db: Db, at: number, operator: string | null, kind: string, payload: unknown[]): void {
  writeTx(db, (tx) => appendAudit(tx, db, at, operator, kind, payload));
}

/** The chain's head: how many entries, and the last one's MAC (hex). */
export interface AuditHead {
  entries: number;
  mac: string;
}

export function auditHead(db: Db): AuditHead | null {
  const r = db.prepare('SELECT seq, mac FROM audit_chain ORDER BY seq DESC LIMIT 1').get() as { seq: number; mac: Buffer } | undefined;
  return r ? { entries: r.seq, mac: r.mac.toString('hex') } : null;
}

/** The fingerprint of the key the chain is made with now (its latest vehicle_keys row). */
export function chainKeyFingerprint(db: Db): string | null {
  try {
    return (db.prepare('SELECT fingerprint FROM vehicle_keys ORDER BY id DESC LIMIT 1').get() as { fingerprint: string } | undefined)?.fingerprint ?? null;
  } catch {
    return null; // before migration 14
  }
}

// ---- reading --------------------------------------------------------------------------------------

export interface AuditEntry {
  seq: number;
  source: Source | 'unknown';
  ref: number;
  at: number | null;
  operator: string | null;
  kind: string;
  mac: string;
}

/** The latest entries, newest first, each said as what it records (its row read for time and operator). */
export function recentAudit(db: Db, limit: number): AuditEntry[] {
  const rows = db.prepare('SELECT seq, src, ref, mac FROM audit_chain ORDER BY seq DESC LIMIT ?').all(limit) as { seq: number; src: number; ref: number; mac: Buffer }[];
  return rows.map((r) => {
    const source = SRC_NAME.get(r.src) ?? 'unknown';
    const d = source === 'unknown' ? undefined : describe(db, source, r.ref);
    return { seq: r.seq, source, ref: r.ref, at: d?.at ?? null, operator: d?.operator ?? null, kind: d?.kind ?? source, mac: r.mac.toString('hex') };
  });
}

function describe(db: Db, source: Source, id: number): { at: number | null; operator: string | null; kind: string } | undefined {
  const q = (sql: string) => db.prepare(sql).get(id) as { at: number | null; operator: string | null; kind: string } | undefined;
  switch (source) {
    case 'queue':
      return q("SELECT at, operator, 'queue.' || type AS kind FROM queue_events WHERE id = ?");
    case 'dossierEvent':
    case 'dossierReceived':
      return q("SELECT e.at, e.operator, 'dossier.' || e.to_state || ' ' || d.code AS kind FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.id = ?");
    case 'help':
      return q("SELECT at, operator, 'help.' || kind AS kind FROM help_events WHERE id = ?");
    case 'rating':
      return q("SELECT at, operator, 'rating' AS kind FROM ratings WHERE ticket_id = ?");
    case 'printQueued':
      return q("SELECT created_at AS at, NULL AS operator, 'print.queued ' || kind || ' ' || ifnull(ref, '') AS kind FROM print_jobs WHERE id = ?");
    case 'printState':
      return q("SELECT updated_at AS at, NULL AS operator, 'print.' || state || ' ' || id AS kind FROM print_jobs WHERE id = ?");
    case 'tripOpen':
      return q("SELECT opened_at AS at, opened_by AS operator, 'trip.open ' || id AS kind FROM trips WHERE id = ?");
    case 'tripClose':
      // reopened since: the close as the reopening's note kept it
      return q(
        `SELECT coalesce(t.closed_at, json_extract(n.payload, '$[2]')) AS at, coalesce(t.closed_by, json_extract(n.payload, '$[3]')) AS operator, 'trip.close ' || t.id AS kind
         FROM trips t LEFT JOIN audit_notes n ON n.id = (SELECT max(id) FROM audit_notes WHERE kind = 'trip.reopen' AND json_extract(payload, '$[1]') = t.id) WHERE t.id = ?`,
      );
    case 'handover':
      return q("SELECT at, operator, 'handover.export' AS kind FROM handovers WHERE id = ?");
    case 'purge':
      return q("SELECT at, operator, 'purge' AS kind FROM purges WHERE id = ?");
    case 'operatorAdd':
      return q("SELECT created_at AS at, created_by AS operator, 'operator.add ' || name AS kind FROM operators WHERE id = ?");
    case 'operatorChange':
      return q("SELECT changed_at AS at, changed_by AS operator, 'operator.change ' || name AS kind FROM operators WHERE id = ?");
    case 'note':
      return q('SELECT at, operator, kind FROM audit_notes WHERE id = ?');
    case 'vehicleKey':
      return q("SELECT at, NULL AS operator, 'key ' || fingerprint AS kind FROM vehicle_keys WHERE id = ?");
    case 'payment':
      // the bank's reference with it, when one was given (the entry's MAC covers it)
      return q("SELECT p.at, p.operator, 'payment.' || p.kind || ' ' || d.code || coalesce(' ref ' || p.note, '') AS kind FROM payment_events p JOIN dossiers d ON d.id = p.dossier_id WHERE p.id = ?");
    case 'refusal':
      return q("SELECT at, operator, 'refusal ' || id AS kind FROM refusals WHERE id = ?");
    case 'supplement':
      return q("SELECT s.at, s.operator, 'supplement ' || d.code AS kind FROM supplement_requests s JOIN dossiers d ON d.id = s.dossier_id WHERE s.id = ?");
    case 'office':
      return q("SELECT updated_at AS at, updated_by AS operator, 'office ' || id AS kind FROM offices WHERE rowid = ?");
  }
}

// ---- checking -----------------------------------------------------------------------------------------

export type ProblemKind =
  /** An entry's MAC does not follow: the entry, or the row it stands for, was changed, or one before it removed. */
  | 'entry'
  /** A row differs from the digest its entry kept. */
  | 'changed'
  /** A row with no entry: its trigger was dropped, or its entry removed. */
  | 'unlogged'
  /** An entry whose row is gone. */
  | 'gone'
  /** A record that is not what its logged events produce (a dossier's state, a trip's close...). */
  | 'differs'
  /** Entries missing between two (their numbers skipped). */
  | 'gap'
  /** The first log does not match what the chain's start recorded, or its own hashes. */
  | 'firstLog'
  /** The chain names another key than this vehicle's. */
  | 'key';

export interface AuditProblem {
  kind: ProblemKind;
  /** The record, as the operator knows it: "dossier 000.00.20.H26-261123-0001", "ticket A012", "print job 17". */
  what: string;
  /** The entry (its number in the chain), when there is one. */
  entry?: number;
  /** Which field differs, for 'differs'. */
  field?: string;
}

export interface AuditReport {
  entries: number;
  head: AuditHead | null;
  /** Problems found, at most PROBLEM_LIMIT listed; `problemCount` counts them all. */
  problems: AuditProblem[];
  problemCount: number;
  firstLog: { entries: number; broken: { id: number; reason: 'hash' | 'gap' } | null };
  ms: number;
}

export const PROBLEM_LIMIT = 200;

const FINAL_JOB_STATES = ['done', 'failed', 'cancelled', 'interrupted'];

// The check runs over a million entries: rows come as arrays (better-sqlite3's raw mode), digests
// and MACs as hex strings (no Buffer per entry), written into one buffer reused for every MAC.

/** A row as an array, its id first. */
type Row = unknown[];

/** Rows of a table in id order, in pages: walked in step with the chain. */
class Walker {
  private buf: Row[] = [];
  private i = 0;
  private done = false;
  constructor(private readonly stmt: Statement, private after = Number.MIN_SAFE_INTEGER, private readonly page = 5000) {
    stmt.raw(true);
  }
  peek(): Row | undefined {
    if (this.i >= this.buf.length) {
      if (this.done) return undefined;
      this.buf = this.stmt.all(this.after, this.page) as Row[];
      this.i = 0;
      if (this.buf.length < this.page) this.done = true;
      if (this.buf.length === 0) return undefined;
      this.after = (this.buf[this.buf.length - 1] as Row)[0] as number;
    }
    return this.buf[this.i];
  }
  next(): Row | undefined {
    const r = this.peek();
    if (r) this.i++;
    return r;
  }
}

const hexDigest = (values: readonly unknown[]) => (sha256Hex(JSON.stringify(values)) as string).slice(0, DIGEST_BYTES * 2);
const sha256Hex: (data: Uint8Array | string) => string =
  typeof oneShotHash === 'function' ? (data) => oneShotHash('sha256', data, 'hex') as string : (data) => createHash('sha256').update(data).digest('hex');

/** chainMac with hex in and out, on one buffer: [key][M][length][prev][src][ref][digest]. */
function hexMacer(key: Buffer): (prevHex: string | null, src: number, ref: number, digestHex: string) => string {
  const buf = Buffer.alloc(key.length + 5 + MAC_BYTES + 1 + 8 + DIGEST_BYTES);
  key.copy(buf, 0);
  buf[key.length] = 0x4d;
  buf.writeUInt32BE(MAC_BYTES + 1 + 8 + DIGEST_BYTES, key.length + 1);
  const at = key.length + 5;
  return (prevHex, src, ref, digestHex) => {
    if (prevHex) buf.write(prevHex, at, MAC_BYTES, 'hex');
    else buf.fill(0, at, at + MAC_BYTES);
    buf[at + MAC_BYTES] = src;
    buf.writeBigInt64BE(BigInt(ref), at + MAC_BYTES + 1);
    buf.write(digestHex, at + MAC_BYTES + 9, DIGEST_BYTES, 'hex');
    return sha256Hex(buf).slice(0, MAC_BYTES * 2);
  };
}

/** rowMac with hex in and out, on one growing buffer: [key][R][length][prev][src][ref][JSON]. */
function hexRowMacer(key: Buffer): (prevHex: string | null, src: number, ref: number, values: readonly unknown[]) => string {
  let buf = Buffer.alloc(4096);
  key.copy(buf, 0);
  buf[key.length] = 0x52;
  const at = key.length + 5;
  return (prevHex, src, ref, values) => {
    const json = JSON.stringify(values);
    const need = at + MAC_BYTES + 9 + json.length * 3;
    if (need > buf.length) {
      const bigger = Buffer.alloc(need * 2);
      buf.copy(bigger, 0, 0, at);
      buf = bigger;
    }
    if (prevHex) buf.write(prevHex, at, MAC_BYTES, 'hex');
    else buf.fill(0, at, at + MAC_BYTES);
    buf[at + MAC_BYTES] = src;
    buf.writeBigInt64BE(BigInt(ref), at + MAC_BYTES + 1);
    const n = buf.write(json, at + MAC_BYTES + 9, 'utf8');
    buf.writeUInt32BE(MAC_BYTES + 9 + n, key.length + 1);
    return sha256Hex(buf.subarray(0, at + MAC_BYTES + 9 + n)).slice(0, MAC_BYTES * 2);
  };
}

interface Stepped {
  table: string;
  /** Selects the content columns first, in the trigger's order, then what names the row. */
  sql: string;
  /** The row's content as its trigger digests it; `kept` the entry's kept bytes (hex). */
  content(row: Row, keptHex: string | null): unknown[];
  /** Which source a row of this table is logged as. */
  srcOf(row: Row): number;
  what(row: Row): string;
}

const DOSSIER_PUBLIC = [
  'code', 'agency', 'received_on', 'seq', 'trip_id', 'ticket_id', 'procedure_key', 'procedure_code', 'procedure_name', 'field', 'grp', 'processing_days',
  'documents', 'fee_vnd', 'payment', 'vietqr', 'return_method', 'postal_fee_vnd', 'received_at', 'due_date', 'operator', 'fee_detail', 'due_time',
  'register_book', 'register_no',
] as const;
const DOSSIER_PERSONAL = ['citizen_id', 'citizen_name', 'postal_address', 'note', 'phone', 'email', 'subject'] as const;
/** Dossier event rows: the event (7), the dossier as received, its personal data, purge_id, code. */
const EV = {
  to: 4,
  received: 7 + DOSSIER_PUBLIC.length,
  personal: 7 + DOSSIER_PUBLIC.length,
  purge: 7 + DOSSIER_PUBLIC.length + DOSSIER_PERSONAL.length,
  code: 7 + DOSSIER_PUBLIC.length + DOSSIER_PERSONAL.length + 1,
};

/** The tables whose rows never change: walked in step with the chain, their content digested again. */
function steppedTables(hasPayments: boolean): Map<number, Stepped> {
  const page = (sql: string) => `${sql} WHERE x.id > ? ORDER BY x.id LIMIT ?`;
  const plain = (table: string, columns: string, src: number, what: (r: Row) => string, extra = '', from = `${table} x`): Stepped => {
    const n = columns.split(',').length;
    return { table, sql: page(`SELECT ${columns}${extra ? `, ${extra}` : ''} FROM ${from}`), content: (r) => (r.length === n ? r : r.slice(0, n)), srcOf: () => src, what };
  };
  const dossierEvents: Stepped = {
    table: 'dossier_events',
    sql: page(
      `SELECT x.id, x.dossier_id, x.at, x.from_state, x.to_state, x.operator, x.result_on, ${DOSSIER_PUBLIC.map((c) => `d.${c}`).join(', ')},
         ${DOSSIER_PERSONAL.map((c) => `d.${c}`).join(', ')}, d.purge_id, d.code
       FROM dossier_events x LEFT JOIN dossiers d ON d.id = x.dossier_id`,
    ),
    content: (r, kept) => (r[EV.to] === 'received' ? [...r.slice(0, EV.received), kept ? kept.toUpperCase() : null] : r.slice(0, 7)),
    srcOf: (r) => (r[EV.to] === 'received' ? SRC.dossierReceived : SRC.dossierEvent),
    what: (r) => `dossier ${String(r[EV.code] ?? `#${String(r[1])}`)} (event ${String(r[0])}: ${String(r[EV.to])})`,
  };
  const list: [number[], Stepped][] = [
    [
      [SRC.queue],
      plain(
        'queue_events',
        "x.id, x.trip_id, x.ticket_id, x.type, x.at, x.counter, x.grp, x.priority, x.operator, CASE WHEN x.type = 'issued' THEN (SELECT t.trip_id || ':' || t.label FROM tickets t WHERE t.id = x.ticket_id) END",
        SRC.queue,
        (r) => `ticket ${String(r[9] ?? `#${String(r[2])}`).replace(/^\d+:/, '')} (queue event ${String(r[0])}: ${String(r[3])})`,
      ),
    ],
    [[SRC.dossierEvent, SRC.dossierReceived], dossierEvents],
    [[SRC.help], plain('help_events', 'x.id, x.trip_id, x.ticket_id, x.kind, x.at, x.operator', SRC.help, (r) => `help ${String(r[0])} (${String(r[3])})`)],
    [[SRC.tripOpen], plain('trips', 'x.id, x.commune, x.place, x.date, x.start_time, x.end_time, x.operators, x.opened_at, x.opened_by, x.office_id, x.office', SRC.tripOpen, (r) => `trip ${String(r[0])}`)],
    [[SRC.refusal], plain('refusals', 'x.id, x.trip_id, x.agency, x.procedure_key, x.procedure_code, x.reason, x.dossier_id, x.at, x.operator', SRC.refusal, (r) => `refusal ${String(r[0])}`)],
    [
      [SRC.supplement],
      plain('supplement_requests', 'x.id, x.dossier_id, x.items, x.reason, x.contact, x.at, x.operator', SRC.supplement, (r) => `dossier ${String(r[7] ?? `#${String(r[1])}`)} (request to supplement ${String(r[0])})`, 'd.code', 'supplement_requests x LEFT JOIN dossiers d ON d.id = x.dossier_id'),
    ],
    [[SRC.handover], plain('handovers', 'x.id, x.uuid, x.at, x.trip_id, x.to_office, x.handed_by, x.dossiers, x.manifest_sha256, x.key_fingerprint, x.operator', SRC.handover, (r) => `handover ${String(r[0])}`)],
    [[SRC.purge], plain('purges', 'x.id, x.at, x.operator, x.older_than_days, x.cutoff, x.dossiers, x.citizens, x.files', SRC.purge, (r) => `purge ${String(r[0])}`)],
    [[SRC.note], plain('audit_notes', 'x.id, x.at, x.operator, x.kind, x.payload', SRC.note, (r) => `note ${String(r[0])} (${String(r[3])})`)],
    [[SRC.vehicleKey], plain('vehicle_keys', 'x.id, x.fingerprint, x.at', SRC.vehicleKey, (r) => `vehicle key ${String(r[0])}`)],
  ];
  if (hasPayments)
    list.push([
      [SRC.payment],
      plain('payment_events', 'x.id, x.dossier_id, x.at, x.kind, x.operator, x.note', SRC.payment, (r) => `dossier ${String(r[6] ?? `#${String(r[1])}`)} (payment ${String(r[0])}: ${String(r[3])})`, 'd.code', 'payment_events x LEFT JOIN dossiers d ON d.id = x.dossier_id'),
    ]);
  const out = new Map<number, Stepped>();
  for (const [srcs, st] of list) for (const src of srcs) out.set(src, st);
  return out;
}

const tableExists = (db: Db, name: string) => db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
/** The dossier's copy of its latest confirmation's bank reference (migration 18). */
const hasPaidRef = (db: Db) => db.prepare("SELECT 1 FROM pragma_table_info('dossiers') WHERE name = 'paid_ref'").get() !== undefined;
/** The bank reference of a dossier's latest confirmation (SQL, `d` the dossier): what its paid_ref must be. */
const LATEST_REF = "(SELECT p.note FROM payment_events p WHERE p.dossier_id = d.id AND p.kind = 'confirmed' ORDER BY p.at DESC, p.id DESC LIMIT 1)";

type Latest = { rating: Map<number, string>; tripClose: Map<number, { seq: number; kept: string }>; operator: Map<number, string>; office: Map<number, string> };

/**
 * Check the whole log and reconcile the records with it. `key` is the vehicle's key; `onProgress`
 * gets the entries checked so far. Reads only (in one read transaction: one consistent view).
 */
export function verifyAudit(db: Db, key: VehicleKey, opts: { onProgress?: (done: number, total: number) => void } = {}): AuditReport {
  const t0 = Date.now();
  return db.transaction(() => {
    const problems: AuditProblem[] = [];
    let problemCount = 0;
    const report = (p: AuditProblem) => {
      problemCount++;
      if (problems.length < PROBLEM_LIMIT) problems.push(p);
    };
    const firstLog = verifyFirstLog(db);
    const secret = key.secret('audit-chain');
    const mac = hexMacer(secret);
    const rowMacHex = hexRowMacer(secret);
    const recorded = chainKeyFingerprint(db);
    if (recorded !== null && recorded !== key.fingerprint) report({ kind: 'key', what: recorded });
    // Rows written before the chain began (a database from before it) are the first log's to vouch for.
    const before = chainStart(db);
    const firstLogged = (table: string, id: number) => id <= (before[table] ?? 0);
    const stepped = steppedTables(tableExists(db, 'payment_events'));
    const walkers = new Map<string, Walker>();
    for (const st of new Set(stepped.values())) walkers.set(st.table, new Walker(db.prepare(st.sql), before[st.table] ?? 0));
    const unlogged = (st: Stepped, row: Row) => report({ kind: 'unlogged', what: st.what(row) });

    // Print jobs are walked in step with their "queued" entries; a job found in a final state waits
    // for an entry recording that state (few wait at a time: a job ends seconds after it is queued).
    const printJobs = new Walker(db.prepare('SELECT x.id, x.printer, x.kind, x.ref, x.document, x.created_at, x.state, x.attempts, x.updated_at FROM print_jobs x WHERE x.id > ? ORDER BY x.id LIMIT ?'), before.print_jobs ?? 0);
    const finalState = new Map<number, { digest: string; what: string }>();
    const goneJobs: { id: number; seq: number }[] = [];
    const latest: Latest = { rating: new Map(), tripClose: new Map(), operator: new Map(), office: new Map() };
    const purgedJobs = new Set<number>();
    const jobWhat = (r: Row) => `print job ${String(r[0])} (${String(r[2])} ${String(r[3] ?? '')})`.trimEnd();

    const total = (db.prepare('SELECT ifnull(max(seq), 0) AS n FROM audit_chain').get() as { n: number }).n;
    let prev: string | null = null;
    let expect = 1;
    let start: unknown[] | null = null;
    const chain = db.prepare('SELECT seq, src, ref, lower(hex(kept)), lower(hex(mac)) FROM audit_chain WHERE seq > ? ORDER BY seq LIMIT ?').raw(true);
    for (let after = 0; ; ) {
      const page = chain.all(after, 5000) as [number, number, number, string | null, string][];
      if (page.length === 0) break;
      after = (page[page.length - 1] as [number, number, number, string | null, string])[0];
      for (const [seq, src, ref, keptRaw, macHex] of page) {
        const kept = keptRaw || null; // hex(NULL) is ''
        if (seq !== expect) report({ kind: 'gap', what: `${expect}–${seq - 1}`, entry: seq });
        expect = seq + 1;
        let digest: string | null = null;
        let direct: string | null = null; // the MAC over the row itself (rows that never change)
        let said = false;
        const st = stepped.get(src);
        if (st) {
          const w = walkers.get(st.table) as Walker;
          for (let r = w.peek(); r && (r[0] as number) < ref; r = w.peek()) unlogged(st, w.next() as Row);
          const row = w.peek();
          if (row && row[0] === ref) {
            w.next();
            if (st.srcOf(row) === src) {
              direct = rowMacHex(prev, src, ref, st.content(row, kept));
              if (src === SRC.dossierReceived && row[EV.purge] === null && kept && personalSeal(secret, row.slice(EV.personal, EV.purge)).toString('hex') !== kept)
                report({ kind: 'changed', what: `dossier ${String(row[EV.code])}`, field: 'citizen', entry: seq });
              if (src === SRC.note && row[3] === 'audit.start' && start === null) start = JSON.parse(String(row[4])) as unknown[];
              if (src === SRC.note && row[3] === 'purge.print') for (const id of (JSON.parse(String(row[4])) as unknown[]).slice(1)) purgedJobs.add(Number(id));
            }
          } else {
            report({ kind: 'gone', what: `${st.table} ${ref}`, entry: seq });
            said = true;
          }
        } else if (kept) {
          digest = kept;
          if (src === SRC.printQueued) {
            for (let r = printJobs.peek(); r && (r[0] as number) < ref; r = printJobs.peek()) report({ kind: 'unlogged', what: jobWhat(printJobs.next() as Row) });
            const row = printJobs.peek();
            if (row && row[0] === ref) {
              printJobs.next();
              if (hexDigest(row.slice(0, 6)) !== kept) report({ kind: 'changed', what: jobWhat(row), entry: seq });
              if (FINAL_JOB_STATES.includes(String(row[6]))) finalState.set(ref, { digest: hexDigest([row[0], row[6], row[7], row[8]]), what: jobWhat(row) });
            } else goneJobs.push({ id: ref, seq }); // checked against the purges' lists below
          } else if (src === SRC.printState) {
            if (finalState.get(ref)?.digest === kept) finalState.delete(ref);
          } else if (src === SRC.rating) latest.rating.set(ref, kept);
          else if (src === SRC.tripClose) latest.tripClose.set(ref, { seq, kept });
          else if (src === SRC.operatorAdd || src === SRC.operatorChange) latest.operator.set(ref, kept);
          else if (src === SRC.office) latest.office.set(ref, kept);
        }
        if (!said && (direct ?? (digest ? mac(prev, src, ref, digest) : null)) !== macHex) {
          report({ kind: 'entry', what: st ? describeRef(db, st, ref) : `${SRC_NAME.get(src) ?? `source ${src}`} ${ref}`, entry: seq });
        }
        prev = macHex;
      }
      opts.onProgress?.(after, total);
    }
    opts.onProgress?.(total, total);
    // Rows after the last entry: logged by nothing (the tail of the log removed, or its triggers dropped).
    for (const [table, w] of walkers) {
      const st = [...stepped.values()].find((x) => x.table === table) as Stepped;
      for (let r = w.next(); r; r = w.next()) unlogged(st, r);
    }
    for (let r = printJobs.next(); r; r = printJobs.next()) report({ kind: 'unlogged', what: jobWhat(r) });
    // A job found done (or failed...) that no entry records so: its state was changed behind the log.
    for (const f of finalState.values()) report({ kind: 'differs', what: f.what, field: 'state' });
    for (const g of goneJobs) if (!purgedJobs.has(g.id)) report({ kind: 'gone', what: `print job ${g.id}`, entry: g.seq });

    // The first log, closed by the chain's first note.
    if (firstLog.broken) report({ kind: 'firstLog', what: `audit_log ${firstLog.broken.id}` });
    if (start) {
      const [n, headHex] = start as [number, string | null];
      const last = db.prepare('SELECT id, lower(hex(hash)) AS h FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; h: string } | undefined;
      if (n !== firstLog.entries || (headHex ?? null) !== (last?.h ?? null)) report({ kind: 'firstLog', what: `audit_log (${firstLog.entries} ≠ ${n})` });
    } else if (total > 0) report({ kind: 'firstLog', what: 'audit.start' });

    reconcile(db, latest, firstLogged, report);
    // Tickets named by their label (only an issue event carries it in the walk).
    const label = db.prepare('SELECT label FROM tickets WHERE id = ?').pluck();
    for (const p of problems) p.what = p.what.replace(/^ticket #(\d+) \(/, (m, id: string) => `ticket ${(label.get(Number(id)) as string | undefined) ?? `#${id}`} (`);
    return { entries: total, head: auditHead(db), problems, problemCount, firstLog, ms: Date.now() - t0 };
  })();
}

function describeRef(db: Db, st: Stepped, id: number): string {
  const row = db.prepare(st.sql.replace('WHERE x.id > ? ORDER BY x.id LIMIT ?', 'WHERE x.id = ? LIMIT ?')).raw(true).get(id, 1) as Row | undefined;
  return row ? st.what(row) : `${st.table} ${id}`;
}

/** The records against their events and latest entries. */
function reconcile(db: Db, latest: Latest, firstLogged: (table: string, id: number) => boolean, report: (p: AuditProblem) => void): void {
  // Dossiers: state, its time and the result date are those of their last events.
  const dossiers = db.prepare(
    `SELECT d.code, d.state, d.state_at, d.result_on, l.to_state, l.at,
       (SELECT result_on FROM dossier_events r WHERE r.dossier_id = d.id AND r.result_on IS NOT NULL ORDER BY r.id DESC LIMIT 1) AS event_result_on
     FROM dossiers d LEFT JOIN dossier_events l ON l.id = (SELECT max(id) FROM dossier_events m WHERE m.dossier_id = d.id)`,
  );
  for (const r of dossiers.iterate() as IterableIterator<{ code: string; state: string; state_at: number; result_on: string | null; to_state: string | null; at: number | null; event_result_on: string | null }>) {
    const what = `dossier ${r.code}`;
    if (r.to_state === null) report({ kind: 'unlogged', what });
    else if (r.state !== r.to_state) report({ kind: 'differs', what, field: 'state' });
    else if (r.state_at !== r.at) report({ kind: 'differs', what, field: 'state_at' });
    else if ((r.result_on ?? null) !== (r.event_result_on ?? null)) report({ kind: 'differs', what, field: 'result_on' });
  }
  if (tableExists(db, 'payment_events')) {
    for (const r of db
      .prepare(
        `SELECT d.code FROM dossiers d WHERE d.paid_at IS NOT (SELECT max(p.at) FROM payment_events p WHERE p.dossier_id = d.id AND p.kind = 'confirmed')`,
      )
      .iterate() as IterableIterator<{ code: string }>)
      report({ kind: 'differs', what: `dossier ${r.code}`, field: 'paid_at' });
    if (hasPaidRef(db))
      for (const r of db.prepare(`SELECT d.code FROM dossiers d WHERE d.paid_ref IS NOT ${LATEST_REF}`).iterate() as IterableIterator<{ code: string }>)
        report({ kind: 'differs', what: `dossier ${r.code}`, field: 'paid_ref' });
  }
  // Tickets: each was issued, by a logged event.
  for (const r of db.prepare("SELECT t.id, t.label FROM tickets t WHERE t.id IN (SELECT id FROM tickets EXCEPT SELECT ticket_id FROM queue_events WHERE type = 'issued')").iterate() as IterableIterator<{ id: number; label: string }>)
    report({ kind: 'unlogged', what: `ticket ${r.label} (#${r.id})` });
  // Ratings, trips' closes, operators: as their latest entry recorded.
  for (const r of db.prepare('SELECT ticket_id, trip_id, score, at, operator FROM ratings').raw(true).iterate() as IterableIterator<[number, number, number, number, string | null]>) {
    const kept = latest.rating.get(r[0]);
    if (!kept && firstLogged('ratings', r[0])) continue;
    if (!kept || hexDigest(r) !== kept) report({ kind: kept ? 'differs' : 'unlogged', what: `rating of ticket #${r[0]}`, field: 'score' });
  }
  const reopened = new Map<number, number>();
  for (const r of db.prepare("SELECT c.seq, n.payload FROM audit_notes n JOIN audit_chain c ON c.src = 14 AND c.ref = n.id WHERE n.kind = 'trip.reopen'").iterate() as IterableIterator<{ seq: number; payload: string }>) {
    const id = Number((JSON.parse(r.payload) as unknown[])[1]);
    reopened.set(id, Math.max(reopened.get(id) ?? 0, r.seq));
  }
  for (const r of db.prepare('SELECT id, closed_at, closed_by FROM trips').raw(true).iterate() as IterableIterator<[number, number | null, string | null]>) {
    const close = latest.tripClose.get(r[0]);
    if (!close && firstLogged('trips', r[0]) && !reopened.has(r[0])) continue;
    const open = close === undefined || (reopened.get(r[0]) ?? 0) > close.seq;
    if (r[1] === null ? !open : open || hexDigest(r) !== close.kept) report({ kind: 'differs', what: `trip ${r[0]}`, field: 'closed_at' });
  }
  for (const r of db.prepare('SELECT id, name, name_folded, role, pin_hash, disabled_at, created_at, created_by, changed_at, changed_by FROM operators').raw(true).iterate() as IterableIterator<unknown[]>) {
    const id = r[0] as number;
    const kept = latest.operator.get(id);
    if (!kept && firstLogged('operators', id)) continue;
    if (!kept) report({ kind: 'unlogged', what: `operator ${String(r[1])}` });
    else if (kept !== hexDigest(r.slice(0, 8)) && kept !== hexDigest([...r.slice(0, 6), r[8], r[9]])) report({ kind: 'differs', what: `operator ${String(r[1])}`, field: 'role' });
  }
  for (const r of db.prepare('SELECT rowid, id, data, updated_at, updated_by FROM offices').raw(true).iterate() as IterableIterator<unknown[]>) {
    const kept = latest.office.get(r[0] as number);
    if (!kept && firstLogged('offices', r[0] as number)) continue;
    if (!kept || kept !== hexDigest(r.slice(1))) report({ kind: kept ? 'differs' : 'unlogged', what: `office ${String(r[1])}`, field: 'office' });
  }
}

/**
 * A few dossiers checked against the log without walking it (the cash statement of one trip): each
 * one's receipt entry (its MAC over the row as it is now and the entry before), its state, time and
 * payment confirmations as its logged events give them. Problems named by dossier code.
 */
export function checkDossiers(db: Db, key: VehicleKey, ids: readonly number[]): AuditProblem[] {
  const mac = hexRowMacer(key.secret('audit-chain'));
  const out: AuditProblem[] = [];
  const events = steppedTables(true).get(SRC.dossierReceived) as Stepped;
  const row = db.prepare(events.sql.replace('WHERE x.id > ? ORDER BY x.id LIMIT ?', "WHERE x.dossier_id = ? AND x.to_state = 'received'")).raw(true);
  const entry = db.prepare('SELECT seq, lower(hex(kept)) AS kept, lower(hex(mac)) AS mac FROM audit_chain WHERE src = 3 AND ref = ?');
  const macAt = db.prepare('SELECT lower(hex(mac)) FROM audit_chain WHERE seq = ?').pluck();
  const dossier = db.prepare(
    `SELECT d.code, d.state, d.state_at, d.paid_at, l.to_state, l.at,
       (SELECT max(p.at) FROM payment_events p WHERE p.dossier_id = d.id AND p.kind = 'confirmed') AS confirmed,
       ${hasPaidRef(db) ? `d.paid_ref IS NOT ${LATEST_REF}` : '0'} AS ref_differs
     FROM dossiers d LEFT JOIN dossier_events l ON l.id = (SELECT max(id) FROM dossier_events m WHERE m.dossier_id = d.id) WHERE d.id = ?`,
  );
  const payments = db.prepare('SELECT x.id, x.dossier_id, x.at, x.kind, x.operator, x.note FROM payment_events x WHERE x.dossier_id = ?').raw(true);
  const paymentEntry = db.prepare('SELECT seq, lower(hex(mac)) AS mac FROM audit_chain WHERE src = 16 AND ref = ?');
  const macOk = (seq: number, src: number, ref: number, values: readonly unknown[], want: string) => mac(seq > 1 ? ((macAt.get(seq - 1) as string | undefined) ?? null) : null, src, ref, values) === want;
  for (const id of ids) {
    const d = dossier.get(id) as { code: string; state: string; state_at: number; paid_at: number | null; to_state: string | null; at: number | null; confirmed: number | null; ref_differs: number } | undefined;
    if (!d) continue;
    const what = `dossier ${d.code}`;
    const r = row.get(id) as Row | undefined;
    const e = r ? (entry.get(r[0]) as { seq: number; kept: string; mac: string } | undefined) : undefined;
    if (!r || !e) out.push({ kind: 'unlogged', what });
    else if (!macOk(e.seq, SRC.dossierReceived, r[0] as number, events.content(r, e.kept || null), e.mac)) out.push({ kind: 'entry', what, entry: e.seq });
    if (d.to_state !== d.state || d.at !== d.state_at) out.push({ kind: 'differs', what, field: 'state' });
    if ((d.paid_at ?? null) !== (d.confirmed ?? null)) out.push({ kind: 'differs', what, field: 'paid_at' });
    if (d.ref_differs) out.push({ kind: 'differs', what, field: 'paid_ref' });
    for (const p of payments.all(id) as Row[]) {
      const pe = paymentEntry.get(p[0]) as { seq: number; mac: string } | undefined;
      if (!pe || !macOk(pe.seq, SRC.payment, p[0] as number, p, pe.mac)) out.push({ kind: pe ? 'entry' : 'unlogged', what, field: 'paid_at' });
    }
  }
  return out;
}

/** The last row of each table at the chain's start (rows up to it were logged by the first log). */
function chainStart(db: Db): Record<string, number> {
  const payload = db.prepare("SELECT payload FROM audit_notes WHERE kind = 'audit.start' ORDER BY id LIMIT 1").pluck().get() as string | undefined;
  if (!payload) return {};
  const last = (JSON.parse(payload) as unknown[])[2];
  return typeof last === 'object' && last !== null ? (last as Record<string, number>) : {};
}

/** The first log (migration 10): its hash chain from the first entry; stops at the first broken link. */
export function verifyFirstLog(db: Db): { entries: number; broken: { id: number; reason: 'hash' | 'gap' } | null } {
  let prev: Buffer | null = null;
  let lastId = 0;
  let n = 0;
  for (const e of db.prepare('SELECT id, at, operator, kind, payload, hash FROM audit_log ORDER BY id').iterate() as IterableIterator<{ id: number; at: number; operator: string | null; kind: string; payload: string; hash: Buffer }>) {
    n++;
    if (e.id !== lastId + 1) return { entries: n, broken: { id: e.id, reason: 'gap' } };
    if (!Buffer.isBuffer(e.hash) || !chainHash(prev, e.at, e.operator, e.kind, e.payload).equals(e.hash)) return { entries: n, broken: { id: e.id, reason: 'hash' } };
    prev = e.hash;
    lastId = e.id;
  }
  return { entries: n, broken: null };
}

/** Whether the chain holds entry `entries` with this MAC (hex): an anchor from outside the file. */
export function checkAnchor(db: Db, anchor: AuditHead): 'ok' | 'missing' | 'differs' {
  const r = db.prepare('SELECT mac FROM audit_chain WHERE seq = ?').get(anchor.entries) as { mac: Buffer } | undefined;
  if (!r) return 'missing';
  return r.mac.toString('hex') === anchor.mac.toLowerCase() ? 'ok' : 'differs';
}


// ---- the head kept beside the database ------------------------------------------------------------

/**
 * The chain's head as last seen at a trip's close, a report, a backup, a handover or a clean close,
 * kept outside the database (`<db>.audit-head`, owner-only): a log whose tail was removed, or that
 * was rebuilt, no longer holds it.
 */
export const headFile = (dbFile: string) => `${dbFile}.audit-head`;

export function readHeadFile(dbFile: string): (AuditHead & { at: number }) | undefined {
  try {
    const j = JSON.parse(readFileSync(headFile(dbFile), 'utf8')) as { entries?: unknown; mac?: unknown; at?: unknown };
    if (Number.isSafeInteger(j.entries) && typeof j.mac === 'string' && /^[0-9a-f]{32}$/.test(j.mac)) return { entries: j.entries as number, mac: j.mac, at: Number(j.at) || 0 };
  } catch {
    // none yet, or unreadable: nothing to compare with
  }
  return undefined;
}

/** Keep the chain's head beside the database; best effort (a full disk only loses this check). */
export function saveHead(db: Db, dbFile: string, at: number): AuditHead | null {
  const head = auditHead(db);
  if (!head) return null;
  const kept = readHeadFile(dbFile);
  if (kept && kept.entries > head.entries) return head; // never moved back (a restore says so itself)
  try {
    writeFileDurably(headFile(dbFile), Buffer.from(JSON.stringify({ ...head, at }) + '\n'));
  } catch {
    // the head is a second check; the log itself is intact
  }
  return head;
}

/** After a restore: the head of the database now in place, even if shorter than the one kept. */
export function replaceHead(db: Db, dbFile: string, at: number): void {
  const head = auditHead(db);
  if (!head) return;
  writeFileDurably(headFile(dbFile), Buffer.from(JSON.stringify({ ...head, at }) + '\n'));
}
