// A workstation's app: the same CounterApp the screens and the CLI use on a single laptop, against
// the hub. The queue is read from a copy folded here from the events the hub pushes after every
// commit (so reading it costs nothing and a change made at another desk shows at once); everything
// else is a synchronous call to the hub, where the use case runs on the hub's clock and database.
// When the link is down, reads of the queue show the last state, and every call is refused at once
// with a message saying so: nothing is done, nothing typed is lost.
import { listedOffices, type Office, type OfficePatch } from '../core/office.js';
import type { DomainData, ServiceGroup } from '../core/config.js';
import type { Lang } from '../core/lang.js';
import type { Citizen, CitizenInput } from '../core/citizen.js';
import { WorkingDays } from '../core/calendar.js';
import type { Dossier, DossierEvent } from '../core/dossier.js';
import type { DossierFigures } from '../core/dossierFigures.js';
import { DomainError } from '../core/errors.js';
import type { DossierState } from '../core/lifecycle.js';
import type { Figures } from '../core/queue/figures.js';
import * as rules from '../core/queue/rules.js';
import { QueueState } from '../core/queue/state.js';
import type { QueueEvent, Ticket } from '../core/queue/types.js';
import type { ReceiptInput } from '../core/receipt.js';
import type { PlannedTrip } from '../core/schedule.js';
import type { TripPaperOps } from '../app/tripPaper.js';
import type { ScanKind } from '../core/scan/classify.js';
import { localDate } from '../core/time.js';
import type { Trip, TripInput } from '../core/trip.js';
import type { GuardedAction } from '../core/auth.js';
import { checkDomainData, type RawDomainData } from '../app/data.js';
import type { CounterApp, DossierOps, HubLinkView, HubNews, OfficeDeskOps, OperatorOps, PrintingOps, ScanOps, ScheduleOps } from '../app/counterApp.js';
import type { RecordedChange, RefusalInput, SupplementInput, TicketRef } from '../app/dossiers.js';
import type { Refusal } from '../store/forms.js';
import type { ActionResult, IssueResult } from '../app/counterApp.js';
import type { Operator } from '../app/operators.js';
import type { JobSpec } from '../app/print/spool.js';
import type { ReadyResult } from '../app/officeUpdates.js';
import type { SyncStatus } from '../app/syncStatus.js';
import type { CitizenChange } from '../store/citizens.js';
import type { Marks } from '../store/hub.js';
import type { LastSeen } from '../store/seen.js';
import type { Printer, PrintJob } from '../core/print/printer.js';
import type { ScannerConfig, ScannerOptions } from '../core/scan/config.js';
import type { HubLink, LinkEvent } from './link.js';
import { RelayedError } from './wire.js';
import { RemotePaper } from './remotePaper.js';

/** What changed, for the screens: the queue, the link, or a write that finished after a drop. */
export type RemoteEvent = HubNews;

/** Numbers the hub gave, as a push or welcome says: kept by the workstation against a promotion. */
export function marksOf(trip: Trip | null, events: readonly QueueEvent[], dossiers: readonly string[]): Marks {
  const tickets: Record<string, number> = {};
  if (trip) {
    for (const e of events) {
      if (e.type !== 'issued') continue;
      const m = /^(.*?)(\d+)$/.exec(e.label);
      if (!m) continue;
      const scope = `${trip.id}:${m[1]}`;
      tickets[scope] = Math.max(tickets[scope] ?? 0, Number(m[2]));
    }
  }
  const byDay: Record<string, number> = {};
  for (const code of dossiers) {
    // agency-YYMMDD-NNNN
    const m = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4})$/.exec(code);
    if (!m) continue;
    const scope = `${m[1]}|20${m[2]}-${m[3]}-${m[4]}`;
    byDay[scope] = Math.max(byDay[scope] ?? 0, Number(m[5]));
  }
  return { tickets, dossiers: byDay };
}

/** How many answers to reads a workstation keeps for while the link is down. */
const READ_CACHE = 64;
/** Reads of the main screen's hints (the next trip, results to hand back, the centre's link), and how long their answer stands. */
const HINTS = new Set(['schedule.next', 'schedule.unannounced', 'schedule.list', 'sync.status', 'ready', 'offices.list']);
const HINT_MS = 5000;

