// The vehicle's side of the link to the centre: enrolment (the centre's certificate pinned, this
// vehicle's handover key registered with a one-time code), and a sync whenever the centre can be
// reached: first what comes back (the offices' status updates, applied here through the lifecycle,
// each answered; the planned trips), then what waits in the outbox (dossiers' states, closed trips,
// handover bundles). The outbox is filled in the same transaction as each change (migration 011), so
// days offline lose nothing; an item is marked sent only once the centre has it, and only as it was
// sent (a dossier that moved on meanwhile goes again). A sync cut anywhere (link dropped, centre
// killed) leaves everything to the next one, which sends again what it could not confirm: the
// centre takes a resend as the same thing. Failures back off (30 s doubling to an hour).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sign } from 'node:crypto';
import { DomainError } from '../core/errors.js';
import { planUpdates } from '../core/officeUpdates.js';
import { isStoredPath } from '../core/retention.js';
import { backoffMs, normalizeFingerprint, type DossierStatus, type ScheduleDelivery, type TripPayload, type UpdateDelivery } from '../core/sync.js';
import { displayDate, hhmm, localDate } from '../core/time.js';
import { isMessageKey, type Translate } from '../i18n/index.js';
import { LinkError, type CentreLink, type CentreResponse } from '../ports/centre.js';
import { storeError } from '../store/db.js';
import { OutboxRepo, type OutboxItem, type SyncLink } from '../store/outbox.js';
import { vehicleKey, type VehicleKey } from './handoverKey.js';
import type { Luudong } from './luudong.js';
import { parseReason, syncStatus, type Reason, type SyncStatus } from './syncStatus.js';

export { parseReason, syncStatus, type SyncStatus } from './syncStatus.js';
import { pidAlive } from './print/worker.js';

/** How the app reaches the centre: drivers/centre/https.ts in real use. */
export interface LinkFactory {
  probe(url: string): Promise<{ pem: string; fingerprint: string }>;
  open(o: { url: string; certPem: string; fingerprint: string; vehicle: string; sign: (bytes: Buffer) => string }): CentreLink;
}

export const DOSSIER_BATCH = 500;
/** A sync holds the lease this long at most (a dead process's lease lapses). */
const LEASE_MS = 10 * 60_000;
/** Even with nothing to send, look for updates and plans this often. */
export const PULL_EVERY_MS = 15 * 60_000;
/** The operator as recorded on a change the office made (applied from the centre's delivery). */
export const CENTRE_OPERATOR = 'centre';

const signer = (key: VehicleKey) => (bytes: Buffer) => sign(null, bytes, key.privateKey).toString('base64');

const reasonJson = (r: Reason) => JSON.stringify(r);

/** The centre refused (4xx with a reason): the item is refused for good; 5xx or no answer: try later. */
class Refused extends Error {
  constructor(readonly reason: Reason) {
    super(reason.code);
  }
}

/**
 * A refusal the centre sent, by its catalogue key: the same software's catalogue, so the key is said
 * in the operator's language; a key this version does not have (a newer centre) is said as such.
 */
export class CentreRefusal extends DomainError {}
function centreError(code: string, params: Record<string, string | number>): DomainError {
  return isMessageKey(code) ? new CentreRefusal(code, params) : new DomainError('err.sync.centreSaid', { code });
}

/** A link failure as a refusal, by its kind. */
function linkRefusal(e: LinkError): DomainError {
  const params = { detail: e.message };
  switch (e.kind) {
    case 'unreachable':
      return new DomainError('err.sync.unreachable', params);
    case 'timeout':
      return new DomainError('err.sync.timeout', params);
    case 'certificate':
      return new DomainError('err.sync.certificate', params);
    default:
      return new DomainError('err.sync.protocol', params);
  }
}

/** The centre's failure that concerns the whole link (the key, the clock), not one item. */
const LINK_CODES = new Set(['err.centre.unsigned', 'err.centre.signature', 'err.centre.unknownVehicle', 'err.centre.revoked', 'err.centre.replay', 'err.centre.clock']);

function answer(r: CentreResponse): unknown {
  if (r.status >= 200 && r.status < 300) return r.body;
  const err = (r.body as { error?: { code?: unknown; params?: unknown } })?.error;
  const reason: Reason = { code: typeof err?.code === 'string' ? err.code : 'err.sync.status', params: (err?.params as Record<string, string | number>) ?? { status: r.status } };
  if (r.status >= 500 || LINK_CODES.has(reason.code)) throw reason.code === 'err.sync.status' ? new DomainError('err.sync.status', { status: r.status }) : centreError(reason.code, reason.params);
  throw new Refused(reason);
}

