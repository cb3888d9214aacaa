// Find a dossier by code (a scanned receipt), ID number or name, see its history and move it along
// its lifecycle, print its slip again, scan paper into it. A move that needs a supervisor opens the
// approval on top of this screen and carries on when it comes back approved.
import { slipModel, slipText, wrap } from '../../app/slip.js';
import type { Dossier } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import { allowedNext, asksFirst, STATE_KEYS, stateOfKey, type DossierState } from '../../core/lifecycle.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { editLine, line, type Line } from '../keys/edit.js';
import { scrollBy, windowStart } from '../keys/list.js';
import { fieldLine } from '../fields.js';
import { back, choose, LIST_KEYS_BESIDE_FIELD, pop, push, step, update, write, type Binding, type Effect, type Screen, type ScreenEnv, type ViewLine } from '../screen.js';
import { approvalFrame, type Approved } from './login.js';
import { moveFrame, type MoveConfirmed } from './moveDossier.js';
import { isPaidAnswer, paidQuestion, paymentLine, payWrite, whyNotAwaiting } from './payments.js';
import { vietQrFrame } from './vietqr.js';

export interface FindState {
  query: Line;
  index: number;
  /** The dossier opened with Enter, and whether its slip is shown. */
  open: Dossier | null;
  slip: boolean;
  scroll: number;
  message: string | null;
  error: boolean;
  /** S or B was pressed: the next digit names the checklist item to scan paper into. */
  askItem: 'flatbed' | 'feeder' | null;
  /** Opened by scanning its slip: Esc closes the dossier and this screen, back to where the operator was. */
  scanned: boolean;
  /** A state change waiting for its confirmation (and reason), then for a supervisor's approval. */
  pending: { code: string; to: DossierState; reason: string | null } | null;
}

export function startFind(query = ''): FindState {
  return { query: line(query), index: 0, open: null, slip: false, scroll: 0, message: null, error: false, askItem: null, pending: null, scanned: false };
}

/** The dossier of a scanned slip, open, over the screen the operator was on. */
export function scannedDossier(d: Dossier): FindState {
  return { ...startFind(), open: d, scanned: true };
}

/** Results of the query (at most 50, newest first): by code, its tail, the day's number, ID or name; cheap enough to run on every key. */
export function findResults(env: ScreenEnv, query: string): Dossier[] {
  return searchable(query) ? env.app.dossiers.find(query) : [];
}

/** A name needs two letters; a number (the day's number of a dossier) is enough as it is. */
function searchable(query: string): boolean {
  return query.trim().length >= 2 || /^[1-9]$/.test(query.trim());
}

const said = (message: string, error: boolean) => update<FindState>((s) => ({ ...s, message, error }));

/** Queue the thermal slip again; the message says where it went or why it cannot. */
export function printSlipEffect<S>(code: string, show: (message: string, error: boolean) => Effect<S>): Effect<S> {
  return write<S>((env) => {
    try {
      const jobs = env.app.printing.print({ kind: 'slip', code, lang: env.lang }, code);
      return [show(env.t('print.queued', { title: code, printer: jobs.map((j) => j.printer).filter(Boolean).join(', ') }), false)];
    } catch (e) {
      return [show(userMessage(env.t, e), true)];
    }
  });
}

/** The form a move prints for the citizen: the request to supplement, the refusal to receive. */
type FormMove = 'supplement_requested' | 'refused';
const printsForm = (to: DossierState): to is FormMove => to === 'supplement_requested' || to === 'refused';

/**
 * Make the move; a move that hands the citizen a form (a request to supplement, a refusal) records
 * the form and queues it on the printers in the move's own transaction, as the CLI does
 * (`dossier status … supplement_requested`, `dossier refuse --code`). Returns the dossier as moved
 * and what became of the form. Through a hub both go as they do here, the form queued by the hub on
 * the workstation's own printers (the hub's when it has none, and the workstation is told).
 */
