// The outbox to the centre and the sync link (migration 011): what waits to go, what the centre
// refused, the centre's address and pinned certificate, the last sync, and the offices' updates
// applied. The reads that build what is sent: a trip's records, a dossier's state and history.
import type { DossierEvent } from '../core/dossier.js';
import type { SyncQueueEvent } from '../core/sync.js';
import type { Db } from './types.js';

export type OutboxKind = 'trip' | 'dossier' | 'bundle';

export interface OutboxItem {
  id: number;
  kind: OutboxKind;
  ref: string;
  version: number;
  createdAt: number;
  attempts: number;
  lastError: string | null;
  refused: string | null;
}

export interface SyncLink {
  url: string;
  certPem: string;
  certFingerprint: string;
  vehicleId: number;
  vehicleName: string;
  enrolledAt: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  failures: number;
  nextAt: number;
}

interface ItemRow {
  id: number;
  kind: OutboxKind;
  ref: string;
  version: number;
  created_at: number;
  attempts: number;
  last_error: string | null;
  refused: string | null;
}

const toItem = (r: ItemRow): OutboxItem => ({ id: r.id, kind: r.kind, ref: r.ref, version: r.version, createdAt: r.created_at, attempts: r.attempts, lastError: r.last_error, refused: r.refused });

export class OutboxRepo {
  constructor(private readonly db: Db) {}

  /** Waiting to go (refused ones not included), oldest first. */
  pending(kind?: OutboxKind, limit = 100_000): OutboxItem[] {
    return (
      this.db.prepare(`SELECT * FROM outbox WHERE sent_at IS NULL AND refused IS NULL ${kind ? 'AND kind = ?' : ''} ORDER BY id LIMIT ?`).all(...(kind ? [kind, limit] : [limit])) as ItemRow[]
    ).map(toItem);
  }

  /** How many wait, by kind; and how many the centre refused. */
  counts(): { trip: number; dossier: number; bundle: number; refused: number } {
    const out = { trip: 0, dossier: 0, bundle: 0, refused: 0 };
    for (const r of this.db.prepare('SELECT kind, refused IS NOT NULL AS refused, count(*) AS n FROM outbox WHERE sent_at IS NULL GROUP BY 1, 2').all() as { kind: OutboxKind; refused: number; n: number }[]) {
      if (r.refused) out.refused += r.n;
      else out[r.kind] += r.n;
    }
    return out;
  }

  refusedItems(): OutboxItem[] {
    return (this.db.prepare('SELECT * FROM outbox WHERE sent_at IS NULL AND refused IS NOT NULL ORDER BY id').all() as ItemRow[]).map(toItem);
  }

  /**
   * Sent as it stood at `version`: done with. An item changed since it was read (a dossier moved on
   * while its batch was on the way) keeps waiting, to go again as it now is.
   */
  markSent(items: readonly Pick<OutboxItem, 'id' | 'version'>[], at: number): void {
    const st = this.db.prepare('UPDATE outbox SET sent_at = ?, last_error = NULL WHERE id = ? AND version = ? AND sent_at IS NULL');
    for (const i of items) st.run(at, i.id, i.version);
  }

