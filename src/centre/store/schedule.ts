// Trips planned at the centre, for every vehicle and commune.
import type { PlanInput } from '../../core/schedule.js';
import { query, type Queryable } from './db.js';

export interface CentrePlan extends PlanInput {
  id: number;
  vehicleId: number;
  vehicle: string;
  createdAt: number;
  createdBy: string | null;
  announcedAt: number | null;
  cancelledAt: number | null;
  updatedAt: number;
}

interface Row {
  id: number;
  vehicle_id: number;
  vehicle: string;
  commune: string;
  place: string;
  day: string;
  start_time: string;
  end_time: string;
  services: string[];
  note: string | null;
  created_at: Date;
  created_by: string | null;
  announced_at: Date | null;
  cancelled_at: Date | null;
  updated_at: Date;
}

const toPlan = (r: Row): CentrePlan => ({
  id: r.id,
  vehicleId: r.vehicle_id,
  vehicle: r.vehicle,
  commune: r.commune,
  place: r.place,
  date: r.day,
  start: r.start_time,
  end: r.end_time,
  services: r.services,
  note: r.note,
  createdAt: r.created_at.getTime(),
  createdBy: r.created_by,
  announcedAt: r.announced_at?.getTime() ?? null,
  cancelledAt: r.cancelled_at?.getTime() ?? null,
  updatedAt: r.updated_at.getTime(),
});

const SELECT = 'SELECT p.*, v.name AS vehicle FROM planned_trips p JOIN vehicles v ON v.id = p.vehicle_id';

export class CentreScheduleRepo {
  constructor(private readonly db: Queryable) {}

  async add(vehicleId: number, communeId: number, p: PlanInput, at: number, by: string | null): Promise<number> {
    const { rows } = await query<{ id: number }>(
      this.db,
      `INSERT INTO planned_trips (vehicle_id, commune_id, commune, place, day, start_time, end_time, services, note, created_at, created_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id`,
      [vehicleId, communeId, p.commune, p.place, p.date, p.start, p.end, JSON.stringify(p.services), p.note, new Date(at), by],
    );
    return (rows[0] as { id: number }).id;
  }

  async get(id: number): Promise<CentrePlan | undefined> {
    const { rows } = await query<Row>(this.db, `${SELECT} WHERE p.id = $1`, [id]);
    return rows[0] && toPlan(rows[0]);
  }

  /** Planned trips from a day on, of one vehicle or all, cancelled ones included, in time order. */
  async from(day: string, vehicleId?: number, communeId?: number): Promise<CentrePlan[]> {
    const { rows } = await query<Row>(
      this.db,
      `${SELECT} WHERE p.day >= $1 AND ($2::int IS NULL OR p.vehicle_id = $2) AND ($3::int IS NULL OR p.commune_id = $3) ORDER BY p.day, p.start_time, p.id`,
      [day, vehicleId ?? null, communeId ?? null],
    );
    return rows.map(toPlan);
  }

  /** Another trip of the vehicle that day whose hours overlap (a bus is in one place at a time). */
  async clash(vehicleId: number, p: PlanInput): Promise<CentrePlan | undefined> {
    const { rows } = await query<Row>(
      this.db,
      `${SELECT} WHERE p.vehicle_id = $1 AND p.day = $2 AND p.cancelled_at IS NULL AND p.start_time < $4 AND $3 < p.end_time LIMIT 1`,
      [vehicleId, p.date, p.start, p.end],
    );
    return rows[0] && toPlan(rows[0]);
  }

  async markAnnounced(id: number, at: number): Promise<void> {
    await query(this.db, 'UPDATE planned_trips SET announced_at = coalesce(announced_at, $2), updated_at = $2 WHERE id = $1', [id, new Date(at)]);
  }

  async cancel(id: number, at: number): Promise<void> {
    await query(this.db, 'UPDATE planned_trips SET cancelled_at = $2, updated_at = $2 WHERE id = $1 AND cancelled_at IS NULL', [id, new Date(at)]);
  }
}