export interface RemoteOptions {
  link: HubLink;
  lang: Lang;
  /** Every number the hub is seen to give (see marksOf), and where its queue stood: the workstation's record. */
  onMarks?: (m: Marks, last: LastSeen) => void;
  /** A standby's link: the vehicle's key the hub hands it with the welcome (PEM). */
  onVehicleKey?: (pem: string) => void;
  /** The workstation's folder: files for outside the vehicle go there when no stick is in. */
  folder?: string;
}

export class RemoteLuudong implements CounterApp, HubLinkView {
  readonly data: DomainData;
  readonly lang: Lang;
  revision = 0;
  readonly station: string;
  readonly epoch: number;
  readonly workstation: string;
  peers: { id: string; standby: string | null }[] = [];
  private trip: Trip | undefined;
  private state = new QueueState();
  private clockOffset = 0;
  private sessionOp: Operator | null = null;
  private sessionPin: string | null = null;
  private readonly link: HubLink;
  private readonly listeners = new Set<(e: RemoteEvent) => void>();
  private readonly onMarks: ((m: Marks, last: LastSeen) => void) | undefined;
  private readonly onVehicleKey: ((pem: string) => void) | undefined;
  private lastRecorded = 0;
  /** The revision at the last refresh(). */
  private looked = -1;
  /** When each kept answer was asked (see read()). */
  private readonly askedAt = new Map<string, number>();
  /** The last answers to reads, for while the link is down (see read()). */
  private readonly answers = new Map<string, unknown>();
  readonly dossiers: DossierOps;
  readonly printing: PrintingOps;
  readonly operators: OperatorOps;
  readonly schedule: ScheduleOps;
  /** The offices as the hub has them (its data/offices.json and those set on the vehicle). */
  readonly offices: OfficeDeskOps;
  readonly scans: ScanOps;
  readonly paper: TripPaperOps;

