// What vehicles send, stored: trips (replaced whole when sent again), dossiers' states (a history
// only ever replaced by one at least as long), handover bundles with their files, and file contents
// by hash. Callers run these inside one transaction (src/centre/app/ingest.ts).
import type { DossierStatus, TripPayload } from '../../core/sync.js';
import type { TicketFacts } from '../core/ingest.js';
import { query, type Queryable } from './db.js';
import { FigureRepo } from './figures.js';

export class IngestRepo {
  constructor(private readonly db: Queryable) {}

  /** The hash of the trip as stored, locking its row (or the gap) for this transaction. */
  async tripHash(vehicleId: number, tripNo: number): Promise<string | undefined> {
    const { rows } = await query<{ payload_sha256: string }>(this.db, 'SELECT payload_sha256 FROM trips WHERE vehicle_id = $1 AND trip_no = $2 FOR UPDATE', [vehicleId, tripNo]);
    return rows[0]?.payload_sha256;
  }

  /** Store a trip, replacing what an earlier send of it left (its events, tickets and help go with it). */
  async replaceTrip(vehicleId: number, communeId: number, p: TripPayload, tickets: readonly TicketFacts[], sha256: string, at: number): Promise<void> {
    const t = p.trip;
    const figures = new FigureRepo(this.db);
    await figures.lock(vehicleId);
    const { rows: former } = await query<{ day: string }>(this.db, 'DELETE FROM trips WHERE vehicle_id = $1 AND trip_no = $2 RETURNING day', [vehicleId, t.id]);
    await query(
      this.db,
      `INSERT INTO trips (vehicle_id, trip_no, commune_id, commune, place, day, start_time, end_time, opened_at, closed_at, payload_sha256, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [vehicleId, t.id, communeId, t.commune, t.place, t.date, t.start, t.end, new Date(t.openedAt), t.closedAt === null ? null : new Date(t.closedAt), sha256, new Date(at)],
    );
    if (p.events.length) {
      await query(
        this.db,
        `INSERT INTO queue_events (vehicle_id, trip_no, event_no, ticket_no, type, at, counter, grp, priority)
         SELECT $1, $2, * FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::timestamptz[], $7::smallint[], $8::text[], $9::text[])`,
        [vehicleId, t.id, p.events.map((e) => e.id), p.events.map((e) => e.ticket), p.events.map((e) => e.type), p.events.map((e) => new Date(e.at)), p.events.map((e) => e.counter), p.events.map((e) => e.group), p.events.map((e) => e.priority)],
      );
    }
    if (tickets.length) {
      await query(
        this.db,
        `INSERT INTO tickets (vehicle_id, trip_no, commune_id, day, ticket_no, label, grp, original_grp, priority, walk_in, status, issued_at, wait_ms, service_ms, rating)
         SELECT $1, $2, $3, $4::date, * FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::timestamptz[], $13::int[], $14::int[], $15::smallint[])`,
        [
          vehicleId, t.id, communeId, t.date,
          tickets.map((x) => x.ticket), tickets.map((x) => x.label), tickets.map((x) => x.group), tickets.map((x) => x.originalGroup), tickets.map((x) => x.priority),
          tickets.map((x) => x.walkIn), tickets.map((x) => x.status), tickets.map((x) => new Date(x.issuedAt)), tickets.map((x) => x.waitMs), tickets.map((x) => x.serviceMs), tickets.map((x) => x.rating),
        ],
      );
    }
    if (p.help.length) {
      await query(this.db, 'INSERT INTO help (vehicle_id, trip_no, kind, n) SELECT $1, $2, * FROM unnest($3::text[], $4::int[])', [vehicleId, t.id, p.help.map((h) => h.kind), p.help.map((h) => h.n)]);
    }
    await figures.trip(vehicleId, t.id, former[0]?.day);
  }

  /**
   * Store dossiers' states: new ones inserted; a known one replaced only by a history at least as
   * long as the stored one (histories only grow on the vehicle: a late, older send never undoes a
   * newer one). Returns how many rows were written.
   */
  async upsertDossiers(vehicleId: number, list: readonly { status: DossierStatus; communeId: number | null }[], at: number): Promise<number> {
    if (list.length === 0) return 0;
    const figures = new FigureRepo(this.db);
    await figures.lock(vehicleId);
    const json = JSON.stringify(
      list.map(({ status: d, communeId }) => ({
        code: d.code,
        trip_no: d.trip,
        commune_id: communeId,
        ticket_no: d.ticket,
        received_on: d.receivedOn,
        received_at: new Date(d.receivedAt).toISOString(),
        due_date: d.dueDate,
        procedure_key: d.procedure.key,
        procedure_code: d.procedure.code,
        procedure_name: d.procedure.name,
        field: d.procedure.field,
        grp: d.procedure.group,
        fee_vnd: d.feeVnd,
        payment: d.payment,
        paid_at: d.paidAt === null ? null : new Date(d.paidAt).toISOString(),
        paid_ref: d.paidRef,
        return_method: d.returnMethod,
        state: d.state,
        state_at: new Date(d.stateAt).toISOString(),
        result_on: d.resultOn,
        events: d.events,
      })),
    );
    const { rowCount } = await query(
      this.db,
      `INSERT INTO dossiers (vehicle_id, code, trip_no, commune_id, ticket_no, received_on, received_at, due_date, procedure_key, procedure_code, procedure_name,
                             field, grp, fee_vnd, payment, paid_at, paid_ref, return_method, state, state_at, result_on, events, updated_at)
       SELECT $1, x.code, x.trip_no, x.commune_id, x.ticket_no, x.received_on, x.received_at, x.due_date, x.procedure_key, x.procedure_code, x.procedure_name,
              x.field, x.grp, x.fee_vnd, x.payment, x.paid_at, x.paid_ref, x.return_method, x.state, x.state_at, x.result_on, x.events, $3
       FROM jsonb_to_recordset($2::jsonb) AS x(code text, trip_no int, commune_id int, ticket_no bigint, received_on date, received_at timestamptz, due_date date,
            procedure_key text, procedure_code text, procedure_name jsonb, field text, grp text, fee_vnd int, payment text, paid_at timestamptz, paid_ref text, return_method text, state text,
            state_at timestamptz, result_on date, events jsonb)
       ON CONFLICT (vehicle_id, code) DO UPDATE SET
         trip_no = coalesce(excluded.trip_no, dossiers.trip_no), commune_id = coalesce(excluded.commune_id, dossiers.commune_id),
         ticket_no = coalesce(excluded.ticket_no, dossiers.ticket_no), state = excluded.state, state_at = excluded.state_at,
         result_on = excluded.result_on, events = excluded.events, fee_vnd = excluded.fee_vnd, payment = excluded.payment,
         -- a confirmed transfer, once known, stays: a send from before the confirmation does not undo it
         paid_at = coalesce(excluded.paid_at, dossiers.paid_at),
         paid_ref = CASE WHEN excluded.paid_at IS NOT NULL THEN excluded.paid_ref ELSE dossiers.paid_ref END,
         updated_at = excluded.updated_at
       WHERE jsonb_array_length(excluded.events) >= jsonb_array_length(dossiers.events)`,
      [vehicleId, json, new Date(at)],
    );
    const days = await figures.dossierDays(vehicleId, list.map((x) => x.status.receivedOn));
    await figures.procedureNames(list.map((x) => ({ key: x.status.procedure.key, name: x.status.procedure.name })));
    const tripDays = await figures.procedureTrips(vehicleId, list.flatMap((x) => (x.status.trip === null ? [] : [x.status.trip])));
    await figures.months(vehicleId, [...days, ...tripDays]);
    return rowCount ?? 0;
  }

  // ---- bundles and files -----------------------------------------------------------------------------

  /** Which of these hashes this vehicle has not sent yet. */
  async missingBlobs(vehicleId: number, hashes: readonly string[]): Promise<string[]> {
    const { rows } = await query<{ h: string }>(
      this.db,
      'SELECT h FROM unnest($2::text[]) AS h WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.vehicle_id = $1 AND b.sha256 = h AND b.data IS NOT NULL)',
      [vehicleId, [...new Set(hashes)]],
    );
    return rows.map((r) => r.h);
  }

  /** Keep a file's content under its hash (checked by the caller). */
  async putBlob(vehicleId: number, sha256: string, data: Buffer, at: number): Promise<void> {
    await query(
      this.db,
      `INSERT INTO blobs (vehicle_id, sha256, bytes, data, received_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (vehicle_id, sha256) DO UPDATE SET data = excluded.data, bytes = excluded.bytes WHERE blobs.data IS NULL`,
      [vehicleId, sha256, data.length, data, new Date(at)],
    );
  }

  async blob(vehicleId: number, sha256: string): Promise<Buffer | undefined> {
    const { rows } = await query<{ data: Buffer | null }>(this.db, 'SELECT data FROM blobs WHERE vehicle_id = $1 AND sha256 = $2', [vehicleId, sha256]);
    return rows[0]?.data ?? undefined;
  }

  /** The stored bundle's manifest hash and owner, locking its row for this transaction. */
  async bundle(id: string): Promise<{ vehicleId: number; manifestSha256: string } | undefined> {
    const { rows } = await query<{ vehicle_id: number; manifest_sha256: string }>(this.db, 'SELECT vehicle_id, manifest_sha256 FROM bundles WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] && { vehicleId: rows[0].vehicle_id, manifestSha256: rows[0].manifest_sha256 };
  }

  async insertBundle(b: { id: string; vehicleId: number; tripNo: number; manifest: string; signature: string; manifestSha256: string; createdAt: number; toOffice: string; counts: unknown; at: number }, files: readonly { path: string; sha256: string; bytes: number }[]): Promise<void> {
    await query(
      this.db,
      `INSERT INTO bundles (id, vehicle_id, trip_no, manifest, signature, manifest_sha256, created_at, to_office, counts, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [b.id, b.vehicleId, b.tripNo, b.manifest, b.signature, b.manifestSha256, new Date(b.createdAt), b.toOffice, JSON.stringify(b.counts), new Date(b.at)],
    );
    await query(this.db, 'INSERT INTO bundle_files (bundle_id, path, sha256, bytes) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])', [b.id, files.map((f) => f.path), files.map((f) => f.sha256), files.map((f) => f.bytes)]);
  }

  /** The personal part of a bundle's dossiers and their citizens. */
  async attachPersonal(vehicleId: number, bundleId: string, dossiers: readonly { code: string; citizenId: string; record: unknown }[], citizens: readonly { id: string; record: unknown }[], at: number): Promise<void> {
    await query(
      this.db,
      `UPDATE dossiers d SET personal = x.record, citizen_id = x.citizen_id, bundle_id = $2
       FROM jsonb_to_recordset($3::jsonb) AS x(code text, citizen_id text, record jsonb)
       WHERE d.vehicle_id = $1 AND d.code = x.code AND d.purge_id IS NULL`,
      [vehicleId, bundleId, JSON.stringify(dossiers.map((d) => ({ code: d.code, citizen_id: d.citizenId, record: d.record })))],
    );
    await query(
      this.db,
      `INSERT INTO citizens (vehicle_id, id, record, received_at) SELECT $1, x.id, x.record, $3 FROM jsonb_to_recordset($2::jsonb) AS x(id text, record jsonb)
       ON CONFLICT (vehicle_id, id) DO UPDATE SET record = excluded.record, received_at = excluded.received_at`,
      [vehicleId, JSON.stringify(citizens), new Date(at)],
    );
  }
}
