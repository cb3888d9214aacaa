// The one-stop forms filled from the desk's records (Decree 118/2025/NĐ-CP; the appendix of Circular
// 03/2025/TT-VPCP, earlier Circular 01/2018/TT-VPCP): the receipt-and-appointment slip (both copies),
// the request to supplement, the refusal to receive, the control slip, the register and the handover
// list. What the citizen receives and the office files is Vietnamese, whatever the operator's screen
// speaks: these take the Vietnamese catalogue. No I/O: the caller hands in the records.
import type { Citizen } from '../../core/citizen.js';
import type { Dossier, DossierEvent } from '../../core/dossier.js';
import type { DossierDocument } from '../../core/receipt.js';
import type { Office } from '../../core/office.js';
import type { FormDoc, FormItem } from '../../core/print/form.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import type { Trip } from '../../core/trip.js';
import { WorkingDays } from '../../core/calendar.js';
import type { Lang } from '../../core/lang.js';
import { translator, type MessageKey, type Translate } from '../../i18n/index.js';
import type { Refusal, SupplementItem, SupplementRequest } from '../../store/forms.js';

const t = translator('vi');
const pad2 = (n: number | string) => String(n).padStart(2, '0');

/** "Minh Châu, ngày 05 tháng 02 năm 2026" (Decree 30/2020/NĐ-CP: days below 10 and months 1-2 with a zero). */
export function dateLine(place: string, iso: string): string {
  const [y, m, d] = iso.split('-');
  return t('form.dateLine', { place, d: pad2(Number(d)), m: Number(m) < 3 ? pad2(Number(m)) : String(Number(m)), y: y ?? '' });
}

