// What the front doors (counter screen, board, CLI) need of the app, as an interface: Luudong
// implements it on this laptop's database; a workstation's RemoteLuudong (src/hub/remote.ts)
// implements it against the hub, which runs the same Luudong there. Screens written against this
// work on either, unchanged.
import type { ServiceGroup, DomainData } from '../core/config.js';
import type { Lang } from '../core/lang.js';
import type { Citizen, CitizenInput } from '../core/citizen.js';
import type { Dossier, DossierEvent } from '../core/dossier.js';
import type { DossierFigures } from '../core/dossierFigures.js';
import type { DossierState } from '../core/lifecycle.js';
import type { Figures } from '../core/queue/figures.js';
import type { WaitingEntry } from '../core/queue/rules.js';
import type { QueueState } from '../core/queue/state.js';
import type { Ticket } from '../core/queue/types.js';
import type { ReceiptInput } from '../core/receipt.js';
import type { PlannedTrip } from '../core/schedule.js';
import type { ScanKind } from '../core/scan/classify.js';
import type { Office, OfficeOps, OfficePatch } from '../core/office.js';
import type { Trip, TripInput } from '../core/trip.js';
import type { GuardedAction } from '../core/auth.js';
import type { WorkingDays } from '../core/calendar.js';
import type { CitizenChange } from '../store/citizens.js';
import type { Refusal } from '../store/forms.js';
import type { Printer, PrintJob } from '../core/print/printer.js';
import type { ScannerOptions } from '../core/scan/config.js';
import type { RecordedChange, RefusalInput, SupplementInput, TicketRef } from './dossiers.js';
import type { Operator } from './operators.js';
import type { JobSpec } from './print/spool.js';
import type { ReadyResult } from './officeUpdates.js';
import type { SyncStatus } from './syncStatus.js';
import type { TripPaperOps } from './tripPaper.js';

/** A ticket issued: where it stands in its line and about how long it will wait. */
export interface IssueResult {
  ticket: Ticket;
  ahead: number;
  estimateMs: number | undefined;
}

/** A ticket acted on at a counter (or, for a transfer, none). */
export interface ActionResult {
  ticket: Ticket;
  counter: number | null;
}

/** What a workstation hears of its link to the hub: the queue moved, the link went or came, a write sent before a drop was answered. */
export type HubNews =
  | { kind: 'state' }
  | { kind: 'link'; up: boolean; reason?: string }
  | { kind: 'outcome'; method: string; args: unknown[]; ok?: unknown; err?: Error }
  /** A job this desk caused was printed on the hub laptop's printer, for want of one of this workstation's own. */
  | { kind: 'fallback'; jobKind: string; printers: string[] };

/** A workstation's link to the hub, as the screens see it (absent on a single laptop). */
export interface HubLinkView {
  readonly online: boolean;
  subscribe(fn: (e: HubNews) => void): () => void;
}

export interface DossierOps {
  readonly days: WorkingDays;
  receive(input: ReceiptInput, ticket?: TicketRef): Dossier;
  setState(code: string, to: DossierState, note?: string | null, recorded?: RecordedChange): Dossier;
  /** Ask for papers a dossier lacks: it moves to "supplement requested" and the request is printed. */
  requestSupplement(code: string, input: SupplementInput): { dossier: Dossier; requestId: number };
  /** Refuse to receive, the refusal form recorded and printed with it (through a hub: on the workstation's own printers). */
  refuse(input: RefusalInput): Refusal;
  /** A fee paid by bank transfer, seen arrived (the bank's reference as the note). */
  confirmPayment(code: string, note?: string | null): Dossier;
  get(code: string): Dossier;
  /** A trip's dossiers, in the order received. */
  byTrip(tripId: number): Dossier[];
  events(d: Dossier): DossierEvent[];
  find(query: string, limit?: number): Dossier[];
  timeliness(d: Dossier): 'early' | 'on_time' | 'late' | 'open';
  logHelp(kind: string, ticket: TicketRef, citizenId?: string | null): { kind: string; ticket: Ticket | null; citizen: Citizen | null };
  rate(score: number, ticket: { label: string } | { counter: number }): Ticket;
}

