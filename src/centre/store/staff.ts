// The centre's staff: name, role, PIN as scrypt with its own salt, lock-out after wrong PINs.
import type { Role } from '../../core/auth.js';
import { query, type Queryable } from './db.js';

export interface StaffRow {
  id: number;
  name: string;
  role: Role;
  pinHash: string;
  pinSalt: string;
  failed: number;
  lockedUntil: number | null;
  disabledAt: number | null;
}

export class StaffRepo {
  constructor(private readonly db: Queryable) {}

  async count(): Promise<number> {
    const { rows } = await query<{ n: number }>(this.db, 'SELECT count(*)::int AS n FROM staff WHERE disabled_at IS NULL');
    return rows[0]?.n ?? 0;
  }

  async add(name: string, folded: string, role: Role, hash: string, salt: string, at: number, by: string | null): Promise<boolean> {
    const { rowCount } = await query(
      this.db,
      'INSERT INTO staff (name, name_folded, role, pin_hash, pin_salt, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (name_folded) DO NOTHING',
      [name, folded, role, hash, salt, new Date(at), by],
    );
    return rowCount === 1;
  }

  async byName(folded: string): Promise<StaffRow | undefined> {
    const { rows } = await query<{ id: number; name: string; role: Role; pin_hash: string; pin_salt: string; failed: number; locked_until: Date | null; disabled_at: Date | null }>(
      this.db,
      'SELECT * FROM staff WHERE name_folded = $1',
      [folded],
    );
    const r = rows[0];
    return r && { id: r.id, name: r.name, role: r.role, pinHash: r.pin_hash, pinSalt: r.pin_salt, failed: r.failed, lockedUntil: r.locked_until?.getTime() ?? null, disabledAt: r.disabled_at?.getTime() ?? null };
  }

  async list(): Promise<{ name: string; role: Role; disabled: boolean }[]> {
    const { rows } = await query<{ name: string; role: Role; disabled_at: Date | null }>(this.db, 'SELECT name, role, disabled_at FROM staff ORDER BY name_folded');
    return rows.map((r) => ({ name: r.name, role: r.role, disabled: r.disabled_at !== null }));
  }

  async failed(id: number, failed: number, lockedUntil: number | null): Promise<void> {
    await query(this.db, 'UPDATE staff SET failed = $2, locked_until = $3 WHERE id = $1', [id, failed, lockedUntil === null ? null : new Date(lockedUntil)]);
  }

  async succeeded(id: number): Promise<void> {
    await query(this.db, 'UPDATE staff SET failed = 0, locked_until = NULL WHERE id = $1 AND (failed <> 0 OR locked_until IS NOT NULL)', [id]);
  }
}
