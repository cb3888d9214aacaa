// What each printed document says, as layout blocks (src/core/print/layout.ts): the queue ticket,
// the receipt-and-appointment slip, the help summary, a trip's or a day's report and the test page.
// Text comes from the message catalogue; no I/O.
import type { PrintDocument, Block } from '../../core/print/layout.js';
import { ticketScanCode } from '../../core/scan/classify.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import type { Trip } from '../../core/trip.js';
import type { Translate } from '../../i18n/index.js';
import type { ReportView } from '../report.js';

export interface TicketInfo {
  label: string;
  group: string;
  priority: string | null;
  ahead: number;
  wait: string;
  issuedAt: number;
}

export function ticketDocument(t: Translate, agency: string, ticket: TicketInfo, trip: Trip | undefined): PrintDocument {
  const blocks: Block[] = [
    { type: 'text', text: agency.toUpperCase(), align: 'center', bold: true },
    ...(trip ? [{ type: 'text', text: `${trip.place}, ${trip.commune}`, align: 'center' } as Block] : []),
    { type: 'rule' },
    { type: 'text', text: t('pt.ticketTitle'), align: 'center' },
    { type: 'big', text: ticket.label },
    { type: 'text', text: ticket.group, align: 'center', bold: true },
    ...(ticket.priority ? [{ type: 'text', text: `${t('label.priority')}: ${ticket.priority}`, align: 'center' } as Block] : []),
    { type: 'text', text: t('pt.ahead', { n: ticket.ahead, wait: ticket.wait }), align: 'center' },
    { type: 'rule' },
    { type: 'columns', left: displayDate(localDate(ticket.issuedAt)), right: hhmm(ticket.issuedAt) },
    { type: 'text', text: t('pt.ticketHint'), align: 'center' },
    // The counter's scanners read it back (src/core/scan/classify.ts): a 1D barcode, which every
    // scanner on the vehicle reads, holding the label and the day.
    { type: 'barcode', data: ticketScanCode(ticket.label, localDate(ticket.issuedAt)) },
    { type: 'cut' },
  ];
  return { kind: 'ticket', ref: ticket.label, title: t('pt.jobTicket', { ref: ticket.label }), blocks };
}

/** Help given without a dossier during the trip, by kind, for the centre's report. */
export function helpDocument(t: Translate, trip: Trip, help: { name: string; n: number }[], at: number): PrintDocument {
  const total = help.reduce((a, h) => a + h.n, 0);
  return {
    kind: 'help',
    ref: String(trip.id),
    title: t('pt.jobHelp', { ref: trip.id }),
    blocks: [
      { type: 'text', text: t('pt.helpTitle'), align: 'center', bold: true },
      { type: 'text', text: `${trip.place}, ${trip.commune} – ${displayDate(trip.date)}`, align: 'center' },
      { type: 'rule' },
      ...help.filter((h) => h.n > 0).map((h): Block => ({ type: 'columns', left: h.name, right: String(h.n) })),
      { type: 'rule' },
      { type: 'columns', left: t('pt.total'), right: String(total) },
      { type: 'text', text: t('pt.printedAt', { at: `${hhmm(at)} ${displayDate(localDate(at))}` }) },
      { type: 'cut' },
    ],
  };
}

/** A trip's or a day's report (src/app/report.ts): its heading, then each section under a bold title. */
export function figuresDocument(t: Translate, ref: string, title: string, view: ReportView, at: number): PrintDocument {
  return {
    kind: 'figures',
    ref,
    title,
    blocks: [
      ...view.heading.map((l, i): Block => (i === 0 ? { type: 'text', text: l, align: 'center', bold: true } : { type: 'text', text: l })),
      ...view.sections.flatMap((s): Block[] => [{ type: 'rule' }, { type: 'text', text: s.title, bold: true }, ...s.lines.map((l): Block => ({ type: 'text', text: l }))]),
      { type: 'rule' },
      { type: 'text', text: t('pt.printedAt', { at: `${hhmm(at)} ${displayDate(localDate(at))}` }) },
      ...view.foot.map((l): Block => ({ type: 'text', text: l })),
      { type: 'cut' },
    ],
  };
}

/** The test page printed when a printer is set up: is the Vietnamese right with this profile? */
export function testDocument(t: Translate, printer: string, profile: string): PrintDocument {
  return {
    kind: 'test',
    ref: printer,
    title: t('pt.jobTest', { ref: printer }),
    blocks: [
      { type: 'text', text: t('pt.testTitle'), align: 'center', bold: true },
      { type: 'pair', label: t('pt.printer'), value: printer },
      { type: 'pair', label: t('pt.profile'), value: profile },
      { type: 'rule' },
      { type: 'text', text: 'Nguyễn Thị Hường, xã Mỹ Đức' },
      { type: 'text', text: 'ĂÂÊÔƠƯĐ ăâêôơưđ' },
      { type: 'text', text: 'ÀẢÃÁẠ ẰẲẴẮẶ ẦẨẪẤẬ ÈẺẼÉẸ ỀỂỄẾỆ ÌỈĨÍỊ' },
      { type: 'text', text: 'ÒỎÕÓỌ ỒỔỖỐỘ ỜỞỠỚỢ ÙỦŨÚỤ ỪỬỮỨỰ ỲỶỸÝỴ' },
      { type: 'text', text: 'àảãáạ ằẳẵắặ ầẩẫấậ èẻẽéẹ ềểễếệ ìỉĩíị' },
      { type: 'text', text: 'òỏõóọ ồổỗốộ ờởỡớợ ùủũúụ ừửữứự ỳỷỹýỵ' },
      { type: 'text', text: t('pt.testCheck') },
      { type: 'qr', data: 'luudong test' },
      { type: 'cut' },
    ],
  };
}
