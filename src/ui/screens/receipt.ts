// The receipt flow of the counter screen: citizen (scan or type) -> procedure -> checklist -> fee ->
// return of the result -> confirm -> slip preview. One screen with a binding table per step; the
// state is plain data (keys may arrive in a scanner burst faster than React renders), the view plain
// lines, and what records (saving the citizen, receiving the dossier, printing) comes back as writes.
import { catalogueFee, documentLine, slipModel, slipText, wrap } from '../../app/slip.js';
import { keepField, type Citizen } from '../../core/citizen.js';
import type { Dossier } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import { procedureChoices, type Procedure } from '../../core/procedures.js';
import { computeFee, type Channel } from '../../core/fees.js';
import { feeCeiling, fmtVnd, normalizeEmail, normalizePhone, PAYMENT_METHODS, procedureKey, RETURN_METHODS, visitForReceipt, type PaymentMethod, type ReturnMethod } from '../../core/receipt.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { keyLabel } from '../bindings.js';
import { fieldLine } from '../fields.js';
import { editLine, line, type EditRules, type Line } from '../keys/edit.js';
import { moveIn, scrollBy } from '../keys/list.js';
import { hangingRows, windowItems, wrapLine } from '../layout.js';
import { back, choose, LIST_KEYS_BESIDE_FIELD, pop, push, step, update, write, type Binding, type CardScan, type Effect, type Screen, type ScreenEnv, type Step, type ViewLine } from '../screen.js';
import { vietQrFrame } from './vietqr.js';
import { printSlipEffect } from './find.js';

export type ReceiptStep = 'citizen' | 'manual' | 'procedure' | 'documents' | 'fee' | 'return' | 'details' | 'confirm' | 'slip';

/** The fields of the details step: the applicant's contact, and whose record it is (birth, death). */
type DetailField = 'phone' | 'email' | 'subjectName' | 'subjectDate';
const detailFields = (p: Procedure | null): DetailField[] => (p?.subject ? ['phone', 'email', 'subjectName', 'subjectDate'] : ['phone', 'email']);

const MANUAL = ['id', 'fullName', 'dob', 'gender', 'address', 'issueDate'] as const;
type ManualField = (typeof MANUAL)[number];

export interface ReceiptFlow {
  step: ReceiptStep;
  error: string | null;
  scan: Line;
  manual: Record<ManualField, Line>;
  manualFocus: number;
  /** A card scanned into the manual form: its old ID number is not on the form, and is kept with the citizen while the number is the card's. */
  manualCard: { id: string; oldId: string | null } | null;
  citizen: Citizen | null;
  query: Line;
  index: number;
  procedure: Procedure | null;
  cursor: number;
  ticked: number[];
  fee: Line;
  /** What the catalogue's fee counts, where it does: pages of each copy, copies (or cases, contracts), how it was filed. */
  pages: Line;
  copies: Line;
  channel: Channel;
  /** On the fee step: 0 the fee, then the counts of `countFields` in order. */
  feeFocus: number;
  /** The operator confirmed charging the fee shown although it is above the catalogue's (Enter twice). */
  feeAbove: boolean;
  payment: PaymentMethod;
  returnMethod: ReturnMethod;
  address: Line;
  postalFee: Line;
  /** On the return step: 0 the method list, 1 the address, 2 the postal fee. */
  focus: number;
  /** Received although mandatory papers are missing: the reason (null: not chosen). */
  incomplete: Line | null;
  /** The exemption confirmed, by its code in the procedure's fee (exempt payment only). */
  exemption: string | null;
  details: Record<DetailField, Line>;
  detailFocus: number;
  dossier: Dossier | null;
  scroll: number;
}

export function startReceipt(): ReceiptFlow {
  return {
    step: 'citizen',
    error: null,
    scan: line(),
    manual: { id: line(), fullName: line(), dob: line(), gender: line(), address: line(), issueDate: line() },
    manualFocus: 0,
    manualCard: null,
    citizen: null,
    query: line(),
    index: 0,
    procedure: null,
    cursor: 0,
    ticked: [],
    fee: line(),
    pages: line(),
    copies: line(),
    channel: 'in_person',
    feeFocus: 0,
    feeAbove: false,
    payment: 'cash',
    returnMethod: 'next_visit',
    address: line(),
    postalFee: line(),
    focus: 0,
    incomplete: null,
    exemption: null,
    details: { phone: line(), email: line(), subjectName: line(), subjectDate: line() },
    detailFocus: 0,
    dossier: null,
    scroll: 0,
  };
}

/** Procedures matching the filter; with no filter, those of the ticket's group first. */
function choices(env: ScreenEnv, query: string): Procedure[] {
  return procedureChoices(env.app.data.procedures, query, env.queue.currentAt(env.counter)?.group);
}

/**
 * The visit a result of this procedure received now would be collected at: the first one scheduled
 * to the open trip's place on or after its due date (as the receipt itself will count it); null
 * with no trip open or no such visit in the schedule.
 */