// ---- enrolment ------------------------------------------------------------------------------------

export interface EnrolResult {
  vehicleId: number;
  vehicleName: string;
  certFingerprint: string;
  keyFingerprint: string;
  /** Closed trips and dossiers from before the enrolment, now waiting to go. */
  backfilled: number;
}

/**
 * Enrol with the centre: the certificate it presents must have the fingerprint its staff gave (read
 * out with the code); then the code and this vehicle's public key go to it, signed by that key.
 */
export async function enrolVehicle(app: Luudong, links: LinkFactory, o: { url: string; code: string; fingerprint: string; dbFile: string }): Promise<EnrolResult> {
  const want = normalizeFingerprint(o.fingerprint);
  if (!want) throw new DomainError('err.sync.fingerprint', { value: o.fingerprint });
  const url = o.url.replace(/\/+$/, '');
  const cert = await reach(() => links.probe(url));
  if (cert.fingerprint !== want) throw new DomainError('err.sync.certMismatch', { expected: want, found: cert.fingerprint });
  const key = vehicleKey(o.dbFile);
  const link = links.open({ url, certPem: cert.pem, fingerprint: want, vehicle: 'enrol', sign: signer(key) });
  let body: { vehicle?: { id?: unknown; name?: unknown } };
  try {
    body = (await reach(async () => answerOrRefusal(await link.request('POST', '/v1/enrol', { code: o.code.trim(), publicKey: key.publicPem })))) as typeof body;
  } finally {
    link.close();
  }
  const id = Number(body?.vehicle?.id);
  const name = String(body?.vehicle?.name ?? '');
  if (!Number.isSafeInteger(id) || id <= 0 || !name) throw new DomainError('err.sync.status', { status: 200 });
  const repo = new OutboxRepo(app.db);
  let backfilled = 0;
  app.gate.ensure();
  try {
    app.db.transaction(() => {
      repo.setLink({ url, certPem: cert.pem, certFingerprint: want, vehicleId: id, vehicleName: name, enrolledAt: app.now() });
      backfilled = repo.backfill(app.now());
    }).immediate();
  } catch (e) {
    throw storeError(e, app.db.name);
  }
  return { vehicleId: id, vehicleName: name, certFingerprint: want, keyFingerprint: key.fingerprint, backfilled };
}

function answerOrRefusal(r: CentreResponse): unknown {
  try {
    return answer(r);
  } catch (e) {
    if (e instanceof Refused) throw centreError(e.reason.code, e.reason.params);
    throw e;
  }
}

/** Run a network step; a link failure said as a refusal the operator understands. */
async function reach<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof LinkError) throw linkRefusal(e);
    throw e;
  }
}

// ---- the sync ---------------------------------------------------------------------------------------

export interface SyncReport {
  ok: boolean;
  /** Another process was syncing: this one did nothing. */
  busy: boolean;
  updates: { applied: number; unchanged: number; refused: number };
  plans: number;
  sent: { dossiers: number; trips: number; bundles: number };
  refused: { kind: string; ref: string; reason: Reason }[];
  waiting: ReturnType<OutboxRepo['counts']>;
  lastSuccessAt: number | null;
  /** Why the sync stopped (the link, or the centre), when it did. */
  error: Reason | null;
  nextAt: number;
}

export interface SyncOptions {
  dbFile: string;
  links: LinkFactory;
  /** Only when the back-off allows (the background agent); a person asking syncs at once. */
  respectBackoff?: boolean;
  random?: () => number;
  isAlive?: (pid: number) => boolean;
}

export function syncLink(app: Luudong): SyncLink | undefined {
  return new OutboxRepo(app.db).link();
}

/**
 * The sync in one line, for the counter screen and `sync status`: when it last went through and what
 * waits to go.
 */
export function syncLine(t: Translate, s: SyncStatus): string {
  if (!s.enrolled) return t('sync.line.notEnrolled');
  const w = s.waiting;
  const waiting = w.trip + w.dossier + w.bundle === 0 ? t('sync.line.nothing') : t('sync.line.waiting', { trips: w.trip, dossiers: w.dossier, bundles: w.bundle });
  const last = s.lastSuccessAt === null ? t('sync.line.never') : t('sync.line.last', { at: `${hhmm(s.lastSuccessAt)} ${displayDate(localDate(s.lastSuccessAt))}` });
  return `${last}; ${waiting}${w.refused ? `; ${t('sync.line.refused', { n: w.refused })}` : ''}`;
}

