// @ts-nocheck
// Find a dossier by code (a scanned receipt), ID number or name, see its history and move it along
// its lifecycle. Reducer and view as plain data, like the receipt flow.
import type { Luudong } from '../../app/luudong.js';
import { slipModel, slipText, wrap } from '../../app/slip.js';
import type { Lang } from '../../core/config.js';
import type { Dossier } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import type { DossierState } from '../../core/lifecycle.js';
import { allowedNext } from '../../core/lifecycle.js';
import { displayDate, hhmm, localDate } from '../../core/time.js';
import { userMessage, type MessageKey, type Translate } from '../../i18n/index.js';
import { editLine } from '../keys/edit.js';
import type { Key } from '../keys/keys.js';

export interface FindState {
  query: string;
  index: number;
  /** The dossier opened with Enter, and whether its slip is shown. */
  open: Dossier | null;
  slip: boolean;
  scroll: number;
  message: string | null;
  error: boolean;
  /** S or B was pressed: the next digit names the checklist item to scan paper into. */
  askItem: 'flatbed' | 'feeder' | null;
  /** A scan the screen should start (the reducer stays pure; the screen runs the scanner). */
  scanRequest: { code: string; item: number; feeder: boolean } | null;
  /** A state change that needs a supervisor's approval (the screen asks for their PIN). */
  approval: { code: string; to: DossierState } | null;
}

export interface FindEnv {
  app: Luudong;
  t: Translate;
  lang: Lang;
}

export function startFind(): FindState {
  return { query: '', index: 0, open: null, slip: false, scroll: 0, message: null, error: false, askItem: null, scanRequest: null, approval: null };
}

/** Results of the query (at most 50, newest first); cheap enough to run on every key. */
export function findResults(app: Luudong, query: string): Dossier[] {
  return query.trim().length < 2 ? [] : app.dossiers.find(query);
}

export function findKey(s: FindState, key: Key, env: FindEnv): FindState | { exit: null } {
  const { app, t } = env;
  if (s.open) {
    const d = s.open;
    if (key.name === 'escape' && !s.askItem) return s.slip ? { ...s, slip: false, scroll: 0 } : { ...s, open: null, message: null, error: false };
    if (s.slip) {
      if (key.name === 'down') return { ...s, scroll: s.scroll + 1 };
      if (key.name === 'up') return { ...s, scroll: Math.max(0, s.scroll - 1) };
      return key.name === 'enter' ? { ...s, slip: false, scroll: 0 } : s;
    }
    if (s.askItem) {
      const n = key.name === 'char' && /^[1-9]$/.test(key.text) ? Number(key.text) : 0;
      if (n >= 1 && n <= d.documents.length) return { ...s, askItem: null, message: null, scanRequest: { code: d.code, item: n - 1, feeder: s.askItem === 'feeder' } };
      return key.name === 'escape' || n ? { ...s, askItem: null, message: null } : s;
    }
    if (key.name === 'char' && (key.text.toLowerCase() === 's' || key.text.toLowerCase() === 'b'))
      return { ...s, askItem: key.text.toLowerCase() === 's' ? 'flatbed' : 'feeder', message: t('scan.docAsk', { n: d.documents.length }), error: false };
    if (key.name === 'char' && key.text.toLowerCase() === 'p') return { ...s, slip: true, scroll: 0 };
    if (key.name === 'char' && key.text.toLowerCase() === 'i') return { ...s, ...printSlip(env, d.code) };
    if (key.name === 'char' && /^[1-9]$/.test(key.text)) {
      const to = allowedNext(d.state)[Number(key.text) - 1];
      if (!to) return s;
      try {
        const moved = app.dossiers.setState(d.code, to);
        return { ...s, open: moved, message: t('ok.dossierState', { code: moved.code, state: t(`dossier.${moved.state}` as MessageKey) }), error: false };
      } catch (e) {
        // Not this operator's to decide (cancelling): the screen asks for a supervisor's PIN.
        if (e instanceof DomainError && (e.code === 'err.auth.forbidden' || e.code === 'err.auth.required')) return { ...s, approval: { code: d.code, to }, message: null, error: false };
        return { ...s, message: userMessage(t, e), error: true };
      }
    }
    return s;
  }
  if (key.name === 'escape') return { exit: null };
  const list = findResults(app, s.query);
  if (key.name === 'down') return { ...s, index: Math.min(Math.max(0, list.length - 1), s.index + 1) };
  if (key.name === 'up') return { ...s, index: Math.max(0, s.index - 1) };
  if (key.name === 'enter') {
    const d = list[s.index];
    if (d) return { ...s, open: d, message: null, error: false };
    if (s.query.trim()) {
      try {
        app.dossiers.get(s.query); // says why: not a code, or no such dossier
        return s;
      } catch (e) {
        return { ...s, message: userMessage(t, e), error: true };
      }
    }
    return s;
  }
  const v = editLine(s.query, key);
  return v === undefined ? s : { ...s, query: v, index: 0, message: null, error: false };
}