function moveWithForm(env: ScreenEnv, code: string, to: DossierState, reason: string | null, approver?: Approved['approver']): { moved: Dossier; form: string | null } {
  const { app, t } = env;
  const ops = app.dossiers;
  if (!printsForm(to)) return { moved: ops.setState(code, to, reason, approver ? { approver } : {}), form: null };
  const name = t(to === 'refused' ? 'fd.form.refusal' : 'fd.form.supplement');
  const lastJob = app.printing.jobs(1)[0]?.id ?? 0;
  let moved: Dossier;
  let ref: string;
  let cmd: string;
  if (to === 'refused') {
    const d = ops.get(code);
    const r = ops.refuse({ citizenId: d.citizenId, procedure: d.procedureCode ?? d.procedureKey, reason: reason ?? '', code: d.code, ...(approver ? { approver } : {}) });
    moved = ops.get(d.code);
    ref = `refusal-${r.id}`;
    cmd = `luudong forms refusal ${r.id}`;
  } else {
    const d = ops.get(code);
    // the mandatory papers not handed over; none missing: the paper the reason names
    const missing = d.documents.flatMap((x, i) => (x.mandatory && !x.received ? [i + 1] : []));
    moved = ops.requestSupplement(d.code, { reason: reason ?? '', ...(missing.length ? { documents: missing } : { documents: [], others: [reason ?? ''] }) }).dossier;
    ref = moved.code;
    cmd = `luudong forms supplement ${moved.code}`;
  }
  const jobs = app.printing.jobs(20).filter((j) => j.id > lastJob && j.ref === ref);
  const printers = [...new Set(jobs.map((j) => j.printer).filter(Boolean))];
  const kept = jobs.some((j) => !j.printer);
  const form = printers.length ? t('fd.formPrinted', { form: name, printers: printers.join(', ') }) : t('fd.formNoPrinter', { form: name, cmd, kept: kept ? t('fd.formKept') : '' });
  return { moved, form };
}

/**
 * Move the open dossier, with the reason as the event's note (and on the citizen's form); a move
 * this operator may not make asks for a supervisor.
 */
function move(code: string, to: DossierState, reason: string | null, approver?: Approved['approver']): Effect<FindState> {
  return write<FindState>((env) => {
    try {
      const { moved, form } = moveWithForm(env, code, to, reason, approver);
      const said = env.t('ok.dossierState', { code: moved.code, state: env.t(`dossier.${moved.state}` as MessageKey) });
      return [update((s) => ({ ...s, open: moved, pending: null, message: form ? `${said} ${form}` : said, error: false }))];
    } catch (e) {
      if (!approver && e instanceof DomainError && (e.code === 'err.auth.forbidden' || e.code === 'err.auth.required')) {
        return [update((s) => ({ ...s, pending: { code, to, reason }, message: null, error: false })), push(approvalFrame(to === 'refused' ? 'dossier.refuse' : 'dossier.cancel', `${code} → ${env.t(`dossier.${to}` as MessageKey)}`))];
      }
      return [update((s) => ({ ...s, pending: null, message: userMessage(env.t, e), error: true }))];
    }
  });
}

/** The moves from a state, each with its fixed key ("1 Đã bàn giao"), in the order of the keys. */
function movesText(env: ScreenEnv, from: DossierState): string[] {
  return allowedNext(from)
    .map((st) => ({ key: STATE_KEYS[st as keyof typeof STATE_KEYS], st }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ key, st }) => `${key} ${env.t(`dossier.${st}` as MessageKey)}`);
}

const LIST: readonly Binding<FindState>[] = [
  choose((s, env) => findResults(env, s.query.text).length, LIST_KEYS_BESIDE_FIELD),
  {
    id: 'open',
    keys: ['enter'],
    label: 'key.open',
    shown: () => 2,
    run: (s, env) => {
      const d = findResults(env, s.query.text)[s.index];
      if (d) return step({ ...s, open: d, message: null, error: false });
      if (!s.query.text.trim()) return step(s);
      try {
        env.app.dossiers.get(s.query.text); // says why: not a code, or no such dossier
        return step(s);
      } catch (e) {
        return step({ ...s, message: userMessage(env.t, e), error: true });
      }
    },
  },
  back(9),
];

