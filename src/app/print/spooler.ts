// The print spool's use cases: printers (add, list, remove), jobs queued in the same transaction as
// the ticket or dossier they print, reprints, and what a worker does with a job (claim, done, retry
// with back-off, failed, interrupted). A job stores what to print, not bytes: it is laid out for
// its printer when printed, so a reprint is the same document.
import { hostname } from 'node:os';
import { DomainError } from '../../core/errors.js';
import { PRINTER_ROLES, type JobFilter, type Printer, type PrinterRole, type PrintFailure, type PrintJob } from '../../core/print/printer.js';
import { PrintRepo } from '../../store/printing.js';
import type { Db, Tx } from '../../store/types.js';
import { isA4Kind, KEPT_A4, STORE_ONLY, type JobSpec } from './spool.js';

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
  figures_a4: 'a4',
  cash: 'slips',
  test: 'slips',
};

/** Back-off between attempts on a printer problem: 2, 4, 8 … seconds, at most a minute. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 2000 * 2 ** Math.max(0, attempts - 1));
}

export interface SpoolContext {
  db: Db;
  now(): number;
  /** One IMMEDIATE transaction after catching up with other processes (Luudong.write). */
  write<T>(fn: (tx: Tx) => T): T;
  /** The workstation this desk serves through the hub (its id), whose own printers print its jobs; null: the hub laptop itself. */
  host?: string | null;
}

/** The name a workstation's worker holds jobs under on the hub: '@<workstation>:<its pid>'. */
export const remoteWorker = (workstation: string, pid: number): string => `@${workstation}:${pid}`;

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,31}$/u;

