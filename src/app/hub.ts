// The hub's use cases beyond the counter's own: pairing workstations, answering each request once
// (a retry after a lost answer gets the recorded result), and the feed of what changed that the
// hub pushes to every workstation. The use cases themselves are the Luudong's, run here.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../core/errors.js';
import type { QueueEvent } from '../core/queue/types.js';
import type { Trip } from '../core/trip.js';
import { appendAudit } from '../store/audit.js';
import { writeTx } from '../store/tx.js';
import type { Db, Tx } from '../store/types.js';
import { HubRepo, type Marks, type Workstation } from '../store/hub.js';
import { QueueRepo, TripRepo } from '../store/repos.js';

/** Refusals that say something about this moment, not about the request: never recorded. */
const TRANSIENT = new Set(['err.dbBusy', 'err.dbFull', 'err.dbIo', 'err.dbReadOnly', 'err.dbCorrupt', 'err.unexpected']);

/** How long answered requests are kept: a workstation retries within seconds, this is generous. */
export const REQUEST_KEEP_MS = 2 * 24 * 3600_000;

/** A numbering started higher by a promotion: the copy held `copy`, a workstation had seen `seen`. */
export interface Skip {
  kind: 'ticket' | 'dossier';
  scope: string;
  copy: number;
  seen: number;
  next: number;
}

/** How many numbers a promotion leaves out above the highest seen (see the README). */
export const PROMOTION_MARGIN = 3;

export type RecordedResult = { ok: unknown } | { error: { code: string; params: Record<string, string | number> } };

export interface PairingWindow {
  code: string;
  expiresAt: number;
  triesLeft: number;
}

export const PAIRING_MINUTES = 5;
export const PAIRING_TRIES = 3;

/** The one-time key of a pairing handshake: derived from the code shown on the hub. */
export function pairingKey(code: string): Buffer {
  return createHash('sha256').update('luudong-pair\n').update(code).digest();
}

export function argsHash(method: string, args: unknown): Buffer {
  return createHash('sha256').update(method).update('\n').update(JSON.stringify(args ?? null)).digest();
}