  constructor(opts: RemoteOptions) {
    this.link = opts.link;
    this.lang = opts.lang;
    this.onMarks = opts.onMarks;
    this.onVehicleKey = opts.onVehicleKey;
    // Everything the link brings while it comes up is kept, in order: pushes can follow the welcome
    // in the same look, and the link's worker already counts them as seen (it asks only for what
    // follows them at its next reconnection), so one dropped here would be missing for the morning.
    const early: LinkEvent[] = [];
    const off = this.link.on((e) => {
      if (e.kind === 'welcome' || e.kind === 'push' || early.length) early.push(e);
    });
    this.link.connect();
    this.link.drain();
    off();
    const first = early.findIndex((e) => e.kind === 'welcome');
    const welcome = first >= 0 ? (early[first] as { msg: Record<string, unknown> }).msg : undefined;
    if (!welcome) throw new DomainError('err.hub.unreachable', {});
    // The hub's data files are checked here as a laptop checks its own (they came over the network).
    this.data = checkDomainData(welcome.data as RawDomainData, 'hub');
    this.station = String(welcome.station);
    this.epoch = Number(welcome.epoch);
    this.workstation = String(welcome.workstation);
    this.onWelcome(welcome);
    for (const e of early.slice(first + 1)) this.onLink(e);
    this.link.on((e) => this.onLink(e));
    const call = (m: string, args: unknown[], write = false) => this.call(m, args, write);
    const days = new WorkingDays(this.data.calendar);
    this.dossiers = {
      days,
      receive: (input: ReceiptInput, ticket: TicketRef = null) => call('dossier.receive', [input, ticket], true) as Dossier,
      setState: (code: string, to: DossierState, note: string | null = null, recorded: RecordedChange = {}) => {
        if (recorded.at !== undefined || recorded.operator !== undefined || recorded.resultOn !== undefined) throw new DomainError('err.hub.localOnly', {});
        const token = (recorded.approver as (Operator & { approval?: string }) | undefined)?.approval;
        return call('dossier.setState', [code, to, note, token ?? null], true) as Dossier;
      },
      requestSupplement: (code: string, input: SupplementInput) => call('dossier.requestSupplement', [code, input], true) as { dossier: Dossier; requestId: number },
      confirmPayment: (code: string, note: string | null = null) => call('dossier.confirmPayment', [code, note], true) as Dossier,
      get: (code: string) => call('dossier.get', [code]) as Dossier,
      events: (d: Dossier) => call('dossier.events', [d.code]) as DossierEvent[],
      find: (query: string, limit?: number) => call('dossier.find', [query, limit ?? null]) as Dossier[],
      timeliness: (d: Dossier) => {
        if (d.resultOn) return WorkingDays.timeliness(d.dueDate, d.resultOn);
        if (d.state === 'cancelled') return 'open';
        return localDate(this.now()) > d.dueDate ? 'late' : 'open';
      },
      logHelp: (kind: string, ticket: TicketRef, citizenId: string | null = null) =>
        call('dossier.logHelp', [kind, ticket, citizenId], true) as { kind: string; ticket: Ticket | null; citizen: Citizen | null },
      rate: (score: number, ticket: { label: string } | { counter: number }) => call('dossier.rate', [score, ticket], true) as Ticket,
      // ---- what the counter screen does on the hub, a workstation does too (issues 13/16) ----
      // K's list of awaited transfers; a refusal with its form, printed on this workstation's printers.
      byTrip: (tripId: number) => call('dossier.byTrip', [tripId]) as Dossier[],
      refuse: ({ approver, ...input }: RefusalInput) => {
        const token = (approver as (Operator & { approval?: string }) | undefined)?.approval;
        if (approver && !token) throw new DomainError('err.auth.required', {});
        return call('dossier.refuse', [input, token ?? null], true) as Refusal;
      },
    };
    this.printing = {
      jobs: (limit?: number) => call('printing.jobs', [limit ?? null]) as PrintJob[],
      problems: (limit?: number) => call('printing.problems', [limit ?? null]) as PrintJob[],
      printers: () => call('printing.printers', []) as Printer[],
      print: (spec: JobSpec, ref: string | null, printerName?: string) => call('printing.print', [spec, ref, printerName ?? null], true) as PrintJob[],
      reprint: (id: number) => call('printing.reprint', [id], true) as PrintJob,
      cancel: (id: number) => void call('printing.cancel', [id], true),
      // The hub names the workstation as the printer's host itself.
      addPrinter: ({ host: _host, ...p }: Printer) => call('printing.addPrinter', [p], true) as Printer,
    };
    this.operators = {
      enabled: () => call('operators.enabled', []) as boolean,
      supervisor: (name: string, pin: string, action: GuardedAction) => call('operators.supervisor', [name, pin, action], true) as Operator,
    };
    this.schedule = {
      next: () => (call('schedule.next', []) as PlannedTrip | null) ?? undefined,
      unannounced: () => call('schedule.unannounced', []) as PlannedTrip[],
      list: () => call('schedule.list', []) as PlannedTrip[],
      announce: (id: number, format: 'speech' | 'social') => call('schedule.announce', [id, format], true) as string,
    };
    this.offices = {
      ...listedOffices(() => call('offices.list', []) as Office[]),
      // The hub checks who acts (this desk's operator, or the supervisor whose PIN it approved).
      set: (idOrCode: string, patch: OfficePatch, approver?: Operator) => {
        const { bank, ...rest } = patch;
        const token = (approver as (Operator & { approval?: string }) | undefined)?.approval;
        return call('offices.set', [idOrCode, rest, bank === undefined ? null : bank === null ? 'none' : bank, token ?? null], true) as Office;
      },
    };
    // Files for outside the vehicle (the handover bundle, the poster): made on the hub, written here,
    // where the operator sits (./remotePaper.ts).
    // A job that ended changed what the hints show (a plan announced, dossiers handed over): asked again.
    this.paper = new RemotePaper(call, (id) => this.getTrip(id), opts.folder ?? process.cwd(), () => this.askedAt.clear());
    this.scans = {
      wedge: () => (call('scans.wedge', []) as ScannerOptions | null) ?? undefined,
      take: (raw: string, source: string) => call('scans.take', [raw, source], true) as ScanKind,
    };
  }

