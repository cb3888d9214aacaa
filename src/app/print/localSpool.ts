// The print spool of this process's own database, as a worker sees it (./spool.ts): the Spooler's
// handling of jobs, each job's document or forms laid out from the app's data (./jobDocument.ts),
// and the A4 slip's (or request's) PDF kept next to the database. The worker knows none of this.
import type { PrintDocument } from '../../core/print/layout.js';
import type { JobFilter, Printer, PrintFailure, PrintJob } from '../../core/print/printer.js';
import type { DossierDesk } from '../dossiers.js';
import { formsOf, jobDocument, type DocumentSource } from './jobDocument.js';
import { storeFormPdf } from './slipPdf.js';
import { isA4Kind, KEPT_A4, parseSpec, type JobContent, type PrintSpool } from './spool.js';
import type { Spooler } from './spooler.js';

/** What the local spool is made of (Luudong is one). */
export interface LocalSpoolHost extends DocumentSource {
  readonly printing: Spooler;
  readonly dossiers: DocumentSource['dossiers'] & Pick<DossierDesk, 'keepFile'>;
}

export class LocalPrintSpool implements PrintSpool {
  /** `dbFile`: the database file, whose folder keeps the A4 forms (files/<code>/slip.pdf …). */
  constructor(
    private readonly app: LocalSpoolHost,
    private readonly dbFile: string,
  ) {}

  now(): number {
    return this.app.now();
  }

  nextDue(filter: JobFilter): number | null {
    return this.app.printing.nextDue(filter);
  }

  claim(filter: JobFilter): PrintJob | undefined {
    return this.app.printing.claim(filter);
  }

  done(job: PrintJob): void {
    this.app.printing.done(job);
  }

  retry(job: PrintJob, failure: PrintFailure | 'unexpected'): void {
    this.app.printing.retry(job, failure);
  }

  failed(job: PrintJob, reason: string): void {
    this.app.printing.failed(job, reason);
  }

  recoverInterrupted(isAlive: (pid: number) => boolean): PrintJob[] {
    return this.app.printing.recoverInterrupted(isAlive);
  }

  printer(name: string): Printer {
    return this.app.printing.printer(name);
  }

  content(job: PrintJob, printer: Printer | undefined): JobContent {
    const spec = parseSpec(job.document);
    if (isA4Kind(spec.kind)) {
      // Laid out when printed, from the records as they are: a reprint is the same form.
      const forms = formsOf(this.app, spec);
      const d = 'code' in spec ? this.app.dossier(spec.code) : null;
      return { kind: 'a4', forms, createdAt: d?.receivedAt ?? this.app.now() };
    }
    if (!printer) throw new Error(`print job ${job.id} (${job.kind}) has no printer`);
    const document: PrintDocument = jobDocument(this.app, spec, printer);
    return { kind: 'document', document };
  }

  keepPdf(job: PrintJob, pdf: Uint8Array): void {
    const spec = parseSpec(job.document);
    // Kept with its dossier: the slip and the request to supplement (KEPT_A4); other forms have none.
    if (!KEPT_A4.includes(spec.kind) || !('code' in spec)) return;
    storeFormPdf(this.app.dossiers, this.dbFile, this.app.dossier(spec.code), spec.kind === 'slip_a4' ? 'slip' : 'supplement', pdf, this.app.now());
  }
}
