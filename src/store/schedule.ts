// The schedule of coming trips (src/core/schedule.ts).
import type { PlannedTrip, PlanInput } from '../core/schedule.js';
import type { Db, Tx } from './types.js';

interface Row {
  id: number;
  commune: string;
  place: string;
  date: string;
  start_time: string;
  end_time: string;
  services: string;
  note: string | null;
  created_at: number;
  announced_at: number | null;
  cancelled_at: number | null;
}

const toPlan = (r: Row): PlannedTrip => ({
  id: r.id,
  commune: r.commune,
  place: r.place,
  date: r.date,
  start: r.start_time,
  end: r.end_time,
  services: JSON.parse(r.services) as string[],
  note: r.note,
  createdAt: r.created_at,
  announcedAt: r.announced_at,
  cancelledAt: r.cancelled_at,
});

export class ScheduleRepo {
  constructor(private readonly db: Db) {}

  add(_tx: Tx, p: PlanInput, at: number): number {
    return Number(
      this.db
        .prepare('INSERT INTO planned_trips (commune, place, date, start_time, end_time, services, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(p.commune, p.place, p.date, p.start, p.end, JSON.stringify(p.services), p.note, at).lastInsertRowid,
    );
  }

  get(id: number): PlannedTrip | undefined {
    const r = this.db.prepare('SELECT * FROM planned_trips WHERE id = ?').get(id) as Row | undefined;
    return r && toPlan(r);
  }

  /** Trips from `from` (YYYY-MM-DD) on, cancelled ones included, in date order. */
  from(from: string): PlannedTrip[] {
    return (this.db.prepare('SELECT * FROM planned_trips WHERE date >= ? ORDER BY date, start_time, id').all(from) as Row[]).map(toPlan);
  }

  markAnnounced(_tx: Tx, id: number, at: number): void {
    this.db.prepare('UPDATE planned_trips SET announced_at = coalesce(announced_at, ?) WHERE id = ?').run(at, id);
  }

  cancel(_tx: Tx, id: number, at: number): void {
    this.db.prepare('UPDATE planned_trips SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL').run(at, id);
  }
}
