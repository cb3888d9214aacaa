// Use cases of the counter. The only layer that combines the store and the domain: each command runs
// in one IMMEDIATE transaction (so two processes on one database take turns), re-reads what other
// processes appended, decides with the pure rules, and appends events.
import type { DomainData, ServiceGroup } from '../core/config.js';
import { DomainError } from '../core/errors.js';
import { computeFigures, type Figures } from '../core/queue/figures.js';
import * as rules from '../core/queue/rules.js';
import { QueueState } from '../core/queue/state.js';
import type { Counter, NewQueueEvent, Ticket } from '../core/queue/types.js';
import { checkTrip, checkTripDate, type Trip, type TripInput } from '../core/trip.js';
import { storeError } from '../store/db.js';
import { writeTx } from '../store/tx.js';
import type { Db, Tx } from '../store/types.js';
import { passedGate, type IntegrityGate } from '../store/integrity.js';
import { QueueRepo, TripRepo } from '../store/repos.js';
import { CitizenRepo, type CitizenChange } from '../store/citizens.js';
import { OutboxRepo } from '../store/outbox.js';
import { checkCitizen, parseCitizenQr, type Citizen, type CitizenInput } from '../core/citizen.js';
import type { Dossier } from '../core/dossier.js';
import type { PrintDocument } from '../core/print/layout.js';
import { localDate } from '../core/time.js';
import { cleanText } from '../core/text.js';
import type { DossierFigures } from '../core/dossierFigures.js';
import type { TripRecords } from '../core/report.js';
import { DossierDesk } from './dossiers.js';
import { Spooler } from './print/spooler.js';
import { ScanDesk } from './scans.js';
import { ScheduleDesk } from './schedule.js';
import { TripPaperDesk } from './tripPaper.js';
import { OperatorDesk, type Operator } from './operators.js';
import { OfficeDesk } from './offices.js';
import { SmsDesk } from './sms/desk.js';
import { RaterDesk } from './rater.js';
import { allows, requiredRole, type GuardedAction } from '../core/auth.js';
import { appendAudit, checkDossiers, saveHead, type AuditHead, type AuditProblem } from '../store/audit.js';
import { cashDocument, tripCash } from './cash.js';
import type { Lang } from '../core/lang.js';
import type { ActionResult, CounterApp, IssueResult } from './counterApp.js';
import { readyToReturn, type ReadyResult } from './officeUpdates.js';
import { syncStatus, type SyncStatus } from './syncStatus.js';
import { vehicleKey, type VehicleKey } from '../store/vehicleKey.js';

export interface LuudongOptions {
  db: Db;
  data: DomainData;
  now?: () => number;
  /** Who is acting; defaults to the trip's first operator. */
  operator?: string | null;
  file?: string;
  /** The file's integrity check; writes wait for it (see store/integrity.ts). */
  gate?: IntegrityGate;
  /** The language of what this desk prints (tickets, slips). */
  lang?: Lang;
  /** The workstation this desk serves through the hub (its id): its print jobs go to its own printers. */
  workstation?: string | null;
}

export class Luudong implements CounterApp {
  readonly db: Db;
  readonly data: DomainData;
  readonly now: () => number;
  readonly gate: IntegrityGate;
  private readonly trips: TripRepo;
  private readonly queue: QueueRepo;
  private readonly citizens: CitizenRepo;
  private readonly file: string;
  private operatorName: string | null;
  private trip: Trip | undefined;
  private state = new QueueState();
  private dataVersion = -1;
  private loaded = false;
  /** Bumped whenever the visible state may have changed; views memoise on it. */
  revision = 0;
  /** Dossier receipt, help without a dossier and satisfaction (src/app/dossiers.ts). */
  readonly dossiers: DossierDesk;
  /** The centre's outbox as a handover sees it: enrolled or not, and a bundle to send (src/app/sync.ts sends it). */
  readonly outbox: { enrolled(): boolean; addBundle(uuid: string, at: number, files: readonly { path: string; content: Uint8Array }[]): void };
  /** Printers and the print spool (src/app/print/spooler.ts). */
  readonly printing: Spooler;
  /** Barcode scans and the configured scanners (src/app/scans.ts). */
  readonly scans: ScanDesk;
  /** Coming trips and their announcements (src/app/schedule.ts). */
  readonly schedule: ScheduleDesk;
  /** The end of a trip on paper from the counter screen: handover bundle, poster (src/app/tripPaper.ts). */
  readonly paper: TripPaperDesk;
  /** Operators, logins and the guarded actions (src/app/operators.ts). */
  readonly operators: OperatorDesk;
  /** The offices (communes) this vehicle serves, one per trip (src/app/offices.ts). */
  readonly offices: OfficeDesk;
  /** Text messages to citizens through the modem: opt-ins and the outbox (src/app/sms/desk.ts). */
  readonly sms: SmsDesk;
  /** The citizens' rating keypads, one per counter (src/app/rater.ts). */
  readonly raters: RaterDesk;
  /** Who is logged in (null: nobody, or logins are not set up). */
  private sessionOp: Operator | null = null;
  /** Kept in this process's memory only, for childLogin(). */
  private sessionPin: string | null = null;
  readonly lang: Lang;