function visitFor(p: Procedure | null, env: ScreenEnv): { date: string; start: string } | null {
  const trip = env.trip;
  if (!trip || !p) return null;
  const now = env.app.now();
  return visitForReceipt(env.app.schedule.list(), trip, env.app.dossiers.days, localDate(now), hhmm(now), p.processingDays) ?? null;
}

/**
 * The ways of return on offer: by post where the procedure allows it; at the next visit only when
 * a visit to the trip's place is scheduled on or after the due date (its date and place are what
 * the slip promises).
 */
function returnChoices(p: Procedure | null, env: ScreenEnv): ReturnMethod[] {
  return RETURN_METHODS.filter((m) => (m !== 'post' || !!p?.postalReturn) && (m !== 'next_visit' || !!visitFor(p, env)));
}

const DIGITS: EditRules = { accept: /\d/ };

/** The counts a procedure's fee is figured from (typed on the fee step). */
type CountField = 'pages' | 'copies';
function countFields(p: Procedure | null): CountField[] {
  const rule = p?.fee.rule;
  if (rule?.kind === 'pages') return ['pages', 'copies'];
  if (rule?.kind === 'fixed' && rule.per !== 'case') return ['copies'];
  return [];
}

/** The fee the catalogue's formula gives for the counts and channel typed, in the field (the sum stays when it cannot be figured). */
function refigure(f: ReceiptFlow): ReceiptFlow {
  if (!f.procedure || f.payment === 'exempt') return f;
  try {
    const n = (l: Line) => (l.text === '' ? undefined : Number(l.text));
    const vnd = computeFee(f.procedure.fee.rule, { pages: n(f.pages), copies: n(f.copies), channel: f.channel }).vnd;
    return vnd === null ? f : { ...f, fee: line(String(vnd)), feeAbove: false };
  } catch {
    return f; // a count out of range: said when the receipt is made
  }
}
/** The key that receives the dossier although mandatory papers are missing (with a reason). */
const INCOMPLETE = 'f4';
/** The key that opens the form to type the citizen in. */
const TYPE_IN = 'tab';
const fail = (f: ReceiptFlow, env: ScreenEnv, e: unknown): ReceiptFlow => ({ ...f, error: userMessage(env.t, e) });
const failed = (env: ScreenEnv, e: unknown): Effect<ReceiptFlow> => update((f) => fail(f, env, e));
const toInt = (l: Line) => (l.text === '' ? 0 : Number(l.text));

function pickCitizen(f: ReceiptFlow, c: Citizen): ReceiptFlow {
  return { ...f, citizen: c, step: 'procedure', error: null, query: line(), index: 0, address: line(c.address) };
}

function pickProcedure(f: ReceiptFlow, p: Procedure, env: ScreenEnv): ReceiptFlow {
  return {
    ...f,
    procedure: p,
    step: 'documents',
    error: null,
    cursor: 0,
    ticked: f.procedure === p ? f.ticked : [],
    fee: line(String(p.feeVnd)),
    pages: line(),
    copies: line(),
    channel: 'in_person',
    feeFocus: 0,
    feeAbove: false,
    incomplete: f.procedure === p ? f.incomplete : null,
    exemption: null,
    payment: p.feeVnd === 0 ? 'exempt' : 'cash',
    returnMethod: returnChoices(p, env)[0] ?? 'commune_office',
  };
}