/** Queue the thermal slip again; the message says where it went or why it cannot. */
export function printSlip(env: FindEnv, code: string): { message: string; error: boolean } {
  try {
    const jobs = env.app.printing.print({ kind: 'slip', code, lang: env.lang }, code);
    return { message: env.t('print.queued', { title: code, printer: jobs.map((j) => j.printer).filter(Boolean).join(', ') }), error: false };
  } catch (e) {
    return { message: userMessage(env.t, e), error: true };
  }
}

export function findView(s: FindState, env: FindEnv, width: number, height: number): { title: string; lines: string[]; footer: string } {
  const { app, t, lang } = env;
  const room = Math.max(3, height - 4);
  const msg = s.message ? wrap(`${s.error ? '! ' : ''}${s.message}`, Math.max(20, width - 4), 2) : [];
  if (s.open) {
    const d = s.open;
    if (s.slip) {
      const trip = d.tripId === null ? undefined : app.getTrip(d.tripId);
      const all = slipText(slipModel(t, lang, d, app.citizen(d.citizenId), app.data.office, trip), Math.max(30, width - 4));
      return { title: t('rc.slipTitle', { code: d.code }), lines: all.slice(s.scroll, s.scroll + room), footer: t('rc.slipKeys') };
    }
    const events = app.dossiers.events(d).map((e) => `  ${displayDate(localDate(e.at))} ${hhmm(e.at)}  ${t(`dossier.${e.to}` as MessageKey)}  (${e.operator ?? '–'})${e.note ? ` – ${e.note}` : ''}`);
    const next = allowedNext(d.state).map((st, i) => `${i + 1} ${t(`dossier.${st}` as MessageKey)}`);
    const head = [
      `${d.citizenName} · ${d.citizenId}`,
      `${d.procedureName[lang]}`,
      t('fd.state', { state: t(`dossier.${d.state}` as MessageKey), due: displayDate(d.dueDate), timeliness: t(`time.${app.dossiers.timeliness(d)}` as MessageKey) }),
      t('fd.history'),
    ];
    const tail = [next.length ? `${t('fd.moveTo')}: ${next.join('  ')}` : t('fd.final'), ...msg];
    const ev = events.slice(-Math.max(1, room - head.length - tail.length));
    return { title: d.code, lines: [...head, ...ev, ...tail], footer: t('fd.openKeys') };
  }
  const list = findResults(app, s.query);
  const rows = list.map((d, i) => `${i === s.index ? '>' : ' '} ${d.code.slice(-11)} ${d.citizenName.padEnd(20).slice(0, 20)} ${t(`dossier.${d.state}` as MessageKey).padEnd(15).slice(0, 15)} ${d.procedureName[lang]}`);
  const from = Math.max(0, Math.min(s.index - Math.floor((room - 2) / 2), rows.length - (room - 2)));
  const body = s.query.trim().length < 2 ? [t('fd.hint')] : list.length ? rows.slice(from, from + room - 2 - msg.length) : [t('dos.none')];
  return { title: t('fd.title'), lines: [`${t('rc.filter')}: ${s.query}_`, ...body, ...msg], footer: t('fd.keys') };
}
