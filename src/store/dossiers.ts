// Dossiers, their events, the daily code sequence, help without a dossier and ratings.
// Callers run these inside one IMMEDIATE transaction (src/app), so the sequence and the dossier
// commit together: a code is taken only by a committed dossier, and never given twice.
import type { Statement } from 'better-sqlite3';
import type { Dossier, DossierEvent } from '../core/dossier.js';
import type { DossierState } from '../core/lifecycle.js';
import type { ReceiptPlan } from '../core/receipt.js';
import { fold } from '../core/text.js';
import { hhmm } from '../core/time.js';
import type { Db, Tx } from './types.js';

interface DossierRow {
  id: number;
  code: string;
  agency: string;
  received_on: string;
  seq: number;
  trip_id: number | null;
  ticket_id: number | null;
  ticket_label: string | null;
  citizen_id: string;
  citizen_name: string;
  procedure_key: string;
  procedure_code: string | null;
  procedure_name: string;
  field: Dossier['field'];
  grp: string;
  processing_days: number;
  documents: string;
  fee_vnd: number;
  payment: Dossier['payment'];
  vietqr: string | null;
  return_method: Dossier['returnMethod'];
  postal_address: string | null;
  postal_fee_vnd: number;
  note: string | null;
  received_at: number;
  due_date: string;
  state: DossierState;
  state_at: number;
  result_on: string | null;
  operator: string | null;
  phone: string | null;
  email: string | null;
  subject: string | null;
  fee_detail: string | null;
  due_time: string | null;
  register_book: string | null;
  register_no: number | null;
  paid_at: number | null;
  /** The bank's reference of the latest confirmation (migration 18; undefined in a row read before it). */
  paid_ref?: string | null;
}

export interface NewDossier {
  plan: ReceiptPlan;
  agency: string;
  seq: number;
  code: string;
  tripId: number | null;
  ticketId: number | null;
  vietqr: string | null;
  at: number;
  operator: string | null;
  /** The register entry, from nextRegister (none for dossiers written by tools outside the desk). */
  register?: { book: string; no: number } | null;
}

const SELECT = 'SELECT d.*, t.label AS ticket_label FROM dossiers d LEFT JOIN tickets t ON t.id = d.ticket_id';


export class DossierRepo {
  private readonly sSeq: Statement;
  private readonly sSeqUp: Statement;
  private readonly sInsert: Statement;
  private readonly sEvent: Statement;
  private readonly sByCode: Statement;
  private readonly sById: Statement;
  private readonly sByCitizen: Statement;
  private readonly sByTail: Statement;
  private readonly sEvents: Statement;
  private readonly sState: Statement;
  private readonly sByTrip: Statement;
  private readonly sHelp: Statement;
  private readonly sHelpStats: Statement;
  private readonly sRate: Statement;
  private readonly sRatings: Statement;
  private readonly sTicketCitizen: Statement;
  private readonly sName: Statement;
  private readonly sByName: Statement;

