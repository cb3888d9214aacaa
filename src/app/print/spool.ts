// What a print worker and the print spool say to each other, and nothing more: the spool hands out
// due jobs and what each prints, and hears how each ended. The worker (./worker.ts) depends on this
// interface only, never on a database: LocalPrintSpool (./localSpool.ts) is the spool of this
// process's own database; a workstation's worker (issue 16) will claim its printers' jobs from the
// hub's spool over the network through another implementation.
import type { PrintDocument } from '../../core/print/layout.js';
import type { FormDoc } from '../../core/print/form.js';
import type { JobFilter, Printer, PrintFailure, PrintJob } from '../../core/print/printer.js';
import type { Lang } from '../../core/lang.js';

/** What a job prints (the spool keeps it as JSON in print_jobs.document). */
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
  /** A trip's report on A4 for the office's files (src/app/report.ts reportForm). */
  | { kind: 'figures_a4'; tripId: number; lang: Lang }
  /** A trip's cash statement, for signatures (src/app/cash.ts); refused at layout if it does not add up. */
  | { kind: 'cash'; tripId: number; operator: string | null; lang: Lang }
  | { kind: 'test'; lang: Lang };

export function parseSpec(json: string): JobSpec {
  return JSON.parse(json) as JobSpec;
}

/** The printer of a job that only stores an A4 form (PDF) with its dossier, printing nothing. */
export const STORE_ONLY = '';

/** Whether a job is an A4 PDF (printed through CUPS, never on thermal paper). */
export const isA4Kind = (kind: string): boolean => kind.endsWith('_a4');

/** The A4 forms kept with their dossier as a PDF, printed or not: the slip and the request to supplement. */
export const KEPT_A4: readonly string[] = ['slip_a4', 'supplement_a4'];

/** What a job prints, laid out from the current data, for the worker to turn into bytes. */
export type JobContent =
  /** A thermal printer's document (ticket, slip, report, test page), rendered for its profile. */
  | { kind: 'document'; document: PrintDocument }
  /** One-stop forms on A4, drawn as PDF where the fonts are: printed through CUPS, or kept with the dossier. */
  | { kind: 'a4'; forms: FormDoc[]; createdAt: number };

/** A value now, or a promise of it: the local spool answers at once, a remote one over the network. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The print spool as a worker sees it. No SQL handle or repository: every method is a request a
 * remote spool could answer. Two workers never get the same job from claim().
 */
export interface PrintSpool {
  /** The spool's clock (ms), which due times are in. */
  now(): number;
  /** When the next queued job of `filter` falls due, or null when none is queued. */
  nextDue(filter: JobFilter): Awaitable<number | null>;
  /** The oldest job of `filter` due now, held by this worker from here on; undefined when none is. */
  claim(filter: JobFilter): Awaitable<PrintJob | undefined>;
  /** The job came out (or, for one that prints nothing, its output is kept). */
  done(job: PrintJob): Awaitable<void>;
  /** A printer problem: the job stays queued and is tried again after a back-off. */
  retry(job: PrintJob, failure: PrintFailure | 'unexpected'): Awaitable<void>;
  /** The job itself is wrong (its dossier is gone, say): printing it again would not help. */
  failed(job: PrintJob, reason: string): Awaitable<void>;
  /**
   * Jobs this machine's workers left 'printing' and that are no longer running (`isAlive` says so
   * of a process id) become 'interrupted': never printed again on their own. Returns them.
   */
  recoverInterrupted(isAlive: (pid: number) => boolean): Awaitable<PrintJob[]>;
  /** A printer as configured; refused (err.print.noPrinter) when it has been removed. */
  printer(name: string): Awaitable<Printer>;
  /** What the job prints, laid out from the current data; refused when what it prints is gone. */
  content(job: PrintJob, printer: Printer | undefined): Awaitable<JobContent>;
  /** Keep an A4 form's PDF with its dossier (the job of a kept form that goes to no printer). */
  keepPdf(job: PrintJob, pdf: Uint8Array): Awaitable<void>;
}

/** What happened to a job, for the screen's status line and the headless worker's log. */
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