export interface PrintingOps {
  jobs(limit?: number): PrintJob[];
  problems(limit?: number): PrintJob[];
  printers(): Printer[];
  print(spec: JobSpec, ref: string | null, printerName?: string): PrintJob[];
  reprint(jobId: number): PrintJob;
  cancel(jobId: number): void;
  /** Add (or change) a printer. Through the hub: a printer plugged into the workstation itself. */
  addPrinter(p: Printer): Printer;
}

export interface OperatorOps {
  enabled(): boolean;
  supervisor(name: string, pin: string, action: GuardedAction): Operator;
}

export interface ScheduleOps {
  next(): PlannedTrip | undefined;
  unannounced(): PlannedTrip[];
  /** Coming trips (from today), cancelled ones left out. */
  list(): PlannedTrip[];
  /** The loudspeaker text or the social-media post of a planned trip, in Vietnamese (for the village); marks it announced. */
  announce(id: number, format: 'speech' | 'social'): string;
}

export interface ScanOps {
  wedge(): ScannerOptions | undefined;
  take(raw: string, source: string): ScanKind;
}

/** The offices as the counter screen reads them, and sets one (its office form, issue 13 item 6). */
export interface OfficeDeskOps extends OfficeOps {
  /** Change an office: a supervisor's act (`approver`: who gave their PIN for it), logged; the CLI's `office set` too. */
  set(idOrCode: string, patch: OfficePatch, approver?: Operator): Office;
}

export interface CounterApp {
  readonly data: DomainData;
  readonly lang: Lang;
  /** Bumped whenever the visible state may have changed; views memoise on it. */
  readonly revision: number;
  now(): number;
  /** Catch up with what others committed; true when the state moved. */
  refresh(): boolean;

  login(name: string, pin: string): Operator;
  readonly session: Operator | null;
  childLogin(): { args: string[]; env: Record<string, string> };

  currentTrip(): Trip | undefined;
  queueState(): QueueState;
  getTrip(id: number): Trip | undefined;
  lastTrip(): Trip | undefined;
  tripsOn(date: string): Trip[];
  group(code: string): ServiceGroup;
  figures(tripId?: number): Figures;
  dossierFigures(tripId?: number): DossierFigures;
  waitingLine(groupCode: string): WaitingEntry[];

  openTrip(input: TripInput): Trip;
  closeTrip(): { trip: Trip; figures: Figures };
  reopenTrip(): Trip;
  /** With `phone`, the holder is told by text message when their turn is near (a modem must be set up). */
  issue(groupCode: string, priority?: string | null, opts?: { phone?: string | null }): IssueResult;
  walkIn(counterNo: number, groupCode: string): ActionResult;
  callNext(counterNo: number): ActionResult;
  recall(counterNo: number): ActionResult;
  start(counterNo: number): ActionResult;
  finish(counterNo: number): ActionResult;
  noShow(counterNo: number): ActionResult;
  park(counterNo: number): ActionResult;
  resume(label: string, counterNo: number): ActionResult;
  returnNoShow(label: string): ActionResult;
  transfer(target: { label: string } | { counter: number }, groupCode: string): ActionResult;

  citizenFromQr(text: string): { citizen: Citizen; changes: CitizenChange[] };
  citizenFromInput(input: CitizenInput): { citizen: Citizen; changes: CitizenChange[] };
  citizen(id: string): Citizen | undefined;
  citizenHistory(id: string): { at: number; field: string; oldValue: string | null; newValue: string | null; operator: string | null }[];

  /** Results back and waiting for their citizens (the open trip's commune, or every commune). */
  readyToReturn(): ReadyResult;
  /** The vehicle's link to the centre (on a workstation: the hub's). */
  syncStatus(): SyncStatus;
  /** The rating questions standing now (a citizen's keypad at a counter). `until`: when its time is over (the board takes it down then). */
  ratingQuestions?(): { counter: number; label: string; until?: number }[];

  readonly dossiers: DossierOps;
  readonly printing: PrintingOps;
  readonly operators: OperatorOps;
  readonly schedule: ScheduleOps;
  readonly scans: ScanOps;
  readonly offices: OfficeDeskOps;
  /** The end of a trip on paper: the handover bundle, the poster (src/app/tripPaper.ts). */
  readonly paper: TripPaperOps;
}