export async function syncNow(app: Luudong, o: SyncOptions): Promise<SyncReport> {
  const repo = new OutboxRepo(app.db);
  const link0 = repo.link();
  if (!link0) throw new DomainError('err.sync.notEnrolled');
  const report: SyncReport = { ok: false, busy: false, updates: { applied: 0, unchanged: 0, refused: 0 }, plans: 0, sent: { dossiers: 0, trips: 0, bundles: 0 }, refused: [], waiting: repo.counts(), lastSuccessAt: link0.lastSuccessAt, error: null, nextAt: link0.nextAt };
  if (o.respectBackoff && link0.nextAt > app.now()) return report;
  const write = <T>(fn: () => T): T => {
    app.gate.ensure();
    try {
      return app.db.transaction(fn).immediate();
    } catch (e) {
      throw storeError(e, app.db.name);
    }
  };
  if (!write(() => repo.takeLease(process.pid, app.now(), LEASE_MS, o.isAlive ?? pidAlive))) return { ...report, busy: true };
  const key = vehicleKey(o.dbFile);
  const link = o.links.open({ url: link0.url, certPem: link0.certPem, fingerprint: link0.certFingerprint, vehicle: String(link0.vehicleId), sign: signer(key) });
  try {
    await pullUpdates(app, link, repo, report, write);
    await pullSchedule(app, link, repo, report, write);
    await pushDossiers(app, link, repo, report, write);
    await pushTrips(app, link, repo, report, write);
    await pushBundles(app, link, repo, report, write, dirname(resolve(o.dbFile)));
    report.ok = true;
  } catch (e) {
    const err = e instanceof LinkError ? linkRefusal(e) : e;
    report.error = err instanceof DomainError ? { code: err.code, params: err.params } : { code: 'err.unexpected', params: { detail: (err as Error).message } };
  } finally {
    link.close();
    const now = app.now();
    const failures = report.ok ? 0 : link0.failures + 1;
    report.nextAt = report.ok ? now + PULL_EVERY_MS : now + backoffMs(failures, (o.random ?? Math.random)());
    write(() => {
      // Stored: the back-off only (after a success, whatever waits may go at once).
      repo.attempted(now, report.ok, report.error ? reasonJson(report.error) : null, failures, report.ok ? 0 : report.nextAt);
      repo.releaseLease(process.pid);
    });
    report.waiting = repo.counts();
    report.lastSuccessAt = repo.link()?.lastSuccessAt ?? null;
  }
  return report;
}

type Write = <T>(fn: () => T) => T;

/** The offices' updates: each applied (or found already so, or refused with the reason) once, then answered. */
async function pullUpdates(app: Luudong, link: CentreLink, repo: OutboxRepo, report: SyncReport, write: Write): Promise<void> {
  const got = answer(await link.request('GET', '/v1/updates')) as { updates?: UpdateDelivery[] };
  const updates = Array.isArray(got?.updates) ? got.updates : [];
  write(() => {
    for (const u of updates) {
      if (!Number.isSafeInteger(u?.id)) continue;
      // Delivered again: its answer was lost on the way. Applied once only; answered again.
      if (repo.knownUpdate(u.id)) {
        repo.answerAgain(u.id);
        continue;
      }
      const lookup = (code: string) => {
        const d = app.dossiers.lookup(code);
        return d && { state: d.state, receivedOn: d.receivedOn };
      };
      const row = { row: 1, code: String(u.code ?? ''), status: String(u.status ?? ''), date: String(u.date ?? ''), note: typeof u.note === 'string' ? u.note : '' };
      const plan = planUpdates([row], lookup, localDate(app.now()));
      const problem = plan.problems[0];
      let outcome: 'applied' | 'unchanged' | 'refused' = plan.unchanged.length ? 'unchanged' : 'applied';
      let reason: string | null = null;
      if (problem) {
        outcome = 'refused';
        reason = reasonJson({ code: problem.error.code, params: problem.error.params });
      } else if (plan.changes[0]) {
        const c = plan.changes[0];
        try {
          app.dossiers.setState(c.code, c.to, c.note, { resultOn: c.date, operator: CENTRE_OPERATOR });
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          outcome = 'refused';
          reason = reasonJson({ code: e.code, params: e.params });
        }
      }
      repo.recordUpdate(u.id, row.code, outcome, reason, app.now());
      report.updates[outcome]++;
    }
  });
  const unacked = repo.unackedUpdates();
  if (unacked.length === 0) return;
  answer(await link.request('POST', '/v1/updates/ack', { outcomes: unacked.map((u) => ({ id: u.centreId, outcome: u.outcome, reason: u.reason })) }));
  write(() => repo.ackedUpdates(unacked.map((u) => u.centreId), app.now()));
}

