// The desk's records behind the one-stop forms that are not dossiers: refusals to receive (kept even
// without a dossier code) and requests to supplement a dossier. Callers run these inside the use
// case's transaction (src/app/forms.ts).
import type { Db, Tx } from './types.js';

export interface NewRefusal {
  tripId: number | null;
  agency: string;
  /** JSON snapshot of the office, as the form shows it. */
  office: string;
  citizenId: string | null;
  citizenName: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  procedureKey: string;
  procedureCode: string | null;
  procedureName: { vi: string; en: string };
  reason: string;
  dossierId: number | null;
  at: number;
  operator: string | null;
}

export interface Refusal extends Omit<NewRefusal, 'office'> {
  id: number;
  office: string;
  /** The code of the dossier refused, when there was one. */
  dossierCode: string | null;
}

interface RefusalRow {
  id: number;
  trip_id: number | null;
  agency: string;
  office: string;
  citizen_id: string | null;
  citizen_name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  procedure_key: string;
  procedure_code: string | null;
  procedure_name: string;
  reason: string;
  dossier_id: number | null;
  dossier_code: string | null;
  at: number;
  operator: string | null;
}

const refusal = (r: RefusalRow): Refusal => ({
  id: r.id,
  tripId: r.trip_id,
  agency: r.agency,
  office: r.office,
  citizenId: r.citizen_id,
  citizenName: r.citizen_name,
  address: r.address,
  phone: r.phone,
  email: r.email,
  procedureKey: r.procedure_key,
  procedureCode: r.procedure_code,
  procedureName: JSON.parse(r.procedure_name) as Refusal['procedureName'],
  reason: r.reason,
  dossierId: r.dossier_id,
  dossierCode: r.dossier_code,
  at: r.at,
  operator: r.operator,
});

export interface SupplementItem {
  name: { vi: string; en: string };
  form: string;
  count: number;
}

export interface SupplementRequest {
  id: number;
  dossierId: number;
  items: SupplementItem[];
  reason: string;
  contact: string | null;
  at: number;
  operator: string | null;
}

const REFUSAL_SELECT = 'SELECT r.*, d.code AS dossier_code FROM refusals r LEFT JOIN dossiers d ON d.id = r.dossier_id';

export class FormsRepo {
  constructor(private readonly db: Db) {}

  addRefusal(_tx: Tx, r: NewRefusal): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO refusals (trip_id, agency, office, citizen_id, citizen_name, address, phone, email, procedure_key, procedure_code, procedure_name, reason, dossier_id, at, operator)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(r.tripId, r.agency, r.office, r.citizenId, r.citizenName, r.address, r.phone, r.email, r.procedureKey, r.procedureCode, JSON.stringify(r.procedureName), r.reason, r.dossierId, r.at, r.operator).lastInsertRowid,
    );
  }

  refusal(id: number): Refusal | undefined {
    const r = this.db.prepare(`${REFUSAL_SELECT} WHERE r.id = ?`).get(id) as RefusalRow | undefined;
    return r ? refusal(r) : undefined;
  }

  refusalsOfTrip(tripId: number): Refusal[] {
    return (this.db.prepare(`${REFUSAL_SELECT} WHERE r.trip_id = ? ORDER BY r.id`).all(tripId) as RefusalRow[]).map(refusal);
  }

  addSupplement(_tx: Tx, dossierId: number, items: SupplementItem[], reason: string, contact: string | null, at: number, operator: string | null): number {
    return Number(this.db.prepare('INSERT INTO supplement_requests (dossier_id, items, reason, contact, at, operator) VALUES (?, ?, ?, ?, ?, ?)').run(dossierId, JSON.stringify(items), reason, contact, at, operator).lastInsertRowid);
  }

  /** The latest request to supplement a dossier. */
  lastSupplement(dossierId: number): SupplementRequest | undefined {
    const r = this.db.prepare('SELECT * FROM supplement_requests WHERE dossier_id = ? ORDER BY id DESC LIMIT 1').get(dossierId) as
      | { id: number; dossier_id: number; items: string; reason: string; contact: string | null; at: number; operator: string | null }
      | undefined;
    return r ? { id: r.id, dossierId: r.dossier_id, items: JSON.parse(r.items) as SupplementItem[], reason: r.reason, contact: r.contact, at: r.at, operator: r.operator } : undefined;
  }
}
