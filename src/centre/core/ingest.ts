// What a vehicle sends, checked before anything is stored: a closed trip's records, its dossiers'
// states, and the records inside a signed handover bundle. Everything here is untrusted input (it
// came over the network, even if signed: a signature says who sent it, not that it is sound), so
// each field is checked for its type and range, each dossier's history against the lifecycle, and
// the bundle's records against its manifest. Pure: refusals are DomainErrors naming what is wrong.
import { BANK_REF_MAX, parseDossierCode } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import { type Manifest } from '../../core/handover.js';
import { checkTransition, isDossierState, type DossierState } from '../../core/lifecycle.js';
import { QueueState } from '../../core/queue/state.js';
import { EVENT_TYPES, type QueueEvent, type QueueEventType } from '../../core/queue/types.js';
import { PAYMENT_METHODS, RETURN_METHODS } from '../../core/receipt.js';
import type { DossierStatus, SyncDossierEvent, TripPayload } from '../../core/sync.js';
import { cleanText } from '../../core/text.js';
import { isHhmm, isIsoDate } from '../../core/time.js';

/** More than this in one request is not a trip of a bus (a busy desk takes 400 dossiers a day). */
export const MAX_TRIP_TICKETS = 20_000;
export const MAX_TRIP_EVENTS = 200_000;
export const MAX_DOSSIER_BATCH = 2_000;
const MAX_TEXT = 500;
/** Times from 2020 to 2100: anything else is a broken clock or a forged record. */
const MIN_MS = Date.UTC(2020, 0, 1);
const MAX_MS = Date.UTC(2100, 0, 1);

/** A refusal of a payload, with where in it the problem is. */
function bad(detail: string): never {
  throw new DomainError('err.centre.payload', { detail });
}

export class Check {
  obj(v: unknown, at: string): Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : bad(`${at}: not an object`);
  }
  list(v: unknown, at: string, max: number): unknown[] {
    if (!Array.isArray(v)) bad(`${at}: not a list`);
    if ((v as unknown[]).length > max) bad(`${at}: more than ${max} items`);
    return v as unknown[];
  }
  text(v: unknown, at: string, max = MAX_TEXT): string {
    if (typeof v !== 'string') bad(`${at}: not a text`);
    const s = cleanText(v as string);
    if (s === '' || s.length > max) bad(`${at}: empty or longer than ${max}`);
    return s;
  }
  textOrNull(v: unknown, at: string, max = MAX_TEXT): string | null {
    return v === null || v === undefined || v === '' ? null : this.text(v, at, max);
  }
  int(v: unknown, at: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) bad(`${at}: not a whole number from ${min} to ${max}`);
    return v as number;
  }
  intOrNull(v: unknown, at: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
    return v === null || v === undefined ? null : this.int(v, at, min, max);
  }
  time(v: unknown, at: string): number {
    return this.int(v, at, MIN_MS, MAX_MS);
  }
  /** An ISO time as written in a bundle ("2026-11-23T04:45:00.000Z"). */
  isoTime(v: unknown, at: string): number {
    const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
    if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) bad(`${at}: not a time`);
    return ms;
  }
  date(v: unknown, at: string): string {
    if (typeof v !== 'string' || !isIsoDate(v)) bad(`${at}: not a date (YYYY-MM-DD)`);
    return v as string;
  }
  dateOrNull(v: unknown, at: string): string | null {
    return v === null || v === undefined ? null : this.date(v, at);
  }
  hhmm(v: unknown, at: string): string {
    if (typeof v !== 'string' || !isHhmm(v)) bad(`${at}: not a time of day (HH:MM)`);
    return v as string;
  }
  state(v: unknown, at: string): DossierState {
    if (typeof v !== 'string' || !isDossierState(v)) bad(`${at}: not a dossier state`);
    return v as DossierState;
  }
  oneOf<T extends string>(v: unknown, at: string, values: readonly T[]): T {
    if (typeof v !== 'string' || !values.includes(v as T)) bad(`${at}: not one of ${values.join(', ')}`);
    return v as T;
  }
  code(v: unknown, at: string): string {
    const s = typeof v === 'string' ? v.trim().toUpperCase() : '';
    if (!parseDossierCode(s)) bad(`${at}: not a dossier code`);
    return s;
  }
}

