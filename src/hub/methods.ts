// What a workstation may ask the hub, by name: each method's arguments checked for shape, then the
// same use case the counter screen and the CLI call on a single laptop, run on this connection's
// Luudong (its operator, its language). Writes carry a request id and are answered once
// (HubDesk.once); reads are answered every time. Anything not listed here is refused: a workstation
// gets the counter's use cases, not the database.
import { randomBytes } from 'node:crypto';
import { DomainError } from '../core/errors.js';
import { DOSSIER_STATES, type DossierState } from '../core/lifecycle.js';
import { PAYMENT_METHODS, RETURN_METHODS, type ReceiptInput } from '../core/receipt.js';
import type { CitizenInput } from '../core/citizen.js';
import type { TripInput } from '../core/trip.js';
import type { GuardedAction } from '../core/auth.js';
import type { Luudong } from '../app/luudong.js';
import type { Operator } from '../app/operators.js';
import type { RefusalInput, SupplementInput, TicketRef } from '../app/dossiers.js';
import { LocalPrintSpool } from '../app/print/localSpool.js';
import type { JobSpec } from '../app/print/spool.js';
import { PRINTER_ROLES, type JobFilter, type Printer, type PrintFailure } from '../core/print/printer.js';
import { SCANNER_KINDS, type ScannerOptions } from '../core/scan/config.js';
import type { BankAccount, OfficePatch } from '../core/office.js';
import { checkArgs, type Shape } from './check.js';
import { rmSync } from 'node:fs';
import { recordHandover, stagedFiles } from '../app/handover.js';
import type { PaperJobs } from './paperJobs.js';

export interface CallContext {
  app: Luudong;
  /** The workstation on the other end. */
  workstation: string;
  /** The vehicle's database file (where the A4 forms kept with their dossier are). */
  file: string;
  /** Supervisors' approvals given at this connection (PIN checked here), by one-time token. */
  approvals: Map<string, Operator>;
  /** Long jobs for workstations: handover bundles and posters (./paperJobs.ts). */
  jobs: PaperJobs;
}

export interface Method {
  /** Changes something: needs a request id, answered once. */
  write: boolean;
  args: readonly Shape[];
  run(c: CallContext, a: unknown[]): unknown;
}

const counter: Shape = 'int';
const ticketRef: Shape = { or: ['null', { obj: { label: 'str' } }, { obj: { counter: 'int' } }] };
const tripInput: Shape = {
  obj: { commune: 'str', place: 'str', date: 'str', start: 'str', end: 'str', operators: { list: 'str', max: 20 }, counters: { list: { obj: { no: 'int', groups: { list: 'str', max: 50 } } }, max: 30 }, officeId: { opt: 'str' } },
};
const citizenInput: Shape = { obj: { id: 'str', oldId: { opt: 'str' }, fullName: 'str', dob: 'str', gender: 'str', address: 'str', issueDate: { opt: 'str' } } };
const receiptInput: Shape = {
  obj: {
    citizenId: 'str',
    procedure: 'str',
    documents: { list: 'int', max: 100 },
    feeVnd: { opt: 'int' },
    payment: { oneOf: PAYMENT_METHODS },
    returnMethod: { oneOf: RETURN_METHODS },
    postalAddress: { opt: 'str' },
    postalFeeVnd: { opt: 'int' },
    note: { opt: 'str' },
    phone: { opt: 'str' },
    sms: { opt: 'bool' },
    email: { opt: 'str' },
    pages: { opt: 'int' },
    copies: { opt: 'int' },
    channel: { opt: 'str' },
    exemption: { opt: 'str' },
    subject: { opt: { obj: { name: 'str', date: 'str' } } },
    incomplete: { opt: { obj: { reason: 'str', contact: { opt: 'str' } } } },
  },
};
const refusalInput: Shape = {
  obj: {
    citizenId: { opt: 'str' },
    name: { opt: 'str' },
    address: { opt: 'str' },
    phone: { opt: 'str' },
    email: { opt: 'str' },
    procedure: 'str',
    reason: 'str',
    code: { opt: 'str' },
  },
};
const supplementInput: Shape = { obj: { reason: 'str', contact: { opt: 'str' }, documents: { opt: { list: 'int', max: 100 } }, others: { opt: { list: 'str', max: 20 } } } };
const lang: Shape = { oneOf: ['vi', 'en'] };
const jobSpec: Shape = {
  or: [
    { obj: { kind: { oneOf: ['ticket'] }, ticketId: 'int', lang } },
    { obj: { kind: { oneOf: ['slip', 'slip_a4'] }, code: 'str', lang } },
    { obj: { kind: { oneOf: ['help', 'figures', 'figures_a4'] }, tripId: 'int', lang } },
    { obj: { kind: { oneOf: ['figures'] }, date: 'str', lang } },
    { obj: { kind: { oneOf: ['cash'] }, tripId: 'int', operator: { or: ['null', 'str'] }, lang } },
    { obj: { kind: { oneOf: ['test'] }, lang } },
  ],
};