export class HubDesk {
  readonly repo: HubRepo;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new HubRepo(db);
  }

  /** The hub's own IMMEDIATE transaction (pairing, workstations, promotion): not a counter's use case. */
  private tx<T>(fn: (tx: Tx) => T): T {
    return writeTx(this.db, fn);
  }

  /** This machine's station id (made on first use) and the hub's epoch (raised by each promotion). */
  identity(): { station: string; epoch: number } {
    let station = this.repo.setting('station');
    if (!station) {
      station = this.tx((tx) => {
        const s = this.repo.setting('station') ?? `hub-${randomBytes(4).toString('hex')}`;
        this.repo.setSetting(tx, 'station', s);
        if (!this.repo.setting('epoch')) this.repo.setSetting(tx, 'epoch', '1');
        return s;
      });
    }
    return { station, epoch: Number(this.repo.setting('epoch') ?? '1') };
  }

  // ---- pairing ------------------------------------------------------------------------------
  // The window is kept in the database (hub_settings 'pairing'), so `luudong hub pair` in another
  // process opens it for the running hub: the handshake's one-time key (derived from the code), its
  // expiry and the tries left. Each handshake with the identity 'pair' takes a try, whether the
  // code was right or not; a success closes it.

  /** Open a pairing window: a 6-digit code, valid a few minutes, for at most a few tries. */
  openPairing(by: string | null, minutes = PAIRING_MINUTES): PairingWindow {
    const w: PairingWindow = { code: String(randomInt(0, 1_000_000)).padStart(6, '0'), expiresAt: this.now() + minutes * 60_000, triesLeft: PAIRING_TRIES };
    this.tx((tx) => {
      this.repo.setSetting(tx, 'pairing', JSON.stringify({ key: pairingKey(w.code).toString('hex'), expiresAt: w.expiresAt, triesLeft: w.triesLeft }));
      appendAudit(tx, this.db, this.now(), by, 'hub.pairing', ['hub_settings', 'pairing', w.expiresAt]);
    });
    return w;
  }

  private window(): { key: string; expiresAt: number; triesLeft: number } | null {
    const raw = this.repo.setting('pairing');
    if (!raw) return null;
    const w = JSON.parse(raw) as { key: string; expiresAt: number; triesLeft: number };
    return w.expiresAt > this.now() && w.triesLeft > 0 ? w : null;
  }

  /** Is a pairing window open, until when, with how many tries left. */
  pairingOpen(): { expiresAt: number; triesLeft: number } | null {
    const w = this.window();
    return w ? { expiresAt: w.expiresAt, triesLeft: w.triesLeft } : null;
  }

  closePairing(): void {
    this.tx((tx) => this.repo.setSetting(tx, 'pairing', '{"key":"","expiresAt":0,"triesLeft":0}'));
  }

  /** The key of a pairing handshake, while a window is open; each handshake takes one try. */
  pairingAttempt(): Buffer | null {
    return this.tx((tx) => {
      const w = this.window();
      if (!w) return null;
      this.repo.setSetting(tx, 'pairing', JSON.stringify({ ...w, triesLeft: w.triesLeft - 1 }));
      return Buffer.from(w.key, 'hex');
    });
  }

  /** A pairing handshake succeeded: the workstation gets its id and long-term key; the window closes. */
  pair(name: string, by: string | null): { id: string; psk: Buffer } {
    const clean = name.normalize('NFC').replace(/[^\p{L}\p{N}._ -]/gu, '').trim().slice(0, 40) || 'workstation';
    return this.tx((tx) => {
      this.repo.setSetting(tx, 'pairing', '{"key":"","expiresAt":0,"triesLeft":0}');
      const id = `ws-${randomBytes(4).toString('hex')}`;
      const psk = randomBytes(32);
      this.repo.addWorkstation(tx, id, clean, psk, this.now(), by);
      appendAudit(tx, this.db, this.now(), by, 'hub.pair', ['hub_workstations', id]);
      return { id, psk };
    });
  }

  /** The long-term key of a paired, not revoked workstation. */
  psk(identity: string): Buffer | null {
    if (!/^ws-[0-9a-f]{8}$/.test(identity)) return null;
    const w = this.repo.workstation(identity);
    return w && w.revokedAt === null ? w.psk : null;
  }

  workstation(id: string): Workstation | undefined {
    return this.repo.workstation(id);
  }

  workstations(): Workstation[] {
    return this.repo.workstations();
  }

  revoke(id: string, by: string | null): void {
    this.tx((tx) => {
      if (!this.repo.revoke(tx, id, this.now())) throw new DomainError('err.hub.noWorkstation', { id });
      appendAudit(tx, this.db, this.now(), by, 'hub.revoke', ['hub_workstations', id]);
    });
  }

  setStandby(id: string, standby: string | null): void {
    this.tx((tx) => this.repo.setStandby(tx, id, standby));
  }

  // ---- requests answered once ------------------------------------------------------------------

  /**
   * Run a write once. The request id, who sent it and the result are recorded in the same IMMEDIATE
   * transaction as the use case (its own transaction becomes a savepoint inside this one), so either
   * both are kept or neither. The same id again returns the recorded result and applies nothing; the
   * same id with other arguments is refused. A refusal by a rule is a result too; a busy or full disk
   * is not (nothing was applied: a retry may succeed).
   */
  once(workstation: string, requestId: string, method: string, args: unknown, run: () => unknown): RecordedResult {
    const hash = argsHash(method, args);
    return this.tx((tx) => {
      const prior = this.repo.request(workstation, requestId);
      if (prior) {
        if (prior.method !== method || prior.argsHash.length !== hash.length || !timingSafeEqual(prior.argsHash, hash)) throw new DomainError('err.hub.requestReused', {});
        return JSON.parse(prior.result) as RecordedResult;
      }
      let result: RecordedResult;
      try {
        result = { ok: run() ?? null };
      } catch (e) {
        if (!(e instanceof DomainError) || TRANSIENT.has(e.code)) throw e;
        result = { error: { code: e.code, params: e.params } };
      }
      this.repo.recordRequest(tx, workstation, requestId, method, hash, JSON.stringify(result), this.now());
      return result;
    });
  }

  /** Forget answers older than REQUEST_KEEP_MS (at the hub's start). */
  purgeRequests(): number {
    return this.tx((tx) => this.repo.purgeRequests(tx, this.now() - REQUEST_KEEP_MS));
  }

  // ---- standby copies and promotion -------------------------------------------------------------

  /** The SSH key pair the hub's Litestream logs in to the workstations' replicas with (made once). */
  replicaKeys(make: () => { key: string; pub: string }): { key: string; pub: string } {
    const key = this.repo.setting('replica_key');
    const pub = this.repo.setting('replica_pub');
    if (key && pub) return { key, pub };
    const made = make();
    this.tx((tx) => {
      this.repo.setSetting(tx, 'replica_key', made.key);
      this.repo.setSetting(tx, 'replica_pub', made.pub);
    });
    return made;
  }

  /**
   * While Litestream streams this file, it owns checkpointing: every connection to the file turns
   * its automatic checkpoints off (src/store/db.ts). Without standbys the hub checkpoints as usual.
   */
  setReplicated(on: boolean): void {
    if ((this.repo.setting('replicated') === '1') === on) return;
    this.tx((tx) => this.repo.setSetting(tx, 'replicated', on ? '1' : '0'));
  }

  /**
   * Make this database the hub's after a promotion: the next epoch (workstations refuse the old
   * hub from then on), this machine's station id, and every numbering started above the highest
   * number anyone saw, plus `margin`, where that is above what the copy holds. One transaction,
   * written to the audit log with what was skipped.
   */
  promote(station: string, seen: Marks, margin: number, by: string | null, today: { tripId: number | null; date: string; agency: string }): { epoch: number; skipped: Skip[] } {
    return this.tx((tx) => {
      const have = this.repo.marks({ tripId: today.tripId, fromDate: today.date });
      const skipped: Skip[] = [];
      // Every numbering in use now (the open trip's ticket groups, today's dossiers) and every one a
      // workstation saw: the old hub may have given a number after the copy's last page and before
      // any workstation heard of it (one on its own printer, say), so the margin is always added.
      const tickets = new Set([...Object.keys(have.tickets), ...Object.keys(seen.tickets)]);
      for (const scope of tickets) {
        const copy = have.tickets[scope] ?? 0;
        const n = Math.max(copy, seen.tickets[scope] ?? 0);
        this.repo.raiseTicketFloor(tx, scope, n + margin);
        skipped.push({ kind: 'ticket', scope, copy, seen: seen.tickets[scope] ?? 0, next: n + margin + 1 });
      }
      const dossiers = new Set([`${today.agency}|${today.date}`, ...Object.keys(have.dossiers), ...Object.keys(seen.dossiers)]);
      for (const scope of dossiers) {
        const copy = have.dossiers[scope] ?? 0;
        const n = Math.max(copy, seen.dossiers[scope] ?? 0);
        const [agency, date] = scope.split('|') as [string, string];
        this.repo.raiseDossierSeq(tx, agency, date, n + margin);
        skipped.push({ kind: 'dossier', scope, copy, seen: seen.dossiers[scope] ?? 0, next: n + margin + 1 });
      }
      const epoch = Number(this.repo.setting('epoch') ?? '1') + 1;
      const from = this.repo.setting('station') ?? '';
      this.repo.setSetting(tx, 'epoch', String(epoch));
      this.repo.setSetting(tx, 'station', station);
      appendAudit(tx, this.db, this.now(), by, 'hub.promote', ['hub_settings', from, station, epoch, margin, skipped.map((k) => [k.kind, k.scope, k.copy, k.seen, k.next])]);
      return { epoch, skipped };
    });
  }

  marks(scope: { tripId?: number | null; fromDate?: string } = {}): Marks {
    return this.repo.marks(scope);
  }
}