const c = new Check();

// ---- trips -------------------------------------------------------------------------------------------

export function checkTripPayload(json: unknown): TripPayload {
  const o = c.obj(json, '$');
  const t = c.obj(o.trip, '$.trip');
  const trip: TripPayload['trip'] = {
    id: c.int(t.id, '$.trip.id', 1),
    commune: c.text(t.commune, '$.trip.commune', 200),
    place: c.text(t.place, '$.trip.place', 200),
    date: c.date(t.date, '$.trip.date'),
    start: c.hhmm(t.start, '$.trip.start'),
    end: c.hhmm(t.end, '$.trip.end'),
    openedAt: c.time(t.openedAt, '$.trip.openedAt'),
    closedAt: t.closedAt === null ? null : c.time(t.closedAt, '$.trip.closedAt'),
  };
  const tickets = c.list(o.tickets, '$.tickets', MAX_TRIP_TICKETS).map((x, i) => {
    const r = c.obj(x, `$.tickets[${i}]`);
    const label = c.text(r.label, `$.tickets[${i}].label`, 20);
    if (!/^[A-Z]{1,3}\d{1,6}$/.test(label)) bad(`$.tickets[${i}].label: not a ticket label`);
    return { id: c.int(r.id, `$.tickets[${i}].id`, 1), label };
  });
  const ticketIds = new Set<number>();
  for (const [i, tk] of tickets.entries()) {
    if (ticketIds.has(tk.id)) bad(`$.tickets[${i}].id: ${tk.id} twice`);
    ticketIds.add(tk.id);
  }
  let last = 0;
  const issued = new Set<number>();
  const events = c.list(o.events, '$.events', MAX_TRIP_EVENTS).map((x, i) => {
    const at = `$.events[${i}]`;
    const r = c.obj(x, at);
    const e = {
      id: c.int(r.id, `${at}.id`, 1),
      ticket: c.int(r.ticket, `${at}.ticket`, 1),
      type: c.oneOf(r.type, `${at}.type`, EVENT_TYPES),
      at: c.time(r.at, `${at}.at`),
      counter: c.intOrNull(r.counter, `${at}.counter`, 1, 99),
      group: c.textOrNull(r.group, `${at}.group`, 40),
      priority: c.textOrNull(r.priority, `${at}.priority`, 40),
    };
    if (e.id <= last) bad(`${at}.id: events out of order`);
    last = e.id;
    if (!ticketIds.has(e.ticket)) bad(`${at}.ticket: ticket ${e.ticket} is not in the trip`);
    if (e.type === 'issued') {
      if (issued.has(e.ticket)) bad(`${at}: ticket ${e.ticket} issued twice`);
      if (!e.group) bad(`${at}.group: an issued ticket needs its group`);
      issued.add(e.ticket);
    } else if (!issued.has(e.ticket)) bad(`${at}: ticket ${e.ticket} ${e.type} before it was issued`);
    return e;
  });
  const help = c.list(o.help, '$.help', 100).map((x, i) => {
    const r = c.obj(x, `$.help[${i}]`);
    return { kind: c.text(r.kind, `$.help[${i}].kind`, 40), n: c.int(r.n, `$.help[${i}].n`, 1, 100_000) };
  });
  if (new Set(help.map((h) => h.kind)).size !== help.length) bad('$.help: a kind twice');
  const rated = new Set<number>();
  const ratings = c.list(o.ratings, '$.ratings', MAX_TRIP_TICKETS).map((x, i) => {
    const r = c.obj(x, `$.ratings[${i}]`);
    const ticket = c.int(r.ticket, `$.ratings[${i}].ticket`, 1);
    if (!ticketIds.has(ticket) || rated.has(ticket)) bad(`$.ratings[${i}].ticket: not a ticket of the trip, or rated twice`);
    rated.add(ticket);
    return { ticket, score: c.int(r.score, `$.ratings[${i}].score`, 1, 5) };
  });
  return { trip, tickets, events, help, ratings };
}

