// Offices set up or changed on the vehicle (`luudong office add|set`): the whole office as checked
// JSON, overriding data/offices.json by id. The app merges and checks; this only stores.
import type { Db, Tx } from './types.js';

export interface StoredOffice {
  id: string;
  data: string;
  updatedAt: number;
  updatedBy: string | null;
}

export class OfficeRepo {
  constructor(private readonly db: Db) {}

  all(): StoredOffice[] {
    return (this.db.prepare('SELECT id, data, updated_at, updated_by FROM offices ORDER BY rowid').all() as { id: string; data: string; updated_at: number; updated_by: string | null }[]).map((r) => ({
      id: r.id,
      data: r.data,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    }));
  }

  put(_tx: Tx, id: string, data: string, at: number, by: string | null): void {
    this.db.prepare('INSERT INTO offices (id, data, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, updated_by = excluded.updated_by').run(id, data, at, by);
  }
}