  constructor(opts: LuudongOptions) {
    this.db = opts.db;
    this.data = opts.data;
    this.now = opts.now ?? Date.now;
    this.operatorName = operatorName(opts.operator);
    this.file = opts.file ?? opts.db.name;
    this.gate = opts.gate ?? passedGate();
    this.trips = new TripRepo(this.db);
    this.queue = new QueueRepo(this.db);
    this.citizens = new CitizenRepo(this.db);
    this.lang = opts.lang ?? 'vi';
    this.printing = new Spooler({ db: this.db, now: () => this.now(), write: (fn) => this.write(fn), host: opts.workstation ?? null });
    this.scans = new ScanDesk({ db: this.db, data: this.data, now: () => this.now(), write: (fn) => this.write(fn) });
    this.operators = new OperatorDesk({ db: this.db, now: () => this.now(), write: (fn) => this.write(fn), pinKey: () => this.vehicleKey().secret('pin') });
    this.offices = new OfficeDesk({ db: this.db, data: this.data, now: () => this.now(), operator: () => this.operatorName ?? this.trip?.operators[0] ?? null, write: (fn) => this.write(fn), guard: (action, approver) => this.guard(action, approver) });
    this.sms = new SmsDesk({ db: this.db, data: this.data, now: () => this.now(), write: (fn) => this.write(fn), operator: () => this.operatorName ?? this.trip?.operators[0] ?? null, offices: this.offices });
    this.schedule = new ScheduleDesk({ db: this.db, data: this.data, now: () => this.now(), write: (fn) => this.write(fn), officeFor: (commune) => this.offices.forCommune(commune) });
    this.paper = new TripPaperDesk({ app: this, dbFile: this.file, lang: this.lang, schedule: this.schedule, guard: (action, approver) => this.guard(action, approver), getTrip: (id) => this.getTrip(id) });
    const outbox = new OutboxRepo(this.db);
    this.outbox = { enrolled: () => outbox.link() !== undefined, addBundle: (uuid, at, files) => outbox.addBundle(uuid, at, files) };
    this.dossiers = new DossierDesk({
      printing: this.printing,
      lang: this.lang,
      db: this.db,
      data: this.data,
      citizens: this.citizens,
      now: () => this.now(),
      operator: () => this.operatorName ?? this.trip?.operators[0] ?? null,
      write: (fn) => this.write(fn),
      trip: () => this.trip,
      state: () => this.state,
      guard: (action, approver) => this.guard(action, approver),
      offices: this.offices,
      sms: this.sms,
    });
    this.raters = new RaterDesk({ db: this.db, now: () => this.now(), write: (fn) => this.write(fn), state: () => this.state, dossiers: this.dossiers, repo: this.sms.repo });
  }

  /** The database's file (the vehicle key, the attachments and the audit head are beside it). */
  get dbFile(): string {
    return this.file;
  }

  /** The vehicle's key beside the database (never made here: the database's first open made it). */
  vehicleKey(): VehicleKey {
    return vehicleKey(this.file, { create: false });
  }

  set operator(name: string | null) {
    this.operatorName = operatorName(name);
  }

  /** Log in: every event from now on carries this operator. */
  login(name: string, pin: string): Operator {
    const op = this.operators.login(name, pin);
    this.sessionOp = op;
    this.operatorName = op.name;
    this.sessionPin = pin;
    return op;
  }