const printerShape: Shape = {
  obj: {
    name: 'str',
    kind: { oneOf: ['serial', 'usb', 'network', 'cups', 'file'] },
    target: 'str',
    baudRate: { opt: 'int' },
    nativeQr: { opt: 'bool' },
    statusCheck: { opt: 'bool' },
    paper: { oneOf: ['58', '80', 'a4'] },
    profile: { oneOf: ['tcvn3', 'raster', 'ascii'] },
    roles: { list: { oneOf: PRINTER_ROLES }, max: 3 },
  },
};
const scannerOptions: Shape = {
  obj: { baudRate: { opt: 'int' }, idleMs: { opt: 'int' }, prefix: { opt: 'str' }, suffix: { opt: { oneOf: ['enter', 'tab', 'none'] } }, gapMs: { opt: 'int' }, enable: { opt: 'bool' } },
};
const jobFilter: Shape = { oneOf: ['all', 'slow', 'quick'] };
const pid: Shape = 'int';
const failure: Shape = { oneOf: ['unreachable', 'timeout', 'offline', 'coverOpen', 'paperOut', 'error', 'io', 'unexpected'] };

const localName: Shape = { opt: { obj: { vi: { opt: 'str' }, en: { opt: 'str' } } } };
/** What the counter screen's office form changes (the CLI's `office set` changes more, on the hub laptop). */
const officePatch: Shape = { obj: { agencyCode: { opt: 'str' }, agencyName: localName, unitName: localName, placeName: { opt: 'str' }, verified: { opt: 'bool' } } };
/** The bank account: left as it is (absent), 'none' (no transfers), or the fields to set. */
const bankPatch: Shape = { opt: { or: [{ oneOf: ['none'] }, { obj: { bin: { opt: 'str' }, bankName: { opt: 'str' }, account: { opt: 'str' }, accountName: { opt: 'str' }, verified: { opt: 'bool' } } }] } };

const read = (args: readonly Shape[], run: Method['run']): Method => ({ write: false, args, run });
const write = (args: readonly Shape[], run: Method['run']): Method => ({ write: true, args, run });

const atCounter = (fn: (app: Luudong, c: number) => unknown) => write([counter], (c, [n]) => fn(c.app, n as number));

/** An approval given by PIN at this connection, used once. */
function approval(c: CallContext, token: unknown): Operator | undefined {
  if (token === undefined) return undefined;
  const op = c.approvals.get(token as string);
  if (!op) throw new DomainError('err.auth.required', {});
  c.approvals.delete(token as string);
  return op;
}

