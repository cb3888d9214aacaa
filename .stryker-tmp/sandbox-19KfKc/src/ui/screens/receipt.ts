// @ts-nocheck
// The receipt flow of the counter screen: citizen (scan or type) -> procedure -> checklist -> fee ->
// return of the result -> confirm -> slip preview. A reducer over plain state (keys may arrive in a
// scanner burst faster than React renders) and a view as plain lines; no React here.
import type { Luudong } from '../../app/luudong.js';
import { slipModel, slipText, wrap } from '../../app/slip.js';
import type { Citizen } from '../../core/citizen.js';
import type { ScanKind } from '../../core/scan/classify.js';
import type { Lang } from '../../core/config.js';
import type { Dossier } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import { searchProcedures, type Procedure } from '../../core/procedures.js';
import { fmtVnd, PAYMENT_METHODS, procedureKey, RETURN_METHODS, type PaymentMethod, type ReturnMethod } from '../../core/receipt.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import { userMessage, type MessageKey, type Translate } from '../../i18n/index.js';
import { editLine } from '../keys/edit.js';
import { printSlip } from './find.js';
import type { Key } from '../keys/keys.js';

export type ReceiptStep = 'citizen' | 'manual' | 'procedure' | 'documents' | 'fee' | 'return' | 'confirm' | 'slip';

const MANUAL = ['id', 'fullName', 'dob', 'gender', 'address', 'issueDate'] as const;
type ManualField = (typeof MANUAL)[number];

export interface ReceiptFlow {
  step: ReceiptStep;
  error: string | null;
  scan: string;
  manual: Record<ManualField, string>;
  manualFocus: number;
  citizen: Citizen | null;
  query: string;
  index: number;
  procedure: Procedure | null;
  cursor: number;
  ticked: number[];
  fee: string;
  payment: PaymentMethod;
  returnMethod: ReturnMethod;
  address: string;
  postalFee: string;
  /** On the return step: 0 the method list, 1 the address, 2 the postal fee. */
  focus: number;
  dossier: Dossier | null;
  scroll: number;
}

export interface FlowEnv {
  app: Luudong;
  t: Translate;
  lang: Lang;
  /** This desk's counter: the ticket served there is linked to the dossier. */
  counter: number;
}

/** What a key did: the next state of the flow, or leave it (with a status line for the main screen). */
export type FlowResult = ReceiptFlow | { exit: string | null };

export function startReceipt(): ReceiptFlow {
  return {
    step: 'citizen',
    error: null,
    scan: '',
    manual: { id: '', fullName: '', dob: '', gender: '', address: '', issueDate: '' },
    manualFocus: 0,
    citizen: null,
    query: '',
    index: 0,
    procedure: null,
    cursor: 0,
    ticked: [],
    fee: '',
    payment: 'cash',
    returnMethod: 'next_visit',
    address: '',
    postalFee: '',
    focus: 0,
    dossier: null,
    scroll: 0,
  };
}

/** Procedures matching the filter; with no filter, those of the ticket's group first. */
export function procedureChoices(app: Luudong, query: string, counter: number): Procedure[] {
  const list = searchProcedures(app.data.procedures, query, 500);
  if (query.trim() !== '') return list;
  const group = app.queueState().currentAt(counter)?.group;
  return group ? [...list.filter((p) => p.group === group), ...list.filter((p) => p.group !== group)] : list;
}

function returnChoices(p: Procedure | null): ReturnMethod[] {
  return RETURN_METHODS.filter((m) => m !== 'post' || !!p?.postalReturn);
}

const digits = /\d/;
const fail = (f: ReceiptFlow, env: FlowEnv, e: unknown): ReceiptFlow => ({ ...f, error: userMessage(env.t, e) });
const toInt = (s: string) => (s === '' ? 0 : Number(s));

function pickCitizen(f: ReceiptFlow, c: Citizen): ReceiptFlow {
  return { ...f, citizen: c, step: 'procedure', error: null, query: '', index: 0, address: c.address };
}

function pickProcedure(f: ReceiptFlow, p: Procedure): ReceiptFlow {
  return {
    ...f,
    procedure: p,
    step: 'documents',
    error: null,
    cursor: 0,
    ticked: f.procedure === p ? f.ticked : [],
    fee: String(p.feeVnd),
    payment: p.feeVnd === 0 ? 'exempt' : 'cash',
    returnMethod: 'next_visit',
  };
}