/** Save the citizen of a QR's text (a write: the citizen is recorded) and go on to the procedure. */
function citizenFromQr(text: string): Effect<ReceiptFlow> {
  return write((env) => {
    try {
      const c = env.app.citizenFromQr(text).citizen;
      return [update((f) => pickCitizen({ ...f, scan: line() }, c))];
    } catch (e) {
      // A bad scan is cleared so the next one starts clean; the message says why.
      return [update((f) => ({ ...fail(f, env, e), scan: line() }))];
    }
  });
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
export function receiptCard(f: ReceiptFlow, card: CardScan, env: ScreenEnv): Step<ReceiptFlow> | null {
  if (!acceptsCard(f)) return null;
  const { scan } = card;
  if (scan.kind === 'citizenInvalid') return step({ ...fail(f, env, scan.error), scan: line() });
  if (scan.kind !== 'citizen') return null;
  const c = scan.citizen;
  if (card.viaWedge && /^[\x20-\x7e]*$/.test(c.fullName + c.address)) {
    // Known already, and the card says the same words: the stored (marked) text is the citizen; the
    // form would only offer the unmarked copy to be saved over it.
    const known = env.app.citizen(c.id);
    if (known && keepField(known.fullName, c.fullName) === known.fullName && keepField(known.address, c.address) === known.address && (!c.oldId || c.oldId === known.oldId)) {
      return step(pickCitizen({ ...f, scan: line() }, known));
    }
    const manual = { id: c.id, fullName: c.fullName, dob: isoToDisplay(c.dob), gender: env.t(c.gender === 'male' ? 'cit.male' : 'cit.female'), address: c.address, issueDate: isoToDisplay(c.issueDate) };
    const lines = Object.fromEntries(Object.entries(manual).map(([k, v]) => [k, line(v)])) as Record<ManualField, Line>;
    return step({ ...f, step: 'manual', manualFocus: 1, scan: line(), manual: lines, manualCard: { id: c.id, oldId: c.oldId }, error: env.t('scan.wedgeNoMarks') });
  }
  return step({ ...f, scan: line() }, citizenFromQr(card.raw));
}

/** A field edited by a key: the flow with it, or null when the key is not an editing key. */
function edit(f: ReceiptFlow, l: Line, key: Parameters<typeof editLine>[1], set: (f: ReceiptFlow, l: Line) => ReceiptFlow, rules?: EditRules): Step<ReceiptFlow> | null {
  const v = editLine(l, key, rules);
  return v ? step({ ...set(f, v), error: null }) : null;
}

const to =
  (stepName: ReceiptStep) =>
  (f: ReceiptFlow): Step<ReceiptFlow> =>
    step({ ...f, step: stepName, error: null });

// ---- the binding table of each step ------------------------------------------------------------

const CITIZEN: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.next',
    shown: () => 1,
    run: (f, env) => {
      const text = f.scan.text.trim();
      if (text === '') return step(f);
      if (text.includes('|')) return step(f, citizenFromQr(text));
      if (/^\d{12}$/.test(text)) {
        const known = env.app.citizen(text);
        if (known) return step(pickCitizen({ ...f, scan: line() }, known));
        return step({ ...f, step: 'manual', manualFocus: 1, error: null, manual: { ...f.manual, id: line(text) } });
      }
      // A mistyped number stays in the field, the cursor where it was, for correction.
      return step(fail(f, env, new DomainError('err.receipt.scan', { key: keyLabel(TYPE_IN) })));
    },
  },
  {
    id: 'manual',
    keys: [TYPE_IN, 'f2'],
    label: 'key.typeIn',
    shown: () => 2,
    run: (f) => {
      const typed = f.scan.text.trim();
      return step({ ...f, step: 'manual', manualFocus: 0, error: null, manual: { ...f.manual, id: /^\d{12}$/.test(typed) ? line(typed) : f.manual.id } });
    },
  },
  { id: 'back', keys: ['escape'], label: 'key.cancel', shown: () => 3, run: (f) => step(f, pop()) },
];

const MANUAL_KEYS: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.nextOrSave',
    shown: () => 1,
    run: (f) => {
      if (f.manualFocus < MANUAL.length - 1) return step({ ...f, manualFocus: f.manualFocus + 1 });
      const m = f.manual;
      return step(
        f,
        write((env) => {
          try {
            const r = env.app.citizenFromInput({ id: m.id.text, oldId: f.manualCard?.id === m.id.text.trim() ? f.manualCard.oldId : null, fullName: m.fullName.text, dob: m.dob.text, gender: m.gender.text, address: m.address.text, issueDate: m.issueDate.text.trim() || null });
            return [update((x) => pickCitizen(x, r.citizen))];
          } catch (e) {
            return [failed(env, e)];
          }
        }),
      );
    },
  },
  { id: 'field', keys: ['tab', 'down'], label: 'key.nextField', shown: () => 2, run: (f) => step({ ...f, manualFocus: (f.manualFocus + 1) % MANUAL.length }) },
  { id: 'previous', keys: ['backtab', 'up'], label: 'key.previousField', run: (f) => step({ ...f, manualFocus: (f.manualFocus + MANUAL.length - 1) % MANUAL.length }) },
  back(3, to('citizen')),
];

const PROCEDURE: readonly Binding<ReceiptFlow>[] = [
  choose((f, env) => choices(env, f.query.text).length, LIST_KEYS_BESIDE_FIELD),
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.next',
    shown: () => 2,
    run: (f, env) => {
      const p = choices(env, f.query.text)[f.index];
      return step(p ? pickProcedure(f, p, env) : f);
    },
  },
  back(3, to('citizen')),
];

const toggle = (f: ReceiptFlow, i: number): ReceiptFlow => ({ ...f, error: null, ticked: f.ticked.includes(i) ? f.ticked.filter((x) => x !== i) : [...f.ticked, i].sort((a, b) => a - b) });
const docs = (f: ReceiptFlow) => f.procedure?.documents ?? [];