  // ---- the link ---------------------------------------------------------------------------

  /** Is the hub there? When not, the screens show the last state read-only. */
  get online(): boolean {
    return this.link.up;
  }

  get linkReason(): string | undefined {
    return this.link.lastReason;
  }

  subscribe(fn: (e: RemoteEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: RemoteEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  private onLink(e: LinkEvent): void {
    if (e.kind === 'welcome') {
      this.onWelcome(e.msg);
      this.emit({ kind: 'link', up: true });
      this.emit({ kind: 'state' });
    } else if (e.kind === 'push') {
      this.apply(e.msg);
      this.emit({ kind: 'state' });
    } else if (e.kind === 'link') {
      this.emit({ kind: 'link', up: e.up, ...(e.reason ? { reason: e.reason } : {}) });
    } else if (e.kind === 'note') {
      // Comes just before the answer of the call that caused it: said once that call has returned
      // and the screen has shown what it did, so the word is not overwritten by the action's own.
      const fell = Array.isArray(e.msg.fallbacks) ? (e.msg.fallbacks as { kind?: unknown; printers?: unknown }[]) : [];
      for (const f of fell.slice(0, 20)) {
        if (typeof f.kind !== 'string' || !Array.isArray(f.printers)) continue;
        const news: RemoteEvent = { kind: 'fallback', jobKind: f.kind.slice(0, 40), printers: f.printers.filter((p): p is string => typeof p === 'string').slice(0, 10) };
        setImmediate(() => this.emit(news));
      }
    } else {
      this.emit({ kind: 'outcome', method: e.method, args: e.args, ...('ok' in e ? { ok: e.ok } : {}), ...(e.err ? { err: new RelayedError(e.err) } : {}) });
    }
  }

  private onWelcome(w: Record<string, unknown>): void {
    this.peers = (w.peers as { id: string; standby: string | null }[] | undefined) ?? [];
    if (typeof w.now === 'number') this.clockOffset = w.now - Date.now();
    this.apply(w);
    if (w.marks && this.onMarks) this.onMarks(w.marks as Marks, this.lastSeen());
    if (typeof w.vehicleKey === 'string' && this.onVehicleKey) this.onVehicleKey(w.vehicleKey);
  }

  /** Fold what the hub pushed: the open trip and its new events (from scratch when the trip changed). */
  private apply(m: Record<string, unknown>): void {
    const pushed = (m.trip as Trip | null) ?? undefined;
    // The same trip as before keeps its object: what is memoised on it (the forecast on its counters) stands.
    const trip = pushed && this.trip && pushed.id === this.trip.id && JSON.stringify(pushed) === JSON.stringify(this.trip) ? this.trip : pushed;
    const events = (m.events as QueueEvent[] | undefined) ?? [];
    if (m.reset || trip?.id !== this.trip?.id) this.state = new QueueState();
    this.trip = trip;
    for (const e of events) this.state.apply(e);
    if (typeof m.now === 'number') this.clockOffset = m.now - Date.now();
    this.revision++;
    const codes = (m.dossiers as string[] | undefined) ?? [];
    // Written when new numbers were given, and otherwise at most once a second.
    if (this.onMarks && (events.some((e) => e.type === 'issued') || codes.length || Date.now() - this.lastRecorded > 1000)) {
      this.lastRecorded = Date.now();
      this.onMarks(marksOf(trip ?? null, events, codes), this.lastSeen());
    }
  }

  private lastSeen(): LastSeen {
    const last = this.state.lastEventId;
    let at = 0;
    for (const t of this.state.tickets.values()) at = Math.max(at, t.issuedAt, t.lastCalledAt ?? 0, t.finishedAt ?? 0, t.spanStart ?? 0, t.noShowAt ?? 0);
    return { hub: this.station ?? '', eventId: last, eventAt: at, seenAt: Date.now() };
  }

  /**
   * Handle what the link has brought, now (a screen that is about to read); true when the state
   * moved since the last refresh: pushes are folded as they come, between two looks.
   */
  refresh(): boolean {
    this.link.drain();
    const moved = this.revision !== this.looked;
    this.looked = this.revision;
    return moved;
  }

  close(): void {
    this.link.close();
  }

  private call(m: string, args: unknown[], write = false): unknown {
    if (!write) return this.read(m, args);
    // This desk changed a dossier, a trip, a citizen…: its hints are asked again (a queue action
    // changes none of them).
    if (!m.startsWith('queue.')) this.askedAt.clear();
    return this.link.call(m, args, true);
  }

  /**
   * A read: asked of the hub; while the link is down, the last answer to the same question (the
   * screens keep showing the last state, read-only), or the refusal when there is none. A few
   * dozen answers are kept, the least recently asked dropped first.
   */
  private read(m: string, args: unknown[]): unknown {
    const key = `${m}\n${JSON.stringify(args)}`;
    // The main screen's plan line asks these at every frame that follows a change anywhere: a
    // round trip each, for what changes a few times a morning. Asked again after HINT_MS, or at once
    // after this desk's own write that may change them.
    const at = this.askedAt.get(key);
    if (at !== undefined && HINTS.has(m) && Date.now() - at < HINT_MS && this.answers.has(key)) return this.answers.get(key);
    try {
      const r = this.link.call(m, args, false);
      this.askedAt.set(key, Date.now());
      this.answers.delete(key);
      this.answers.set(key, r);
      if (this.answers.size > READ_CACHE) {
        const oldest = this.answers.keys().next().value as string;
        this.answers.delete(oldest);
        this.askedAt.delete(oldest);
      }
      return r;
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== 'err.hub.down' && e.code !== 'err.hub.timeout') || !this.answers.has(key)) throw e;
      const r = this.answers.get(key);
      this.answers.delete(key);
      this.answers.set(key, r);
      return r;
    }
  }

