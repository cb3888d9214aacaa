// The print worker: takes due jobs from the spool one at a time, lays each out for its printer,
// sends it, and records the outcome. It sleeps between jobs (woken by the app after a write, by the
// database file changing, or by the next retry's timer): no polling loop, no CPU when idle.
// The TUI runs one in-process; `luudong print-worker` runs the same code headless.
// It sees the spool only through PrintSpool (./spool.ts): no database, no repository. Its answers
// may come at once (this process's own database) or as promises (a hub's spool over the network).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.js';
import type { JobFilter, Printer, PrintJob } from '../../core/print/printer.js';
import type { FontFace } from '../../core/print/raster.js';
import { PrinterError, type PrinterConfig, type PrinterTransport, type PrintPayload } from '../../ports/printer.js';
import type { Luudong } from '../luudong.js';
import { LocalPrintSpool } from './localSpool.js';
import { isA4Kind, STORE_ONLY, type PrintSpool, type WorkerEvent } from './spool.js';

export interface WorkerOptions {
  open: (config: PrinterConfig) => PrinterTransport;
  /** data/fonts, for the A4 PDF. */
  fontsDir: string;
  /** The database file, when the worker is given the app itself: stored PDFs go next to it. */
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

const isSpool = (x: PrintSpool | Luudong): x is PrintSpool => typeof (x as Partial<PrintSpool>).claim === 'function' && typeof (x as Partial<PrintSpool>).content === 'function';

export class PrintWorker {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Bumped by every wake-up: a schedule() still waiting for the spool's answer then lets it go. */
  private generation = 0;
  private readonly transports = new Map<string, PrinterTransport>();
  private readonly spool: PrintSpool;

  /**
   * `spool`: where the jobs come from. Given the app itself (as the counter screen's start-up and the
   * CLI do), the spool of its own database, with the stored PDFs next to `opts.dbFile`.
   */
  constructor(
    spool: PrintSpool | Luudong,
    private readonly opts: WorkerOptions,
  ) {
    this.spool = isSpool(spool) ? spool : new LocalPrintSpool(spool, opts.dbFile);
  }

  /**
   * Mark jobs a dead worker left half-printed as interrupted, then print what is due. Resolves with
   * the jobs it marked once that is done; the first pass over what is due is under way by then, and
   * idle() waits for it too.
   */
  start(): Promise<PrintJob[]> {
    const recovered = (async () => {
      const stale = await this.spool.recoverInterrupted(this.opts.isAlive ?? pidAlive);
      for (const job of stale) this.opts.onEvent?.({ kind: 'interrupted', job });
      return stale;
    })();
    // A spool that cannot be written is retried by run(); a caller that does not wait for the
    // answer must not have the process end on it as an unhandled rejection.
    recovered.catch(() => undefined);
    if (this.current || this.stopped) {
      // A pass is under way: it looks again once done, as after a wake-up.
      this.wake();
      return recovered;
    }
    clearTimeout(this.timer);
    this.run(async () => {
      await recovered;
      await this.drain();
    });
    return recovered;
  }

  /** Something may be due: look now (or right after the job being printed). */
  wake(): void {
    if (this.stopped) return;
    this.generation++;
    if (this.current) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(() => this.drain()), 0);
  }

  /**
   * Run one pass over the spool as the work in hand. The spool could not be written (a full disk,
   * a file busy past the timeout): the process hosting the worker (the counter screen) must not die
   * of it. Jobs stay as they are; try again in a while. A job left 'printing' here becomes
   * 'interrupted' at the next start.
   */
  private run(pass: () => Promise<void>): void {
    let storeFailed = false;
    this.current = pass()
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

  /** Sleep until the next job falls due (a retry's back-off), if any is queued. */
  private schedule(): void {
    if (this.stopped) return;
    const generation = this.generation;
    this.nextWakeAt()
      .then((next) => {
        // Woken (or stopped) meanwhile: that wake-up looks at the spool itself.
        if (next === null || this.stopped || this.current || generation !== this.generation) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.wake(), Math.min(Math.max(0, next - this.spool.now()), 2 ** 31 - 1));
      })
      .catch(() => {
        if (!this.stopped && generation === this.generation) this.timer = setTimeout(() => this.wake(), STORE_RETRY_MS);
      });
  }

