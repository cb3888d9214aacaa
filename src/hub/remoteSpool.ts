// A workstation's print spool: the hub's, over the link, for `luudong print-worker --hub`. The
// worker (src/app/print/worker.ts) runs as on a single laptop; this answers it from the hub, where
// only the jobs of the printers plugged into this workstation are handed out.
//
// Exactly once across a dropped link: every claim, done, retry and failed is a write with a request
// id (HubLink), resent by the link after it comes back and applied once by the hub (HubDesk.once).
// A claim whose answer was lost is not lost: asked again with the same arguments, the link reuses
// its id and the hub answers the job it recorded; its late answer (an outcome) is kept too, and a
// job is handed to the worker once, whichever way it comes. Jobs this workstation's dead workers
// left 'printing' become 'interrupted', never printed again on their own, as on a single laptop.
import { DomainError } from '../core/errors.js';
import type { JobFilter, Printer, PrintFailure, PrintJob } from '../core/print/printer.js';
import type { JobContent, PrintSpool } from '../app/print/spool.js';
import type { HubLink } from './link.js';

export class RemotePrintSpool implements PrintSpool {
  private clockOffset: number;
  /** Jobs claimed whose answer came late (after the call gave up), not yet handed to the worker. */
  private readonly late: PrintJob[] = [];
  /** Claims handed to the worker, by job id and attempt: the same claim never twice. */
  private readonly handed = new Set<string>();
  /** A claim was sent and its answer is not known: look again before saying nothing is due. */
  private unsure = false;
  /**
   * How jobs ended that the hub has not acknowledged (the link dropped before or while saying it),
   * by job id: said again, first thing, before anything else is asked. Resent with the same
   * arguments, so the link reuses the request id of a send whose answer was lost.
   */
  private readonly owed = new Map<number, { method: string; args: unknown[] }>();
  private readonly off: () => void;

  constructor(
    private readonly link: HubLink,
    hubNow: number,
    private readonly pid: number = process.pid,
    /** Something may be due (a push saying a job was queued for this workstation's printers; the link came back). */
    onChange: () => void = () => undefined,
    /** This workstation's id: a push names the workstations with new jobs, and only those look (not at every commit anywhere). */
    private readonly workstation?: string,
  ) {
    this.clockOffset = hubNow - Date.now();
    this.off = link.on((e) => {
      if (e.kind === 'welcome' && typeof e.msg.now === 'number') this.clockOffset = e.msg.now - Date.now();
      if (e.kind === 'push' && typeof e.msg.now === 'number') this.clockOffset = e.msg.now - Date.now();
      if (e.kind === 'outcome' && e.method === 'spool.claim') {
        this.unsure = false;
        if (e.ok) this.late.push(e.ok as PrintJob);
      }
      if (e.kind === 'push') {
        const jobs = e.msg.jobs;
        if (!Array.isArray(jobs) || this.workstation === undefined || jobs.includes(this.workstation)) onChange();
      }
      if (e.kind === 'welcome' || e.kind === 'outcome') onChange();
    });
  }

  close(): void {
    this.off();
  }

  /** The hub's clock. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  /** Say the endings the hub has not acknowledged; throws (the worker tries again later) while it cannot. */
  private settle(): void {
    for (const [id, o] of [...this.owed]) {
      try {
        this.link.call(o.method, o.args, true);
      } catch (e) {
        // Applied by an earlier send whose answer was lost (it went with another id): the job is no longer held.
        if (!(e instanceof DomainError && e.code === 'err.print.noJob')) throw e;
      }
      this.owed.delete(id);
    }
  }

  private end(job: PrintJob, method: string, args: unknown[]): void {
    this.owed.set(job.id, { method, args });
    this.settle();
  }

  nextDue(filter: JobFilter): number | null {
    this.settle();
    if (this.late.length > 0 || this.unsure) return this.now();
    return this.link.call('spool.nextDue', [filter], false) as number | null;
  }

  claim(filter: JobFilter): PrintJob | undefined {
    this.settle();
    for (let j = this.late.shift(); j; j = this.late.shift()) if (this.hand(j)) return j;
    let job: PrintJob | null;
    try {
      job = this.link.call('spool.claim', [filter, this.pid], true) as PrintJob | null;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'err.hub.pending') this.unsure = true;
      throw e;
    }
    this.unsure = false;
    if (job && this.hand(job)) return job;
    return undefined;
  }

  private hand(j: PrintJob): boolean {
    const key = `${j.id}:${j.attempts}`;
    if (this.handed.has(key)) return false;
    this.handed.add(key);
    return true;
  }

  done(job: PrintJob): void {
    this.end(job, 'spool.done', [job.id]);
  }

  retry(job: PrintJob, failure: PrintFailure | 'unexpected'): void {
    this.end(job, 'spool.retry', [job.id, failure]);
  }

  failed(job: PrintJob, reason: string): void {
    this.end(job, 'spool.failed', [job.id, reason]);
  }

  recoverInterrupted(isAlive: (pid: number) => boolean): PrintJob[] {
    const held = this.link.call('spool.held', [], false) as PrintJob[];
    const stale = held.filter((j) => {
      const pid = Number((j.worker ?? '').split(':').pop());
      return pid !== this.pid && !isAlive(pid);
    });
    if (stale.length === 0) return [];
    return this.link.call('spool.interrupt', [stale.map((j) => j.id)], true) as PrintJob[];
  }

  printer(name: string): Printer {
    return this.link.call('spool.printer', [name], false) as Printer;
  }

  content(job: PrintJob): JobContent {
    return this.link.call('spool.content', [job.id], false) as JobContent;
  }

  keepPdf(): void {
    // The forms kept with their dossier have no printer: the hub laptop's own worker keeps them.
    throw new DomainError('err.hub.localOnly', {});
  }
}