const DOCUMENTS: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'tick',
    keys: ['1-9', 'space'],
    keyText: '1–9/Space',
    label: 'key.tick',
    shown: () => 1,
    run: (f, _env, key) => {
      if (key.name === 'space') return step(toggle(f, f.cursor));
      const n = Number(key.text);
      return step(n <= docs(f).length ? toggle(f, n - 1) : f);
    },
  },
  { id: 'all', keys: ['a'], label: 'key.all', shown: () => 2, run: (f) => step({ ...f, error: null, ticked: docs(f).map((_, i) => i) }) },
  { id: 'move', keys: ['up', 'down'], keyText: '↑/↓', label: 'key.choose', run: (f, _env, key) => step({ ...f, cursor: moveIn(f.cursor, docs(f).length, key) ?? f.cursor }) },
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.next',
    shown: () => 3,
    run: (f, env) => {
      const missing = docs(f)
        .map((d, i) => (d.mandatory && !f.ticked.includes(i) ? i + 1 : 0))
        .filter((x) => x > 0);
      if (missing.length && !f.incomplete) return step({ ...fail(f, env, new DomainError('err.receipt.missingDocuments', { numbers: missing.join(', ') })), error: `${userMessage(env.t, new DomainError('err.receipt.missingDocuments', { numbers: missing.join(', ') }))} ${env.t('rc.incompleteHint', { key: keyLabel(INCOMPLETE) })}` });
      if (f.incomplete && !missing.length) return step({ ...f, incomplete: null, step: 'fee', error: null });
      if (f.incomplete && [...f.incomplete.text.trim()].length < 3) return step(fail(f, env, new DomainError('err.receipt.incompleteReason', {})));
      return step({ ...f, step: 'fee', error: null });
    },
  },
  {
    id: 'incomplete',
    keys: [INCOMPLETE],
    label: 'key.incomplete',
    shown: (f) => (f.incomplete ? false : 5),
    run: (f) => step({ ...f, incomplete: f.incomplete ?? line(''), error: null }),
  },
  back(4, (f) => (f.incomplete ? step({ ...f, incomplete: null, error: null }) : to('procedure')(f))),
];

const FEE: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'payment',
    keys: ['up', 'down'],
    keyText: '↑/↓',
    label: 'key.payment',
    shown: () => 1,
    run: (f, _env, key) => {
      const i = PAYMENT_METHODS.indexOf(f.payment);
      const payment = PAYMENT_METHODS[moveIn(i, PAYMENT_METHODS.length, key) ?? i] as PaymentMethod;
      // Leaving "exempt" for a way to pay: the fee the field holds, else the catalogue's (never a blank or stale sum).
      const fee = f.payment === 'exempt' && payment !== 'exempt' && toInt(f.fee) === 0 && f.procedure ? line(String(f.procedure.feeVnd)) : f.fee;
      return step({ ...f, payment, fee, error: null });
    },
  },
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.next',
    shown: () => 2,
    run: (f, env) => {
      if (f.payment !== 'exempt' && toInt(f.fee) === 0) return step(fail(f, env, new DomainError('err.receipt.zeroFee', {})));
      if (f.payment === 'bank_qr' && !env.app.offices.ofTrip(env.trip).bank) return step(fail(f, env, new DomainError('err.receipt.noBank', {})));
      // Above what the catalogue allows: said, and taken only with a second Enter on the same sum.
      const ceiling = f.procedure && f.payment !== 'exempt' ? feeCeiling(f.procedure, env.app.offices.ofTrip(env.trip)) : null;
      if (ceiling !== null && toInt(f.fee) > ceiling && !f.feeAbove) return step({ ...f, feeAbove: true, error: env.t('rc.feeAbove', { fee: fmtVnd(toInt(f.fee)), max: fmtVnd(ceiling), key: keyLabel('enter') }) });
      return step({ ...f, step: 'return', focus: 0, error: null, postalFee: f.postalFee.text ? f.postalFee : line(String(env.app.offices.ofTrip(env.trip).postalFeeVnd)) });
    },
  },
  {
    id: 'field',
    keys: ['tab', 'backtab'],
    label: 'key.nextField',
    shown: (f) => (countFields(f.procedure).length ? 3 : false),
    run: (f, _env, key) => {
      const n = countFields(f.procedure).length + 1;
      return step({ ...f, feeFocus: (f.feeFocus + (key.name === 'tab' ? 1 : n - 1)) % n });
    },
  },
  {
    id: 'channel',
    keys: ['o'],
    label: 'key.channel',
    shown: (f) => (f.procedure?.fee.rule.kind === 'channel' ? 4 : false),
    run: (f) => (f.procedure?.fee.rule.kind === 'channel' ? step(refigure({ ...f, channel: f.channel === 'online' ? 'in_person' : 'online', error: null })) : step(f)),
  },
  back(5, to('documents')),
];

const RETURN: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'choose',
    keys: ['up', 'down'],
    keyText: '↑/↓',
    label: 'key.returnHow',
    shown: (f) => (f.focus === 0 ? 1 : false),
    run: (f, env, key) => {
      if (f.focus !== 0) return step(f);
      const list = returnChoices(f.procedure, env);
      const i = list.indexOf(f.returnMethod);
      return step({ ...f, returnMethod: list[moveIn(i, list.length, key) ?? i] as ReturnMethod, error: null });
    },
  },
  {
    id: 'field',
    keys: ['tab', 'backtab'],
    label: 'key.editPost',
    shown: (f) => (f.returnMethod === 'post' ? 2 : false),
    run: (f, _env, key) => (f.returnMethod === 'post' ? step({ ...f, focus: (f.focus + (key.name === 'tab' ? 1 : 2)) % 3 }) : step(f)),
  },
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.next',
    shown: () => 3,
    run: (f, env) => {
      if (f.returnMethod === 'post' && f.address.text.trim().length < 5) return step(fail({ ...f, focus: 1 }, env, new DomainError('err.receipt.address', {})));
      return step({ ...f, step: 'details', detailFocus: 0, error: null });
    },
  },
  back(4, to('fee')),
];