export const METHODS: Readonly<Record<string, Method>> = {
  // ---- session ----
  login: write(['str', 'str'], (c, [name, pin]) => c.app.login(name as string, pin as string)),
  setOperator: read([{ opt: 'str' }], (c, [name]) => void (c.app.operator = (name as string | undefined) ?? null)),
  'operators.enabled': read([], (c) => c.app.operators.enabled()),
  'operators.supervisor': write(['str', 'str', { oneOf: ['dossier.cancel', 'dossier.refuse', 'trip.reopen', 'office.manage', 'handover.export'] }], (c, [name, pin, action]) => {
    const op = c.app.operators.supervisor(name as string, pin as string, action as GuardedAction);
    const token = randomBytes(16).toString('hex');
    c.approvals.set(token, op);
    return { ...op, approval: token };
  }),

  // ---- trips and the queue ----
  'trip.get': read(['int'], (c, [id]) => c.app.getTrip(id as number) ?? null),
  'trip.last': read([], (c) => c.app.lastTrip() ?? null),
  'trip.on': read(['str'], (c, [date]) => c.app.tripsOn(date as string)),
  'trip.open': write([tripInput], (c, [input]) => c.app.openTrip(input as TripInput)),
  'trip.close': write([], (c) => c.app.closeTrip()),
  'trip.reopen': write([], (c) => c.app.reopenTrip()),
  figures: read([{ opt: 'int' }], (c, [trip]) => c.app.figures(trip as number | undefined)),
  dossierFigures: read([{ opt: 'int' }], (c, [trip]) => c.app.dossierFigures(trip as number | undefined)),
  'queue.issue': write(['str', { or: ['null', 'str'] }, { opt: { obj: { phone: 'str' } } }], (c, [g, p, o]) => c.app.issue(g as string, p as string | null, (o as { phone: string } | undefined) ?? {})),
  'queue.walkIn': write([counter, 'str'], (c, [n, g]) => c.app.walkIn(n as number, g as string)),
  'queue.callNext': atCounter((a, n) => a.callNext(n)),
  'queue.recall': atCounter((a, n) => a.recall(n)),
  'queue.start': atCounter((a, n) => a.start(n)),
  'queue.finish': atCounter((a, n) => a.finish(n)),
  'queue.noShow': atCounter((a, n) => a.noShow(n)),
  'queue.park': atCounter((a, n) => a.park(n)),
  'queue.resume': write(['str', counter], (c, [l, n]) => c.app.resume(l as string, n as number)),
  'queue.returnNoShow': write(['str'], (c, [l]) => c.app.returnNoShow(l as string)),
  'queue.transfer': write([{ or: [{ obj: { label: 'str' } }, { obj: { counter: 'int' } }] }, 'str'], (c, [target, g]) =>
    c.app.transfer(target as { label: string } | { counter: number }, g as string),
  ),

  // ---- citizens and dossiers ----
  'citizen.get': read(['str'], (c, [id]) => c.app.citizen(id as string) ?? null),
  'citizen.history': read(['str'], (c, [id]) => c.app.citizenHistory(id as string)),
  'citizen.fromQr': write(['str'], (c, [text]) => c.app.citizenFromQr(text as string)),
  'citizen.fromInput': write([citizenInput], (c, [input]) => c.app.citizenFromInput(input as CitizenInput)),
  'dossier.receive': write([receiptInput, ticketRef], (c, [input, ref]) => c.app.dossiers.receive(input as ReceiptInput, ref as TicketRef)),
  'dossier.setState': write(['str', { oneOf: DOSSIER_STATES }, { opt: 'str' }, { opt: 'str' }], (c, [code, to, note, token]) => {
    const approver = approval(c, token);
    return c.app.dossiers.setState(code as string, to as DossierState, (note as string | undefined) ?? null, approver ? { approver } : {});
  }),
  'dossier.requestSupplement': write(['str', supplementInput], (c, [code, input]) => c.app.dossiers.requestSupplement(code as string, input as SupplementInput)),
  'dossier.confirmPayment': write(['str', { opt: 'str' }], (c, [code, note]) => c.app.dossiers.confirmPayment(code as string, (note as string | undefined) ?? null)),
  'dossier.get': read(['str'], (c, [code]) => c.app.dossiers.get(code as string)),
  'dossier.find': read(['str', { opt: 'int' }], (c, [q, limit]) => c.app.dossiers.find(q as string, limit as number | undefined)),
  'dossier.events': read(['str'], (c, [code]) => c.app.dossiers.events(c.app.dossiers.get(code as string))),
  'dossier.logHelp': write(['str', ticketRef, { or: ['null', 'str'] }], (c, [kind, ref, citizen]) => c.app.dossiers.logHelp(kind as string, ref as TicketRef, citizen as string | null)),
  'dossier.rate': write(['int', { or: [{ obj: { label: 'str' } }, { obj: { counter: 'int' } }] }], (c, [score, t]) => c.app.dossiers.rate(score as number, t as { label: string } | { counter: number })),
  ready: read([], (c) => c.app.readyToReturn()),
  // The rating questions standing (a citizen's keypad at a counter, issue 18), for a workstation's board.
  'raters.questions': read([], (c) => (c.app.refresh(), c.app.ratingQuestions())),
  'sync.status': read([], (c) => c.app.syncStatus()),

  // ---- printing (what the screens show and do; the worker's spool comes with it) ----
  'printing.jobs': read([{ opt: 'int' }], (c, [n]) => c.app.printing.jobs(Math.min(200, (n as number | undefined) ?? 20))),
  'printing.problems': read([{ opt: 'int' }], (c, [n]) => c.app.printing.problems(Math.min(200, (n as number | undefined) ?? 5))),
  'printing.printers': read([], (c) => c.app.printing.printers()),
  'printing.print': write([jobSpec, { or: ['null', 'str'] }, { opt: 'str' }], (c, [spec, ref, printer]) => c.app.printing.print(spec as JobSpec, ref as string | null, printer as string | undefined)),
  'printing.reprint': write(['int'], (c, [id]) => c.app.printing.reprint(id as number)),
  'printing.cancel': write(['int'], (c, [id]) => c.app.printing.cancel(id as number)),
  // A printer plugged into the workstation asking: its host is that workstation, and the name of
  // another machine's printer is not its to take over.
  'printing.addPrinter': write([printerShape], (c, [p]) => {
    const printer = p as Printer;
    const old = c.app.printing.printers().find((x) => x.name === printer.name);
    if (old && (old.host ?? null) !== c.workstation) throw new DomainError('err.print.nameTaken', { name: printer.name });
    return c.app.printing.addPrinter({ ...printer, host: c.workstation });
  }),

  // The workstation's own printers only: listed, and removed (another machine's is not found).
  'printing.ownPrinters': read([], (c) => c.app.printing.printers().filter((p) => p.host === c.workstation)),
  'printing.removePrinter': write(['str'], (c, [name]) => {
    c.app.printing.printerOf(c.workstation, name as string);
    c.app.printing.removePrinter(name as string);
  }),

  // ---- the print spool, for a workstation's print worker (role 'worker', no operator): only the
  // jobs of the printers plugged into that workstation; a claim is a write, answered once, so a
  // claim whose answer was lost and is asked again with its request id gets the same job.
  'spool.nextDue': read([jobFilter], (c, [f]) => c.app.printing.nextDueFor(c.workstation, f as JobFilter)),
  'spool.claim': write([jobFilter, pid], (c, [f, p]) => c.app.printing.claimFor(c.workstation, p as number, f as JobFilter) ?? null),
  'spool.done': write(['int'], (c, [id]) => void c.app.printing.done(c.app.printing.heldJob(c.workstation, id as number))),
  'spool.retry': write(['int', failure], (c, [id, why]) => void c.app.printing.retry(c.app.printing.heldJob(c.workstation, id as number), why as PrintFailure | 'unexpected')),
  'spool.failed': write(['int', 'str'], (c, [id, why]) => void c.app.printing.failed(c.app.printing.heldJob(c.workstation, id as number), (why as string).slice(0, 80))),
  'spool.held': read([], (c) => c.app.printing.heldBy(c.workstation)),
  'spool.interrupt': write([{ list: 'int', max: 200 }], (c, [ids]) => c.app.printing.interruptFor(c.workstation, ids as number[])),
  'spool.printer': read(['str'], (c, [name]) => c.app.printing.printerOf(c.workstation, name as string)),
  'spool.content': read(['int'], (c, [id]) => {
    const job = c.app.printing.heldJob(c.workstation, id as number);
    return new LocalPrintSpool(c.app, c.file).content(job, c.app.printing.printerOf(c.workstation, job.printer));
  }),

  // ---- coming trips, scanners ----
  'schedule.next': read([], (c) => c.app.schedule.next() ?? null),
  'schedule.unannounced': read([], (c) => c.app.schedule.unannounced()),
  'schedule.list': read([], (c) => c.app.schedule.list()),
  'schedule.announce': write(['int', { oneOf: ['speech', 'social'] }], (c, [id, format]) => c.app.schedule.announce(id as number, format as 'speech' | 'social')),
  'scans.wedge': read([], (c) => c.app.scans.wedge(c.workstation) ?? null),
  'scans.take': write(['str', 'str'], (c, [raw, source]) => c.app.scans.take(raw as string, source as string)),
  // Scanners plugged into the workstation asking (its counter screen opens them; `scanner add|list|remove --hub`).
  'scans.list': read([], (c) => c.app.scans.list(c.workstation)),
  'scans.add': write(['str', { oneOf: SCANNER_KINDS }, 'str', scannerOptions], (c, [name, kind, target, options]) =>
    c.app.scans.add(name as string, kind as string, target as string, options as ScannerOptions, c.workstation),
  ),
  'scans.remove': write(['str'], (c, [name]) => void c.app.scans.remove(name as string, c.workstation)),

  // ---- the vehicle's offices: read by the screens, one set from a workstation's office form (issue 13 item 6) ----
  'offices.list': read([], (c) => c.app.offices.list().map((e) => e.office)),
  'offices.set': write(['str', officePatch, bankPatch, { opt: 'str' }], (c, [id, patch, bank, token]) => {
    const p: OfficePatch = { ...(patch as OfficePatch), ...(bank === undefined ? {} : { bank: bank === 'none' ? null : (bank as Partial<BankAccount>) }) };
    return c.app.offices.set(id as string, p, approval(c, token));
  }),

  // ---- what the counter screen does on the hub, a workstation does too (issues 13/16) ----
  // Reads run as the link's logged-in operator (the check in server.ts); the forms a move prints
  // go to the workstation's own printers (the connection's Spooler has it as host).
  'dossier.byTrip': read(['int'], (c, [trip]) => c.app.dossiers.byTrip(trip as number)),
  'dossier.refuse': write([refusalInput, { opt: 'str' }], (c, [input, token]) => {
    const approver = approval(c, token);
    return c.app.dossiers.refuse({ ...(input as RefusalInput), ...(approver ? { approver } : {}) });
  }),
  // The handover bundle and the poster: made on the hub (the vehicle's key and the dossiers' files
  // are here), written by the workstation where its operator sits (./remotePaper.ts). Starting is a
  // write (a retry gets the same job), answered at once; the job is then looked at until done.
  'paper.handoverStart': write(['int', { opt: 'str' }], (c, [tripId, token]) => {
    const approver = approval(c, token);
    // the supervisor's guard is checked here, before anything is made: a refusal comes at once
    const made = c.app.paper.prepareHandover({ tripId: tripId as number, stage: c.jobs.stage(), ...(approver ? { approver } : {}) });
    return c.jobs.start(
      c.workstation,
      made.then(async (p) => {
        const files = await stagedFiles(p.stage);
        return { outcome: { kind: 'handover', files, dossiers: p.written.counts.dossiers, attachments: p.written.counts.attachments, handedOver: p.written.handedOver.length }, prepared: p, files };
      }),
    );
  }),
  'paper.posterStart': write(['int'], (c, [planId]) =>
    c.jobs.start(
      c.workstation,
      c.app.paper.poster(planId as number).then(({ name, bytes }) => ({ outcome: { kind: 'poster', name, data: Buffer.from(bytes).toString('base64') } })),
    ),
  ),
  'paper.job': read(['str'], (c, [id]) => c.jobs.status(c.workstation, id as string)),
  'paper.chunk': read(['str', 'str', 'int'], (c, [id, path, offset]) => c.jobs.chunk(c.workstation, id as string, path as string, offset as number)),
  // The workstation has the bundle on its disk: recorded now (the dossiers handed over), in one transaction.
  'paper.handoverRecord': write(['str', 'str'], (c, [id, dir]) => {
    const p = c.jobs.take(c.workstation, id as string);
    try {
      const r = recordHandover(c.app, p, (dir as string).slice(0, 400), () => undefined);
      return { dir: r.dir, dossiers: r.counts.dossiers, files: r.counts.attachments, handedOver: r.handedOver, bytes: r.bytes };
    } finally {
      rmSync(p.stage, { recursive: true, force: true });
    }
  }),
  'paper.drop': write(['str'], (c, [id]) => c.jobs.drop(c.workstation, id as string)),
};
