// Fees paid by bank transfer, on the screen: a transfer is awaited until the operator sees the money
// on the office's account and confirms it (CounterApp.dossiers.confirmPayment: a record that stays,
// so it asks first). The key is T on an opened dossier, and on the list of the trip's transfers
// still awaited that K shows before the trip closes.
import { BANK_REF_MAX, checkBankRef, paymentState, type Dossier } from '../../core/dossier.js';
import { wrap } from '../../core/print/layout.js';
import { fieldLine } from '../fields.js';
import { editLine, line, type Line } from '../keys/edit.js';
import { fmtVnd } from '../../core/receipt.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { keyLabel } from '../bindings.js';
import { windowStart } from '../keys/list.js';
import { back, choose, frame, pop, push, replace, step, update, write, type Binding, type Effect, type Frame, type Screen, type ScreenEnv, type ViewLine } from '../screen.js';
import { closeTripQuestion } from './closeTrip.js';
import { vietQrFrame } from './vietqr.js';

/** Why a dossier's payment cannot be confirmed now (said when T is pressed), or null: a transfer awaited. */
export function whyNotAwaiting(env: ScreenEnv, d: Dossier): string | null {
  const { t } = env;
  if (d.payment !== 'bank_qr' || d.feeVnd === 0) return t('err.payment.notTransfer', { code: d.code, payment: t(`pay.${d.payment}` as MessageKey) });
  if (d.paidAt !== null) return t('err.payment.already', { code: d.code });
  if (d.state === 'cancelled') return t('err.payment.cancelled', { code: d.code });
  return null;
}

/** The fee and where it stands, for the opened dossier (nothing when no fee is due). */
export function paymentLine(env: ScreenEnv, d: Dossier): string[] {
  const { t } = env;
  if (d.feeVnd === 0 || d.payment === 'exempt') return [];
  const how = t(`pay.${d.payment}` as MessageKey);
  const state = paymentState(d);
  if (d.payment !== 'bank_qr') return [t('fd.fee', { fee: fmtVnd(d.feeVnd), how })];
  if (state === 'awaiting') return [t('fd.feeAwaiting', { fee: fmtVnd(d.feeVnd), how })];
  const at = d.paidAt as number;
  return [t('fd.feeConfirmed', { fee: fmtVnd(d.feeVnd), how, at: `${displayDate(localDate(at))} ${hhmm(at)}` }), ...(d.paidRef ? [t('fd.feeRef', { ref: d.paidRef })] : [])];
}

/** What the payment question closes with when confirmed: the dossier, and the bank's reference typed (or null). */
export interface PaidAnswer {
  paid: string;
  ref: string | null;
}

export const isPaidAnswer = (r: unknown): r is PaidAnswer => typeof r === 'object' && r !== null && typeof (r as PaidAnswer).paid === 'string';

export interface PaidState {
  code: string;
  name: string;
  feeVnd: number;
  /** The transaction reference the citizen's banking app shows (optional). */
  ref: Line;
  error: string | null;
}

const CONFIRM = 'enter';
const BACK = 'escape';

const paidBindings: readonly Binding<PaidState>[] = [
  {
    id: 'confirm',
    keys: [CONFIRM],
    label: 'key.paid',
    shown: () => 1,
    run: (s, env) => {
      try {
        return step(s, pop({ paid: s.code, ref: checkBankRef(s.ref.text) } satisfies PaidAnswer));
      } catch (e) {
        // refused as typed: the field stays for correction
        return step({ ...s, error: userMessage(env.t, e) });
      }
    },
  },
  { id: 'back', keys: [BACK], label: 'key.back', shown: () => 2, run: (s) => step(s, pop()) },
];

/**
 * Before a transfer is recorded as received (a record that stays): the question names the dossier,
 * the citizen and the sum, and takes the transaction reference the citizen's banking app shows
 * (optional; kept with the payment, shown with the dossier and in the trip's money figures).
 */
export const paidScreen: Screen<PaidState> = {
  id: 'paid',
  bindings: paidBindings,
  edits: () => true,
  other: (s, _env, key) => {
    const v = editLine(s.ref, key, { max: BANK_REF_MAX });
    return v ? step({ ...s, ref: v, error: null }) : null;
  },
  scans: () => 'busy',
  view: (s, env, size) => {
    const { t } = env;
    const width = Math.min(size.width, 76);
    const inner = width - 4;
    const lines: ViewLine[] = [
      ...wrap(t('fd.paidConfirm', { code: s.code, name: s.name, fee: fmtVnd(s.feeVnd), yes: keyLabel(CONFIRM), no: keyLabel(BACK) }), inner),
      '',
      fieldLine(`${t('fd.paidRef')}: `, s.ref, true),
      ...wrap(t('fd.paidRefHint'), inner).map((l): ViewLine => ({ text: l, dim: true })),
      ...(s.error ? wrap(`! ${s.error}`, inner).map((l): ViewLine => ({ text: l, color: 'red' })) : []),
    ];
    return { frame: 'box', title: t('key.paid'), lines, width, height: Math.min(size.height, lines.length + 4) };
  },
};