/** One ticket as the figures need it, folded from the trip's queue events. */
export interface TicketFacts {
  ticket: number;
  label: string;
  group: string;
  originalGroup: string;
  priority: string | null;
  walkIn: boolean;
  status: string;
  issuedAt: number;
  /** From arrival to the first call; null for a walk-in or a ticket never called. */
  waitMs: number | null;
  /** Finished service spans, summed; null when none finished. */
  serviceMs: number | null;
  rating: number | null;
}

/** Fold the trip's events with the vehicle's own queue rules (src/core/queue/state.ts). */
export function foldTickets(p: TripPayload): TicketFacts[] {
  const labels = new Map(p.tickets.map((t) => [t.id, t.label]));
  const events: QueueEvent[] = p.events.map((e) => ({ id: e.id, ticketId: e.ticket, label: labels.get(e.ticket) as string, type: e.type as QueueEventType, at: e.at, counter: e.counter, group: e.group, priority: e.priority, operator: null }));
  const state = QueueState.from(events);
  const service = new Map<number, number>();
  for (const s of state.spans) if (s.endReason === 'finished') service.set(s.ticketId, (service.get(s.ticketId) ?? 0) + (s.end - s.start));
  const ratings = new Map(p.ratings.map((r) => [r.ticket, r.score]));
  return [...state.tickets.values()].map((t) => ({
    ticket: t.id,
    label: t.label,
    group: t.group,
    originalGroup: t.originalGroup,
    priority: t.priority,
    walkIn: t.walkIn,
    status: t.status,
    issuedAt: t.issuedAt,
    waitMs: t.walkIn || t.firstCalledAt === null ? null : Math.max(0, t.firstCalledAt - t.issuedAt),
    serviceMs: service.get(t.id) ?? null,
    rating: ratings.get(t.id) ?? null,
  }));
}

// ---- dossiers -------------------------------------------------------------------------------------

/**
 * A dossier's history as the lifecycle allows it: received first, each change from the state the
 * one before left, and ending in the state the dossier says it is in.
 */
export function checkHistory(code: string, events: readonly SyncDossierEvent[], state: DossierState): void {
  const refuse = (detail: string): never => {
    throw new DomainError('err.centre.lifecycle', { code, detail });
  };
  if (events.length === 0) refuse('no history');
  const first = events[0] as SyncDossierEvent;
  if (first.from !== null || first.to !== 'received') refuse('the history does not start with its receipt');
  for (let i = 1; i < events.length; i++) {
    const e = events[i] as SyncDossierEvent;
    const prev = events[i - 1] as SyncDossierEvent;
    if (e.from !== prev.to) refuse(`change ${i + 1} starts from ${e.from}, but the dossier was ${prev.to}`);
    if (e.at < prev.at) refuse(`change ${i + 1} is dated before the one above it`);
    try {
      checkTransition(e.from as DossierState, e.to);
    } catch {
      refuse(`${e.from} → ${e.to} is not an allowed change`);
    }
  }
  if ((events[events.length - 1] as SyncDossierEvent).to !== state) refuse(`the history ends in ${events[events.length - 1]?.to}, the dossier says ${state}`);
}