async function pullSchedule(app: Luudong, link: CentreLink, repo: OutboxRepo, report: SyncReport, write: Write): Promise<void> {
  const got = answer(await link.request('GET', '/v1/schedule')) as { trips?: ScheduleDelivery[] };
  const trips = Array.isArray(got?.trips) ? got.trips : [];
  write(() => {
    for (const p of trips) {
      if (!Number.isSafeInteger(p?.id) || typeof p.date !== 'string') continue;
      repo.upsertPlan({ centreId: p.id, commune: String(p.commune), place: String(p.place), date: p.date, start: String(p.start), end: String(p.end), services: Array.isArray(p.services) ? p.services.map(String) : [], note: p.note ?? null, announcedAt: p.announcedAt ?? null, cancelledAt: p.cancelledAt ?? null }, app.now());
      report.plans++;
    }
  });
}

/** Send one item; a refusal marks it refused (with the reason) and the sync goes on with the rest. */
async function sendItem(item: OutboxItem, repo: OutboxRepo, report: SyncReport, write: Write, send: () => Promise<void>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    write(() => repo.markRefused(item.id, reasonJson(e.reason)));
    report.refused.push({ kind: item.kind, ref: item.ref, reason: e.reason });
    return false;
  }
}

export function dossierStatus(app: Luudong, repo: OutboxRepo, dossierId: number): DossierStatus | undefined {
  const d = app.dossiers.byId(dossierId);
  if (!d) return undefined;
  return {
    code: d.code,
    trip: d.tripId,
    commune: d.tripId === null ? null : (app.getTrip(d.tripId)?.commune ?? null),
    ticket: d.ticketId,
    receivedOn: d.receivedOn,
    receivedAt: d.receivedAt,
    dueDate: d.dueDate,
    procedure: { key: d.procedureKey, code: d.procedureCode, name: d.procedureName, field: d.field, group: d.group },
    feeVnd: d.feeVnd,
    payment: d.payment,
    paidAt: d.paidAt,
    paidRef: d.paidRef,
    returnMethod: d.returnMethod,
    state: d.state,
    stateAt: d.stateAt,
    resultOn: d.resultOn,
    events: repo.dossierEvents(d.id),
  };
}

async function pushDossiers(app: Luudong, link: CentreLink, repo: OutboxRepo, report: SyncReport, write: Write): Promise<void> {
  for (;;) {
    const items = repo.pending('dossier', DOSSIER_BATCH);
    if (items.length === 0) return;
    const batch = items.map((i) => ({ item: i, status: dossierStatus(app, repo, Number(i.ref)) }));
    const sendable = batch.filter((b) => b.status !== undefined);
    try {
      answer(await link.request('POST', '/v1/dossiers', { dossiers: sendable.map((b) => b.status) }));
      write(() => repo.markSent(sendable.map((b) => b.item), app.now()));
      report.sent.dossiers += sendable.length;
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      // One bad dossier refuses the batch: send them one by one, to refuse that one and keep the others going.
      for (const b of sendable) {
        const ok = await sendItem(b.item, repo, report, write, async () => {
          answer(await link.request('POST', '/v1/dossiers', { dossiers: [b.status] }));
        });
        if (ok) {
          write(() => repo.markSent([b.item], app.now()));
          report.sent.dossiers++;
        }
      }
    }
    // A dossier row gone (cannot happen: dossiers are never deleted) would never go: do not loop on it.
    const gone = batch.filter((b) => b.status === undefined).map((b) => b.item);
    if (gone.length) write(() => repo.markSent(gone, app.now()));
  }
}

export function tripPayload(app: Luudong, repo: OutboxRepo, tripId: number): TripPayload | undefined {
  const trip = app.getTrip(tripId);
  if (!trip) return undefined;
  return {
    trip: { id: trip.id, commune: trip.commune, place: trip.place, date: trip.date, start: trip.start, end: trip.end, openedAt: trip.openedAt, closedAt: trip.closedAt },
    tickets: repo.tripTickets(trip.id),
    events: repo.tripEvents(trip.id),
    help: [...app.dossiers.helpStats(trip.id)].map(([kind, n]) => ({ kind, n })).sort((a, b) => a.kind.localeCompare(b.kind)),
    ratings: repo.tripRatings(trip.id),
  };
}