  markFailed(id: number, error: string): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error, id);
  }

  markRefused(id: number, reason: string): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + 1, refused = ? WHERE id = ?').run(reason, id);
  }

  /** Refused items offered again (after the cause was fixed, or with a newer centre). */
  retryRefused(): number {
    return this.db.prepare('UPDATE outbox SET refused = NULL WHERE sent_at IS NULL AND refused IS NOT NULL').run().changes;
  }

  /** A handover bundle to send, with its small files (the attached files are found by hash). */
  addBundle(uuid: string, at: number, files: readonly { path: string; content: Uint8Array }[]): void {
    const id = Number(this.db.prepare("INSERT INTO outbox (kind, ref, created_at) VALUES ('bundle', ?, ?)").run(uuid, at).lastInsertRowid);
    const st = this.db.prepare('INSERT INTO outbox_files (outbox_id, path, content) VALUES (?, ?, ?)');
    for (const f of files) st.run(id, f.path, Buffer.from(f.content));
  }

  bundleFiles(outboxId: number): Map<string, Buffer> {
    return new Map((this.db.prepare('SELECT path, content FROM outbox_files WHERE outbox_id = ?').all(outboxId) as { path: string; content: Buffer }[]).map((r) => [r.path, r.content]));
  }

  /** Where a file of this hash is kept with a dossier (relative to the database's folder). */
  storedFileByHash(sha256: string): string | undefined {
    return (this.db.prepare('SELECT path FROM dossier_files WHERE sha256 = ? ORDER BY id DESC LIMIT 1').get(sha256) as { path: string } | undefined)?.path;
  }

  /** Everything that happened before the link existed, enqueued once at enrolment. */
  backfill(at: number): number {
    const a = this.db.prepare("INSERT OR IGNORE INTO outbox (kind, ref, created_at) SELECT 'trip', id, ? FROM trips WHERE closed_at IS NOT NULL").run(at).changes;
    const b = this.db.prepare("INSERT OR IGNORE INTO outbox (kind, ref, created_at) SELECT 'dossier', id, ? FROM dossiers").run(at).changes;
    return a + b;
  }

  // ---- what is sent ---------------------------------------------------------------------------------

  tripEvents(tripId: number): SyncQueueEvent[] {
    return (this.db.prepare('SELECT id, ticket_id, type, at, counter, grp, priority FROM queue_events WHERE trip_id = ? ORDER BY id').all(tripId) as { id: number; ticket_id: number; type: string; at: number; counter: number | null; grp: string | null; priority: string | null }[]).map(
      (r) => ({ id: r.id, ticket: r.ticket_id, type: r.type, at: r.at, counter: r.counter, group: r.grp, priority: r.priority }),
    );
  }

  tripTickets(tripId: number): { id: number; label: string }[] {
    return this.db.prepare('SELECT id, label FROM tickets WHERE trip_id = ? ORDER BY id').all(tripId) as { id: number; label: string }[];
  }

  tripRatings(tripId: number): { ticket: number; score: number }[] {
    return this.db.prepare('SELECT ticket_id AS ticket, score FROM ratings WHERE trip_id = ? ORDER BY ticket_id').all(tripId) as { ticket: number; score: number }[];
  }

  /** A dossier's history without notes (the notes may name people; the centre needs the states). */
  dossierEvents(dossierId: number): Pick<DossierEvent, 'at' | 'from' | 'to'>[] {
    return (this.db.prepare('SELECT at, from_state, to_state FROM dossier_events WHERE dossier_id = ? ORDER BY id').all(dossierId) as { at: number; from_state: DossierEvent['from']; to_state: DossierEvent['to'] }[]).map((r) => ({ at: r.at, from: r.from_state, to: r.to_state }));
  }

  // ---- the link ----------------------------------------------------------------------------------------

  link(): SyncLink | undefined {
    const r = this.db.prepare('SELECT * FROM sync_link WHERE id = 1').get() as
      | { url: string; cert_pem: string; cert_fingerprint: string; vehicle_id: number; vehicle_name: string; enrolled_at: number; last_attempt_at: number | null; last_success_at: number | null; last_error: string | null; failures: number; next_at: number }
      | undefined;
    return r && { url: r.url, certPem: r.cert_pem, certFingerprint: r.cert_fingerprint, vehicleId: r.vehicle_id, vehicleName: r.vehicle_name, enrolledAt: r.enrolled_at, lastAttemptAt: r.last_attempt_at, lastSuccessAt: r.last_success_at, lastError: r.last_error, failures: r.failures, nextAt: r.next_at };
  }

  setLink(l: Pick<SyncLink, 'url' | 'certPem' | 'certFingerprint' | 'vehicleId' | 'vehicleName' | 'enrolledAt'>): void {
    this.db
      .prepare(
        `INSERT INTO sync_link (id, url, cert_pem, cert_fingerprint, vehicle_id, vehicle_name, enrolled_at) VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, cert_pem = excluded.cert_pem, cert_fingerprint = excluded.cert_fingerprint, vehicle_id = excluded.vehicle_id,
           vehicle_name = excluded.vehicle_name, enrolled_at = excluded.enrolled_at, failures = 0, next_at = 0, last_error = NULL`,
      )
      .run(l.url, l.certPem, l.certFingerprint, l.vehicleId, l.vehicleName, l.enrolledAt);
  }

  /** Take the one sync lease (false: another process is syncing and alive). */
  takeLease(pid: number, now: number, ms: number, alive: (pid: number) => boolean): boolean {
    const r = this.db.prepare('SELECT lease_until, lease_pid FROM sync_link WHERE id = 1').get() as { lease_until: number | null; lease_pid: number | null } | undefined;
    if (!r) return false;
    if (r.lease_until !== null && r.lease_until > now && r.lease_pid !== null && r.lease_pid !== pid && alive(r.lease_pid)) return false;
    this.db.prepare('UPDATE sync_link SET lease_until = ?, lease_pid = ? WHERE id = 1').run(now + ms, pid);
    return true;
  }

  releaseLease(pid: number): void {
    this.db.prepare('UPDATE sync_link SET lease_until = NULL, lease_pid = NULL WHERE id = 1 AND lease_pid = ?').run(pid);
  }

  attempted(at: number, ok: boolean, error: string | null, failures: number, nextAt: number): void {
    this.db
      .prepare('UPDATE sync_link SET last_attempt_at = ?, last_success_at = CASE WHEN ? THEN ? ELSE last_success_at END, last_error = ?, failures = ?, next_at = ? WHERE id = 1')
      .run(at, ok ? 1 : 0, at, error, failures, nextAt);
  }

  // ---- updates from the offices ---------------------------------------------------------------------

  knownUpdate(centreId: number): { outcome: string; reason: string | null } | undefined {
    return this.db.prepare('SELECT outcome, reason FROM sync_updates WHERE centre_id = ?').get(centreId) as { outcome: string; reason: string | null } | undefined;
  }

  recordUpdate(centreId: number, code: string, outcome: string, reason: string | null, at: number): void {
    this.db.prepare('INSERT OR IGNORE INTO sync_updates (centre_id, code, outcome, reason, at) VALUES (?, ?, ?, ?, ?)').run(centreId, code, outcome, reason, at);
  }

  answerAgain(centreId: number): void {
    this.db.prepare('UPDATE sync_updates SET acked_at = NULL WHERE centre_id = ?').run(centreId);
  }

  unackedUpdates(): { centreId: number; outcome: string; reason: string | null }[] {
    return (this.db.prepare('SELECT centre_id, outcome, reason FROM sync_updates WHERE acked_at IS NULL ORDER BY centre_id').all() as { centre_id: number; outcome: string; reason: string | null }[]).map((r) => ({ centreId: r.centre_id, outcome: r.outcome, reason: r.reason }));
  }

  ackedUpdates(ids: readonly number[], at: number): void {
    const st = this.db.prepare('UPDATE sync_updates SET acked_at = ? WHERE centre_id = ?');
    for (const id of ids) st.run(at, id);
  }

  // ---- the centre's schedule -------------------------------------------------------------------------

  /** A planned trip from the centre, added or brought up to date by its centre id. */
  upsertPlan(p: { centreId: number; commune: string; place: string; date: string; start: string; end: string; services: string[]; note: string | null; announcedAt: number | null; cancelledAt: number | null }, at: number): void {
    this.db
      .prepare(
        `INSERT INTO planned_trips (commune, place, date, start_time, end_time, services, note, created_at, announced_at, cancelled_at, centre_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (centre_id) WHERE centre_id IS NOT NULL DO UPDATE SET commune = excluded.commune, place = excluded.place, date = excluded.date,
           start_time = excluded.start_time, end_time = excluded.end_time, services = excluded.services, note = excluded.note,
           announced_at = coalesce(planned_trips.announced_at, excluded.announced_at), cancelled_at = excluded.cancelled_at`,
      )
      .run(p.commune, p.place, p.date, p.start, p.end, JSON.stringify(p.services), p.note, at, p.announcedAt, p.cancelledAt, p.centreId);
  }
}