/** 10.000 đồng, the way the forms write a sum. */
export function dong(n: number, tr: Translate = t): string {
  return tr('form.dong', { amount: String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.') });
}

/** "09 giờ 15 phút, ngày 23/11/2026" */
const at = (time: string, date: string) => t('form.at', { hh: time.slice(0, 2), mm: time.slice(3, 5), date: displayDate(date) });
const atMs = (ms: number) => at(hhmm(ms), localDate(ms));

function heading(o: Office): Pick<FormDoc, 'parent' | 'unit' | 'national'> {
  return { parent: o.agencyName.vi.toLocaleUpperCase('vi'), unit: o.unitName.vi.toLocaleUpperCase('vi'), national: [t('slip.nationalCountry'), t('slip.nationalMotto')] };
}

const honorific = (c: Citizen | undefined) => t(c?.gender === 'male' ? 'slip.mr' : c?.gender === 'female' ? 'slip.ms' : 'slip.mrms');

/**
 * Where the result is to be collected, as the value after "Đăng ký nhận kết quả tại:". The forms are
 * Vietnamese; the screen's preview of the slip passes the operator's language.
 */
export function returnPlace(d: Dossier, office: Office, trip: Trip | undefined, tr: Translate = t, lang: Lang = 'vi'): string {
  if (d.returnMethod === 'post') return tr('form.return.post', { address: d.postalAddress ?? '', fee: dong(d.postalFeeVnd, tr) });
  // The due date of a return at the next visit is that visit's date (src/core/receipt.ts): the place and the day agree.
  if (d.returnMethod === 'next_visit') return trip ? tr('form.return.next_visit', { place: trip.place, commune: trip.commune, date: displayDate(d.dueDate) }) : tr('form.return.next_visit_any', { date: displayDate(d.dueDate) });
  return tr('form.return.commune_office', { unit: office.unitName[lang], agency: office.agencyName[lang] });
}

/** The fee line's value: the sum and how it is paid, the exemption confirmed, or nothing to pay. */
export function feeText(d: Dossier, tr: Translate = t, lang: Lang = 'vi'): string {
  const f = d.feeDetail;
  if (d.payment === 'exempt') return f.type === 'none' ? tr('form.fee.none') : f.exemption ? tr('form.fee.exemptFor', { reason: f.exemption.name[lang] }) : tr('form.fee.exempt');
  const how: string[] = [];
  if (f.rule === 'pages' && f.pages !== null) how.push(tr('form.fee.pages', { pages: f.pages, copies: f.units }));
  else if (f.rule === 'fixed' && f.units > 1) how.push(tr('form.fee.units', { n: f.units }));
  if (f.channel === 'online') how.push(tr('form.fee.online'));
  how.push(tr(`form.pay.${d.payment}` as MessageKey));
  return `${dong(d.feeVnd, tr)} (${how.join('; ')})`;
}

const FORM_COLUMN: Record<DossierDocument['form'], 0 | 1 | 2> = { original: 0, form: 0, copy: 1, original_or_copy: 1 };

/** TT, the paper, the columns bản chính / bản sao, chứng thực / bản photo, and the number. */
function papersTable(items: { name: string; form: DossierDocument['form']; count: number }[]): FormItem {
  return {
    type: 'table',
    columns: [
      { title: t('form.col.no'), share: 0.07, align: 'center' },
      { title: t('form.col.paper'), share: 0.51 },
      { title: t('form.col.original'), share: 0.1, align: 'center' },
      { title: t('form.col.copy'), share: 0.13, align: 'center' },
      { title: t('form.col.photo'), share: 0.09, align: 'center' },
      { title: t('form.col.count'), share: 0.1, align: 'center' },
    ],
    rows: items.map((x, i) => {
      const cols = ['', '', ''];
      cols[FORM_COLUMN[x.form]] = 'x';
      return [String(i + 1), x.name, ...cols, pad2(x.count)];
    }),
  };
}

function subjectField(d: Dossier): FormItem[] {
  if (!d.subject) return [];
  const key = d.subject.kind === 'birth' ? 'form.subject.birth' : 'form.subject.death';
  return [{ type: 'field', label: t(key), value: t(d.subject.kind === 'birth' ? 'form.subject.born' : 'form.subject.died', { name: d.subject.name, date: displayDate(d.subject.date) }) }];
}

const request = (d: Dossier) => `${d.procedureName.vi}${d.procedureCode ? ` (${d.procedureCode})` : ''}`;

function contactFields(d: { phone: string | null; email: string | null }): FormItem {
  return { type: 'fields', fields: [{ label: t('form.phone'), value: d.phone ?? '…' }, { label: t('form.email'), value: d.email ?? '…' }] };
}

export interface ReceiptForm {
  copies: FormDoc[];
}

/**
 * Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01), in the form's order; `copy` 1 is kept ("Liên 1:
 * Lưu"), 2 goes to the applicant. The register's book and entry number fill "Quyển số / Số thứ tự".
 */
export function receiptForm(d: Dossier, citizen: Citizen | undefined, office: Office, trip: Trip | undefined, copy: 1 | 2): FormDoc {
  const received = d.documents.filter((x) => x.received).map((x) => ({ name: x.name.vi, form: x.form, count: x.count }));
  const body: FormItem[] = [
    { type: 'field', label: t('slip.citizen'), value: `${honorific(citizen)} ${d.citizenName}` },
    { type: 'field', label: t('slip.idNumber'), value: d.citizenId },
    { type: 'field', label: t('slip.address'), value: citizen?.address ?? '…' },
    contactFields(d),
    { type: 'field', label: t('slip.request'), value: request(d) },
    ...subjectField(d),
    { type: 'para', text: t('form.receipt.papers') },
    papersTable(received),
    { type: 'field', label: t('form.receipt.sets'), value: t('form.receipt.oneSet') },
    { type: 'field', label: t('form.receipt.time'), value: d.processingDays === 0 ? t('slip.sameDay') : t('form.days', { n: pad2(d.processingDays) }) },
    { type: 'field', label: t('form.receipt.received'), value: at(d.receivedTime, d.receivedOn) },
    { type: 'field', label: t('form.receipt.due'), value: at(d.dueTime, d.dueDate) },
    { type: 'field', label: t('form.receipt.returnAt'), value: returnPlace(d, office, trip) },
    { type: 'field', label: t('form.fee'), value: feeText(d) },
  ];
  if (d.vietqr && office.bank) {
    body.push({ type: 'payqr', data: d.vietqr, caption: t('form.qrCaption', { bank: office.bank.bankName, account: office.bank.account, name: office.bank.accountName, amount: dong(d.feeVnd), code: d.code }) });
  }
  if (d.note) body.push({ type: 'field', label: t('slip.note'), value: d.note });
  body.push({ type: 'para', text: t('form.receipt.register', { book: d.register?.book ?? '…', no: d.register ? String(d.register.no) : '…' }) });
  return {
    form: 'receipt',
    orientation: 'portrait',
    ...heading(office),
    dateLine: dateLine(office.placeName, d.receivedOn),
    title: t('slip.title'),
    subtitle: [t('form.code', { code: d.code }), t(copy === 1 ? 'form.copy1' : 'form.copy2')],
    code: d.code,
    body,
    signatures: [
      { title: t('slip.signCitizen'), hint: t('slip.signHint'), name: d.citizenName },
      { title: t('slip.signOfficer'), hint: t('slip.signHint'), name: d.operator },
    ],
    closing: [],
    continued: t('form.continued', { code: d.code }),
    pageLabel: t('hov.pdf.page'),
  };
}

/** Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): what is missing, why, whom to ask. */
export function supplementForm(d: Dossier, req: SupplementRequest, citizen: Citizen | undefined, office: Office): FormDoc {
  const body: FormItem[] = [
    { type: 'field', label: t('form.dossierOf'), value: `${honorific(citizen)} ${d.citizenName}` },
    { type: 'field', label: t('slip.address'), value: citizen?.address ?? '…' },
    contactFields(d),
    { type: 'field', label: t('slip.request'), value: request(d) },
    ...subjectField(d),
    { type: 'field', label: t('form.receivedAt'), value: at(d.receivedTime, d.receivedOn) },
    { type: 'para', text: t('form.supplement.intro', { unit: office.unitName.vi, who: honorific(citizen) }) },
    papersTable(req.items.map((x: SupplementItem) => ({ name: x.name.vi, form: x.form as DossierDocument['form'], count: x.count }))),
    { type: 'field', label: t('form.reason'), value: req.reason },
    { type: 'para', text: t('form.supplement.contact', { who: honorific(citizen), contact: req.contact ?? office.unitName.vi + (office.phone ? `, ${t('form.phone')} ${office.phone}` : '') }) },
  ];
  return {
    form: 'supplement',
    orientation: 'portrait',
    ...heading(office),
    dateLine: dateLine(office.placeName, localDate(req.at)),
    title: t('form.supplement.title'),
    subtitle: [t('form.code', { code: d.code })],
    code: d.code,
    body,
    signatures: [{ title: t('form.sign.guide'), hint: t('slip.signHint'), name: req.operator }],
    closing: [],
    continued: t('form.continued', { code: d.code }),
    pageLabel: t('hov.pdf.page'),
  };
}

/** Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03): the citizen, the request, the reason, both signatures. */
export function refusalForm(r: Refusal, citizen: Citizen | undefined): FormDoc {
  const office = JSON.parse(r.office) as Office;
  const code = r.dossierCode;
  const body: FormItem[] = [
    { type: 'field', label: t('slip.citizen'), value: `${honorific(citizen)} ${r.citizenName}` },
    ...(r.citizenId ? [{ type: 'field', label: t('slip.idNumber'), value: r.citizenId } as FormItem] : []),
    { type: 'field', label: t('slip.address'), value: r.address ?? '…' },
    contactFields(r),
    { type: 'field', label: t('slip.request'), value: `${r.procedureName.vi}${r.procedureCode ? ` (${r.procedureCode})` : ''}` },
    { type: 'para', text: t('form.refusal.intro', { unit: office.unitName.vi }) },
    { type: 'field', label: t('form.reason'), value: r.reason },
    { type: 'para', text: t('form.refusal.outro', { who: honorific(citizen) }) },
  ];
  return {
    form: 'refusal',
    orientation: 'portrait',
    ...heading(office),
    dateLine: dateLine(office.placeName, localDate(r.at)),
    title: t('form.refusal.title'),
    subtitle: code ? [t('form.code', { code })] : [],
    code,
    body,
    signatures: [
      { title: t('slip.signCitizen'), hint: t('slip.signHint'), name: r.citizenName },
      { title: t('slip.signOfficer'), hint: t('slip.signHint'), name: r.operator },
    ],
    closing: [],
    continued: t('form.continuedRefusal', { id: String(r.id) }),
    pageLabel: t('hov.pdf.page'),
  };
}

/** Early, on time or late, as the control slip says it. */
function timeliness(due: string, on: string): string {
  return t(`form.timeliness.${WorkingDays.timeliness(due, on)}` as MessageKey);
}

/**
 * Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06 of Circular 03/2025): one per dossier, travelling
 * with it: the code, whose dossier, then a row for each hand-over (from, to, when, the result early,
 * on time or late), with room for the signatures and rows left for the office to fill in by hand.
 */
export function controlForm(d: Dossier, events: readonly DossierEvent[], office: Office, handedTo: string | null): FormDoc {
  const unit = office.unitName.vi;
  const rows: string[][] = [];
  let from = `${unit}${d.operator ? ` – ${d.operator}` : ''}`;
  for (const e of events) {
    if (e.from === null) continue;
    const when = atMs(e.at);
    const result = e.to === 'result_ready' || e.to === 'refused' ? timeliness(d.dueDate, localDate(e.at)) : '';
    const to = e.to === 'handed_over' ? (e.note ?? handedTo ?? '') : t(`form.control.step.${e.to}` as MessageKey);
    rows.push([String(rows.length + 1), `${t('form.control.give')}: ${from}\n${t('form.control.take')}: ${to}`, when, result, e.to === 'handed_over' ? '' : (e.note ?? '')]);
    from = e.to === 'handed_over' ? to : from;
  }
  // Rows for the office to fill in by hand as the dossier travels on.
  const blank = Math.max(2, 4 - rows.length);
  for (let i = 0; i < blank; i++) rows.push([String(rows.length + 1), `${t('form.control.give')}:\n${t('form.control.take')}:`, '', '', '']);
  return {
    form: 'control',
    orientation: 'portrait',
    ...heading(office),
    dateLine: null,
    title: t('form.control.title'),
    subtitle: [t('form.code', { code: d.code })],
    code: d.code,
    body: [
      { type: 'field', label: t('form.dossierOf'), value: d.citizenName },
      ...subjectField(d),
      { type: 'field', label: t('slip.request'), value: request(d) },
      { type: 'fields', fields: [{ label: t('form.control.received'), value: at(d.receivedTime, d.receivedOn) }, { label: t('form.control.due'), value: at(d.dueTime, d.dueDate) }] },
      {
        type: 'table',
        columns: [
          { title: t('form.col.no'), share: 0.06, align: 'center' },
          { title: t('form.control.col.who'), share: 0.4 },
          { title: t('form.control.col.when'), share: 0.2 },
          { title: t('form.control.col.result'), share: 0.14, align: 'center' },
          { title: t('form.control.col.note'), share: 0.2 },
        ],
        rows,
      },
      { type: 'para', text: t('form.control.signHint'), italic: true },
    ],
    signatures: [],
    closing: [],
    continued: t('form.continued', { code: d.code }),
    pageLabel: t('hov.pdf.page'),
  };
}

const returnShort = (d: Dossier) => t(`form.returnShort.${d.returnMethod}` as MessageKey);

/**
 * Sổ theo dõi hồ sơ of a trip or a day, A4 landscape: the register's entries in the order of their
 * numbers, each with the applicant (and the child or the deceased), the address and phone, the
 * agency that decides, the dates and how the result is returned, and room for the signature.
 */
export function registerForm(dossiers: readonly Dossier[], office: Office, scope: string, printedOn: string, look: { citizen: (id: string) => Citizen | undefined; agency: (d: Dossier) => string }): FormDoc {
  const books = [...new Set(dossiers.map((d) => d.register?.book).filter(Boolean))];
  const rows = [...dossiers]
    .sort((a, b) => (a.register?.no ?? a.id) - (b.register?.no ?? b.id))
    .map((d) => [
      d.register ? String(d.register.no) : '–',
      d.code,
      request(d),
      [d.citizenName, d.subject ? t(d.subject.kind === 'birth' ? 'form.register.forBirth' : 'form.register.forDeath', { name: d.subject.name, date: displayDate(d.subject.date) }) : ''].filter(Boolean).join('\n'),
      [look.citizen(d.citizenId)?.address ?? d.postalAddress ?? '', d.phone ?? ''].filter(Boolean).join('\n'),
      look.agency(d),
      displayDate(d.receivedOn),
      displayDate(d.dueDate),
      d.resultOn ? displayDate(d.resultOn) : '',
      returnShort(d),
      '',
    ]);
  return {
    form: 'register',
    orientation: 'landscape',
    ...heading(office),
    dateLine: dateLine(office.placeName, printedOn),
    title: t('form.register.title'),
    subtitle: [t('form.register.book', { book: books.join(', ') || '…' }), scope],
    code: null,
    body: [
      {
        type: 'table',
        size: 8.5,
        columns: [
          { title: t('form.col.no'), share: 0.03, align: 'center' },
          { title: t('form.register.col.code'), share: 0.17 },
          { title: t('form.register.col.procedure'), share: 0.12 },
          { title: t('form.register.col.applicant'), share: 0.11 },
          { title: t('form.register.col.contact'), share: 0.12 },
          { title: t('form.register.col.agency'), share: 0.075 },
          { title: t('form.register.col.received'), share: 0.08, align: 'center' },
          { title: t('form.register.col.due'), share: 0.08, align: 'center' },
          { title: t('form.register.col.returned'), share: 0.08, align: 'center' },
          { title: t('form.register.col.how'), share: 0.08 },
          { title: t('form.register.col.sign'), share: 0.055 },
        ],
        rows,
      },
      { type: 'para', text: t('form.register.total', { n: rows.length }) },
    ],
    signatures: [{ title: t('form.register.keeper'), hint: t('slip.signHint'), name: null }],
    closing: [],
    continued: t('form.register.continued', { scope }),
    pageLabel: t('hov.pdf.page'),
  };
}

/** The register's columns as CSV rows (the same content as the printed register, one line per entry). */
export function registerRows(form: FormDoc): { header: string[]; rows: string[][] } {
  const table = form.body.find((x): x is Extract<FormItem, { type: 'table' }> => x.type === 'table');
  return { header: table?.columns.map((c) => c.title) ?? [], rows: (table?.rows ?? []).map((r) => r.map((c) => c.replace(/\n/g, '; '))) };
}

export interface HandoverListInput {
  dossiers: readonly Dossier[];
  citizens: (id: string) => Citizen | undefined;
  office: Office;
  trip: Trip;
  /** Who hands over (the vehicle's officer) and who receives (the commune's one-stop office). */
  by: string;
  toOffice: string;
  at: number;
  /** The fingerprint of the vehicle's signing key, grouped for reading aloud (the bundle's signature). */
  keyFingerprint?: string;
}

/**
 * Danh sách bàn giao hồ sơ, A4 landscape: the opening of a biên bản (when, where, who), the receiving
 * agency and the total, a row per dossier (TT, mã hồ sơ, nội dung, số lượng, họ tên, địa chỉ, SĐT,
 * nhận, hẹn trả, ghi chú), the closing formula and the signatures BÊN GIAO / BÊN NHẬN.
 */
/** A fee paid by bank transfer, for the office's note column: confirmed (when, the bank's reference) or awaited. */
function transferNote(d: Pick<Dossier, 'payment' | 'feeVnd' | 'paidAt' | 'paidRef'>): string {
  if (d.payment !== 'bank_qr' || d.feeVnd === 0) return '';
  if (d.paidAt === null) return t('form.handover.transferAwaited');
  const date = displayDate(localDate(d.paidAt));
  return d.paidRef ? t('form.handover.transferPaidRef', { date, ref: d.paidRef }) : t('form.handover.transferPaid', { date });
}

export function handoverForm(h: HandoverListInput): FormDoc {
  const rows = h.dossiers.map((d, i) => {
    const c = h.citizens(d.citizenId);
    return [
      String(i + 1),
      d.code,
      [request(d), d.subject ? t(d.subject.kind === 'birth' ? 'form.register.forBirth' : 'form.register.forDeath', { name: d.subject.name, date: displayDate(d.subject.date) }) : ''].filter(Boolean).join('\n'),
      t('form.handover.sets', { n: '01' }),
      d.citizenName,
      c?.address ?? d.postalAddress ?? '',
      d.phone ?? '',
      displayDate(d.receivedOn),
      displayDate(d.dueDate),
      [d.state === 'received' || d.state === 'handed_over' ? '' : t(`form.state.${d.state}` as MessageKey), transferNote(d), d.note ?? ''].filter(Boolean).join('; '),
    ];
  });
  return {
    form: 'handover',
    orientation: 'landscape',
    ...heading(h.office),
    dateLine: dateLine(h.office.placeName, localDate(h.at)),
    title: t('form.handover.title'),
    subtitle: [t('form.handover.trip', { place: h.trip.place, commune: h.trip.commune, date: displayDate(h.trip.date) })],
    code: null,
    body: [
      { type: 'para', text: t('form.handover.opening', { hh: hhmm(h.at).slice(0, 2), mm: hhmm(h.at).slice(3), date: displayDate(localDate(h.at)), place: `${h.trip.place}, ${h.trip.commune}` }) },
      { type: 'field', label: t('hov.pdf.from'), value: `${h.by} – ${h.office.unitName.vi}` },
      { type: 'field', label: t('hov.pdf.to'), value: h.toOffice },
      { type: 'field', label: t('form.handover.total'), value: t('form.handover.totalValue', { n: rows.length }) },
      ...(h.keyFingerprint ? [{ type: 'field', label: t('form.handover.key'), value: h.keyFingerprint } as FormItem] : []),
      {
        type: 'table',
        size: 8.5,
        columns: [
          { title: t('form.col.no'), share: 0.03, align: 'center' },
          { title: t('form.register.col.code'), share: 0.17 },
          { title: t('form.handover.col.content'), share: 0.14 },
          { title: t('form.handover.col.sets'), share: 0.045, align: 'center' },
          { title: t('form.handover.col.name'), share: 0.11 },
          { title: t('slip.address'), share: 0.14 },
          { title: t('form.handover.col.phone'), share: 0.08 },
          { title: t('form.handover.col.received'), share: 0.08, align: 'center' },
          { title: t('form.handover.col.due'), share: 0.08, align: 'center' },
          { title: t('form.handover.col.note'), share: 0.125 },
        ],
        rows,
      },
      { type: 'para', text: t('form.handover.closing') },
    ],
    signatures: [
      { title: t('hov.pdf.signFrom'), hint: t('slip.signHint'), name: h.by },
      { title: t('hov.pdf.signTo'), hint: t('slip.signHint'), name: null },
    ],
    closing: [],
    continued: t('form.handover.continued', { place: h.trip.place, date: displayDate(h.trip.date) }),
    pageLabel: t('hov.pdf.page'),
  };
}
