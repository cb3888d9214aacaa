// Vehicles of the fleet and their keys, communes by name, and the nonces of requests already seen.
import { query, type Queryable } from './db.js';

export interface Vehicle {
  id: number;
  name: string;
  publicKey: string | null;
  fingerprint: string | null;
  enrolExpiresAt: number | null;
  enrolledAt: number | null;
  revokedAt: number | null;
  createdAt: number;
  lastSeenAt: number | null;
}

interface Row {
  id: number;
  name: string;
  public_key: string | null;
  fingerprint: string | null;
  enrol_expires_at: Date | null;
  enrolled_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  last_seen_at: Date | null;
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());
const toVehicle = (r: Row): Vehicle => ({
  id: r.id,
  name: r.name,
  publicKey: r.public_key,
  fingerprint: r.fingerprint,
  enrolExpiresAt: ms(r.enrol_expires_at),
  enrolledAt: ms(r.enrolled_at),
  revokedAt: ms(r.revoked_at),
  createdAt: r.created_at.getTime(),
  lastSeenAt: ms(r.last_seen_at),
});

export class VehicleRepo {
  constructor(private readonly db: Queryable) {}

  /** A new vehicle waiting for its enrolment; undefined when the name is taken. */
  async add(name: string, nameKey: string, codeHash: string, expiresAt: number, at: number, by: string | null): Promise<Vehicle | undefined> {
    const { rows } = await query<Row>(
      this.db,
      `INSERT INTO vehicles (name, name_key, enrol_code_hash, enrol_expires_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name_key) DO NOTHING RETURNING *`,
      [name, nameKey, codeHash, new Date(expiresAt), new Date(at), by],
    );
    return rows[0] && toVehicle(rows[0]);
  }

  /** A new enrolment code for a vehicle (a lost code, or a new laptop with a new key). */
  async renewCode(id: number, codeHash: string, expiresAt: number): Promise<void> {
    await query(this.db, 'UPDATE vehicles SET enrol_code_hash = $2, enrol_expires_at = $3 WHERE id = $1', [id, codeHash, new Date(expiresAt)]);
  }

  /** The vehicle waiting with this code, locked for the enrolment's transaction. */
  async byCodeForUpdate(codeHash: string): Promise<Vehicle | undefined> {
    const { rows } = await query<Row>(this.db, 'SELECT * FROM vehicles WHERE enrol_code_hash = $1 FOR UPDATE', [codeHash]);
    return rows[0] && toVehicle(rows[0]);
  }

  /** Bind the key; the code is used up. False when another vehicle has this key already. */
  async enrol(id: number, publicKey: string, fingerprint: string, at: number): Promise<boolean> {
    const { rowCount } = await query(
      this.db,
      `UPDATE vehicles SET public_key = $2, fingerprint = $3, enrolled_at = $4, enrol_code_hash = NULL, enrol_expires_at = NULL, revoked_at = NULL
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM vehicles o WHERE o.fingerprint = $3 AND o.id <> $1)`,
      [id, publicKey, fingerprint, new Date(at)],
    );
    return rowCount === 1;
  }

  async byId(id: number): Promise<Vehicle | undefined> {
    const { rows } = await query<Row>(this.db, 'SELECT * FROM vehicles WHERE id = $1', [id]);
    return rows[0] && toVehicle(rows[0]);
  }

  async byNameKey(key: string): Promise<Vehicle | undefined> {
    const { rows } = await query<Row>(this.db, 'SELECT * FROM vehicles WHERE name_key = $1', [key]);
    return rows[0] && toVehicle(rows[0]);
  }

  async list(): Promise<Vehicle[]> {
    const { rows } = await query<Row>(this.db, 'SELECT * FROM vehicles ORDER BY name_key');
    return rows.map(toVehicle);
  }

  async revoke(id: number, at: number): Promise<void> {
    await query(this.db, 'UPDATE vehicles SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, new Date(at)]);
  }

  async seen(id: number, at: number): Promise<void> {
    await query(this.db, 'UPDATE vehicles SET last_seen_at = $2 WHERE id = $1', [id, new Date(at)]);
  }

  /** Record a request's nonce; false when this vehicle used it before (a replay). */
  async useNonce(vehicleId: number, nonce: string, at: number): Promise<boolean> {
    const { rowCount } = await query(this.db, 'INSERT INTO request_nonces (vehicle_id, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [vehicleId, nonce, new Date(at)]);
    return rowCount === 1;
  }

  /** Nonces too old to matter: a request that old is refused for its time anyway. */
  async forgetNonces(before: number): Promise<number> {
    const { rowCount } = await query(this.db, 'DELETE FROM request_nonces WHERE at < $1', [new Date(before)]);
    return rowCount ?? 0;
  }
}

export class CommuneRepo {
  constructor(private readonly db: Queryable) {}

  /** The commune's id, registered under this name on first sight. */
  async idOf(name: string, key: string): Promise<number> {
    const { rows } = await query<{ id: number }>(
      this.db,
      `WITH ins AS (INSERT INTO communes (name, key) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING id)
       SELECT id FROM ins UNION ALL SELECT id FROM communes WHERE key = $2`,
      [name, key],
    );
    return (rows[0] as { id: number }).id;
  }

  async byKey(key: string): Promise<{ id: number; name: string } | undefined> {
    const { rows } = await query<{ id: number; name: string }>(this.db, 'SELECT id, name FROM communes WHERE key = $1', [key]);
    return rows[0];
  }
}
