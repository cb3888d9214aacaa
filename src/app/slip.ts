// The receipt-and-appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, form 01 of Circular
// 01/2018/TT-VPCP) as a structured model, and its plain-text layout for the screen and the CLI.
// The printers (ESC/POS, A4) lay out the same model. No React, no I/O.
import type { Citizen } from '../core/citizen.js';
import type { Lang } from '../core/lang.js';
import type { Dossier } from '../core/dossier.js';
import type { Office } from '../core/office.js';
import type { Procedure } from '../core/procedures.js';
import { fmtVnd } from '../core/receipt.js';
import { displayDate } from '../core/time.js';
import type { Trip } from '../core/trip.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { feeText, returnPlace } from './forms/model.js';

export interface SlipModel {
  agency: string;
  unit: string;
  title: string;
  code: string;
  /** Label and value pairs, in the order of the form. */
  rows: { label: string; value: string }[];
  documentsTitle: string;
  documents: string[];
  /** The bank-transfer QR payload, when the fee is paid that way. */
  qr: string | null;
  qrCaption: string | null;
  signatures: [string, string];
  operator: string | null;
}

export function slipModel(t: Translate, lang: Lang, d: Dossier, citizen: Citizen | undefined, office: Office, trip: Trip | undefined): SlipModel {
  const form = (f: Dossier['documents'][number]['form']) => t(`slip.form.${f}` as MessageKey);
  // The same words as the printed form (src/app/forms/model.ts), in the operator's language.
  const returnText = returnPlace(d, office, trip, t, lang);
  const fee = feeText(d, t, lang);
  const [hh, mm] = d.receivedTime.split(':');
  const rows: SlipModel['rows'] = [
    { label: t('slip.citizen'), value: `${t(citizen?.gender === 'male' ? 'slip.mr' : citizen?.gender === 'female' ? 'slip.ms' : 'slip.mrms')} ${d.citizenName}` },
    { label: t('slip.idNumber'), value: d.citizenId },
    { label: t('slip.address'), value: citizen?.address ?? '' },
    ...(d.phone ? [{ label: t('form.phone'), value: d.phone }] : []),
    ...(d.email ? [{ label: t('form.email'), value: d.email }] : []),
    { label: t('slip.request'), value: `${d.procedureName[lang]}${d.procedureCode ? ` (${d.procedureCode})` : ''}` },
    ...(d.subject ? [{ label: t(d.subject.kind === 'birth' ? 'form.subject.birth' : 'form.subject.death'), value: t(d.subject.kind === 'birth' ? 'form.subject.born' : 'form.subject.died', { name: d.subject.name, date: displayDate(d.subject.date) }) }] : []),
    { label: t('slip.copies'), value: t('slip.oneSet') },
    { label: t('slip.processing'), value: d.processingDays === 0 ? t('slip.sameDay') : t('slip.days', { n: d.processingDays }) },
    { label: t('slip.receivedAt'), value: t('slip.dateTime', { hh: hh ?? '', mm: mm ?? '', date: displayDate(d.receivedOn) }) },
    { label: t('slip.dueDate'), value: displayDate(d.dueDate) },
    { label: t('slip.returnAt'), value: returnText },
    { label: t('slip.fee'), value: fee },
  ];
  if (d.ticketLabel) rows.push({ label: t('slip.ticket'), value: d.ticketLabel });
  if (trip) rows.push({ label: t('slip.place'), value: `${trip.place}, ${trip.commune}` });
  if (d.note) rows.push({ label: t('slip.note'), value: d.note });
  if (d.register) rows.push({ label: t('slip.register'), value: t('slip.registerEntry', { book: d.register.book, no: String(d.register.no) }) });
  return {
    agency: office.agencyName[lang].toUpperCase(),
    // the issuing unit in capitals under its parent agency, as the printed form has it (in bold there)
    unit: office.unitName[lang].toLocaleUpperCase(lang),
    title: t('slip.title'),
    code: d.code,
    rows,
    documentsTitle: t('slip.documents'),
    documents: d.documents.filter((x) => x.received).map((x, i) => documentLine(t, lang, i + 1, x.name, form(x.form), x.count)),
    qr: d.vietqr,
    qrCaption: d.vietqr && office.bank ? t('slip.qrCaption', { bank: office.bank.bankName, account: office.bank.account, name: office.bank.accountName, amount: fmtVnd(d.feeVnd) }) : null,
    signatures: [t('slip.signCitizen'), t('slip.signOfficer')],
    operator: d.operator,
  };
}

/** "1. Tờ khai đăng ký khai sinh (bản chính, 01 bản)": a document as the slip and the catalogue list it. */
export function documentLine(t: Translate, lang: Lang, no: number, name: { vi: string; en: string }, form: string, count: number): string {
  return t('slip.docLine', { no, name: name[lang], form, count: String(count).padStart(2, '0') });
}

/** The fee of a procedure in the catalogue, before any receipt: a sum, none, or the province's rate. */
export function catalogueFee(t: Translate, p: Procedure): string {
  if (p.fee.rule.kind === 'province') return t('fee.province');
  if (p.fee.type === 'none' || p.feeVnd === 0) return t('form.fee.none');
  return fmtVnd(p.feeVnd);
}

/** Word-wrap one line to `width` columns, continuation lines indented by `indent`. */
export function wrap(text: string, width: number, indent = 0): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = width - (out.length ? indent : 0);
    if (line && line.length + 1 + word.length > room) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
    while (line.length > width - (out.length ? indent : 0)) {
      const cut = width - (out.length ? indent : 0);
      out.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  out.push(line);
  return out.map((l, i) => (i > 0 ? ' '.repeat(indent) + l : l));
}

const center = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(Math.floor((w - s.length) / 2)) + s);

/** The slip as plain text lines of at most `width` columns (the QR payload is left to the printer). */
export function slipText(m: SlipModel, width: number): string[] {
  const lines: string[] = [];
  for (const l of wrap(m.agency, width)) lines.push(center(l, width));
  for (const l of wrap(m.unit, width)) lines.push(center(l, width));
  lines.push('');
  for (const l of wrap(m.title, width)) lines.push(center(l, width));
  lines.push(center(m.code, width));
  lines.push('');
  for (const r of m.rows) lines.push(...wrap(`${r.label}: ${r.value}`, width, 2));
  lines.push(m.documentsTitle);
  for (const d of m.documents) lines.push(...wrap(`  ${d}`, width, 5));
  if (m.qrCaption) lines.push(...wrap(m.qrCaption, width, 2));
  lines.push('');
  const half = Math.floor(width / 2);
  lines.push(center(m.signatures[0], half).padEnd(half) + center(m.signatures[1], width - half));
  if (m.operator) lines.push(' '.repeat(half) + center(m.operator, width - half));
  return lines;
}