  private async nextWakeAt(): Promise<number | null> {
    const filter = this.opts.filter ?? 'all';
    let next = await this.spool.nextDue(filter);
    if (filter === 'quick') {
      // The jobs left to another worker: hand them over when due, and wake up when they fall due.
      const slow = await this.spool.nextDue('slow');
      if (slow !== null && slow <= this.spool.now()) this.opts.onOthersDue?.();
      else if (slow !== null) next = next === null ? slow : Math.min(next, slow);
    }
    return next;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      // A read first: most wake-ups find nothing due, and need not take the write lock to say so.
      const due = await this.spool.nextDue(this.opts.filter ?? 'all');
      if (due === null || due > this.spool.now()) return;
      const job = await this.spool.claim(this.opts.filter ?? 'all');
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
    const spool = this.spool;
    let payload: PrintPayload | null;
    let printer: Printer | undefined;
    try {
      printer = job.printer === STORE_ONLY ? undefined : await spool.printer(job.printer);
      payload = await this.render(job, printer);
    } catch (e) {
      const reason = e instanceof DomainError ? e.code : 'unexpected';
      await spool.failed(job, reason);
      this.opts.onEvent?.({ kind: 'failed', job, reason, detail: (e as Error)?.message ?? String(e), ...(e instanceof DomainError ? { params: e.params } : {}) });
      return;
    }
    if (!payload || !printer) {
      await spool.done(job);
      return;
    }
    try {
      await this.transport(printer).print(payload);
    } catch (e) {
      const failure = e instanceof PrinterError ? e.failure : 'unexpected';
      // A fresh connection next time: the device may have been replugged under another handle.
      const t = this.transports.get(printer.name);
      this.transports.delete(printer.name);
      await t?.close().catch(() => undefined);
      await spool.retry(job, failure);
      this.opts.onEvent?.({ kind: 'problem', job, reason: failure });
      return;
    }
    // Printed. Saying so may fail (a full disk, the hub's link down): that is not a printer problem,
    // and the job must not be queued again. The pass ends with the error; the job stays held, to be
    // said done when the spool can be written again (the hub's spool: RemotePrintSpool resends it),
    // or marked interrupted at the next start, never printed again on its own.
    await spool.done(job);
    this.opts.onEvent?.({ kind: 'printed', job });
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

  /** The bytes for the printer; null for a job that only stores an A4 form with its dossier. */
  private async render(job: PrintJob, printer: Printer | undefined): Promise<PrintPayload | null> {
    if (isA4Kind(job.kind)) {
      const content = await this.spool.content(job, printer);
      if (content.kind !== 'a4') throw new Error(`print job ${job.id} (${job.kind}): laid out as ${content.kind}`);
      // Loaded when first needed: the PDF writer and its font engine are most of a megabyte of code.
      const { renderFormsPdf } = await import('./formPdf.js');
      const pdf = await renderFormsPdf(content.forms, this.opts.fontsDir, { createdAt: new Date(content.createdAt) });
      if (!printer) {
        // Kept with its dossier (the slip, the request to supplement), printer or not.
        await this.spool.keepPdf(job, pdf);
        return null;
      }
      return { bytes: pdf, mime: 'application/pdf', title: job.ref ?? job.kind };
    }
    if (!printer) return null;
    if (printer.paper === 'a4') throw new DomainError('err.print.paper', { name: printer.name });
    const content = await this.spool.content(job, printer);
    if (content.kind !== 'document') throw new Error(`print job ${job.id} (${job.kind}): laid out as ${content.kind}`);
    const doc = content.document;
    // The ESC/POS encoder and its code-page tables load with the first job, not with the screen.
    const { renderEscPos } = await import('../../core/print/escpos.js');
    const fonts = printer.profile === 'raster' ? await this.rasterFonts() : undefined;
    const bytes = renderEscPos(doc, { paper: printer.paper, profile: printer.profile, nativeQr: printer.nativeQr !== false, ...(fonts ? { fonts } : {}) });
    return { bytes, mime: 'application/vnd.escpos', title: doc.title };
  }
}