export class Spooler {
  private readonly repo: PrintRepo;
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
    this.ctx.write((tx) => this.repo.putPrinter(tx, p, this.ctx.now()));
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
    this.ctx.write((tx) => {
      if (!this.repo.removePrinter(tx, name)) throw new DomainError('err.print.noPrinter', { name });
    });
  }

  // ---- jobs ---------------------------------------------------------------------------------

  /**
   * Queue a document on every printer with the role for it, inside the transaction that writes what
   * it prints (`tx`: its proof). No printer with that role: nothing is queued.
   */
  queueInTx(tx: Tx, spec: JobSpec, ref: string | null): number[] {
    const doc = JSON.stringify(spec);
    const ids = this.printersFor(spec.kind).map((p) => this.repo.enqueue(tx, p.name, spec.kind, ref, doc, this.ctx.now()));
    // The A4 slip and request to supplement are kept with the dossier whether or not an A4 printer is set up.
    if (KEPT_A4.includes(spec.kind)) ids.push(this.repo.enqueue(tx, STORE_ONLY, spec.kind, ref, doc, this.ctx.now()));
    return ids;
  }

  /**
   * The printers a job of this kind goes to: those with the role for it plugged into the desk's own
   * machine (a workstation's, through the hub); a workstation with none of that role prints on the
   * hub laptop's (the job then names the hub's printer, and fallbacks() says so).
   */
  printersFor(kind: JobSpec['kind'], say = true): Printer[] {
    const role = ROLE_OF[kind];
    const all = this.repo.printers().filter((p) => p.roles.includes(role));
    const host = this.ctx.host ?? null;
    const own = all.filter((p) => (p.host ?? null) === host);
    if (own.length > 0 || host === null) return own;
    const hub = all.filter((p) => (p.host ?? null) === null);
    if (hub.length > 0 && say) this.fellBack.push({ kind, printers: hub.map((p) => p.name) });
    return hub;
  }

  /** Jobs of this desk's workstation sent to the hub laptop's printers for want of its own, since last asked. */
  fallbacks(): { kind: string; printers: string[] }[] {
    return this.fellBack.splice(0);
  }

  private readonly fellBack: { kind: string; printers: string[] }[] = [];

  /** Print (or reprint) now: on the named printer, else on those with the role for it. */
  print(spec: JobSpec, ref: string | null, printerName?: string): PrintJob[] {
    const ids = this.ctx.write((tx) => {
      if (printerName === undefined) {
        const ids = this.queueInTx(tx, spec, ref);
        if (this.printersFor(spec.kind, false).length === 0) throw new DomainError('err.print.noneForRole', { role: ROLE_OF[spec.kind] });
        return ids;
      }
      const p = this.printer(printerName);
      if (isA4Kind(spec.kind) !== (p.paper === 'a4')) throw new DomainError('err.print.paper', { name: p.name });
      return [this.repo.enqueue(tx, p.name, spec.kind, ref, JSON.stringify(spec), this.ctx.now())];
    });
    return ids.map((id) => this.repo.get(id) as PrintJob);
  }

  /** Queue a job again (interrupted, failed or done): a new job, the old one stays as it ended. */
  reprint(jobId: number): PrintJob {
    const old = this.repo.get(jobId);
    if (!old) throw new DomainError('err.print.noJob', { id: jobId });
    const id = this.ctx.write((tx) => this.repo.enqueue(tx, old.printer, old.kind, old.ref, old.document, this.ctx.now()));
    return this.repo.get(id) as PrintJob;
  }

  cancel(jobId: number): void {
    this.ctx.write((tx) => {
      if (!this.repo.cancel(tx, jobId, this.ctx.now())) throw new DomainError('err.print.noJob', { id: jobId });
    });
  }

  job(id: number): PrintJob | undefined {
    return this.repo.get(id);
  }

  jobs(limit = 20): PrintJob[] {
    return this.repo.recent(limit);
  }

  problems(limit = 5): PrintJob[] {
    return this.repo.problems(limit);
  }

  // ---- what a worker does ---------------------------------------------------------------------

  claim(filter: JobFilter = 'all'): PrintJob | undefined {
    return this.ctx.write((tx) => this.repo.claim(tx, this.workerId, this.ctx.now(), filter));
  }

  // ---- what a workstation's worker does through the hub (src/hub/methods.ts) ---------------------

  /** The oldest due job of the workstation's printers, held by its worker (`pid` on that machine). */
  claimFor(workstation: string, pid: number, filter: JobFilter): PrintJob | undefined {
    return this.ctx.write((tx) => this.repo.claim(tx, remoteWorker(workstation, pid), this.ctx.now(), filter, workstation));
  }

  nextDueFor(workstation: string, filter: JobFilter): number | null {
    return this.repo.nextDue(filter, workstation);
  }

  /** The jobs a workstation's workers hold (being printed there). */
  heldBy(workstation: string): PrintJob[] {
    return this.repo.heldBy(`@${workstation}:`);
  }

  /** A job the workstation's worker holds, or a refusal: a workstation ends only its own jobs. */
  heldJob(workstation: string, id: number): PrintJob {
    const j = this.repo.get(id);
    if (!j || j.state !== 'printing' || !(j.worker ?? '').startsWith(`@${workstation}:`)) throw new DomainError('err.print.noJob', { id });
    return j;
  }

  /** A printer plugged into the workstation, as configured; others are not its to know. */
  printerOf(workstation: string, name: string): Printer {
    const p = this.repo.printer(name);
    if (!p || p.host !== workstation) throw new DomainError('err.print.noPrinter', { name });
    return p;
  }

  /** Jobs the workstation's workers left 'printing' and that are no longer running there: interrupted. */
  interruptFor(workstation: string, ids: number[]): PrintJob[] {
    return this.ctx.write((tx) => {
      const held = this.repo.heldBy(`@${workstation}:`).filter((j) => ids.includes(j.id));
      for (const j of held) this.repo.interrupt(tx, j.id, this.ctx.now());
      return held;
    });
  }

  done(job: PrintJob): void {
    this.ctx.write((tx) => this.repo.finish(tx, job.id, 'done', null, this.ctx.now()));
  }

  /** A printer problem: the job stays queued, tried again after the back-off. */
  retry(job: PrintJob, failure: PrintFailure | 'unexpected'): void {
    const now = this.ctx.now();
    this.ctx.write((tx) => this.repo.retry(tx, job.id, failure, now + retryDelayMs(job.attempts), now));
  }

  /** The job itself is wrong (its dossier is gone, say): printing it again would not help. */
  failed(job: PrintJob, reason: string): void {
    this.ctx.write((tx) => this.repo.finish(tx, job.id, 'failed', reason, this.ctx.now()));
  }

  /**
   * Jobs left 'printing' by a worker of this machine that is no longer running (killed, power cut):
   * they may or may not have come out, so they are never printed again on their own: they become
   * 'interrupted', for the operator to reprint or cancel.
   */
  recoverInterrupted(isAlive: (pid: number) => boolean): PrintJob[] {
    const host = hostname();
    return this.ctx.write((tx) => {
      const stale = this.repo.printing().filter((j) => {
        const [h, pid] = (j.worker ?? '').split(':');
        return h === host && pid !== String(process.pid) && !isAlive(Number(pid));
      });
      for (const j of stale) this.repo.interrupt(tx, j.id, this.ctx.now());
      return stale;
    });
  }

  nextDue(filter: JobFilter = 'all'): number | null {
    return this.repo.nextDue(filter, null);
  }
}
