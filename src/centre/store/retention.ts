// Retention at the centre: the personal data that came in handover bundles (the dossier's record, its
// citizen, the bundle's files) removed once the dossier is finished and past the period; the codes,
// states, dates and fees every figure uses stay. Each purge is recorded.
import { query, type Queryable } from './db.js';

export interface PurgeCounts {
  dossiers: number;
  citizens: number;
  blobs: number;
}

const DUE = `d.purge_id IS NULL AND d.state IN ('returned','refused','cancelled') AND d.state_at < $1 AND (d.personal IS NOT NULL OR d.citizen_id IS NOT NULL)`;

export class CentreRetentionRepo {
  constructor(private readonly db: Queryable) {}

  /** What a purge with this cut-off would remove. */
  async preview(cutoff: number): Promise<PurgeCounts> {
    const { rows } = await query<{ dossiers: number; citizens: number; blobs: number }>(
      this.db,
      `WITH due AS (SELECT d.vehicle_id, d.code, d.citizen_id, d.bundle_id FROM dossiers d WHERE ${DUE})
       SELECT (SELECT count(*) FROM due)::int AS dossiers,
              (SELECT count(*) FROM citizens c WHERE EXISTS (SELECT 1 FROM due WHERE due.vehicle_id = c.vehicle_id AND due.citizen_id = c.id)
                 AND NOT EXISTS (SELECT 1 FROM dossiers o WHERE o.vehicle_id = c.vehicle_id AND o.citizen_id = c.id AND o.purge_id IS NULL
                                 AND NOT EXISTS (SELECT 1 FROM due WHERE due.vehicle_id = o.vehicle_id AND due.code = o.code)))::int AS citizens,
              0 AS blobs`,
      [new Date(cutoff)],
    );
    return rows[0] as PurgeCounts;
  }

  /** Remove it, in the caller's transaction; returns what was removed. */
  async purge(cutoff: number, days: number, at: number, staff: string | null): Promise<PurgeCounts> {
    const { rows: p } = await query<{ id: number }>(this.db, 'INSERT INTO purges (at, staff, older_than_days, cutoff, dossiers, citizens, blobs) VALUES ($1, $2, $3, $4, 0, 0, 0) RETURNING id', [
      new Date(at),
      staff,
      days,
      new Date(cutoff),
    ]);
    const purgeId = (p[0] as { id: number }).id;
    const { rows: done } = await query<{ vehicle_id: number; citizen_id: string | null; bundle_id: string | null }>(
      this.db,
      `UPDATE dossiers d SET personal = NULL, citizen_id = NULL, purge_id = $2 FROM dossiers old
       WHERE old.vehicle_id = d.vehicle_id AND old.code = d.code AND ${DUE.replace(/d\./g, 'old.')}
       RETURNING d.vehicle_id, old.citizen_id, old.bundle_id`,
      [new Date(cutoff), purgeId],
    );
    await query(
      this.db,
      `UPDATE office_updates u SET note = NULL FROM dossiers d WHERE d.purge_id = $1 AND u.vehicle_id = d.vehicle_id AND u.code = d.code AND u.note IS NOT NULL`,
      [purgeId],
    );
    const { rowCount: citizens } = await query(
      this.db,
      `DELETE FROM citizens c USING jsonb_to_recordset($1::jsonb) AS x(vehicle_id int, citizen_id text)
       WHERE c.vehicle_id = x.vehicle_id AND c.id = x.citizen_id
         AND NOT EXISTS (SELECT 1 FROM dossiers o WHERE o.vehicle_id = c.vehicle_id AND o.citizen_id = c.id)`,
      [JSON.stringify(done.filter((r) => r.citizen_id !== null))],
    );
    // A bundle's files (scans, the JSON Lines with names) once none of its dossiers keeps its data.
    const bundles = [...new Set(done.map((r) => r.bundle_id).filter((b): b is string => b !== null))];
    const { rowCount: blobs } = await query(
      this.db,
      `UPDATE blobs b SET data = NULL FROM bundle_files f JOIN bundles bu ON bu.id = f.bundle_id
       WHERE f.bundle_id = ANY($1::uuid[]) AND b.vehicle_id = bu.vehicle_id AND b.sha256 = f.sha256 AND b.data IS NOT NULL
         AND f.path NOT IN ('manifest.json', 'manifest.sig', 'vehicle.pub.pem')
         AND NOT EXISTS (SELECT 1 FROM dossiers o WHERE o.bundle_id = f.bundle_id AND o.purge_id IS NULL)
         AND NOT EXISTS (SELECT 1 FROM bundle_files g JOIN dossiers o ON o.bundle_id = g.bundle_id AND o.purge_id IS NULL
                         WHERE g.sha256 = f.sha256 AND g.bundle_id <> f.bundle_id)`,
      [bundles],
    );
    const counts = { dossiers: done.length, citizens: citizens ?? 0, blobs: blobs ?? 0 };
    await query(this.db, 'UPDATE purges SET dossiers = $2, citizens = $3, blobs = $4 WHERE id = $1', [purgeId, counts.dossiers, counts.citizens, counts.blobs]);
    return counts;
  }
}
