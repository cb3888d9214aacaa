// Fees paid by bank transfer, on the screen: a transfer is awaited until the operator sees the money
// on the office's account and confirms it (CounterApp.dossiers.confirmPayment: a record that stays,
// so it asks first). The key is T on an opened dossier, and on the list of the trip's transfers
// still awaited that K shows before the trip closes.
import { paymentState, type Dossier } from '../../core/dossier.js';
import { fmtVnd } from '../../core/receipt.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { keyLabel } from '../bindings.js';
import { windowStart } from '../keys/list.js';
import { back, choose, frame, push, replace, step, update, write, type Binding, type Effect, type Frame, type Screen, type ScreenEnv, type ViewLine } from '../screen.js';
import { closeTripQuestion } from './closeTrip.js';
import { confirmFrame, type ConfirmState } from './confirm.js';
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
  return [t('fd.feeConfirmed', { fee: fmtVnd(d.feeVnd), how, at: `${displayDate(localDate(at))} ${hhmm(at)}` })];
}

/** What the payment question closes with on Y. */
export interface PaidAnswer {
  paid: string;
}

export const isPaidAnswer = (r: unknown): r is PaidAnswer => typeof r === 'object' && r !== null && typeof (r as PaidAnswer).paid === 'string';

/** Y confirms the transfer of `d` as received: the question names the dossier, the citizen and the sum. */
export function paidQuestion(d: Dossier): Frame<ConfirmState> {
  return confirmFrame({
    title: 'key.paid',
    text: (env, keys) => env.t('fd.paidConfirm', { code: d.code, name: d.citizenName, fee: fmtVnd(d.feeVnd), ...keys }),
    yes: [],
    result: { paid: d.code } satisfies PaidAnswer,
  });
}

/** Confirm the payment; `show` puts the dossier as it is now (null on a refusal) and the message on the screen. */
export function payWrite<S>(code: string, show: (d: Dossier | null, message: string, error: boolean) => Effect<S>): Effect<S> {
  return write<S>((env) => {
    try {
      const d = env.app.dossiers.confirmPayment(code);
      return [show(d, env.t('ok.paid', { code: d.code, fee: fmtVnd(d.feeVnd) }), false)];
    } catch (e) {
      return [show(null, userMessage(env.t, e), true)];
    }
  });
}

/** The open trip's dossiers whose transfer is still awaited, in the order received. */
export function awaitedOf(env: ScreenEnv): Dossier[] {
  const trip = env.trip;
  if (!trip || !env.app.dossiers.byTrip) return [];
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
    return step(s, payWrite(result.paid, (_d, message, error) => update<AwaitedState>((x) => ({ ...x, index: error ? x.index : Math.max(0, Math.min(x.index, awaitedOf(env).length - 2)), message, error }))));
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