const CONFIRM: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'receive',
    keys: ['enter', 'y'],
    label: 'key.receiveIt',
    shown: () => 1,
    run: (f) => {
      const { citizen, procedure } = f;
      if (!citizen || !procedure) return step({ ...f, step: 'citizen' });
      const input = {
        citizenId: citizen.id,
        procedure: procedureKey(procedure),
        documents: f.ticked,
        feeVnd: toInt(f.fee),
        payment: f.payment,
        returnMethod: f.returnMethod,
        postalAddress: f.returnMethod === 'post' ? f.address.text : null,
        postalFeeVnd: f.returnMethod === 'post' ? toInt(f.postalFee) : null,
        ...(countFields(procedure).includes('pages') && f.pages.text ? { pages: Number(f.pages.text) } : {}),
        ...(countFields(procedure).includes('copies') && f.copies.text ? { copies: Number(f.copies.text) } : {}),
        ...(procedure.fee.rule.kind === 'channel' ? { channel: f.channel } : {}),
        phone: f.details.phone.text.trim() || null,
        email: f.details.email.text.trim() || null,
        exemption: f.payment === 'exempt' ? f.exemption : null,
        subject: f.procedure?.subject && f.details.subjectName.text.trim() ? { name: f.details.subjectName.text, date: f.details.subjectDate.text } : null,
        incomplete: f.incomplete ? { reason: f.incomplete.text } : null,
      };
      return step(
        f,
        write((env) => {
          try {
            const d = env.app.dossiers.receive(input, { counter: env.counter });
            return [update((x) => ({ ...x, step: 'slip', dossier: d, scroll: 0, error: null }))];
          } catch (e) {
            return [failed(env, e)];
          }
        }),
      );
    },
  },
  back(2, to('details')),
];

const SLIP: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'done',
    keys: ['enter', 'escape'],
    label: 'key.done',
    shown: () => 1,
    run: (f, env) => step(f, pop(), { kind: 'status', status: { kind: 'ok', text: env.t('ok.received', { code: f.dossier?.code ?? '', due: displayDate(f.dossier?.dueDate ?? '') }) } }),
  },
  {
    id: 'print',
    keys: ['i'],
    label: 'key.print',
    shown: () => 2,
    run: (f) => (f.dossier ? step(f, printSlipEffect<ReceiptFlow>(f.dossier.code, (message) => update((x) => ({ ...x, error: message })))) : step(f)),
  },
  // Paid by bank transfer: the citizen scans the VietQR off the screen now, while still at the counter.
  {
    id: 'vietqr',
    keys: ['q'],
    label: 'key.vietqr',
    shown: (f) => (f.dossier?.vietqr ? 0.5 : false),
    disabled: (f, env) => (f.dossier?.vietqr ? null : env.t('qr.none', { code: f.dossier?.code ?? '' })),
    run: (f) => (f.dossier ? step(f, push(vietQrFrame(f.dossier))) : step(f)),
  },
  {
    id: 'scroll',
    keys: ['up', 'down', 'pageup', 'pagedown'],
    keyText: '↑/↓',
    label: 'key.scroll',
    shown: () => 3,
    run: (f, _env, key) => step({ ...f, scroll: scrollBy(f.scroll, key, 10) }),
  },
];

/** While the reason of an incomplete dossier is typed, letters and digits go to it: only Enter and Esc act. */
const DOCUMENTS_REASON: readonly Binding<ReceiptFlow>[] = DOCUMENTS.filter((b) => b.id === 'next' || b.id === 'back');

const DETAILS: readonly Binding<ReceiptFlow>[] = [
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.next',
    shown: () => 1,
    // Enter goes on from any field (all are optional: one key more than before for a receipt); Tab moves between them
    run: (f, env) => {
      const d = f.details;
      // said here, where they are typed (the receipt checks them again)
      if (d.phone.text.trim() && !normalizePhone(d.phone.text)) return step(fail({ ...f, detailFocus: 0 }, env, new DomainError('err.receipt.phone', { value: d.phone.text })));
      if (d.email.text.trim() && !normalizeEmail(d.email.text)) return step(fail({ ...f, detailFocus: 1 }, env, new DomainError('err.receipt.email', { value: d.email.text })));
      if (f.procedure?.subject && (d.subjectName.text.trim() === '') !== (d.subjectDate.text.trim() === '')) return step(fail(f, env, new DomainError('err.receipt.subjectBoth', {})));
      return step({ ...f, step: 'confirm', error: null });
    },
  },
  { id: 'field', keys: ['tab', 'down'], label: 'key.nextField', shown: () => 2, run: (f) => step({ ...f, detailFocus: (f.detailFocus + 1) % detailFields(f.procedure).length }) },
  { id: 'previous', keys: ['backtab', 'up'], label: 'key.previousField', run: (f) => { const n = detailFields(f.procedure).length; return step({ ...f, detailFocus: (f.detailFocus + n - 1) % n }); } },
  back(3, to('return')),
];

