// The print spool's use cases: printers (add, list, remove), jobs queued in the same transaction as
// the ticket or dossier they print, reprints, and what a worker does with a job (claim, done, retry
// with back-off, failed, interrupted). A job stores what to print, not bytes: it is laid out for
// its printer when printed, so a reprint is the same document.
import { hostname } from 'node:os';
import type { Lang } from '../../core/lang.js';
import { DomainError } from '../../core/errors.js';
import type { PrintDocument } from '../../core/print/layout.js';
import type { Db } from '../../store/types.js';
import { PRINTER_ROLES, type JobFilter, type Printer, type PrinterRole, type PrintFailure, type PrintJob } from '../../core/print/printer.js';
import { PrintRepo } from '../../store/printing.js';
import { translator, type Translate } from '../../i18n/index.js';
import type { Luudong } from '../luudong.js';
import { fmtDuration } from '../present.js';
import { dayReport, reportView, tripReport } from '../report.js';
import { ASCII_BARS } from '../../core/report.js';
import { PAPER_COLUMNS } from '../../core/print/layout.js';
import { figuresDocument, helpDocument, testDocument, ticketDocument } from './documents.js';
import { formBlocks, type FormDoc } from '../../core/print/form.js';
import { controlFormOf, handoverFormOf, receiptForms, refusalFormOf, registerFormOf, supplementFormOf } from '../forms/index.js';

/** What a job prints. */
export type JobSpec =
  | { kind: 'ticket'; ticketId: number; lang: Lang }
  | { kind: 'slip'; code: string; lang: Lang }
  | { kind: 'slip_a4'; code: string; lang: Lang }
  /** Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: the dossier's latest request. */
  | { kind: 'supplement'; code: string; lang: Lang }
  | { kind: 'supplement_a4'; code: string; lang: Lang }
  /** Phiếu từ chối tiếp nhận giải quyết hồ sơ, by the refusal's id. */
  | { kind: 'refusal'; id: number; lang: Lang }
  | { kind: 'refusal_a4'; id: number; lang: Lang }
  /** Phiếu kiểm soát quá trình giải quyết hồ sơ (A4 only). */
  | { kind: 'control_a4'; code: string; lang: Lang }
  /** Sổ theo dõi hồ sơ of a trip or a day, A4 landscape. */
  | { kind: 'register_a4'; tripId: number; lang: Lang }
  | { kind: 'register_a4'; date: string; lang: Lang }
  /** Danh sách bàn giao hồ sơ of a trip, A4 landscape. */
  | { kind: 'handover_a4'; tripId: number; lang: Lang }
  | { kind: 'help'; tripId: number; lang: Lang }
  /** A trip's report, or a day's (every trip of the date): src/app/report.ts. */
  | { kind: 'figures'; tripId: number; lang: Lang }
  | { kind: 'figures'; date: string; lang: Lang }
  | { kind: 'test'; lang: Lang };

/** Which role's printers print a kind of job. */
export const ROLE_OF: Record<JobSpec['kind'], PrinterRole> = {
  ticket: 'tickets',
  slip: 'slips',
  slip_a4: 'a4',
  supplement: 'slips',
  supplement_a4: 'a4',
  refusal: 'slips',
  refusal_a4: 'a4',
  control_a4: 'a4',
  register_a4: 'a4',
  handover_a4: 'a4',
  help: 'slips',
  figures: 'slips',
  test: 'slips',
};

/** Whether a job is an A4 PDF (printed through CUPS, never on thermal paper). */
export const isA4Kind = (kind: string): boolean => kind.endsWith('_a4');

/** The A4 forms kept with their dossier as a PDF, printed or not: the slip and the request to supplement. */
export const KEPT_A4: readonly string[] = ['slip_a4', 'supplement_a4'];

/** Back-off between attempts on a printer problem: 2, 4, 8 … seconds, at most a minute. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.max(0, attempts - 1));
}

export interface SpoolContext {
  db: Db;
  now(): number;
  write<T>(fn: () => T): T;
}

/** The printer of a job that only stores the A4 slip (PDF) with its dossier, printing nothing. */
export const STORE_ONLY = '';

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,31}$/u;

export class Spooler {
  readonly repo: PrintRepo;
  /** This process's name on the jobs it holds: a crashed holder is told from a live one by it. */
  readonly workerId = `${hostname()}:${process.pid}`;

  constructor(private readonly ctx: SpoolContext) {
    this.repo = new PrintRepo(ctx.db);
  }

  // ---- printers ---------------------------------------------------------------------------------