async function pushTrips(app: Luudong, link: CentreLink, repo: OutboxRepo, report: SyncReport, write: Write): Promise<void> {
  for (const item of repo.pending('trip')) {
    const p = tripPayload(app, repo, Number(item.ref));
    if (p) {
      const ok = await sendItem(item, repo, report, write, async () => {
        answer(await link.request('POST', '/v1/trips', p));
      });
      if (!ok) continue;
      report.sent.trips++;
    }
    write(() => repo.markSent([item], app.now()));
  }
}

async function pushBundles(app: Luudong, link: CentreLink, repo: OutboxRepo, report: SyncReport, write: Write, dataDir: string): Promise<void> {
  for (const item of repo.pending('bundle')) {
    const files = repo.bundleFiles(item.id);
    const manifest = files.get('manifest.json');
    const signature = files.get('manifest.sig');
    const ok = await sendItem(item, repo, report, write, async () => {
      if (!manifest || !signature) throw new Refused({ code: 'err.sync.bundleIncomplete', params: { id: item.ref } });
      const body = { manifest: manifest.toString('utf8'), signature: signature.toString('utf8') };
      for (let round = 0; round < 3; round++) {
        const r = answer(await link.request('POST', '/v1/bundles', body)) as { status?: string; missing?: string[] };
        if (r?.status === 'stored' || r?.status === 'duplicate') return;
        if (r?.status !== 'missing' || !Array.isArray(r.missing)) throw new DomainError('err.sync.status', { status: 200 });
        const listed = (JSON.parse(body.manifest) as { files: { path: string; sha256: string }[] }).files;
        for (const sha of r.missing) {
          const f = listed.find((x) => x.sha256 === sha);
          if (!f) continue;
          const content = files.get(f.path) ?? readStored(repo, dataDir, sha);
          if (!content) throw new Refused({ code: 'err.sync.bundleFile', params: { path: f.path } });
          try {
            answer(await link.request('PUT', `/v1/blobs/${sha}`, undefined, content));
          } catch (e) {
            if (e instanceof Refused) e.reason.params = { ...e.reason.params, path: f.path };
            throw e;
          }
        }
      }
      throw new DomainError('err.sync.status', { status: 409 });
    });
    if (!ok) continue;
    write(() => repo.markSent([item], app.now()));
    report.sent.bundles++;
  }
}

/** An attached file of a bundle, read from where the dossier keeps it (found by its hash). */
function readStored(repo: OutboxRepo, dataDir: string, sha256: string): Buffer | undefined {
  const path = repo.storedFileByHash(sha256);
  if (!path || !isStoredPath(path)) return undefined;
  try {
    return readFileSync(resolve(dataDir, path));
  } catch {
    return undefined;
  }
}

/** Refused items offered again (`luudong sync --retry-refused`). */
export function retryRefused(app: Luudong): number {
  app.gate.ensure();
  return app.db.transaction(() => new OutboxRepo(app.db).retryRefused()).immediate();
}

// ---- on its own ---------------------------------------------------------------------------------

/**
 * Syncs in a long-running process (the print worker): when something waits or it is time to look for
 * updates, and the back-off allows. Woken by the database changing (wake()), and by one timer set to
 * the next due time: no polling, no CPU while idle or offline.
 */
export class SyncAgent {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly app: Luudong,
    private readonly o: SyncOptions & { onReport?: (r: SyncReport) => void },
  ) {}

  start(): void {
    this.wake();
  }

  /** Something may have changed: sync now if due, else sleep until it is. */
  wake(): void {
    if (this.stopped || this.running) return;
    const status = syncStatus(this.app);
    if (!status.enrolled) return;
    const now = this.app.now();
    const pending = status.waiting.trip + status.waiting.dossier + status.waiting.bundle > 0;
    const pullDue = (status.lastSuccessAt ?? 0) + PULL_EVERY_MS;
    const due = Math.max(status.nextAt, pending ? 0 : pullDue);
    if (due > now) return this.sleep(due - now);
    this.running = syncNow(this.app, { ...this.o, respectBackoff: true })
      .then((r) => this.o.onReport?.(r))
      .catch(() => undefined) // said in the link's status; tried again after the back-off
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.sleep(1000);
      });
  }

  private sleep(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.min(ms, 2 ** 31 - 1));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