export function checkDossierStatus(json: unknown, at = '$'): DossierStatus {
  const o = c.obj(json, at);
  const p = c.obj(o.procedure, `${at}.procedure`);
  const name = c.obj(p.name, `${at}.procedure.name`);
  const code = c.code(o.code, `${at}.code`);
  const events = c.list(o.events, `${at}.events`, 200).map((x, i) => {
    const e = c.obj(x, `${at}.events[${i}]`);
    return { at: c.time(e.at, `${at}.events[${i}].at`), from: e.from === null ? null : c.state(e.from, `${at}.events[${i}].from`), to: c.state(e.to, `${at}.events[${i}].to`) };
  });
  const d: DossierStatus = {
    code,
    trip: c.intOrNull(o.trip, `${at}.trip`, 1),
    commune: c.textOrNull(o.commune, `${at}.commune`, 200),
    ticket: c.intOrNull(o.ticket, `${at}.ticket`, 1),
    receivedOn: c.date(o.receivedOn, `${at}.receivedOn`),
    receivedAt: c.time(o.receivedAt, `${at}.receivedAt`),
    dueDate: c.date(o.dueDate, `${at}.dueDate`),
    procedure: {
      key: c.text(p.key, `${at}.procedure.key`, 120),
      code: c.textOrNull(p.code, `${at}.procedure.code`, 40),
      name: { vi: c.text(name.vi, `${at}.procedure.name.vi`), en: c.text(name.en, `${at}.procedure.name.en`) },
      field: c.text(p.field, `${at}.procedure.field`, 40),
      group: c.text(p.group, `${at}.procedure.group`, 40),
    },
    feeVnd: c.int(o.feeVnd, `${at}.feeVnd`, 0, 1_000_000_000),
    payment: c.oneOf(o.payment, `${at}.payment`, PAYMENT_METHODS),
    // absent from vehicles of before: a transfer not (yet) known to be confirmed
    paidAt: o.paidAt === undefined ? null : o.paidAt === null ? null : c.time(o.paidAt, `${at}.paidAt`),
    paidRef: c.textOrNull(o.paidRef, `${at}.paidRef`, BANK_REF_MAX),
    returnMethod: c.oneOf(o.returnMethod, `${at}.returnMethod`, RETURN_METHODS),
    state: c.state(o.state, `${at}.state`),
    stateAt: c.time(o.stateAt, `${at}.stateAt`),
    resultOn: c.dateOrNull(o.resultOn, `${at}.resultOn`),
    events,
  };
  if (d.dueDate < d.receivedOn) bad(`${at}.dueDate: before the receipt`);
  // a confirmation is of a transfer, and a reference is of a confirmation
  if (d.paidAt !== null && d.payment !== 'bank_qr') bad(`${at}.paidAt: the fee was not paid by bank transfer`);
  if (d.paidRef !== null && d.paidAt === null) bad(`${at}.paidRef: a reference with no confirmed transfer`);
  checkHistory(code, events, d.state);
  return d;
}

export function checkDossierBatch(json: unknown): DossierStatus[] {
  const o = c.obj(json, '$');
  const list = c.list(o.dossiers, '$.dossiers', MAX_DOSSIER_BATCH).map((x, i) => checkDossierStatus(x, `$.dossiers[${i}]`));
  const codes = new Set<string>();
  for (const d of list) {
    if (codes.has(d.code)) bad(`$.dossiers: ${d.code} twice`);
    codes.add(d.code);
  }
  return list;
}

/** Of two histories of one dossier, whether `incoming` may replace `stored`: histories only grow. */
export function isNewer(incoming: readonly SyncDossierEvent[], stored: readonly SyncDossierEvent[]): boolean {
  return incoming.length >= stored.length;
}

// ---- handover bundles -----------------------------------------------------------------------------

/** A dossier of a bundle: its status (as above) and the bundle's whole record (personal data). */
export interface BundleDossier {
  status: DossierStatus;
  citizenId: string;
  record: Record<string, unknown>;
}

export interface BundleRecords {
  dossiers: BundleDossier[];
  citizens: { id: string; record: Record<string, unknown> }[];
}

/** A refusal of a bundle, with the reason (missing, altered, bad signature, rows against the lifecycle). */
export function bundleRefusal(reason: string, detail: string): DomainError {
  return new DomainError('err.centre.bundle', { reason: `centre.bundleReason.${reason}`, detail });
}

function jsonLines(name: string, bytes: Uint8Array): Record<string, unknown>[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bundleRefusal('records', `${name}: not UTF-8`);
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return c.obj(JSON.parse(l), `${name}:${i + 1}`);
      } catch (e) {
        throw bundleRefusal('records', `${name}:${i + 1}: ${e instanceof DomainError ? String(e.params.detail) : (e as Error).message}`);
      }
    });
}

/**
 * The bundle's records, checked: counts as the manifest says, every dossier's history as the
 * lifecycle allows ending in its state, every event about a dossier of the bundle, every citizen a
 * dossier names present, every attachment a dossier lists in the manifest with the same hash.
 */