/** What changed since the last look: the open trip, its new queue events, new dossier codes. */
export interface FeedDelta {
  trip: Trip | null;
  /** The trip changed (opened, closed, another one): `events` then starts from the beginning. */
  reset: boolean;
  events: QueueEvent[];
  dossiers: string[];
  /** The workstations (ids) with print jobs newly queued for their printers: their print workers look. */
  jobs: string[];
}

/**
 * The hub's view of what to push, read on a connection of its own so that every commit (by any
 * connection or process) moves PRAGMA data_version and is seen by one cheap look.
 */
export class HubFeed {
  private readonly trips: TripRepo;
  private readonly queue: QueueRepo;
  private readonly hub: HubRepo;
  private version = -1;
  private trip: Trip | null = null;
  private lastEventId = 0;
  private lastDossierId: number;
  private lastJobId: number;

  constructor(private readonly db: Db) {
    this.trips = new TripRepo(db);
    this.queue = new QueueRepo(db);
    this.hub = new HubRepo(db);
    this.lastDossierId = this.hub.lastDossierId();
    this.lastJobId = this.hub.lastJobId();
    this.trip = this.trips.current() ?? null;
    this.lastEventId = this.trip ? this.lastOf(this.queue.eventsSince(this.trip.id, 0)) : 0;
    this.version = this.db.pragma('data_version', { simple: true }) as number;
  }

  private lastOf(events: QueueEvent[]): number {
    return events.length ? (events[events.length - 1] as QueueEvent).id : 0;
  }

  /** The state a new connection starts from: the open trip and its events after `since` (0: all). */
  snapshot(tripId: number | null, since: number): { trip: Trip | null; events: QueueEvent[]; reset: boolean } {
    const trip = this.trips.current() ?? null;
    const same = trip !== null && trip.id === tripId;
    return { trip, events: trip ? this.queue.eventsSince(trip.id, same ? since : 0) : [], reset: !same };
  }

  /** What changed since the last call, or null when nothing was committed. */
  poll(): FeedDelta | null {
    const v = this.db.pragma('data_version', { simple: true }) as number;
    if (v === this.version) return null;
    // Read first, move the cursors after: a read refused half-way (busy) leaves them where they
    // were, so the next look finds the same commits again instead of passing them by.
    const trip = this.trips.current() ?? null;
    const reset = (trip?.id ?? null) !== (this.trip?.id ?? null);
    const tripChanged = reset || trip?.closedAt !== this.trip?.closedAt;
    const events = trip ? this.queue.eventsSince(trip.id, reset ? 0 : this.lastEventId) : [];
    const codes = this.hub.dossierCodesSince(this.lastDossierId);
    const queued = this.hub.jobsSince(this.lastJobId);
    const jobs = [...new Set(queued.flatMap((j) => (j.host ? [j.host] : [])))];
    this.version = v;
    this.trip = trip;
    if (reset) this.lastEventId = 0;
    if (events.length) this.lastEventId = this.lastOf(events);
    if (codes.length) this.lastDossierId = (codes[codes.length - 1] as { id: number }).id;
    if (queued.length) this.lastJobId = (queued[queued.length - 1] as { id: number }).id;
    if (!tripChanged && !events.length && !codes.length) return { trip, reset: false, events: [], dossiers: [], jobs };
    return { trip, reset, events, dossiers: codes.map((c) => c.code), jobs };
  }
}