/** Exempt, with the procedure's exemptions: ←/→ chooses the one confirmed (or none: no fee in the catalogue's sense). */
const EXEMPTION: Binding<ReceiptFlow> = {
  id: 'exemption',
  keys: ['left', 'right'],
  keyText: '←/→',
  label: 'key.exemption',
  shown: (f) => (f.payment === 'exempt' && f.procedure?.fee.exemptions.length ? 3 : false),
  run: (f, _env, key) => {
    const codes = [null, ...(f.procedure?.fee.exemptions.map((e) => e.code) ?? [])];
    if (f.payment !== 'exempt' || codes.length < 2) return step(f);
    const i = codes.indexOf(f.exemption);
    const next = codes[(i + (key.name === 'right' ? 1 : codes.length - 1)) % codes.length] ?? null;
    return step({ ...f, exemption: next, error: null });
  },
};

const TABLES: Record<ReceiptStep, readonly Binding<ReceiptFlow>[]> = {
  citizen: CITIZEN,
  manual: MANUAL_KEYS,
  procedure: PROCEDURE,
  documents: DOCUMENTS,
  fee: FEE,
  return: RETURN,
  details: DETAILS,
  confirm: CONFIRM,
  slip: SLIP,
};

/** Typing into the field the step has in focus. */
function typeIn(f: ReceiptFlow, key: Parameters<typeof editLine>[1], env: ScreenEnv): Step<ReceiptFlow> | null {
  switch (f.step) {
    case 'citizen':
      return edit(f, f.scan, key, (x, scan) => ({ ...x, scan }));
    case 'manual': {
      const field = MANUAL[f.manualFocus] as ManualField;
      return edit(f, f.manual[field], key, (x, v) => ({ ...x, manual: { ...x.manual, [field]: v } }));
    }
    case 'procedure':
      return edit(f, f.query, key, (x, query) => ({ ...x, query, index: 0 }));
    case 'fee':
      // Exempt is 0: digits typed then would be kept out of sight; they are refused, with the reason.
      if (f.feeFocus > 0) {
        const field = countFields(f.procedure)[f.feeFocus - 1] as CountField;
        const v = editLine(f[field], key, { ...DIGITS, max: 5 });
        return v ? step(refigure({ ...f, [field]: v, error: null })) : null;
      }
      if (f.payment === 'exempt') return key.name === 'char' && /^\d+$/.test(key.text) ? step({ ...f, error: env.t('rc.exemptNoDigits', { keys: '↑/↓' }) }) : null;
      return edit(
        f,
        f.fee,
        key,
        (x, v) => {
          // no leading zeros: "0" then "5" is 5
          const zeros = /^0+(?=\d)/.exec(v.text)?.[0].length ?? 0;
          return { ...x, feeAbove: false, fee: zeros ? { text: v.text.slice(zeros), at: Math.max(0, v.at - zeros) } : v };
        },
        // at most 999.999.999 đ (the receipt refuses more)
        { ...DIGITS, max: 9 },
      );
    case 'documents':
      return f.incomplete ? edit(f, f.incomplete, key, (x, incomplete) => ({ ...x, incomplete }), { max: 300 }) : null;
    case 'details': {
      const field = detailFields(f.procedure)[f.detailFocus] as DetailField;
      return edit(f, f.details[field], key, (x, v) => ({ ...x, details: { ...x.details, [field]: v } }), { max: field === 'email' ? 254 : 100 });
    }
    case 'return':
      if (f.focus === 1) return edit(f, f.address, key, (x, address) => ({ ...x, address }));
      if (f.focus === 2) return edit(f, f.postalFee, key, (x, postalFee) => ({ ...x, postalFee }), { ...DIGITS, max: 9 });
      return null;
    default:
      return null;
  }
}

export const receiptScreen: Screen<ReceiptFlow> = {
  id: 'receipt',
  bindings: (f) => (f.step === 'documents' && f.incomplete ? DOCUMENTS_REASON : f.step === 'fee' && f.payment === 'exempt' && f.procedure?.fee.exemptions.length ? [...FEE, EXEMPTION] : TABLES[f.step]),
  edits: (f) => ['citizen', 'manual', 'procedure', 'fee', 'details'].includes(f.step) || (f.step === 'return' && f.focus > 0) || (f.step === 'documents' && !!f.incomplete),
  other: (f, env, key) => typeIn(f, key, env),
  // A scan may open what it is for only while nothing has been typed yet.
  scans: (f) => (f.step === 'citizen' && f.scan.text === '' ? 'idle' : 'busy'),
  takeCard: receiptCard,
  view: (f, env, size) => ({ frame: 'box', ...fitTitle(receiptView(f, env, size.width, size.height), size.width), width: size.width, height: size.height }),
};