/** Whether a scanned ID card may start or fill this flow: only before a citizen is chosen. */
export function acceptsCard(f: ReceiptFlow): boolean {
  return f.step === 'citizen' || f.step === 'manual';
}

const isoToDisplay = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '');

/**
 * A scanned ID card at the citizen step (or over the manual form). One that came through the
 * keyboard wedge with no letter beyond ASCII has lost its marks on the way (a wedge types US
 * keyboard keys; Vietnamese needs HID POS or serial mode): its fields fill the manual form for the
 * operator to correct, with a warning, instead of being saved as they came.
 */
export function receiptScan(f: ReceiptFlow, scan: ScanKind, raw: string, env: FlowEnv, viaWedge: boolean): ReceiptFlow {
  if (scan.kind === 'citizenInvalid') return { ...fail(f, env, scan.error), scan: '' };
  if (scan.kind !== 'citizen') return f;
  const c = scan.citizen;
  if (viaWedge && /^[\x20-\x7e]*$/.test(c.fullName + c.address)) {
    const manual = { id: c.id, fullName: c.fullName, dob: isoToDisplay(c.dob), gender: env.t(c.gender === 'male' ? 'cit.male' : 'cit.female'), address: c.address, issueDate: isoToDisplay(c.issueDate) };
    return { ...f, step: 'manual', manualFocus: 1, scan: '', manual, error: env.t('scan.wedgeNoMarks') };
  }
  try {
    return pickCitizen({ ...f, scan: '' }, env.app.citizenFromQr(raw).citizen);
  } catch (e) {
    return { ...fail(f, env, e), scan: '' };
  }
}

