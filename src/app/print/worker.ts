// The print worker: takes due jobs from the spool one at a time, lays each out for its printer,
// sends it, and records the outcome. It sleeps between jobs (woken by the app after a write, by the
// database file changing, or by the next retry's timer): no polling loop, no CPU when idle.
// The TUI runs one in-process; `luudong print-worker` runs the same code headless.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.js';
import type { FontFace } from '../../core/print/raster.js';
import { PrinterError, type PrinterConfig, type PrinterTransport, type PrintPayload } from '../../ports/printer.js';
import type { JobFilter, Printer, PrintJob } from '../../core/print/printer.js';
import type { Luudong } from '../luudong.js';
import { formsOf, isA4Kind, jobDocument, parseSpec, STORE_ONLY } from './spooler.js';

export interface WorkerEvent {
  kind: 'printed' | 'problem' | 'failed' | 'interrupted';
  job: PrintJob;
  /** problem: the PrintFailure; failed: the reason. */
  reason?: string;
  /** The underlying error's text, for the log. */
  detail?: string;
  /** failed with a refusal: its parameters, to say it in the operator's words. */
  params?: Record<string, string | number>;
}

export interface WorkerOptions {
  open: (config: PrinterConfig) => PrinterTransport;
  /** data/fonts, for the A4 PDF. */
  fontsDir: string;
  /** The database file: stored PDFs go next to it. */
  dbFile: string;
  onEvent?: (e: WorkerEvent) => void;
  isAlive?: (pid: number) => boolean;
  /** Which jobs this worker takes (default all). The counter screen leaves the slow ones (drawn
   * with the font: A4 PDFs, raster slips) to a worker process of their own. */
  filter?: JobFilter;
  /** Called when jobs this worker leaves to others are waiting (see `filter`). */
  onOthersDue?: () => void;
}

/** How long the worker waits before trying the spool again after it could not be written. */
const STORE_RETRY_MS = 5000;