  // ---- the CounterApp ------------------------------------------------------------------------

  /** The hub's clock: records are timed there, and the screens show the same time (bound: the screens pass it around). */
  readonly now = (): number => Date.now() + this.clockOffset;

  login(name: string, pin: string): Operator {
    const op = this.call('login', [name, pin], true) as Operator;
    this.sessionOp = op;
    this.sessionPin = pin;
    this.link.session({ name: op.name, pin }, op.name);
    return op;
  }

  /** Without logins set up: whom the hub records as acting. */
  set operator(name: string | null) {
    this.call('setOperator', [name]);
    this.link.session(null, name);
  }

  get session(): Operator | null {
    return this.sessionOp;
  }

  childLogin(): { args: string[]; env: Record<string, string> } {
    return this.sessionOp && this.sessionPin !== null ? { args: ['--operator', this.sessionOp.name], env: { LUUDONG_PIN: this.sessionPin } } : { args: [], env: {} };
  }

  currentTrip(): Trip | undefined {
    return this.trip;
  }

  queueState(): QueueState {
    return this.state;
  }

  getTrip(id: number): Trip | undefined {
    if (this.trip?.id === id) return this.trip;
    return (this.call('trip.get', [id]) as Trip | null) ?? undefined;
  }

  lastTrip(): Trip | undefined {
    return (this.call('trip.last', []) as Trip | null) ?? undefined;
  }

  tripsOn(date: string): Trip[] {
    return this.call('trip.on', [date]) as Trip[];
  }

  group(code: string): ServiceGroup {
    const g = this.data.groups.find((x) => x.code === code);
    if (!g) throw new DomainError('err.unknownGroup', { group: code });
    return g;
  }

  figures(tripId?: number): Figures {
    return this.call('figures', [tripId ?? null]) as Figures;
  }

  dossierFigures(tripId?: number): DossierFigures {
    return this.call('dossierFigures', [tripId ?? null]) as DossierFigures;
  }

  waitingLine(groupCode: string): rules.WaitingEntry[] {
    if (!this.trip) throw new DomainError('err.noOpenTrip');
    return rules.waitingLine(this.state, this.group(groupCode), this.data.groups, this.trip.counters, this.data.rules, this.now());
  }

  openTrip(input: TripInput): Trip {
    return this.call('trip.open', [input], true) as Trip;
  }