const SLIP: readonly Binding<FindState>[] = [
  { id: 'scroll', keys: ['up', 'down'], keyText: '↑/↓', label: 'key.scroll', shown: () => 1, run: (s, _e, key) => step({ ...s, scroll: scrollBy(s.scroll, key, 1) }) },
  { id: 'back', keys: ['escape', 'enter'], label: 'key.back', shown: () => 2, run: (s) => step({ ...s, slip: false, scroll: 0 }) },
];

const ASK_ITEM: readonly Binding<FindState>[] = [
  {
    id: 'item',
    keys: ['1-9'],
    label: 'key.scanItem',
    shown: () => 1,
    run: (s, _env, key) => {
      const d = s.open as Dossier;
      const n = Number(key.text);
      if (n > d.documents.length) return step({ ...s, askItem: null, message: null });
      return step({ ...s, askItem: null, message: null }, { kind: 'docScan', request: { code: d.code, item: n - 1, feeder: s.askItem === 'feeder' } });
    },
  },
  { id: 'back', keys: ['escape'], label: 'key.cancel', shown: () => 2, run: (s) => step({ ...s, askItem: null, message: null }) },
];

const OPEN: readonly Binding<FindState>[] = [
  {
    id: 'state',
    keys: ['1-7'],
    label: 'key.dossierState',
    shown: (s) => (s.open && allowedNext(s.open.state).length ? 1 : false),
    run: (s, env, key) => {
      const d = s.open as Dossier;
      const to = stateOfKey(key.text);
      if (!to) return step(s);
      // A key always names its state: one that is not a move from here says so, and moves nothing.
      if (!allowedNext(d.state).includes(to)) {
        const why = allowedNext(d.state).length ? env.t('fd.notAMove', { from: env.t(`dossier.${d.state}` as MessageKey), to: env.t(`dossier.${to}` as MessageKey), moves: movesText(env, d.state).join(', ') }) : env.t('fd.final');
        return step({ ...s, message: why, error: true });
      }
      if (asksFirst(to)) return step({ ...s, pending: { code: d.code, to, reason: null }, message: null, error: false }, push(moveFrame(d, to)));
      return step(s, move(d.code, to, null));
    },
  },
  {
    id: 'scan',
    keys: ['s', 'b'],
    keyText: 'S/B',
    label: 'key.scanPaper',
    shown: () => 2,
    run: (s, env, key) => step({ ...s, askItem: key.text.toLowerCase() === 's' ? 'flatbed' : 'feeder', message: env.t('scan.docAsk', { n: (s.open as Dossier).documents.length }), error: false }),
  },
  back(3, (s) => (s.scanned ? step(s, pop()) : step({ ...s, open: null, message: null, error: false }))),
  { id: 'slip', keys: ['p'], label: 'key.slip', shown: () => 4, run: (s) => step({ ...s, slip: true, scroll: 0 }) },
  { id: 'print', keys: ['i'], label: 'key.print', shown: () => 5, run: (s) => step(s, printSlipEffect((s.open as Dossier).code, said)) },
  // A bank transfer: its VietQR full screen for the citizen's phone, and, once the money is seen
  // on the office's account, the payment confirmed (a record that stays: it asks first).
  {
    id: 'vietqr',
    keys: ['q'],
    label: 'key.vietqr',
    shown: (s, env) => (s.open && !whyNotAwaiting(env, s.open) ? 0.6 : false),
    disabled: (s, env) => (s.open?.vietqr ? null : env.t('qr.none', { code: s.open?.code ?? '' })),
    run: (s) => step(s, push(vietQrFrame(s.open as Dossier))),
  },
  {
    id: 'paid',
    keys: ['t'],
    label: 'key.paid',
    shown: () => 0.5,
    disabled: (s, env) => (s.open ? whyNotAwaiting(env, s.open) : null),
    run: (s) => step(s, push(paidQuestion(s.open as Dossier))),
  },
];