/** Whether a process of this id is alive (ours or another user's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class PrintWorker {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly transports = new Map<string, PrinterTransport>();

  constructor(
    private readonly app: Luudong,
    private readonly opts: WorkerOptions,
  ) {}

  /** Mark jobs a dead worker left half-printed as interrupted, then print what is due. */
  start(): PrintJob[] {
    const stale = this.app.printing.recoverInterrupted(this.opts.isAlive ?? pidAlive);
    for (const job of stale) this.opts.onEvent?.({ kind: 'interrupted', job });
    this.wake();
    return stale;
  }

  /** Something may be due: look now (or right after the job being printed). */
  wake(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      let storeFailed = false;
      this.current = this.drain()
        // The spool could not be written (a full disk, a file busy past the timeout): the process
        // hosting the worker (the counter screen) must not die of it. Jobs stay as they are; try
        // again in a while. A job left 'printing' here becomes 'interrupted' at the next start.
        .catch(() => void (storeFailed = true))
        .finally(() => {
          this.current = undefined;
          if (storeFailed) {
            if (!this.stopped) this.timer = setTimeout(() => this.wake(), STORE_RETRY_MS);
          } else if (this.again) {
            this.again = false;
            this.wake();
          } else this.schedule();
        });
    }, 0);
  }

  /** Wait for the job in hand, then let go of every printer. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
    await Promise.all([...this.transports.values()].map((t) => t.close().catch(() => undefined)));
    this.transports.clear();
  }

  /** Resolves once nothing due is left (for the headless worker's --once and for tests). */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  private schedule(): void {
    if (this.stopped) return;
    const filter = this.opts.filter ?? 'all';
    let next = this.app.printing.nextDue(filter);
    if (filter === 'quick') {
      // The jobs left to another worker: hand them over when due, and wake up when they fall due.
      const slow = this.app.printing.nextDue('slow');
      if (slow !== null && slow <= this.app.now()) this.opts.onOthersDue?.();
      else if (slow !== null) next = next === null ? slow : Math.min(next, slow);
    }
    if (next === null) return;
    this.timer = setTimeout(() => this.wake(), Math.min(Math.max(0, next - this.app.now()), 2 ** 31 - 1));
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      // A read first: most wake-ups find nothing due, and need not take the write lock to say so.
      const due = this.app.printing.nextDue(this.opts.filter ?? 'all');
      if (due === null || due > this.app.now()) return;
      const job = this.app.printing.claim(this.opts.filter ?? 'all');
      if (!job) return;
      await this.printOne(job);
    }
  }

  private transport(p: Printer): PrinterTransport {
    let t = this.transports.get(p.name);
    if (!t) {
      t = this.opts.open(p);
      this.transports.set(p.name, t);
    }
    return t;
  }

  private async printOne(job: PrintJob): Promise<void> {
    const spool = this.app.printing;
    let payload: PrintPayload | null;
    let printer: Printer | undefined;
    try {
      printer = job.printer === STORE_ONLY ? undefined : spool.printer(job.printer);
      payload = await this.render(job, printer);
    } catch (e) {
      const reason = e instanceof DomainError ? e.code : 'unexpected';
      spool.failed(job, reason);
      this.opts.onEvent?.({ kind: 'failed', job, reason, detail: (e as Error)?.message ?? String(e), ...(e instanceof DomainError ? { params: e.params } : {}) });
      return;
    }
    if (!payload || !printer) {
      spool.done(job);
      return;
    }
    try {
      await this.transport(printer).print(payload);
      spool.done(job);
      this.opts.onEvent?.({ kind: 'printed', job });
    } catch (e) {
      const failure = e instanceof PrinterError ? e.failure : 'unexpected';
      // A fresh connection next time: the device may have been replugged under another handle.
      const t = this.transports.get(printer.name);
      this.transports.delete(printer.name);
      await t?.close().catch(() => undefined);
      spool.retry(job, failure);
      this.opts.onEvent?.({ kind: 'problem', job, reason: failure });
    }
  }

  private fonts: Promise<{ regular: FontFace; bold: FontFace }> | undefined;
  /** The shipped faces, parsed once, for the raster profile. */
  private rasterFonts(): Promise<{ regular: FontFace; bold: FontFace }> {
    this.fonts ??= (async () => {
      const { create } = await import('fontkit');
      const face = (file: string) => {
        const path = join(this.opts.fontsDir, file);
        try {
          return create(readFileSync(path)) as unknown as FontFace;
        } catch (e) {
          throw new DomainError('err.dataMissing', { file: path, detail: (e as Error).message });
        }
      };
      return { regular: face('NotoSans-Regular.ttf'), bold: face('NotoSans-Bold.ttf') };
    })();
    return this.fonts;
  }

  /** The bytes for the printer; null for a job that only stores the A4 PDF with its dossier. */
  private async render(job: PrintJob, printer: Printer | undefined): Promise<PrintPayload | null> {
    const spec = parseSpec(job.document);
    if (isA4Kind(spec.kind)) {
      // Laid out when printed, from the records as they are: a reprint is the same form.
      const forms = formsOf(this.app, spec);
      const d = 'code' in spec ? this.app.dossiers.get(spec.code) : null;
      // Loaded when first needed: the PDF writer and its font engine are most of a megabyte of code.
      const { renderFormsPdf } = await import('./formPdf.js');
      const pdf = await renderFormsPdf(forms, this.opts.fontsDir, { createdAt: new Date(d?.receivedAt ?? this.app.now()) });
      if (!printer) {
        // Kept with its dossier (the slip, the request to supplement), printer or not.
        if (!d) return null;
        const { storeFormPdf } = await import('./slipPdf.js');
        storeFormPdf(this.app.db, this.opts.dbFile, d, spec.kind === 'slip_a4' ? 'slip' : 'supplement', pdf, this.app.now());
        return null;
      }
      return { bytes: pdf, mime: 'application/pdf', title: job.ref ?? spec.kind };
    }
    if (!printer) return null;
    if (printer.paper === 'a4') throw new DomainError('err.print.paper', { name: printer.name });
    const doc = jobDocument(this.app, spec, printer.name);
    // The ESC/POS encoder and its code-page tables load with the first job, not with the screen.
    const { renderEscPos } = await import('../../core/print/escpos.js');
    const fonts = printer.profile === 'raster' ? await this.rasterFonts() : undefined;
    const bytes = renderEscPos(doc, { paper: printer.paper, profile: printer.profile, nativeQr: printer.nativeQr !== false, ...(fonts ? { fonts } : {}) });
    return { bytes, mime: 'application/vnd.escpos', title: doc.title };
  }
}