export function receiptKey(f: ReceiptFlow, key: Key, env: FlowEnv): FlowResult {
  const { app } = env;
  const esc = key.name === 'escape';
  const enter = key.name === 'enter';
  switch (f.step) {
    case 'citizen': {
      if (esc) return { exit: null };
      if (key.name === 'tab' || key.name === 'f2') return { ...f, step: 'manual', manualFocus: 0, error: null, manual: { ...f.manual, id: /^\d{12}$/.test(f.scan.trim()) ? f.scan.trim() : f.manual.id } };
      if (enter) {
        const text = f.scan.trim();
        if (text === '') return f;
        try {
          if (text.includes('|')) return pickCitizen({ ...f, scan: '' }, app.citizenFromQr(text).citizen);
          if (/^\d{12}$/.test(text)) {
            const known = app.citizen(text);
            if (known) return pickCitizen({ ...f, scan: '' }, known);
            return { ...f, step: 'manual', manualFocus: 1, error: null, manual: { ...f.manual, id: text } };
          }
          throw new DomainError('err.receipt.scan', {});
        } catch (e) {
          // A bad scan is cleared so the next one starts clean; the message says why.
          return { ...fail(f, env, e), scan: '' };
        }
      }
      const v = editLine(f.scan, key);
      return v === undefined ? f : { ...f, scan: v, error: null };
    }
    case 'manual': {
      if (esc) return { ...f, step: 'citizen', error: null };
      const n = MANUAL.length;
      if (key.name === 'tab' || key.name === 'down') return { ...f, manualFocus: (f.manualFocus + 1) % n };
      if (key.name === 'backtab' || key.name === 'up') return { ...f, manualFocus: (f.manualFocus + n - 1) % n };
      if (enter) {
        if (f.manualFocus < n - 1) return { ...f, manualFocus: f.manualFocus + 1 };
        const m = f.manual;
        try {
          const r = app.citizenFromInput({ id: m.id, fullName: m.fullName, dob: m.dob, gender: m.gender, address: m.address, issueDate: m.issueDate.trim() || null });
          return pickCitizen(f, r.citizen);
        } catch (e) {
          return fail(f, env, e);
        }
      }
      const field = MANUAL[f.manualFocus] as ManualField;
      const v = editLine(f.manual[field], key);
      return v === undefined ? f : { ...f, manual: { ...f.manual, [field]: v }, error: null };
    }
    case 'procedure': {
      if (esc) return { ...f, step: 'citizen', error: null };
      const list = procedureChoices(app, f.query, env.counter);
      if (key.name === 'down') return { ...f, index: Math.min(list.length - 1, f.index + 1) };
      if (key.name === 'up') return { ...f, index: Math.max(0, f.index - 1) };
      if (key.name === 'pagedown') return { ...f, index: Math.min(list.length - 1, f.index + 8) };
      if (key.name === 'pageup') return { ...f, index: Math.max(0, f.index - 8) };
      if (enter) {
        const p = list[f.index];
        return p ? pickProcedure(f, p) : f;
      }
      const v = editLine(f.query, key);
      return v === undefined ? f : { ...f, query: v, index: 0, error: null };
    }
    case 'documents': {
      const docs = f.procedure?.documents ?? [];
      if (esc) return { ...f, step: 'procedure', error: null };
      if (key.name === 'down') return { ...f, cursor: Math.min(docs.length - 1, f.cursor + 1) };
      if (key.name === 'up') return { ...f, cursor: Math.max(0, f.cursor - 1) };
      const toggle = (i: number): ReceiptFlow => ({ ...f, error: null, ticked: f.ticked.includes(i) ? f.ticked.filter((x) => x !== i) : [...f.ticked, i].sort((a, b) => a - b) });
      if (key.name === 'space') return toggle(f.cursor);
      if (key.name === 'char' && /^[1-9]$/.test(key.text) && Number(key.text) <= docs.length) return toggle(Number(key.text) - 1);
      if (key.name === 'char' && key.text.toLowerCase() === 'a') return { ...f, error: null, ticked: docs.map((_, i) => i) };
      if (enter) {
        const missing = docs.map((d, i) => (d.mandatory && !f.ticked.includes(i) ? i + 1 : 0)).filter((x) => x > 0);
        if (missing.length) return fail(f, env, new DomainError('err.receipt.missingDocuments', { numbers: missing.join(', ') }));
        return { ...f, step: 'fee', error: null };
      }
      return f;
    }
    case 'fee': {
      if (esc) return { ...f, step: 'documents', error: null };
      const i = PAYMENT_METHODS.indexOf(f.payment);
      if (key.name === 'down') return { ...f, payment: PAYMENT_METHODS[Math.min(PAYMENT_METHODS.length - 1, i + 1)] as PaymentMethod, error: null };
      if (key.name === 'up') return { ...f, payment: PAYMENT_METHODS[Math.max(0, i - 1)] as PaymentMethod, error: null };
      if (enter) {
        if (f.payment !== 'exempt' && toInt(f.fee) === 0) return fail(f, env, new DomainError('err.receipt.zeroFee', {}));
        if (f.payment === 'bank_qr' && !app.data.office.bank) return fail(f, env, new DomainError('err.receipt.noBank', {}));
        return { ...f, step: 'return', focus: 0, error: null, postalFee: f.postalFee || String(app.data.office.postalFeeVnd) };
      }
      const v = editLine(f.fee, key, digits);
      return v === undefined || v.length > 10 ? f : { ...f, fee: v.replace(/^0+(?=\d)/, ''), error: null };
    }
    case 'return': {
      if (esc) return { ...f, step: 'fee', error: null };
      const choices = returnChoices(f.procedure);
      const post = f.returnMethod === 'post';
      if (key.name === 'tab' && post) return { ...f, focus: (f.focus + 1) % 3 };
      if (key.name === 'backtab' && post) return { ...f, focus: (f.focus + 2) % 3 };
      if (f.focus === 0) {
        const i = choices.indexOf(f.returnMethod);
        if (key.name === 'down') return { ...f, returnMethod: choices[Math.min(choices.length - 1, i + 1)] as ReturnMethod, error: null };
        if (key.name === 'up') return { ...f, returnMethod: choices[Math.max(0, i - 1)] as ReturnMethod, error: null };
      }
      if (enter) {
        if (post && f.address.trim().length < 5) return fail({ ...f, focus: 1 }, env, new DomainError('err.receipt.address', {}));
        return { ...f, step: 'confirm', error: null };
      }
      if (f.focus === 1) {
        const v = editLine(f.address, key);
        return v === undefined ? f : { ...f, address: v, error: null };
      }
      if (f.focus === 2) {
        const v = editLine(f.postalFee, key, digits);
        return v === undefined || v.length > 9 ? f : { ...f, postalFee: v, error: null };
      }
      return f;
    }
    case 'confirm': {
      if (esc) return { ...f, step: 'return', error: null };
      if (!(enter || (key.name === 'char' && key.text.toLowerCase() === 'y'))) return f;
      const { citizen, procedure } = f;
      if (!citizen || !procedure) return { ...f, step: 'citizen' };
      try {
        const d = app.dossiers.receive(
          {
            citizenId: citizen.id,
            procedure: procedureKey(procedure),
            documents: f.ticked,
            feeVnd: toInt(f.fee),
            payment: f.payment,
            returnMethod: f.returnMethod,
            postalAddress: f.returnMethod === 'post' ? f.address : null,
            postalFeeVnd: f.returnMethod === 'post' ? toInt(f.postalFee) : null,
          },
          { counter: env.counter },
        );
        return { ...f, step: 'slip', dossier: d, scroll: 0, error: null };
      } catch (e) {
        return fail(f, env, e);
      }
    }
    case 'slip': {
      const done = env.t('ok.received', { code: f.dossier?.code ?? '', due: displayDate(f.dossier?.dueDate ?? '') });
      if (esc || enter) return { exit: done };
      if (key.name === 'char' && key.text.toLowerCase() === 'i' && f.dossier) {
        const r = printSlip(env, f.dossier.code);
        return { ...f, error: r.message };
      }
      if (key.name === 'down') return { ...f, scroll: f.scroll + 1 };
      if (key.name === 'up') return { ...f, scroll: Math.max(0, f.scroll - 1) };
      if (key.name === 'pagedown') return { ...f, scroll: f.scroll + 10 };
      if (key.name === 'pageup') return { ...f, scroll: Math.max(0, f.scroll - 10) };
      return f;
    }
  }
}