export const findScreen: Screen<FindState> = {
  id: 'find',
  bindings: (s) => (!s.open ? LIST : s.slip ? SLIP : s.askItem ? ASK_ITEM : OPEN),
  edits: (s) => !s.open,
  other: (s, _env, key) => {
    if (s.open) return null;
    const v = editLine(s.query, key);
    return v ? step({ ...s, query: v, index: 0, message: null, error: false }) : null;
  },
  resume: (s, result) => {
    // the transfer's question answered yes: confirm it, and show the dossier as it is now
    if (isPaidAnswer(result)) return step(s, payWrite(result, (d, message, error) => update<FindState>((x) => ({ ...x, open: d ?? x.open, message, error }))));
    const p = s.pending;
    if (!p) return step(s);
    // Esc on the question or on the supervisor's PIN: nothing moved.
    if (!result) return step({ ...s, pending: null });
    const approved = (result as Partial<Approved>).approver;
    if (approved) return step(s, move(p.code, p.to, p.reason, approved));
    return step(s, move(p.code, p.to, (result as MoveConfirmed).reason));
  },
  scans: () => 'idle',
  view: (s, env, size) => {
    const { app, t, lang } = env;
    const width = size.width;
    const room = Math.max(3, size.height - 4);
    const msg = s.message ? wrap(`${s.error ? '! ' : ''}${s.message}`, Math.max(20, width - 4), 2) : [];
    if (s.open) {
      const d = s.open;
      if (s.slip) {
        const trip = d.tripId === null ? undefined : app.getTrip(d.tripId);
        const all = slipText(slipModel(t, lang, d, app.citizen(d.citizenId), app.offices.ofDossier(d, trip), trip), Math.max(30, width - 4));
        return { frame: 'box', title: t('rc.slipTitle', { code: d.code }), lines: all.slice(s.scroll, s.scroll + room), width, height: size.height };
      }
      const events = app.dossiers.events(d).map((e) => `  ${displayDate(localDate(e.at))} ${hhmm(e.at)}  ${t(`dossier.${e.to}` as MessageKey)}  (${e.operator ?? '–'})${e.note ? ` – ${e.note}` : ''}`);
      const next = movesText(env, d.state);
      const head = [
        `${d.citizenName} · ${d.citizenId}`,
        `${d.procedureName[lang]}`,
        t('fd.state', { state: t(`dossier.${d.state}` as MessageKey), due: displayDate(d.dueDate), timeliness: t(`time.${app.dossiers.timeliness(d)}` as MessageKey) }),
        ...paymentLine(env, d),
        t('fd.history'),
      ];
      // every allowed move, wrapped (never cut) at the width of the box
      const tail = [...(next.length ? wrap(`${t('fd.moveTo')}: ${next.join('  ')}`, Math.max(20, width - 4), 2) : [t('fd.final')]), ...msg];
      const ev = events.slice(-Math.max(1, room - head.length - tail.length));
      return { frame: 'box', title: d.code, lines: [...head, ...ev, ...tail], width, height: size.height };
    }
    const list = findResults(env, s.query.text);
    const rows = list.map((d, i) => `${i === s.index ? '>' : ' '} ${d.code.slice(-11)} ${d.citizenName.padEnd(20).slice(0, 20)} ${t(`dossier.${d.state}` as MessageKey).padEnd(15).slice(0, 15)} ${d.procedureName[lang]}`);
    const from = windowStart(s.index, rows.length, room - 2);
    const body = !searchable(s.query.text) ? [t('fd.hint')] : list.length ? rows.slice(from, from + room - 2 - msg.length) : [t('dos.none')];
    const lines: ViewLine[] = [fieldLine(`${t('rc.filter')}: `, s.query, true), ...body, ...msg];
    return { frame: 'box', title: t('fd.title'), lines, width, height: size.height };
  },
};
