// Repositories: the only place with SQL. Statements are prepared once per database.
import type { Statement } from 'better-sqlite3';
import type { NewQueueEvent, QueueEvent, QueueEventType } from '../core/queue/types.js';
import type { Office } from '../core/office.js';
import type { Trip, TripInput } from '../core/trip.js';
import type { Db, Tx } from './types.js';

interface TripRow {
  id: number;
  commune: string;
  place: string;
  date: string;
  start_time: string;
  end_time: string;
  operators: string;
  opened_at: number;
  closed_at: number | null;
  office_id: string | null;
  office: string | null;
}

interface EventRow {
  id: number;
  ticket_id: number;
  label: string;
  type: QueueEventType;
  at: number;
  counter: number | null;
  grp: string | null;
  priority: string | null;
  operator: string | null;
}

export class TripRepo {
  private readonly sOpen: Statement;
  private readonly sCounter: Statement;
  private readonly sCurrent: Statement;
  private readonly sGet: Statement;
  private readonly sCounters: Statement;
  private readonly sClose: Statement;
  private readonly sLast: Statement;
  private readonly sOnDate: Statement;

  constructor(private readonly db: Db) {
    this.sOpen = db.prepare(
      'INSERT INTO trips (commune, place, date, start_time, end_time, operators, opened_at, opened_by, office_id, office) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.sCounter = db.prepare('INSERT INTO trip_counters (trip_id, no, groups) VALUES (?, ?, ?)');
    this.sCurrent = db.prepare('SELECT * FROM trips WHERE closed_at IS NULL');
    this.sGet = db.prepare('SELECT * FROM trips WHERE id = ?');
    this.sLast = db.prepare('SELECT * FROM trips ORDER BY id DESC LIMIT 1');
    this.sOnDate = db.prepare('SELECT * FROM trips WHERE date = ? ORDER BY start_time, id');
    this.sCounters = db.prepare('SELECT no, groups FROM trip_counters WHERE trip_id = ? ORDER BY no');
    this.sClose = db.prepare('UPDATE trips SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL');
  }

  /** A new trip, with a snapshot of its office (its codes, slips and VietQR stay as they were opened). */
  insert(_tx: Tx, t: TripInput, at: number, operator: string | null, office: Office | null = null): number {
    const id = Number(this.sOpen.run(t.commune, t.place, t.date, t.start, t.end, JSON.stringify(t.operators), at, operator, office?.id ?? null, office ? JSON.stringify(office) : null).lastInsertRowid);
    for (const c of t.counters) this.sCounter.run(id, c.no, JSON.stringify(c.groups));
    return id;
  }

  private hydrate(row: TripRow | undefined): Trip | undefined {
    if (!row) return undefined;
    const counters = (this.sCounters.all(row.id) as { no: number; groups: string }[]).map((c) => ({ no: c.no, groups: JSON.parse(c.groups) as string[] }));
    return {
      id: row.id,
      commune: row.commune,
      place: row.place,
      date: row.date,
      start: row.start_time,
      end: row.end_time,
      operators: JSON.parse(row.operators) as string[],
      counters,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      // trips opened before offices were a list (and by tools that name none) have no office
      ...(row.office_id !== null ? { officeId: row.office_id, office: row.office ? (JSON.parse(row.office) as Office) : null } : {}),
    };
  }

  current(): Trip | undefined {
    return this.hydrate(this.sCurrent.get() as TripRow | undefined);
  }

  get(id: number): Trip | undefined {
    return this.hydrate(this.sGet.get(id) as TripRow | undefined);
  }

  last(): Trip | undefined {
    return this.hydrate(this.sLast.get() as TripRow | undefined);
  }

  /** The trips of a date (YYYY-MM-DD), in the order of their start. */
  onDate(date: string): Trip[] {
    return (this.sOnDate.all(date) as TripRow[]).map((r) => this.hydrate(r) as Trip);
  }

  /** Who closed a trip (null: open, or closed before closers were kept). */
  closedBy(id: number): string | null {
    return (this.db.prepare('SELECT closed_by FROM trips WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null;
  }

  /** A closed trip open again (closed by mistake); its close time and closer go (the audit log keeps them). */
  reopen(_tx: Tx, id: number): boolean {
    return this.db.prepare('UPDATE trips SET closed_at = NULL, closed_by = NULL WHERE id = ? AND closed_at IS NOT NULL').run(id).changes === 1;
  }

  close(_tx: Tx, id: number, at: number, operator: string | null): boolean {
    return this.sClose.run(at, operator, id).changes === 1;
  }
}

export class QueueRepo {
  private readonly sSince: Statement;
  private readonly sTicket: Statement;
  private readonly sEvent: Statement;
  private readonly sFloor: Statement;

  constructor(db: Db) {
    this.sFloor = db.prepare("SELECT floor FROM sequence_floors WHERE kind = 'ticket' AND scope = ?");
    this.sSince = db.prepare(
      `SELECT e.id, e.ticket_id, t.label, e.type, e.at, e.counter, e.grp, e.priority, e.operator
         FROM queue_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE e.trip_id = ? AND e.id > ? ORDER BY e.id`,
    );
    this.sTicket = db.prepare('INSERT INTO tickets (trip_id, prefix, seq, label) VALUES (?, ?, ?, ?)');
    this.sEvent = db.prepare(
      'INSERT INTO queue_events (trip_id, ticket_id, type, at, counter, grp, priority, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Events of a trip after a given id, in order, with the ticket label joined in. */
  eventsSince(tripId: number, afterId: number): QueueEvent[] {
    return (this.sSince.all(tripId, afterId) as EventRow[]).map((r) => ({
      id: r.id,
      ticketId: r.ticket_id,
      label: r.label,
      type: r.type,
      at: r.at,
      counter: r.counter,
      group: r.grp,
      priority: r.priority,
      operator: r.operator,
    }));
  }

  /** The floor under a trip's ticket group after a promotion (0: none); migration 11. */
  ticketFloor(tripId: number, prefix: string): number {
    return (this.sFloor.get(`${tripId}:${prefix}`) as { floor: number } | undefined)?.floor ?? 0;
  }

  insertTicket(_tx: Tx, tripId: number, prefix: string, seq: number, label: string): number {
    return Number(this.sTicket.run(tripId, prefix, seq, label).lastInsertRowid);
  }

  append(_tx: Tx, tripId: number, events: readonly NewQueueEvent[]): void {
    for (const e of events) this.sEvent.run(tripId, e.ticketId, e.type, e.at, e.counter, e.group, e.priority, e.operator);
  }
}