export interface FlowView {
  title: string;
  lines: string[];
  footer: string;
}

const STEP_NO: Record<ReceiptStep, number> = { citizen: 1, manual: 1, procedure: 2, documents: 3, fee: 4, return: 5, confirm: 6, slip: 7 };

/** The window of `lines` that keeps line `at` visible in `height` rows. */
function windowAround<T>(lines: T[], at: number, height: number): T[] {
  if (lines.length <= height) return lines;
  const from = Math.max(0, Math.min(at - Math.floor(height / 2), lines.length - height));
  return lines.slice(from, from + height);
}

export function receiptView(f: ReceiptFlow, env: FlowEnv, width: number, height: number): FlowView {
  const { t, lang, app } = env;
  const title = t('rc.title', { step: STEP_NO[f.step], of: 7, what: t(`rc.step.${f.step}` as MessageKey) });
  const who = f.citizen ? `${f.citizen.fullName} · ${f.citizen.id}` : '';
  const err = f.error ? wrap(`! ${f.error}`, Math.max(20, width - 4), 2) : [];
  // Rows the dialog has for content: border, title, footer.
  const room = Math.max(3, height - 4);
  switch (f.step) {
    case 'citizen':
      return { title, lines: [t('rc.scanHint'), '', `> ${f.scan}_`, '', ...err], footer: t('rc.citizenKeys') };
    case 'manual': {
      const label: Record<ManualField, MessageKey> = { id: 'rc.f.id', fullName: 'rc.f.name', dob: 'rc.f.dob', gender: 'rc.f.gender', address: 'rc.f.address', issueDate: 'rc.f.issued' };
      const lines = MANUAL.map((k, i) => `${i === f.manualFocus ? '>' : ' '} ${t(label[k]).padEnd(27)} ${f.manual[k]}${i === f.manualFocus ? '_' : ''}`);
      return { title, lines: [...lines, '', ...err], footer: t('rc.manualKeys') };
    }
    case 'procedure': {
      const list = procedureChoices(app, f.query, env.counter);
      const rows = list.map((p, i) => `${i === f.index ? '>' : ' '} ${(p.code ?? '').padEnd(9)} ${p.name[lang]}`);
      const shown = windowAround(rows, f.index, room - 3 - err.length);
      return { title: `${title} – ${who}`, lines: [`${t('rc.filter')}: ${f.query}_`, ...(list.length ? shown : [t('proc.none')]), ...err], footer: t('rc.procedureKeys') };
    }
    case 'documents': {
      const p = f.procedure as Procedure;
      const form = (x: string) => t(`slip.form.${x}` as MessageKey);
      const rows = p.documents.map((d, i) => `${i === f.cursor ? '>' : ' '}[${f.ticked.includes(i) ? 'x' : ' '}] ${i + 1}. ${d.name[lang]} (${form(d.form)}, ${d.count})${d.mandatory ? ' *' : ''}`);
      return { title: `${title} – ${p.name[lang]}`, lines: [...windowAround(rows, f.cursor, room - 2 - err.length), t('proc.legend'), ...err], footer: t('rc.documentsKeys') };
    }
    case 'fee': {
      const p = f.procedure as Procedure;
      const methods = PAYMENT_METHODS.map((m) => `${m === f.payment ? '>' : ' '} ${t(`pay.${m}` as MessageKey)}`);
      const lines = [
        t('rc.catalogueFee', { fee: p.feeVnd ? fmtVnd(p.feeVnd) : t('slip.feeExempt') }),
        ...(p.feeNote ? [p.feeNote[lang]] : []),
        `${t('rc.feeCharged')}: ${f.payment === 'exempt' ? '0' : f.fee}_ đ`,
        t('rc.payHow'),
        ...methods,
        ...err,
      ];
      return { title: `${title} – ${p.name[lang]}`, lines, footer: t('rc.feeKeys') };
    }
    case 'return': {
      const choices = returnChoices(f.procedure);
      const lines = choices.map((m) => `${m === f.returnMethod ? (f.focus === 0 ? '>' : '*') : ' '} ${t(`ret.${m}` as MessageKey)}`);
      if (!f.procedure?.postalReturn) lines.push(`  (${t('err.receipt.noPostal')})`);
      if (f.returnMethod === 'post') {
        lines.push('', `${f.focus === 1 ? '>' : ' '} ${t('slip.address')}: ${f.address}${f.focus === 1 ? '_' : ''}`, `${f.focus === 2 ? '>' : ' '} ${t('rc.postage')}: ${f.postalFee}${f.focus === 2 ? '_' : ''} đ`);
      }
      return { title: `${title} – ${who}`, lines: [...lines, ...err], footer: t(f.returnMethod === 'post' ? 'rc.returnPostKeys' : 'rc.returnKeys') };
    }
    case 'confirm': {
      const p = f.procedure as Procedure;
      const now = app.now();
      let due: string;
      try {
        due = displayDate(app.dossiers.days.dueDate(localDate(now), hhmm(now), p.processingDays));
      } catch (e) {
        due = userMessage(t, e);
      }
      const ticket = app.queueState().currentAt(env.counter);
      const lines = [
        `${t('slip.citizen')}: ${who}`,
        `${t('slip.request')}: ${p.name[lang]}${p.code ? ` (${p.code})` : ''}`,
        t('rc.docsCount', { n: f.ticked.length, of: p.documents.length }),
        `${t('slip.fee')}: ${f.payment === 'exempt' ? t('slip.feeExempt') : `${fmtVnd(toInt(f.fee))} – ${t(`pay.${f.payment}` as MessageKey)}`}`,
        `${t('slip.returnAt')}: ${t(`ret.${f.returnMethod}` as MessageKey)}${f.returnMethod === 'post' ? ` – ${f.address} (${fmtVnd(toInt(f.postalFee))})` : ''}`,
        `${t('slip.dueDate')}: ${due}`,
        ...(ticket ? [`${t('slip.ticket')}: ${ticket.label}`] : []),
        '',
        ...err,
      ];
      return { title, lines, footer: t('rc.confirmKeys') };
    }
    case 'slip': {
      const d = f.dossier as Dossier;
      const trip = app.currentTrip();
      const all = slipText(slipModel(t, lang, d, app.citizen(d.citizenId) ?? undefined, app.data.office, trip), Math.max(30, width - 4));
      const max = Math.max(0, all.length - room);
      return { title: t('rc.slipTitle', { code: d.code }), lines: all.slice(Math.min(f.scroll, max), Math.min(f.scroll, max) + room), footer: t('rc.slipKeys') };
    }
  }
}