  closeTrip(): { trip: Trip; figures: Figures } {
    return this.call('trip.close', [], true) as { trip: Trip; figures: Figures };
  }

  reopenTrip(): Trip {
    return this.call('trip.reopen', [], true) as Trip;
  }

  issue(groupCode: string, priority: string | null = null, opts: { phone?: string | null } = {}): IssueResult {
    return this.call('queue.issue', opts.phone ? [groupCode, priority, { phone: opts.phone }] : [groupCode, priority], true) as IssueResult;
  }

  walkIn(counterNo: number, groupCode: string): ActionResult {
    return this.call('queue.walkIn', [counterNo, groupCode], true) as ActionResult;
  }

  callNext(counterNo: number): ActionResult {
    return this.call('queue.callNext', [counterNo], true) as ActionResult;
  }

  recall(counterNo: number): ActionResult {
    return this.call('queue.recall', [counterNo], true) as ActionResult;
  }

  start(counterNo: number): ActionResult {
    return this.call('queue.start', [counterNo], true) as ActionResult;
  }

  finish(counterNo: number): ActionResult {
    return this.call('queue.finish', [counterNo], true) as ActionResult;
  }

  noShow(counterNo: number): ActionResult {
    return this.call('queue.noShow', [counterNo], true) as ActionResult;
  }

  park(counterNo: number): ActionResult {
    return this.call('queue.park', [counterNo], true) as ActionResult;
  }

  resume(label: string, counterNo: number): ActionResult {
    return this.call('queue.resume', [label, counterNo], true) as ActionResult;
  }

  returnNoShow(label: string): ActionResult {
    return this.call('queue.returnNoShow', [label], true) as ActionResult;
  }

  transfer(target: { label: string } | { counter: number }, groupCode: string): ActionResult {
    return this.call('queue.transfer', [target, groupCode], true) as ActionResult;
  }

  citizenFromQr(text: string): { citizen: Citizen; changes: CitizenChange[] } {
    return this.call('citizen.fromQr', [text], true) as { citizen: Citizen; changes: CitizenChange[] };
  }

  citizenFromInput(input: CitizenInput): { citizen: Citizen; changes: CitizenChange[] } {
    return this.call('citizen.fromInput', [input], true) as { citizen: Citizen; changes: CitizenChange[] };
  }

  citizen(id: string): Citizen | undefined {
    return (this.call('citizen.get', [id]) as Citizen | null) ?? undefined;
  }

  citizenHistory(id: string): { at: number; field: string; oldValue: string | null; newValue: string | null; operator: string | null }[] {
    return this.call('citizen.history', [id]) as { at: number; field: string; oldValue: string | null; newValue: string | null; operator: string | null }[];
  }

  readyToReturn(): ReadyResult {
    return this.call('ready', []) as ReadyResult;
  }

  syncStatus(): SyncStatus {
    return this.call('sync.status', []) as SyncStatus;
  }

  /**
   * The rating questions standing now, as the hub has them (its keypads, its clock). The board asks
   * after each push (every commit, a rating's included) and each minute; while the link is down the
   * last answer stands.
   */
  ratingQuestions(): { counter: number; label: string }[] {
    return this.call('raters.questions', []) as { counter: number; label: string }[];
  }

  // ---- this workstation's own devices, as the hub has them configured -------------------------

  /** The printers plugged into this workstation. */
  ownPrinters(): Printer[] {
    return this.call('printing.ownPrinters', []) as Printer[];
  }

  /** One of them, by name (another machine's is not found). */
  ownPrinter(name: string): Printer {
    return this.call('spool.printer', [name]) as Printer;
  }

  removeOwnPrinter(name: string): void {
    this.call('printing.removePrinter', [name], true);
  }

  /** The scanners on their own ports plugged into this workstation. */
  scanners(): ScannerConfig[] {
    return this.call('scans.list', []) as ScannerConfig[];
  }

  addScanner(name: string, kind: string, target: string, options: ScannerOptions): ScannerConfig {
    return this.call('scans.add', [name, kind, target, options], true) as ScannerConfig;
  }

  removeScanner(name: string): void {
    this.call('scans.remove', [name], true);
  }
}