  addPrinter(p: Printer): Printer {
    if (!NAME.test(p.name)) throw new DomainError('err.print.name', { value: p.name });
    // A4 goes through CUPS as PDF and prints only A4 documents; thermal paper never takes them.
    if (p.paper === 'a4' && (p.kind !== 'cups' || p.roles.some((r) => r !== 'a4'))) throw new DomainError('err.print.a4', {});
    if (p.paper !== 'a4' && p.roles.includes('a4')) throw new DomainError('err.print.a4', {});
    for (const r of p.roles) if (!PRINTER_ROLES.includes(r)) throw new DomainError('err.print.role', { value: r });
    if (p.target.trim() === '') throw new DomainError('err.print.target', {});
    this.ctx.write(() => this.repo.putPrinter(p, this.ctx.now()));
    return this.repo.printer(p.name) as Printer;
  }

  printers(): Printer[] {
    return this.repo.printers();
  }

  printer(name: string): Printer {
    const p = this.repo.printer(name);
    if (!p) throw new DomainError('err.print.noPrinter', { name });
    return p;
  }

  removePrinter(name: string): void {
    this.ctx.write(() => {
      if (!this.repo.removePrinter(name)) throw new DomainError('err.print.noPrinter', { name });
    });
  }

  // ---- jobs ---------------------------------------------------------------------------------

  /**
   * Queue a document on every printer with the role for it; to be called inside the transaction
   * that writes what it prints. No printer with that role: nothing is queued.
   */
  queueInTx(spec: JobSpec, ref: string | null): number[] {
    const role = ROLE_OF[spec.kind];
    const doc = JSON.stringify(spec);
    const ids = this.repo
      .printers()
      .filter((p) => p.roles.includes(role))
      .map((p) => this.repo.enqueue(p.name, spec.kind, ref, doc, this.ctx.now()));
    // The A4 slip and request to supplement are kept with the dossier whether or not an A4 printer is set up.
    if (KEPT_A4.includes(spec.kind)) ids.push(this.repo.enqueue(STORE_ONLY, spec.kind, ref, doc, this.ctx.now()));
    return ids;
  }

  /** Print (or reprint) now: on the named printer, else on those with the role for it. */
  print(spec: JobSpec, ref: string | null, printerName?: string): PrintJob[] {
    const ids = this.ctx.write(() => {
      if (printerName === undefined) {
        const ids = this.queueInTx(spec, ref);
        if (!this.repo.printers().some((p) => p.roles.includes(ROLE_OF[spec.kind]))) throw new DomainError('err.print.noneForRole', { role: ROLE_OF[spec.kind] });
        return ids;
      }
      const p = this.printer(printerName);
      if (isA4Kind(spec.kind) !== (p.paper === 'a4')) throw new DomainError('err.print.paper', { name: p.name });
      return [this.repo.enqueue(p.name, spec.kind, ref, JSON.stringify(spec), this.ctx.now())];
    });
    return ids.map((id) => this.repo.get(id) as PrintJob);
  }

  /** Queue a job again (interrupted, failed or done): a new job, the old one stays as it ended. */
  reprint(jobId: number): PrintJob {
    const old = this.repo.get(jobId);
    if (!old) throw new DomainError('err.print.noJob', { id: jobId });
    const id = this.ctx.write(() => this.repo.enqueue(old.printer, old.kind, old.ref, old.document, this.ctx.now()));
    return this.repo.get(id) as PrintJob;
  }

  cancel(jobId: number): void {
    this.ctx.write(() => {
      if (!this.repo.cancel(jobId, this.ctx.now())) throw new DomainError('err.print.noJob', { id: jobId });
    });
  }

  jobs(limit = 20): PrintJob[] {
    return this.repo.recent(limit);
  }

  problems(limit = 5): PrintJob[] {
    return this.repo.problems(limit);
  }

  // ---- what a worker does ---------------------------------------------------------------------

  claim(filter: JobFilter = 'all'): PrintJob | undefined {
    return this.ctx.write(() => this.repo.claim(this.workerId, this.ctx.now(), filter));
  }

  done(job: PrintJob): void {
    this.ctx.write(() => this.repo.finish(job.id, 'done', null, this.ctx.now()));
  }

  /** A printer problem: the job stays queued, tried again after the back-off. */
  retry(job: PrintJob, failure: PrintFailure | 'unexpected'): void {
    const now = this.ctx.now();
    this.ctx.write(() => this.repo.retry(job.id, failure, now + retryDelayMs(job.attempts), now));
  }

  /** The job itself is wrong (its dossier is gone, say): printing it again would not help. */
  failed(job: PrintJob, reason: string): void {
    this.ctx.write(() => this.repo.finish(job.id, 'failed', reason, this.ctx.now()));
  }

  /**
   * Jobs left 'printing' by a worker of this machine that is no longer running (killed, power cut):
   * they may or may not have come out, so they are never printed again on their own: they become
   * 'interrupted', for the operator to reprint or cancel.
   */
  recoverInterrupted(isAlive: (pid: number) => boolean): PrintJob[] {
    const host = hostname();
    return this.ctx.write(() => {
      const stale = this.repo.printing().filter((j) => {
        const [h, pid] = (j.worker ?? '').split(':');
        return h === host && pid !== String(process.pid) && !isAlive(Number(pid));
      });
      for (const j of stale) this.repo.interrupt(j.id, this.ctx.now());
      return stale;
    });
  }

