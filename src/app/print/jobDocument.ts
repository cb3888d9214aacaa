// What a print job prints, laid out from the current data: a ticket with its place in the line, the
// one-stop forms of a dossier (src/app/forms), the help list or the report of a trip or a day, a
// test page. Read through a DocumentSource (Luudong is one), never from a repository, so the hub
// can lay a job out for a worker anywhere.
import type { Lang } from '../../core/lang.js';
import type { DomainData } from '../../core/config.js';
import type { Dossier } from '../../core/dossier.js';
import type { DossierFigures } from '../../core/dossierFigures.js';
import { DomainError } from '../../core/errors.js';
import { formBlocks, type FormDoc } from '../../core/print/form.js';
import { PAPER_COLUMNS, type PrintDocument } from '../../core/print/layout.js';
import type { Printer } from '../../core/print/printer.js';
import type { WaitingEntry } from '../../core/queue/rules.js';
import type { QueueState } from '../../core/queue/state.js';
import { ASCII_BARS } from '../../core/report.js';
import { translator, type Translate } from '../../i18n/index.js';
import { controlFormOf, handoverFormOf, receiptForms, refusalFormOf, registerFormOf, supplementFormOf, type FormSource } from '../forms/index.js';
import { fmtDuration } from '../present.js';
import { dayReport, reportForm, reportView, tripReport, type ReportSource } from '../report.js';
import { figuresDocument, helpDocument, testDocument, ticketDocument } from './documents.js';
import type { JobSpec } from './spool.js';

/** What the documents are laid out from. */
export interface DocumentSource extends ReportSource, FormSource {
  readonly data: DomainData;
  /** The open trip's queue, as of the last catch-up with other processes. */
  queueState(): QueueState;
  /** A group's waiting line (places and waiting estimates). */
  waitingLine(groupCode: string): WaitingEntry[];
  /** A dossier by code; refused when there is none. */
  dossier(code: string): Dossier;
  dossierFigures(tripId: number): DossierFigures;
  /** A trip's cash statement laid out (src/app/cash.ts), refused when its sums do not add up. */
  cashDocument(tripId: number, operator: string | null): PrintDocument;
}

/** The document a job prints on a thermal printer, laid out for that printer from the current data. */
export function jobDocument(src: DocumentSource, spec: JobSpec, printer: Printer): PrintDocument {
  // Paper is for the citizen or for the office's files: Vietnamese, whatever the desk's language
  // (the job's `lang` is the screen's); and under the office of the trip, not the first one.
  const lang: Lang = 'vi';
  const t: Translate = translator(lang);
  const office = src.offices.ofTrip(src.currentTrip());
  switch (spec.kind) {
    case 'ticket': {
      const state = src.queueState();
      const tk = state.tickets.get(spec.ticketId);
      if (!tk) throw new DomainError('err.print.gone', { what: String(spec.ticketId) });
      const group = src.data.groups.find((g) => g.code === tk.group);
      const entry = tk.status === 'waiting' ? src.waitingLine(tk.group).find((w) => w.ticket.id === tk.id) : undefined;
      const prio = tk.priority ? (src.data.priorities.find((p) => p.code === tk.priority)?.name[lang] ?? tk.priority) : null;
      return ticketDocument(t, office.agencyName[lang], { label: tk.label, group: group?.name[lang] ?? tk.group, priority: prio, ahead: entry?.ahead ?? 0, wait: fmtDuration(t, entry?.estimateMs), issuedAt: tk.issuedAt }, src.currentTrip());
    }
    case 'slip':
    case 'supplement':
    case 'refusal': {
      // Thermal paper carries the applicant's copy: the form as the A4 one says it.
      const form = formsOf(src, spec)[spec.kind === 'slip' ? 1 : 0] as FormDoc;
      return formBlocks(form, 'form', t(spec.kind === 'slip' ? 'pt.jobSlip' : 'pt.jobForm', { ref: form.code ?? String('id' in spec ? spec.id : '') }));
    }
    case 'slip_a4':
    case 'supplement_a4':
    case 'refusal_a4':
    case 'control_a4':
    case 'register_a4':
    case 'handover_a4':
    case 'figures_a4':
      throw new DomainError('err.print.paper', { name: printer.name });
    case 'help': {
      const trip = src.getTrip(spec.tripId);
      if (!trip) throw new DomainError('err.tripNotFound', { id: spec.tripId });
      const f = src.dossierFigures(spec.tripId);
      return helpDocument(t, trip, f.help.map((h) => ({ name: src.data.helpServices.find((x) => x.code === h.code)?.name[lang] ?? h.code, n: h.n })), src.now());
    }
    case 'figures': {
      const day = 'date' in spec;
      const report = day ? dayReport(src, spec.date) : tripReport(src, spec.tripId);
      // Laid out for this printer's paper; bars in ASCII, which every code page and profile prints.
      const paper = printer.paper === '58' ? '58' : '80';
      const view = reportView(t, lang, report, src.data, { width: PAPER_COLUMNS[paper], glyphs: ASCII_BARS, indent: 0 });
      const ref = day ? spec.date : String(spec.tripId);
      return figuresDocument(t, ref, t(day ? 'pt.jobDayReport' : 'pt.jobFigures', { ref }), view, src.now());
    }
    case 'cash':
      return src.cashDocument(spec.tripId, spec.operator);
    case 'test':
      return testDocument(t, printer.name, printer.profile);
  }
}

/**
 * The forms a job prints: the slip's two copies, or the one form of the others. A4 and thermal lay
 * out the same models; the forms are Vietnamese whatever the desk's language.
 */
export function formsOf(src: FormSource & ReportSource & { readonly data: ReportSource['data'] }, spec: JobSpec): FormDoc[] {
  switch (spec.kind) {
    case 'slip':
    case 'slip_a4':
      return receiptForms(src, spec.code);
    case 'supplement':
    case 'supplement_a4':
      return [supplementFormOf(src, spec.code)];
    case 'refusal':
    case 'refusal_a4':
      return [refusalFormOf(src, spec.id)];
    case 'control_a4':
      return [controlFormOf(src, spec.code)];
    case 'register_a4':
      return [registerFormOf(src, 'date' in spec ? { date: spec.date } : { tripId: spec.tripId })];
    case 'handover_a4': {
      const trip = src.getTrip(spec.tripId);
      if (!trip) throw new DomainError('err.tripNotFound', { id: spec.tripId });
      return [handoverFormOf(src, spec.tripId, trip.operators[0] ?? '', translator('vi')('hov.defaultOffice', { agency: src.offices.ofTrip(trip).agencyName.vi }), src.now())];
    }
    case 'figures_a4': {
      const trip = src.getTrip(spec.tripId);
      if (!trip) throw new DomainError('err.tripNotFound', { id: spec.tripId });
      return [reportForm(tripReport(src, spec.tripId), src.data, src.offices.ofTrip(trip), src.now())];
    }
    default:
      throw new DomainError('err.print.gone', { what: spec.kind });
  }
}
