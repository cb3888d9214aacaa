// Handovers to the commune's one-stop office (one row per bundle exported, so the vehicle knows what
// it handed over, to whom and when), and the reads a handover needs: a trip's dossiers, the files
// kept with them, and the results waiting to be returned to citizens.
import type { Statement } from 'better-sqlite3';
import type { Db, Tx } from './types.js';

export interface Handover {
  id: number;
  /** The manifest's id. */
  uuid: string;
  at: number;
  tripId: number;
  toOffice: string;
  /** The name printed on the handover record as the one handing over (free text: --by). */
  by: string;
  /** Who was logged in and did it (the audit's operator); null before operators were recorded. */
  operator: string | null;
  dossiers: number;
  manifestSha256: string;
  keyFingerprint: string;
}

interface HandoverRow {
  id: number;
  uuid: string;
  at: number;
  trip_id: number;
  to_office: string;
  handed_by: string;
  dossiers: number;
  manifest_sha256: string;
  key_fingerprint: string;
  operator: string | null;
}

export interface ReadyRow {
  dossierId: number;
  commune: string | null;
  place: string | null;
}

export class HandoverRepo {
  private readonly sInsert: Statement;
  private readonly sList: Statement;
  private readonly sTripDossiers: Statement;
  private readonly sReady: Statement;

  constructor(db: Db) {
    this.sInsert = db.prepare(
      'INSERT INTO handovers (uuid, at, trip_id, to_office, handed_by, dossiers, manifest_sha256, key_fingerprint, operator) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.sList = db.prepare('SELECT * FROM handovers ORDER BY id DESC LIMIT ?');
    this.sTripDossiers = db.prepare('SELECT id FROM dossiers WHERE trip_id = ? ORDER BY id');
    // A file written again (the slip reprinted) replaces the file at its path and adds a row: only
    // the newest row of each path describes what is on disk.
    this.sReady = db.prepare(
      `SELECT d.id AS dossier_id, t.commune, t.place FROM dossiers d LEFT JOIN trips t ON t.id = d.trip_id
       WHERE d.state = 'result_ready' ORDER BY d.due_date, d.id`,
    );
  }

  insert(_tx: Tx, h: Omit<Handover, 'id'>): number {
    return Number(this.sInsert.run(h.uuid, h.at, h.tripId, h.toOffice, h.by, h.dossiers, h.manifestSha256, h.keyFingerprint, h.operator).lastInsertRowid);
  }

  /** The latest handovers, newest first. */
  list(limit = 100): Handover[] {
    return (this.sList.all(limit) as HandoverRow[]).map((r) => ({
      id: r.id,
      uuid: r.uuid,
      at: r.at,
      tripId: r.trip_id,
      toOffice: r.to_office,
      by: r.handed_by,
      dossiers: r.dossiers,
      manifestSha256: r.manifest_sha256,
      keyFingerprint: r.key_fingerprint,
      operator: r.operator,
    }));
  }

  /** Ids of the trip's dossiers in order of receipt (ids only: a large trip is read one by one). */
  tripDossierIds(tripId: number): number[] {
    return (this.sTripDossiers.all(tripId) as { id: number }[]).map((r) => r.id);
  }

  /** Dossiers whose result is ready and not yet returned, with the trip they were received on. */
  ready(): ReadyRow[] {
    return (this.sReady.all() as { dossier_id: number; commune: string | null; place: string | null }[]).map((r) => ({ dossierId: r.dossier_id, commune: r.commune, place: r.place }));
  }
}