  constructor(private readonly db: Db) {
    this.sSeq = db.prepare('SELECT last FROM dossier_sequences WHERE agency = ? AND date = ?');
    this.sSeqUp = db.prepare('INSERT INTO dossier_sequences (agency, date, last) VALUES (?, ?, ?) ON CONFLICT (agency, date) DO UPDATE SET last = excluded.last');
    this.sInsert = db.prepare(
      `INSERT INTO dossiers (code, agency, received_on, seq, trip_id, ticket_id, citizen_id, citizen_name, procedure_key, procedure_code,
         procedure_name, field, grp, processing_days, documents, fee_vnd, payment, vietqr, return_method, postal_address, postal_fee_vnd,
         note, received_at, due_date, state, state_at, operator, phone, email, subject, fee_detail, due_time, register_book, register_no)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.sName = db.prepare('INSERT INTO dossier_names (rowid, name) VALUES (?, ?)');
    // FTS5 walks the matching rowids newest first and stops at the limit: as fast for "nguyen"
    // (a third of the country) as for a full, rare name.
    this.sByName = db.prepare(
      `${SELECT} WHERE d.id IN (SELECT rowid FROM dossier_names WHERE dossier_names MATCH ? ORDER BY rowid DESC LIMIT ?) ORDER BY d.id DESC`,
    );
    this.sEvent = db.prepare('INSERT INTO dossier_events (dossier_id, at, from_state, to_state, operator, note, result_on) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.sByCode = db.prepare(`${SELECT} WHERE d.code = ?`);
    this.sById = db.prepare(`${SELECT} WHERE d.id = ?`);
    this.sByCitizen = db.prepare(`${SELECT} WHERE d.citizen_id = ? ORDER BY d.received_at DESC, d.id DESC LIMIT ?`);
    this.sByTail = db.prepare(`${SELECT} WHERE substr(d.code, -12) = ? ORDER BY d.received_at DESC, d.id DESC LIMIT ?`);
    this.sEvents = db.prepare('SELECT at, from_state, to_state, operator, note FROM dossier_events WHERE dossier_id = ? ORDER BY id');
    this.sState = db.prepare('UPDATE dossiers SET state = ?, state_at = ?, result_on = coalesce(?, result_on) WHERE id = ?');
    this.sByTrip = db.prepare(`${SELECT} WHERE d.trip_id = ? ORDER BY d.id`);
    this.sHelp = db.prepare('INSERT INTO help_events (trip_id, ticket_id, citizen_id, kind, at, operator) VALUES (?, ?, ?, ?, ?, ?)');
    this.sHelpStats = db.prepare('SELECT kind, count(*) AS n FROM help_events WHERE trip_id = ? GROUP BY kind');
    this.sRate = db.prepare(
      'INSERT INTO ratings (ticket_id, trip_id, score, at, operator, source) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET score = excluded.score, at = excluded.at, operator = excluded.operator, source = excluded.source',
    );
    this.sRatings = db.prepare('SELECT score, count(*) AS n FROM ratings WHERE trip_id = ? GROUP BY score');
    // The citizen a ticket was last identified as: by a dossier, else by logged help.
    this.sTicketCitizen = db.prepare(
      `SELECT citizen_id FROM (
         SELECT citizen_id, received_at AS at FROM dossiers WHERE ticket_id = ?
         UNION ALL SELECT citizen_id, at FROM help_events WHERE ticket_id = ? AND citizen_id IS NOT NULL)
       ORDER BY at DESC LIMIT 1`,
    );
  }

  /** The next entry number of an agency's register book (Sổ theo dõi hồ sơ). */
  nextRegister(_tx: Tx, agency: string, book: string): number {
    const row = this.db.prepare('SELECT last FROM register_sequences WHERE agency = ? AND book = ?').get(agency, book) as { last: number } | undefined;
    const next = (row?.last ?? 0) + 1;
    this.db.prepare('INSERT INTO register_sequences (agency, book, last) VALUES (?, ?, ?) ON CONFLICT (agency, book) DO UPDATE SET last = excluded.last').run(agency, book, next);
    return next;
  }

  /** Dossiers received on a date (YYYY-MM-DD), in the order of the register. */
  byDate(date: string): Dossier[] {
    return (this.db.prepare(`${SELECT} WHERE d.received_on = ? ORDER BY d.id`).all(date) as DossierRow[]).map((r) => hydrate(r) as Dossier);
  }

  /** The next sequence number of the day for an agency; 0 when the day's 9999 are used up. */
  nextSeq(_tx: Tx, agency: string, date: string): number {
    const row = this.sSeq.get(agency, date) as { last: number } | undefined;
    const next = (row?.last ?? 0) + 1;
    if (next > 9999) return 0;
    this.sSeqUp.run(agency, date, next);
    return next;
  }

  insert(_tx: Tx, d: NewDossier): number {
    const p = d.plan;
    const id = Number(
      this.sInsert.run(
        d.code, d.agency, p.receivedOn, d.seq, d.tripId, d.ticketId, p.citizenId, p.citizenName, p.procedureKey, p.procedureCode,
        JSON.stringify(p.procedureName), p.field, p.group, p.processingDays, JSON.stringify(p.documents), p.feeVnd, p.payment, d.vietqr,
        p.returnMethod, p.postalAddress, p.postalFeeVnd, p.note, d.at, p.dueDate, d.at, d.operator,
        p.phone, p.email, p.subject ? JSON.stringify(p.subject) : null, JSON.stringify(p.feeDetail), p.dueTime, d.register?.book ?? null, d.register?.no ?? null,
      ).lastInsertRowid,
    );
    this.sEvent.run(id, d.at, null, 'received', d.operator, null, null);
    this.sName.run(id, fold(p.citizenName));
    return id;
  }

  setState(_tx: Tx, id: number, from: DossierState, to: DossierState, at: number, operator: string | null, note: string | null, resultOn: string | null): void {
    this.sState.run(to, at, resultOn, id);
    // The event carries the result date it sets: the dossier's row is then what its events give.
    this.sEvent.run(id, at, from, to, operator, note, resultOn);
  }

  byCode(code: string): Dossier | undefined {
    return hydrate(this.sByCode.get(code) as DossierRow | undefined);
  }

  byId(id: number): Dossier | undefined {
    return hydrate(this.sById.get(id) as DossierRow | undefined);
  }

  byCitizen(citizenId: string, limit: number): Dossier[] {
    return (this.sByCitizen.all(citizenId, limit) as DossierRow[]).map((r) => hydrate(r) as Dossier);
  }

  /** Dossiers whose code ends with "-YYMMDD-NNNN" (the code without its agency, as lists show it), newest first. */
  byTail(tail: string, limit: number): Dossier[] {
    return (this.sByTail.all(`-${tail}`, limit) as DossierRow[]).map((r) => hydrate(r) as Dossier);
  }

  byTrip(tripId: number): Dossier[] {
    return (this.sByTrip.all(tripId) as DossierRow[]).map((r) => hydrate(r) as Dossier);
  }

  /**
   * Dossiers whose citizen's name has every word of the query at the start of one of its words,
   * diacritics and case ignored ("ng v an" finds Nguyễn Văn An), newest first.
   */
  byName(query: string, limit: number): Dossier[] {
    const words = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
    if (words.length === 0) return [];
    const match = words.map((w) => `"${w}"*`).join(' AND ');
    return (this.sByName.all(match, limit) as DossierRow[]).map((r) => hydrate(r) as Dossier);
  }

  events(id: number): DossierEvent[] {
    return (this.sEvents.all(id) as { at: number; from_state: DossierState | null; to_state: DossierState; operator: string | null; note: string | null }[]).map((r) => ({
      at: r.at,
      from: r.from_state,
      to: r.to_state,
      operator: r.operator,
      note: r.note,
    }));
  }

  /**
   * A bank transfer seen arrived: its event (the bank's reference as its note, chained into the audit
   * log), and the dossier's paid_at and paid_ref, together (in the caller's transaction).
   */
  confirmPayment(_tx: Tx, id: number, at: number, operator: string | null, ref: string | null): void {
    this.db.prepare("INSERT INTO payment_events (dossier_id, at, kind, operator, note) VALUES (?, ?, 'confirmed', ?, ?)").run(id, at, operator, ref);
    this.db.prepare('UPDATE dossiers SET paid_at = ?, paid_ref = ? WHERE id = ?').run(at, ref, id);
  }

  logHelp(_tx: Tx, tripId: number | null, ticketId: number | null, citizenId: string | null, kind: string, at: number, operator: string | null): void {
    this.sHelp.run(tripId, ticketId, citizenId, kind, at, operator);
  }

  helpStats(tripId: number): Map<string, number> {
    return new Map((this.sHelpStats.all(tripId) as { kind: string; n: number }[]).map((r) => [r.kind, r.n]));
  }

  rate(_tx: Tx, ticketId: number, tripId: number, score: number, at: number, operator: string | null, source: 'operator' | 'keypad' = 'operator'): void {
    this.sRate.run(ticketId, tripId, score, at, operator, source);
  }

  /** Ratings of a trip: score (1-5) -> count. */
  ratings(tripId: number): Map<number, number> {
    return new Map((this.sRatings.all(tripId) as { score: number; n: number }[]).map((r) => [r.score, r.n]));
  }

  ticketCitizen(ticketId: number): string | null {
    return (this.sTicketCitizen.get(ticketId, ticketId) as { citizen_id: string } | undefined)?.citizen_id ?? null;
  }
}

function hydrate(r: DossierRow | undefined): Dossier | undefined {
  if (!r) return undefined;
  return {
    id: r.id,
    code: r.code,
    agency: r.agency,
    seq: r.seq,
    tripId: r.trip_id,
    ticketId: r.ticket_id,
    ticketLabel: r.ticket_label,
    citizenId: r.citizen_id,
    citizenName: r.citizen_name,
    procedureKey: r.procedure_key,
    procedureCode: r.procedure_code,
    procedureName: JSON.parse(r.procedure_name) as Dossier['procedureName'],
    field: r.field,
    group: r.grp,
    processingDays: r.processing_days,
    documents: JSON.parse(r.documents) as Dossier['documents'],
    feeVnd: r.fee_vnd,
    payment: r.payment,
    vietqr: r.vietqr,
    returnMethod: r.return_method,
    postalAddress: r.postal_address,
    postalFeeVnd: r.postal_fee_vnd,
    note: r.note,
    receivedAt: r.received_at,
    receivedOn: r.received_on,
    receivedTime: hhmm(r.received_at),
    dueDate: r.due_date,
    state: r.state,
    stateAt: r.state_at,
    resultOn: r.result_on,
    operator: r.operator,
    dueTime: r.due_time ?? '17:00',
    phone: r.phone,
    email: r.email,
    subject: r.subject ? (JSON.parse(r.subject) as Dossier['subject']) : null,
    feeDetail: r.fee_detail ? (JSON.parse(r.fee_detail) as Dossier['feeDetail']) : legacyFee(r),
    register: r.register_book !== null && r.register_no !== null ? { book: r.register_book, no: r.register_no } : null,
    paidAt: r.paid_at,
    paidRef: r.paid_ref ?? null,
  };
}

/** How the fee of a dossier received before fee formulas reads: a plain sum, maybe exempt. */
function legacyFee(r: DossierRow): Dossier['feeDetail'] {
  return { type: r.fee_vnd > 0 ? 'le_phi' : 'none', rule: 'fixed', units: 1, pages: null, perCopyVnd: null, capped: false, channel: null, expectedVnd: r.fee_vnd, override: false, exemption: null };
}