  /**
   * How a child process this screen starts for the operator (a document scan) logs in as them: the
   * name as an argument, the PIN in its environment (never on its command line, which ps shows).
   */
  childLogin(): { args: string[]; env: Record<string, string> } {
    return this.sessionOp && this.sessionPin !== null ? { args: ['--operator', this.sessionOp.name], env: { LUUDONG_PIN: this.sessionPin } } : { args: [], env: {} };
  }

  /** Who acts now, as events record it: the logged-in (or named) operator, else the open trip's first. */
  actorName(): string | null {
    return this.operatorName ?? this.trip?.operators[0] ?? null;
  }

  get session(): Operator | null {
    return this.sessionOp;
  }

  /**
   * Refuse a guarded action unless the logged-in operator's role allows it, or a supervisor who
   * gave their PIN for it does. Without operators set up there is nobody to ask: allowed.
   */
  guard(action: GuardedAction, approver?: Operator): void {
    if (!this.operators.enabled()) return;
    const who = approver ?? this.sessionOp;
    if (!who) throw new DomainError('err.auth.required', {});
    if (!allows(who.role, action)) throw new DomainError('err.auth.forbidden', { name: who.name, role: `auth.role.${requiredRole(action)}` });
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * Catch up with what any process committed since the last look. Cheap when nothing changed
   * (one PRAGMA). Returns true when the state moved.
   */
  refresh(): boolean {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (this.loaded && version === this.dataVersion) return false;
    const external = this.loaded;
    this.dataVersion = version;
    this.loaded = true;
    const changed = this.reload();
    if (changed || !external) return changed;
    // Another process committed something other than the queue (the schedule, a dossier, an
    // office): what shows it must redraw as a queue change does.
    this.revision++;
    return true;
  }

  /**
   * Forget the last look, so that the next refresh() reads again. For several Luudongs sharing one
   * connection (the hub's, one per workstation link): a commit on the same connection does not move
   * PRAGMA data_version.
   */
  invalidate(): void {
    this.loaded = false;
  }

  private reload(): boolean {
    const before = `${this.trip?.id}:${this.trip?.closedAt}:${this.state.lastEventId}`;
    const trip = this.trips.current();
    if (trip?.id !== this.trip?.id) this.state = new QueueState();
    this.trip = trip;
    if (trip) for (const e of this.queue.eventsSince(trip.id, this.state.lastEventId)) this.state.apply(e);
    const changed = before !== `${this.trip?.id}:${this.trip?.closedAt}:${this.state.lastEventId}`;
    if (changed) this.revision++;
    return changed;
  }

  currentTrip(): Trip | undefined {
    this.refresh();
    return this.trip;
  }

  /** The open trip's folded queue state (read-only for callers). */
  queueState(): QueueState {
    this.refresh();
    return this.state;
  }

  getTrip(id: number): Trip | undefined {
    return this.trips.get(id);
  }

  lastTrip(): Trip | undefined {
    return this.trips.last();
  }

  /** The trips of a date (YYYY-MM-DD), in the order of their start. */
  tripsOn(date: string): Trip[] {
    return this.trips.onDate(date);
  }

  /** A trip's folded queue: the open trip's as kept up to date, another's folded from its log. */
  tripState(trip: Trip): QueueState {
    this.refresh();
    return trip.id === this.trip?.id ? this.state : QueueState.from(this.queue.eventsSince(trip.id, 0));
  }

  /** Everything a trip recorded, for its report (src/app/report.ts). */
  /** Every dossier received on a trip, cancelled ones included (the cash statement). */
  tripDossiers(tripId: number): Dossier[] {
    return this.dossiers.byTrip(tripId);
  }

  /** What the audit chain finds wrong with these dossiers' rows (the cash statement checks its receipts). */
  auditProblems(dossierIds: readonly number[]): AuditProblem[] {
    return checkDossiers(this.db, this.vehicleKey(), dossierIds);
  }

  /** A trip's cash statement laid out for a printer, refused when its sums do not add up. */
  cashDocument(tripId: number, operator: string | null): PrintDocument {
    return cashDocument(this, tripCash(this, { tripId, operator }), this.now());
  }

  /** The audit chain's head, also kept beside the database: an anchor at the foot of each report. */
  auditAnchor(): AuditHead | null {
    return saveHead(this.db, this.dbFile, this.now());
  }

  tripRecords(trip: Trip): TripRecords {
    return { trip, queue: this.tripState(trip), ...this.dossiers.records(trip.id) };
  }

  group(code: string): ServiceGroup {
    const g = this.data.groups.find((x) => x.code === code);
    if (!g) throw new DomainError('err.unknownGroup', { group: code });
    return g;
  }

  /** Figures of the open trip, or of a given (possibly closed) trip. */
  figures(tripId?: number): Figures {
    this.refresh();
    const trip = tripId === undefined ? this.currentTrip() : this.trips.get(tripId);
    if (!trip) throw tripId === undefined ? new DomainError('err.noOpenTrip') : new DomainError('err.tripNotFound', { id: tripId });
    return computeFigures(this.tripState(trip), this.data.groups.map((g) => g.code), trip.counters.map((c) => c.no));
  }

  /** Dossier figures of the open trip, or of a given trip. */
  dossierFigures(tripId?: number): DossierFigures {
    this.refresh();
    const trip = tripId === undefined ? this.trip : this.trips.get(tripId);
    if (!trip) throw tripId === undefined ? new DomainError('err.noOpenTrip') : new DomainError('err.tripNotFound', { id: tripId });
    return this.dossiers.figures(trip, this.tripState(trip));
  }

  /** The waiting line of a group as of the last refresh (callers refresh once per view, not per group). */
  waitingLine(groupCode: string): rules.WaitingEntry[] {
    if (!this.loaded) this.refresh();
    if (!this.trip) throw new DomainError('err.noOpenTrip');
    return rules.waitingLine(this.state, this.group(groupCode), this.data.groups, this.trip.counters, this.data.rules, this.now());
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Run a command in one IMMEDIATE transaction, after catching up; map SQLite failures to messages.
   * `fn` gets the transaction's proof (a Tx), which every repository write and Spooler.queueInTx
   * require: this is the one place the app takes it. The desks write through here, and so do the
   * use cases that span several (office updates, a handover): a nested write is a savepoint of the
   * same transaction.
   */
  write<T>(fn: (tx: Tx) => T): T {
    this.gate.ensure();
    let out: T;
    try {
      out = writeTx(this.db, (tx) => {
        this.reload();
        return fn(tx);
      });
    } catch (e) {
      // Rolled back. Nothing was folded from it: inside the transaction the state only reads
      // committed events; this process's own events are folded after the commit, below.
      throw storeError(e, this.file);
    }
    this.reload();
    return out;
  }

  private requireTrip(): Trip {
    this.refresh();
    if (!this.trip) throw new DomainError('err.noOpenTrip');
    return this.trip;
  }

  private counter(no: number): Counter {
    const trip = this.requireTrip();
    const c = trip.counters.find((x) => x.no === no);
    if (!c) throw new DomainError('err.unknownCounter', { counter: no });
    return c;
  }

  private actor(): rules.Actor {
    return { at: this.now(), operator: this.operatorName ?? this.trip?.operators[0] ?? null };
  }

  private append(tx: Tx, events: NewQueueEvent[]): void {
    if (!this.trip) return;
    this.queue.append(tx, this.trip.id, events);
    // "Your turn is near" for tickets these events bring close enough, in the same transaction.
    const trip = this.trip;
    this.sms.afterQueueEventsInTx(tx, trip, () => this.positionsNow(trip));
  }

  /**
   * Where each waiting ticket stands, with this transaction's events folded in: this.state only
   * takes them after the commit, so the log is folded afresh (only when a citizen waits to be told).
   */
  private positionsNow(trip: Trip): Map<number, { label: string; ahead: number } | null> {
    const state = QueueState.from(this.queue.eventsSince(trip.id, 0));
    const out = new Map<number, { label: string; ahead: number } | null>();
    for (const line of rules.forecast(state, this.data.groups, trip.counters, this.data.rules, this.now()).values()) for (const w of line) out.set(w.ticket.id, { label: w.ticket.label, ahead: w.ahead });
    return out;
  }

  /** The rating questions standing now: at each counter with a citizen's keypad, the ticket just finished there. */
  ratingQuestions(): { counter: number; label: string; until: number }[] {
    return this.raters.list().flatMap((r) => {
      const tk = this.raters.question(r.counter);
      return tk && tk.finishedAt !== null ? [{ counter: r.counter, label: tk.label, until: tk.finishedAt + r.timeoutS * 1000 }] : [];
    });
  }

  private ticket(id: number): Ticket {
    return this.state.tickets.get(id) as Ticket;
  }

  openTrip(input: TripInput): Trip {
    const clean = checkTrip(input);
    checkTripDate(clean.date, localDate(this.now()));
    for (const c of clean.counters) for (const g of c.groups) this.group(g);
    // The office the trip works for, as it stands now: its codes, slips and VietQR keep it. Unless
    // named, the office of the trip's commune, else the first.
    const office = clean.officeId ? this.offices.get(clean.officeId) : this.offices.forCommune(clean.commune);
    const id = this.write((tx) => {
      const open = this.trips.current();
      if (open) throw new DomainError('err.tripAlreadyOpen', { id: open.id, place: open.place });
      return this.trips.insert(tx, { ...clean, officeId: office.id }, this.now(), this.operatorName ?? clean.operators[0] ?? null, office);
    });
    return this.trips.get(id) as Trip;
  }

  closeTrip(): { trip: Trip; figures: Figures } {
    const trip = this.requireTrip();
    this.write((tx) => {
      // every ticket not served and not absent ends as "closed, not served", stored with the close
      this.queue.append(tx, trip.id, rules.closingEvents(this.state, this.actor()));
      this.trips.close(tx, trip.id, this.now(), this.operatorName ?? trip.operators[0] ?? null);
    });
    const figures = this.figures(trip.id);
    // The log's head at the trip's close, kept beside the database: a tail removed later shows.
    saveHead(this.db, this.file, this.now());
    return { trip: this.trips.get(trip.id) as Trip, figures };
  }

  /**
   * Open the last trip again, when it was closed by mistake: a supervisor's act, and only while no
   * other trip is open. The audit log keeps when it had been closed and by whom.
   */
  reopenTrip(): Trip {
    this.guard('trip.reopen');
    const id = this.write((tx) => {
      if (this.trip) throw new DomainError('err.tripAlreadyOpen', { id: this.trip.id, place: this.trip.place });
      const last = this.trips.last();
      if (!last || last.closedAt === null) throw new DomainError('err.noClosedTrip');
      const closedBy = this.trips.closedBy(last.id);
      this.trips.reopen(tx, last.id);
      appendAudit(tx, this.db, this.now(), this.operatorName, 'trip.reopen', ['trips', last.id, last.closedAt, closedBy]);
      return last.id;
    });
    return this.trips.get(id) as Trip;
  }

  /** A ticket; with `phone`, its holder is told by text message when their turn is near. */
  issue(groupCode: string, priority: string | null = null, opts: { phone?: string | null } = {}): IssueResult {
    const id = this.write((tx) => {
      const trip = this.requireTrip();
      const plan = rules.planIssue(this.state, this.data.groups, groupCode, priority, this.data.priorities, this.data.rules, (prefix) => this.queue.ticketFloor(trip.id, prefix));
      const ticketId = this.queue.insertTicket(tx, trip.id, plan.group.prefix, plan.seq, plan.label);
      if (opts.phone?.trim()) this.sms.optInTicketInTx(tx, ticketId, opts.phone);
      this.append(tx, [rules.issuedEvent(ticketId, plan.group.code, priority, this.actor())]);
      // The ticket and its print job commit together: a ticket is never issued without its paper.
      this.printing.queueInTx(tx, { kind: 'ticket', ticketId, lang: this.lang }, plan.label);
      return ticketId;
    });
    const ticket = this.ticket(id);
    const line = this.waitingLine(ticket.group);
    const entry = line.find((w) => w.ticket.id === id);
    return { ticket, ahead: entry?.ahead ?? 0, estimateMs: entry?.estimateMs };
  }

  walkIn(counterNo: number, groupCode: string): ActionResult {
    const id = this.write((tx) => {
      const trip = this.requireTrip();
      const counter = this.counter(counterNo);
      const plan = rules.planIssue(this.state, this.data.groups, groupCode, null, this.data.priorities, this.data.rules, (prefix) => this.queue.ticketFloor(trip.id, prefix));
      const ticketId = this.queue.insertTicket(tx, trip.id, plan.group.prefix, plan.seq, plan.label);
      this.append(tx, rules.walkInEvents(ticketId, plan.group.code, counter, this.actor(), this.state));
      return ticketId;
    });
    return { ticket: this.ticket(id), counter: counterNo };
  }

  callNext(counterNo: number): ActionResult {
    const id = this.write((tx) => {
      const { ticket, events } = rules.decideCallNext(this.state, this.counter(counterNo), this.data.rules, this.actor());
      this.append(tx, events);
      return ticket.id;
    });
    return { ticket: this.ticket(id), counter: counterNo };
  }

  private atCounter(counterNo: number, decide: (s: QueueState, c: number, a: rules.Actor) => { ticket: Ticket; events: NewQueueEvent[] }): ActionResult {
    const id = this.write((tx) => {
      this.counter(counterNo);
      const { ticket, events } = decide(this.state, counterNo, this.actor());
      this.append(tx, events);
      return ticket.id;
    });
    return { ticket: this.ticket(id), counter: counterNo };
  }

  recall(counterNo: number): ActionResult {
    return this.atCounter(counterNo, rules.decideRecall);
  }
  start(counterNo: number): ActionResult {
    return this.atCounter(counterNo, rules.decideStart);
  }
  finish(counterNo: number): ActionResult {
    return this.atCounter(counterNo, rules.decideFinish);
  }
  noShow(counterNo: number): ActionResult {
    return this.atCounter(counterNo, rules.decideNoShow);
  }
  park(counterNo: number): ActionResult {
    return this.atCounter(counterNo, rules.decidePark);
  }

  resume(label: string, counterNo: number): ActionResult {
    const id = this.write((tx) => {
      this.requireTrip();
      const t = rules.findTicket(this.state, label);
      this.append(tx, rules.decideResume(this.state, t, this.counter(counterNo), this.actor()));
      return t.id;
    });
    return { ticket: this.ticket(id), counter: counterNo };
  }

  returnNoShow(label: string): ActionResult {
    const id = this.write((tx) => {
      this.requireTrip();
      const t = rules.findTicket(this.state, label);
      this.append(tx, rules.decideReturn(t, this.data.rules, this.actor()));
      return t.id;
    });
    return { ticket: this.ticket(id), counter: null };
  }

  /** Transfer a ticket by label, or the ticket at a counter when `label` is a counter number. */
  transfer(target: { label: string } | { counter: number }, groupCode: string): ActionResult {
    const id = this.write((tx) => {
      this.requireTrip();
      const t = 'label' in target ? rules.findTicket(this.state, target.label) : this.currentOrThrow(target.counter);
      this.append(tx, rules.decideTransfer(t, this.data.groups, groupCode, this.actor()));
      return t.id;
    });
    return { ticket: this.ticket(id), counter: null };
  }

  // ---- citizens -----------------------------------------------------------------------------

  /** A scanned ID card: parsed, checked, stored once by number (changes kept in the history). */
  citizenFromQr(text: string): { citizen: Citizen; changes: CitizenChange[] } {
    return this.saveCitizen(parseCitizenQr(text, this.data.provinces, localDate(this.now())));
  }

  /** Manual entry when there is no card or the scanner cannot read it: the same checks. */
  citizenFromInput(input: CitizenInput): { citizen: Citizen; changes: CitizenChange[] } {
    return this.saveCitizen(checkCitizen(input, this.data.provinces, localDate(this.now())));
  }

  private saveCitizen(c: Citizen): { citizen: Citizen; changes: CitizenChange[] } {
    const changes = this.write((tx) => this.citizens.save(tx, c, this.now(), this.operatorName ?? this.trip?.operators[0] ?? null));
    return { citizen: this.citizens.get(c.id) as Citizen, changes };
  }

  /** A dossier by its code (case and spaces forgiven); refused when there is none. */
  dossier(code: string): Dossier {
    return this.dossiers.get(code);
  }

  citizen(id: string): Citizen | undefined {
    return this.citizens.get(id);
  }

  citizenHistory(id: string) {
    return this.citizens.history(id);
  }

  readyToReturn(): ReadyResult {
    return readyToReturn(this);
  }

  syncStatus(): SyncStatus {
    return syncStatus(this);
  }

  private currentOrThrow(counterNo: number): Ticket {
    this.counter(counterNo);
    const t = this.state.currentAt(counterNo);
    if (!t) throw new DomainError('err.counterIdle', { counter: counterNo });
    return t;
  }
}

/**
 * An operator named by a command line or a workstation (untrusted, typed by hand): spaces at the ends
 * and runs of spaces removed, invisible characters dropped, so that the name every event records and
 * every form prints under its signature is the one written; blank is no name.
 */
function operatorName(name: string | null | undefined): string | null {
  return name == null ? null : cleanText(name) || null;
}