  nextDue(filter: JobFilter = 'all'): number | null {
    return this.repo.nextDue(filter);
  }
}

/** The document a job prints, laid out from the current data. */
export function jobDocument(app: Luudong, spec: JobSpec, printerName: string): PrintDocument {
  const t: Translate = translator(spec.lang);
  const office = app.data.office;
  switch (spec.kind) {
    case 'ticket': {
      const state = app.queueState();
      const tk = state.tickets.get(spec.ticketId);
      if (!tk) throw new DomainError('err.print.gone', { what: String(spec.ticketId) });
      const group = app.data.groups.find((g) => g.code === tk.group);
      const entry = tk.status === 'waiting' ? app.waitingLine(tk.group).find((w) => w.ticket.id === tk.id) : undefined;
      const prio = tk.priority ? (app.data.priorities.find((p) => p.code === tk.priority)?.name[spec.lang] ?? tk.priority) : null;
      return ticketDocument(t, office.agencyName[spec.lang], { label: tk.label, group: group?.name[spec.lang] ?? tk.group, priority: prio, ahead: entry?.ahead ?? 0, wait: fmtDuration(t, entry?.estimateMs), issuedAt: tk.issuedAt }, app.currentTrip());
    }
    case 'slip':
    case 'supplement':
    case 'refusal': {
      // Thermal paper carries the applicant's copy: the form as the A4 one says it.
      const form = formsOf(app, spec)[spec.kind === 'slip' ? 1 : 0] as FormDoc;
      return formBlocks(form, 'form', t(spec.kind === 'slip' ? 'pt.jobSlip' : 'pt.jobForm', { ref: form.code ?? String('id' in spec ? spec.id : '') }));
    }
    case 'slip_a4':
    case 'supplement_a4':
    case 'refusal_a4':
    case 'control_a4':
    case 'register_a4':
    case 'handover_a4':
      throw new DomainError('err.print.paper', { name: printerName });
    case 'help': {
      const trip = app.getTrip(spec.tripId);
      if (!trip) throw new DomainError('err.tripNotFound', { id: spec.tripId });
      const f = app.dossierFigures(spec.tripId);
      return helpDocument(t, trip, f.help.map((h) => ({ name: app.data.helpServices.find((x) => x.code === h.code)?.name[spec.lang] ?? h.code, n: h.n })), app.now());
    }
    case 'figures': {
      const day = 'date' in spec;
      const report = day ? dayReport(app, spec.date) : tripReport(app, spec.tripId);
      // Laid out for this printer's paper; bars in ASCII, which every code page and profile prints.
      const paper = app.printing.repo.printer(printerName)?.paper === '58' ? '58' : '80';
      const view = reportView(t, spec.lang, report, app.data, { width: PAPER_COLUMNS[paper], glyphs: ASCII_BARS, indent: 0 });
      const ref = day ? spec.date : String(spec.tripId);
      return figuresDocument(t, ref, t(day ? 'pt.jobDayReport' : 'pt.jobFigures', { ref }), view, app.now());
    }
    case 'test':
      return testDocument(t, printerName, app.printing.printer(printerName).profile);
  }
}

/**
 * The forms a job prints: the slip's two copies, or the one form of the others. A4 and thermal lay
 * out the same models; the forms are Vietnamese whatever the desk's language.
 */
export function formsOf(app: Luudong, spec: JobSpec): FormDoc[] {
  switch (spec.kind) {
    case 'slip':
    case 'slip_a4':
      return receiptForms(app, spec.code);
    case 'supplement':
    case 'supplement_a4':
      return [supplementFormOf(app, spec.code)];
    case 'refusal':
    case 'refusal_a4':
      return [refusalFormOf(app, spec.id)];
    case 'control_a4':
      return [controlFormOf(app, spec.code)];
    case 'register_a4':
      return [registerFormOf(app, 'date' in spec ? { date: spec.date } : { tripId: spec.tripId })];
    case 'handover_a4': {
      const trip = app.getTrip(spec.tripId);
      if (!trip) throw new DomainError('err.tripNotFound', { id: spec.tripId });
      return [handoverFormOf(app, spec.tripId, trip.operators[0] ?? '', translator('vi')('hov.defaultOffice', { agency: app.offices.ofTrip(trip).agencyName.vi }), app.now())];
    }
    default:
      throw new DomainError('err.print.gone', { what: spec.kind });
  }
}

export function parseSpec(json: string): JobSpec {
  return JSON.parse(json) as JobSpec;
}