// ---- the view ----------------------------------------------------------------------------------

/**
 * A title too wide for the box's top line (the step and the citizen's name and number) is never cut:
 * its last part (after " – ") goes to the first line of the body instead.
 */
function fitTitle(v: FlowView, width: number): FlowView {
  if ([...v.title].length <= width - 4) return v;
  const i = v.title.lastIndexOf(' – ');
  return i > 0 ? { title: v.title.slice(0, i), lines: [{ text: v.title.slice(i + 3), bold: true }, ...v.lines] } : v;
}

export interface FlowView {
  title: string;
  lines: ViewLine[];
}

const STEP_NO: Record<ReceiptStep, number> = { citizen: 1, manual: 1, procedure: 2, documents: 3, fee: 4, return: 5, details: 6, confirm: 7, slip: 8 };

export function receiptView(f: ReceiptFlow, env: ScreenEnv, width: number, height: number): FlowView {
  const { t, lang, app } = env;
  const title = t('rc.title', { step: STEP_NO[f.step], of: 8, what: t(`rc.step.${f.step}` as MessageKey) });
  const who = f.citizen ? `${f.citizen.fullName} · ${f.citizen.id}` : '';
  const err = f.error ? wrap(`! ${f.error}`, Math.max(20, width - 4), 2) : [];
  // Rows the dialog has for content: border, title, foot (a long title wraps: see Dialog).
  const room = Math.max(3, height - 4);
  const inner = Math.max(20, width - 4);
  const roomUnder = (head: string) => Math.max(3, height - 3 - wrapLine(head, inner).length);
  switch (f.step) {
    case 'citizen':
      return { title, lines: [t('rc.scanHint'), '', fieldLine('> ', f.scan, true), '', ...err] };
    case 'manual': {
      const label: Record<ManualField, MessageKey> = { id: 'rc.f.id', fullName: 'rc.f.name', dob: 'rc.f.dob', gender: 'rc.f.gender', address: 'rc.f.address', issueDate: 'rc.f.issued' };
      const lines = MANUAL.map((k, i) => fieldLine(`${i === f.manualFocus ? '>' : ' '} ${t(label[k]).padEnd(27)} `, f.manual[k], i === f.manualFocus));
      return { title, lines: [...lines, '', ...err] };
    }
    case 'procedure': {
      const list = choices(env, f.query.text);
      const head = `${title} – ${who}`;
      // a long name wraps under itself, and the window keeps whole names in view: none is cut
      const items = list.map((p, i) => hangingRows(`${i === f.index ? '>' : ' '} ${(p.code ?? '').padEnd(9)} `, p.name[lang], inner));
      const shown = windowItems(items, f.index, roomUnder(head) - 1 - err.length);
      return { title: head, lines: [fieldLine(`${t('rc.filter')}: `, f.query, true), ...(list.length ? shown : [t('proc.none')]), ...err] };
    }
    case 'documents': {
      const p = f.procedure as Procedure;
      const form = (x: string) => t(`slip.form.${x}` as MessageKey);
      const head = `${title} – ${p.name[lang]}`;
      // the same line as the slip prints ("1. … (bản chính, 01 bản)"), wrapped under the name, the mark kept
      const items = p.documents.map((d, i) => {
        const text = `${documentLine(t, lang, i + 1, d.name, form(d.form), d.count)}${d.mandatory ? ' *' : ''}`;
        const no = /^\S+ /.exec(text)?.[0] ?? '';
        return hangingRows(`${i === f.cursor ? '>' : ' '}[${f.ticked.includes(i) ? 'x' : ' '}] ${no}`, text.slice(no.length), inner);
      });
      const reason = f.incomplete ? [fieldLine(`${t('rc.incompleteReason')}: `, f.incomplete, true)] : [];
      return { title: head, lines: [...windowItems(items, f.cursor, roomUnder(head) - 1 - reason.length - err.length), t('proc.legend'), ...reason, ...err] };
    }
    case 'fee': {
      const p = f.procedure as Procedure;
      const methods = PAYMENT_METHODS.map((m) => `${m === f.payment ? '>' : ' '} ${t(`pay.${m}` as MessageKey)}`);
      const lines: ViewLine[] = [
        t('rc.catalogueFee', { fee: catalogueFee(t, p) }),
        ...(p.feeNote ? [p.feeNote[lang]] : []),
        ...countFields(p).map((k, i) => fieldLine(`${f.feeFocus === i + 1 ? '>' : ' '} ${t(k === 'pages' ? 'rc.pages' : 'rc.copies')}: `, f[k], f.feeFocus === i + 1)),
        ...(p.fee.rule.kind === 'channel' ? [`  ${t('rc.channel')}: ${t(f.channel === 'online' ? 'rc.channel.online' : 'rc.channel.inPerson')}`] : []),
        // what the field holds, always: exempt shows 0 and takes no digits
        f.payment === 'exempt' ? `${t('rc.feeChargedExempt')}: 0 đ` : fieldLine(`${t('rc.feeCharged')}: `, f.fee, f.feeFocus === 0, ' đ'),
        t('rc.payHow'),
        ...methods,
        ...(f.payment === 'exempt' && p.fee.exemptions.length ? [`${t('rc.exemption')}: ${f.exemption ? (p.fee.exemptions.find((e) => e.code === f.exemption)?.name[lang] ?? f.exemption) : t('rc.exemptionNone')}`] : []),
        ...err,
      ];
      return { title: `${title} – ${p.name[lang]}`, lines };
    }
    case 'return': {
      const list = returnChoices(f.procedure, env);
      const visit = visitFor(f.procedure, env);
      const lines: ViewLine[] = list.map((m) => `${m === f.returnMethod ? (f.focus === 0 ? '>' : '*') : ' '} ${t(`ret.${m}` as MessageKey)}${m === 'next_visit' && visit ? ` – ${displayDate(visit.date)} ${visit.start}` : ''}`);
      // why the next visit is not on offer: no trip open, or nothing scheduled there from the due date
      if (env.trip && !visit && f.procedure) {
        const now = app.now();
        const due = app.dossiers.days.dueDate(localDate(now), hhmm(now), f.procedure.processingDays);
        lines.push(...wrap(`  (${t('rc.noVisit', { place: env.trip.place, date: displayDate(due) })})`, Math.max(20, width - 4), 2));
      }
      if (!f.procedure?.postalReturn) lines.push(`  (${t('err.receipt.noPostal')})`);
      if (f.returnMethod === 'post') {
        lines.push('', fieldLine(`${f.focus === 1 ? '>' : ' '} ${t('slip.address')}: `, f.address, f.focus === 1), fieldLine(`${f.focus === 2 ? '>' : ' '} ${t('rc.postage')}: `, f.postalFee, f.focus === 2, ' đ'));
      }
      return { title: `${title} – ${who}`, lines: [...lines, ...err] };
    }
    case 'details': {
      const label: Record<DetailField, MessageKey> = { phone: 'rc.f.phone', email: 'rc.f.email', subjectName: f.procedure?.subject === 'death' ? 'rc.f.deceasedName' : 'rc.f.childName', subjectDate: f.procedure?.subject === 'death' ? 'rc.f.deathDate' : 'rc.f.birthDate' };
      const lines = detailFields(f.procedure).map((k, i) => fieldLine(`${i === f.detailFocus ? '>' : ' '} ${t(label[k]).padEnd(22)} `, f.details[k], i === f.detailFocus));
      return { title: `${title} – ${who}`, lines: [...wrap(t('rc.detailsHint'), Math.max(20, width - 4), 2), '', ...lines, '', ...err] };
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
      const ticket = env.queue.currentAt(env.counter);
      const lines = [
        `${t('slip.citizen')}: ${who}`,
        `${t('slip.request')}: ${p.name[lang]}${p.code ? ` (${p.code})` : ''}`,
        t('rc.docsCount', { n: f.ticked.length, of: p.documents.length }),
        `${t('slip.fee')}: ${f.payment === 'exempt' ? t('slip.feeExempt') : `${fmtVnd(toInt(f.fee))} – ${t(`pay.${f.payment}` as MessageKey)}`}`,
        `${t('slip.returnAt')}: ${t(`ret.${f.returnMethod}` as MessageKey)}${f.returnMethod === 'post' ? ` – ${f.address.text} (${fmtVnd(toInt(f.postalFee))})` : ''}`,
        `${t('slip.dueDate')}: ${due}`,
        ...(f.details.phone.text.trim() || f.details.email.text.trim() ? [`${t('rc.contact')}: ${[f.details.phone.text.trim(), f.details.email.text.trim()].filter(Boolean).join(' · ')}`] : []),
        ...(f.procedure?.subject && f.details.subjectName.text.trim() ? [`${t(f.procedure.subject === 'death' ? 'rc.f.deceasedName' : 'rc.f.childName')}: ${f.details.subjectName.text.trim()} (${f.details.subjectDate.text.trim()})`] : []),
        ...(f.incomplete ? [`${t('rc.incompleteReason')}: ${f.incomplete.text.trim()}`] : []),
        ...(ticket ? [`${t('slip.ticket')}: ${ticket.label}`] : []),
        '',
        ...err,
      ];
      return { title, lines };
    }
    case 'slip': {
      const d = f.dossier as Dossier;
      const trip = env.trip;
      const all = slipText(slipModel(t, lang, d, app.citizen(d.citizenId) ?? undefined, app.offices.ofDossier(d, trip), trip), Math.max(30, width - 4));
      const max = Math.max(0, all.length - room);
      return { title: t('rc.slipTitle', { code: d.code }), lines: [...all.slice(Math.min(f.scroll, max), Math.min(f.scroll, max) + room), ...err] };
    }
  }
}
