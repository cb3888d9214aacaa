// The hub's own tables (migration 13): paired workstations, answered requests, settings, and the
// floors under the numbering after a promotion. Only the hub's process writes them, each write
// inside a write transaction (a Tx, from writeTx: src/store/tx.ts).
import type { Statement } from 'better-sqlite3';
import type { Db, Tx } from './types.js';

export interface Workstation {
  id: string;
  name: string;
  psk: Buffer;
  standby: string | null;
  pairedAt: number;
  pairedBy: string | null;
  revokedAt: number | null;
}

interface WsRow {
  id: string;
  name: string;
  psk: Buffer;
  standby: string | null;
  paired_at: number;
  paired_by: string | null;
  revoked_at: number | null;
}

const ws = (r: WsRow): Workstation => ({ id: r.id, name: r.name, psk: r.psk, standby: r.standby, pairedAt: r.paired_at, pairedBy: r.paired_by, revokedAt: r.revoked_at });

export interface RecordedRequest {
  method: string;
  argsHash: Buffer;
  result: string;
  at: number;
}

/** The highest number given in each numbering: ticket groups per trip, dossier codes per day. */
export interface Marks {
  /** '<trip id>:<prefix>' -> highest ticket number */
  tickets: Record<string, number>;
  /** '<agency>|<YYYY-MM-DD>' -> highest daily dossier number */
  dossiers: Record<string, number>;
}

export class HubRepo {
  private readonly sWsGet: Statement;
  private readonly sWsAll: Statement;
  private readonly sWsPut: Statement;
  private readonly sWsStandby: Statement;
  private readonly sWsRevoke: Statement;
  private readonly sReqGet: Statement;
  private readonly sReqPut: Statement;
  private readonly sReqPurge: Statement;
  private readonly sSetGet: Statement;
  private readonly sSetPut: Statement;
  private readonly sCodesSince: Statement;
  private readonly sJobsSince: Statement;