export function checkBundleRecords(m: Manifest, read: (path: string) => Uint8Array, commune: string): BundleRecords {
  const listed = new Map(m.files.map((f) => [f.path, f]));
  const rows = (name: string) => {
    if (!listed.has(name)) throw bundleRefusal('records', `${name} is not in the manifest`);
    return jsonLines(name, read(name));
  };
  const dossierRows = rows('dossiers.jsonl');
  const eventRows = rows('events.jsonl');
  const citizenRows = rows('citizens.jsonl');
  const count = (what: string, found: number, said: number) => {
    if (found !== said) throw bundleRefusal('counts', `${what}: ${found} in the file, ${said} in the manifest`);
  };
  count('dossiers', dossierRows.length, m.counts.dossiers);
  count('events', eventRows.length, m.counts.events);
  count('citizens', citizenRows.length, m.counts.citizens);

  const events = new Map<string, SyncDossierEvent[]>();
  for (const [i, r] of eventRows.entries()) {
    const at = `events.jsonl:${i + 1}`;
    const code = c.code(r.code, `${at}.code`);
    const list = events.get(code) ?? [];
    list.push({ at: c.isoTime(r.at, `${at}.at`), from: r.from === null ? null : c.state(r.from, `${at}.from`), to: c.state(r.to, `${at}.to`) });
    events.set(code, list);
  }
  const citizens = citizenRows.map((r, i) => ({ id: c.text(r.id, `citizens.jsonl:${i + 1}.id`, 40), record: r }));
  const citizenIds = new Set(citizens.map((x) => x.id));
  let attachments = 0;
  const dossiers = dossierRows.map((r, i): BundleDossier => {
    const at = `dossiers.jsonl:${i + 1}`;
    const code = c.code(r.code, `${at}.code`);
    const p = c.obj(r.procedure, `${at}.procedure`);
    const cit = c.obj(r.citizen, `${at}.citizen`);
    const citizenId = c.text(cit.id, `${at}.citizen.id`, 40);
    if (!citizenIds.has(citizenId)) throw bundleRefusal('records', `${at}: citizen ${citizenId} is not in citizens.jsonl`);
    for (const [k, x] of c.list(r.attachments ?? [], `${at}.attachments`, 500).entries()) {
      const a = c.obj(x, `${at}.attachments[${k}]`);
      const f = listed.get(typeof a.path === 'string' ? a.path : '');
      if (!f || f.sha256 !== a.sha256) throw bundleRefusal('records', `${at}.attachments[${k}]: ${String(a.path)} is not in the manifest with that hash`);
      attachments++;
    }
    const status = checkDossierStatus(
      {
        code,
        trip: m.trip.id,
        commune,
        ticket: null,
        receivedOn: r.receivedOn,
        receivedAt: c.isoTime(r.receivedAt, `${at}.receivedAt`),
        dueDate: r.dueDate,
        procedure: { key: p.key, code: p.code ?? null, name: p.name, field: p.field, group: p.group },
        feeVnd: r.feeVnd,
        payment: r.payment,
        paidAt: r.paidAt === undefined || r.paidAt === null ? null : c.isoTime(r.paidAt, `${at}.paidAt`),
        paidRef: r.paidRef ?? null,
        returnMethod: r.returnMethod,
        state: r.state,
        stateAt: c.isoTime(r.stateAt, `${at}.stateAt`),
        resultOn: r.resultOn ?? null,
        events: (events.get(code) ?? []).map((e) => ({ ...e })),
      },
      at,
    );
    events.delete(code);
    return { status, citizenId, record: r };
  });
  if (events.size > 0) throw bundleRefusal('records', `events.jsonl: changes of ${[...events.keys()].slice(0, 3).join(', ')}, not a dossier of the bundle`);
  if (new Set(dossiers.map((d) => d.status.code)).size !== dossiers.length) throw bundleRefusal('records', 'dossiers.jsonl: a dossier twice');
  count('attachments', attachments, m.counts.attachments);
  return { dossiers, citizens };
}
