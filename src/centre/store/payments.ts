// Fees paid by bank transfer, as the vehicles sent them: which dossier, how much, and whether the
// transfer was confirmed (when, and the bank's reference), so the centre can match them against the
// account's statement.
import { query, type Queryable } from './db.js';

export interface CentreTransfer {
  vehicle: string;
  commune: string | null;
  code: string;
  receivedOn: string;
  feeVnd: number;
  /** When the vehicle's operator confirmed the transfer arrived (ms), or null while awaited. */
  paidAt: number | null;
  paidRef: string | null;
  state: string;
}

export class PaymentRepo {
  constructor(private readonly db: Queryable) {}

  /** The dossiers received in [from, to] whose fee goes by bank transfer, by day of receipt and code. */
  async transfers(from: string, to: string, vehicleId: number | null): Promise<CentreTransfer[]> {
    const { rows } = await query<{ name: string; commune: string | null; code: string; received_on: string; fee_vnd: number; paid_at: Date | null; paid_ref: string | null; state: string }>(
      this.db,
      `SELECT v.name, c.name AS commune, d.code, to_char(d.received_on, 'YYYY-MM-DD') AS received_on, d.fee_vnd, d.paid_at, d.paid_ref, d.state
       FROM dossiers d JOIN vehicles v ON v.id = d.vehicle_id LEFT JOIN communes c ON c.id = d.commune_id
       WHERE d.payment = 'bank_qr' AND d.fee_vnd > 0 AND d.received_on BETWEEN $1::date AND $2::date AND ($3::int IS NULL OR d.vehicle_id = $3)
       ORDER BY d.received_on, d.code, v.name`,
      [from, to, vehicleId],
    );
    return rows.map((r) => ({ vehicle: r.name, commune: r.commune, code: r.code, receivedOn: r.received_on, feeVnd: r.fee_vnd, paidAt: r.paid_at?.getTime() ?? null, paidRef: r.paid_ref, state: r.state }));
  }
}