  constructor(private readonly db: Db) {
    this.sWsGet = db.prepare('SELECT * FROM hub_workstations WHERE id = ?');
    this.sWsAll = db.prepare('SELECT * FROM hub_workstations ORDER BY paired_at, id');
    this.sWsPut = db.prepare('INSERT INTO hub_workstations (id, name, psk, paired_at, paired_by) VALUES (?, ?, ?, ?, ?)');
    this.sWsStandby = db.prepare('UPDATE hub_workstations SET standby = ? WHERE id = ?');
    this.sWsRevoke = db.prepare('UPDATE hub_workstations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.sReqGet = db.prepare('SELECT method, args_hash, result, at FROM hub_requests WHERE workstation = ? AND id = ?');
    this.sReqPut = db.prepare('INSERT INTO hub_requests (workstation, id, method, args_hash, result, at) VALUES (?, ?, ?, ?, ?, ?)');
    this.sReqPurge = db.prepare('DELETE FROM hub_requests WHERE at < ?');
    this.sSetGet = db.prepare('SELECT value FROM hub_settings WHERE key = ?');
    this.sCodesSince = db.prepare('SELECT id, code FROM dossiers WHERE id > ? ORDER BY id LIMIT ?');
    this.sJobsSince = db.prepare('SELECT j.id, p.host FROM print_jobs j LEFT JOIN printers p ON p.name = j.printer WHERE j.id > ? ORDER BY j.id LIMIT ?');
    this.sSetPut = db.prepare('INSERT INTO hub_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  workstation(id: string): Workstation | undefined {
    const r = this.sWsGet.get(id) as WsRow | undefined;
    return r ? ws(r) : undefined;
  }

  workstations(): Workstation[] {
    return (this.sWsAll.all() as WsRow[]).map(ws);
  }

  addWorkstation(_tx: Tx, id: string, name: string, psk: Buffer, at: number, by: string | null): void {
    this.sWsPut.run(id, name, psk, at, by);
  }

  setStandby(_tx: Tx, id: string, standby: string | null): void {
    this.sWsStandby.run(standby, id);
  }

  revoke(_tx: Tx, id: string, at: number): boolean {
    return this.sWsRevoke.run(at, id).changes === 1;
  }

  request(workstation: string, id: string): RecordedRequest | undefined {
    const r = this.sReqGet.get(workstation, id) as { method: string; args_hash: Buffer; result: string; at: number } | undefined;
    return r ? { method: r.method, argsHash: r.args_hash, result: r.result, at: r.at } : undefined;
  }

  recordRequest(_tx: Tx, workstation: string, id: string, method: string, argsHash: Buffer, result: string, at: number): void {
    this.sReqPut.run(workstation, id, method, argsHash, result, at);
  }

  purgeRequests(_tx: Tx, before: number): number {
    return this.sReqPurge.run(before).changes;
  }

  setting(key: string): string | undefined {
    return (this.sSetGet.get(key) as { value: string } | undefined)?.value;
  }

  setSetting(_tx: Tx, key: string, value: string): void {
    this.sSetPut.run(key, value);
  }

  /** Dossier codes given after the dossier `afterId`, oldest first (for the pushes' marks). */
  dossierCodesSince(afterId: number, limit = 500): { id: number; code: string }[] {
    return this.sCodesSince.all(afterId, limit) as { id: number; code: string }[];
  }

  /** Print jobs queued after the job `afterId`, oldest first, with the machine their printer is plugged into (null: the hub laptop). */
  jobsSince(afterId: number, limit = 500): { id: number; host: string | null }[] {
    return this.sJobsSince.all(afterId, limit) as { id: number; host: string | null }[];
  }

  lastJobId(): number {
    return (this.db.prepare('SELECT coalesce(max(id), 0) AS n FROM print_jobs').get() as { n: number }).n;
  }

  lastDossierId(): number {
    return (this.db.prepare('SELECT coalesce(max(id), 0) AS n FROM dossiers').get() as { n: number }).n;
  }

  /**
   * The highest numbers this database has given: every ticket group of the trip `tripId` (all trips
   * when undefined) and every day's dossier numbering from `fromDate` on (all when undefined).
   */
  marks(scope: { tripId?: number | null; fromDate?: string } = {}): Marks {
    const tickets: Record<string, number> = {};
    if (scope.tripId !== null) {
      const where = scope.tripId === undefined ? '' : ' WHERE trip_id = ' + Number(scope.tripId);
      for (const r of this.db.prepare(`SELECT trip_id, prefix, max(seq) AS n FROM tickets${where} GROUP BY trip_id, prefix`).all() as { trip_id: number; prefix: string; n: number }[]) {
        tickets[`${r.trip_id}:${r.prefix}`] = r.n;
      }
      for (const r of this.db.prepare("SELECT scope, floor FROM sequence_floors WHERE kind = 'ticket'").all() as { scope: string; floor: number }[]) {
        if (scope.tripId !== undefined && !r.scope.startsWith(`${scope.tripId}:`)) continue;
        tickets[r.scope] = Math.max(tickets[r.scope] ?? 0, r.floor);
      }
    }
    const dossiers: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT agency, date, last FROM dossier_sequences WHERE date >= ?').all(scope.fromDate ?? '') as { agency: string; date: string; last: number }[]) {
      dossiers[`${r.agency}|${r.date}`] = r.last;
    }
    return { tickets, dossiers };
  }

  /** The floor under a trip's ticket group (0: none). */
  ticketFloor(tripId: number, prefix: string): number {
    const r = this.db.prepare("SELECT floor FROM sequence_floors WHERE kind = 'ticket' AND scope = ?").get(`${tripId}:${prefix}`) as { floor: number } | undefined;
    return r?.floor ?? 0;
  }

  /** Raise a ticket group's floor (never lowers it). */
  raiseTicketFloor(_tx: Tx, scope: string, floor: number): void {
    this.db
      .prepare("INSERT INTO sequence_floors (kind, scope, floor) VALUES ('ticket', ?, ?) ON CONFLICT (kind, scope) DO UPDATE SET floor = max(floor, excluded.floor)")
      .run(scope, floor);
  }

  /** Raise a day's dossier numbering so that the next code is above `last` (never lowers it). */
  raiseDossierSeq(_tx: Tx, agency: string, date: string, last: number): void {
    this.db
      .prepare('INSERT INTO dossier_sequences (agency, date, last) VALUES (?, ?, ?) ON CONFLICT (agency, date) DO UPDATE SET last = max(last, excluded.last)')
      .run(agency, date, Math.min(9999, last));
  }
}