/** The question before the transfer of `d` is recorded as received. */
export function paidQuestion(d: Dossier): Frame<PaidState> {
  return frame(paidScreen, { code: d.code, name: d.citizenName, feeVnd: d.feeVnd, ref: line(''), error: null });
}

/** Confirm the payment; `show` puts the dossier as it is now (null on a refusal) and the message on the screen. */
export function payWrite<S>(answer: PaidAnswer, show: (d: Dossier | null, message: string, error: boolean) => Effect<S>): Effect<S> {
  return write<S>((env) => {
    try {
      const d = env.app.dossiers.confirmPayment(answer.paid, answer.ref);
      return [show(d, env.t(d.paidRef ? 'ok.paidRef' : 'ok.paid', { code: d.code, fee: fmtVnd(d.feeVnd), ref: d.paidRef ?? '' }), false)];
    } catch (e) {
      return [show(null, userMessage(env.t, e), true)];
    }
  });
}

/** The open trip's dossiers whose transfer is still awaited, in the order received. */
export function awaitedOf(env: ScreenEnv): Dossier[] {
  const trip = env.trip;
  if (!trip) return [];
  return env.app.dossiers.byTrip(trip.id).filter((d) => paymentState(d) === 'awaiting' && d.state !== 'cancelled');
}

export interface AwaitedState {
  index: number;
  message: string | null;
  error: boolean;
}

const chosen = (s: AwaitedState, env: ScreenEnv): Dossier | undefined => awaitedOf(env)[s.index];
const CLOSE_KEY = 'K';

const bindings: readonly Binding<AwaitedState>[] = [
  {
    id: 'paid',
    keys: ['t'],
    label: 'key.paid',
    shown: () => 1,
    disabled: (s, env) => (chosen(s, env) ? null : env.t('pay.noneAwaited')),
    run: (s, env) => step({ ...s, message: null }, push(paidQuestion(chosen(s, env) as Dossier))),
  },
  {
    id: 'vietqr',
    keys: ['q'],
    label: 'key.vietqr',
    shown: () => 2,
    disabled: (s, env) => (chosen(s, env)?.vietqr ? null : env.t('pay.noneAwaited')),
    run: (s, env) => step(s, push(vietQrFrame(chosen(s, env) as Dossier))),
  },
  choose((_s, env) => awaitedOf(env).length),
  // the trip closes with these still awaited: the question comes in this screen's place
  { id: 'closeTrip', keys: [CLOSE_KEY], label: 'key.closeTrip', shown: () => 3, run: (s) => step(s, replace(closeTripQuestion())) },
  back(4),
];

export const awaitedScreen: Screen<AwaitedState> = {
  id: 'awaited',
  bindings,
  resume: (s, result, env) => {
    if (!isPaidAnswer(result)) return step(s);
    return step(s, payWrite(result, (_d, message, error) => update<AwaitedState>((x) => ({ ...x, index: error ? x.index : Math.max(0, Math.min(x.index, awaitedOf(env).length - 2)), message, error }))));
  },
  view: (s, env, size) => {
    const { t } = env;
    const list = awaitedOf(env);
    const sum = list.reduce((n, d) => n + d.feeVnd, 0);
    const head: ViewLine[] = [t('pay.awaitedHint', { n: list.length, sum: fmtVnd(sum), paid: keyLabel('t'), close: keyLabel(CLOSE_KEY) })];
    const msg: ViewLine[] = s.message ? [{ text: `${s.error ? '! ' : ''}${s.message}`, color: s.error ? 'red' : 'green' }] : [];
    const room = Math.max(1, size.height - 4 - head.length - 2 - msg.length);
    const from = windowStart(s.index, list.length, room);
    const rows = list.slice(from, from + room).map((d, i): ViewLine => {
      const me = from + i === s.index;
      return { text: `${me ? '>' : ' '} ${d.code.slice(-11)} ${fmtVnd(d.feeVnd).padStart(11)}  ${d.citizenName}`, bold: me };
    });
    return { frame: 'box', title: t('pay.awaitedTitle', { n: list.length }), lines: [...head, '', ...(rows.length ? rows : [t('pay.noneAwaited')]), ...(msg.length ? ['', ...msg] : [])], width: size.width, height: size.height };
  },
};

export const awaitedFrame = (): Frame<AwaitedState> => frame(awaitedScreen, { index: 0, message: null, error: false });
