// @ts-nocheck
// The counter screen: one root component owns the mode (main, dialogs, forms) and the one key
// handler; every action goes through src/app and its result lands on the status line.
import { Box, Text, useApp } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Luudong } from '../app/luudong.js';
import { describeEvent, dossierFiguresLines, figuresLines, fmtDuration } from '../app/present.js';
import { displayDate, hhmm, localDate, minutes } from '../core/time.js';
import { daysUntil } from '../core/schedule.js';
import { formatCounterSpec, parseCounterSpec } from '../core/trip.js';
import { userMessage, type MessageKey } from '../i18n/index.js';
import { Dialog, KeyBar, Line, StatusLine, type Status } from './components.js';
import { useText } from './context.js';
import { COMMANDS, commandFor, keyLabel, matches, type CommandName, type Key } from './keys/keys.js';
import { useKeyRouter } from './keys/useKeys.js';
import { waitingRows } from './screens/mainView.js';
import { acceptsCard, receiptKey, receiptScan, receiptView, startReceipt, type ReceiptFlow } from './screens/receipt.js';
import { cleanScan, type ScanKind } from '../core/scan/classify.js';
import { parsePrefix, type WedgeOptions } from '../core/scan/wedge.js';
import { WEDGE_SOURCE } from '../app/scans.js';
import { readyToReturn } from '../app/officeUpdates.js';
import type { ScanHub } from './scanHub.js';
import { findKey, findView, startFind, type FindState } from './screens/find.js';
import { approvalCheck, blankCredentials, credentialsKey, credentialsLines, loginCheck, type Credentials } from './screens/login.js';
import type { DossierState } from '../core/lifecycle.js';
import type { PrintHub } from './printHub.js';
import { useAppRevision } from './useAppRevision.js';
import { useMinuteClock, useTerminalSize } from './useTerminalSize.js';

interface Field {
  id: 'commune' | 'place' | 'date' | 'start' | 'end' | 'operators' | 'counters';
  label: MessageKey;
  value: string;
}

type Mode =
  | { kind: 'main' }
  | { kind: 'help' }
  | { kind: 'issueGroup' }
  | { kind: 'issuePriority'; group: string }
  | { kind: 'transfer' }
  | { kind: 'walkIn' }
  | { kind: 'pick'; what: 'resume' | 'return'; index: number }
  | { kind: 'figures'; scroll: number }
  | { kind: 'openTrip'; fields: Field[]; focus: number; error: string | null }
  | { kind: 'confirmClose' }
  | { kind: 'confirmQuit' }
  | { kind: 'receipt'; flow: ReceiptFlow }
  | { kind: 'find'; find: FindState }
  | { kind: 'assist' }
  | { kind: 'rate'; ticket: string }
  | { kind: 'jobs'; index: number }
  | { kind: 'ready'; index: number }
  | { kind: 'login'; c: Credentials }
  | { kind: 'locked'; c: Credentials }
  | { kind: 'approve'; c: Credentials; code: string; to: DossierState; find: FindState };

const MAIN_COMMANDS: CommandName[] = ['help', 'issue', 'call', 'recall', 'start', 'finish', 'noShow', 'park', 'transfer', 'figures', 'resume', 'returnNoShow', 'walkIn', 'receive', 'find', 'assist', 'rate', 'jobs', 'ready', 'counter', 'scroll', 'openTrip', 'closeTrip', 'quit'];

export interface AppProps {
  app: Luudong;
  /** Watch the database file for other processes' commits (off in unit tests). */
  watchFile?: string;
  /** The in-process print worker's link (absent in unit tests: jobs then just wait in the spool). */
  printHub?: PrintHub;
  /** Scanners on their own ports, started by the runner (absent in unit tests). */
  scanHub?: ScanHub;
  /** Keyboard-wedge settings over the configured ones. */
  wedge?: Partial<WedgeOptions>;
  /** Lock the screen after this long without a key (ms; 0: never). Only with operators set up. */
  lockAfterMs?: number;
}

/**
 * State whose latest value key handlers can read at once: keys typed or scanned in one burst arrive
 * before React renders again, so a handler must not act on the value of the last render.
 */
function useSyncState<T>(initial: T): [T, (v: T) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = useCallback((v: T) => {
    ref.current = v;
    setValue(v);
  }, []);
  return [value, set, ref];
}

export function App({ app, watchFile, printHub, scanHub, wedge: wedgeOverride, lockAfterMs = 5 * 60_000 }: AppProps) {
  const { t, lang } = useText();
  const { exit } = useApp();
  const { cols, rows } = useTerminalSize();
  const now = useMinuteClock(app.now);
  const [rev, bumpRevision] = useAppRevision(app, watchFile);
  // After any action: redraw, and let the print worker look for what the action queued.
  const bump = useCallback(() => {
    bumpRevision();
    printHub?.wake();
  }, [bumpRevision, printHub]);
  // With operators set up, nobody works (or sees a name) before logging in.
  const [mode, setMode, modeRef] = useSyncState<Mode>(app.operators.enabled() && !app.session ? { kind: 'login', c: blankCredentials() } : { kind: 'main' });
  const [status, setStatus] = useState<Status>(() => ({ kind: 'info', text: t('tui.welcome') }));
  const [active, setActive, activeRef] = useSyncState(1);
  const [scroll, setScroll] = useState(0);
  // The keyboard wedge's settings (prefix, suffix, gap), read once: `scanner add` takes effect on the
  // next start.
  const wedge = useMemo(() => {
    const o = app.scans.wedge() ?? {};
    return { ...(o.prefix ? { prefix: parsePrefix(o.prefix) } : {}), ...(o.suffix ? { suffix: o.suffix } : {}), ...(o.gapMs ? { gapMs: o.gapMs } : {}), ...wedgeOverride };
  }, [app, wedgeOverride]);

  const trip = useMemo(() => app.currentTrip(), [app, rev]);
  // Printer trouble is said at once on the status line; a printed job needs no word.
  useEffect(
    () =>
      printHub?.subscribe((e) => {
        if (e.kind !== 'printed') setStatus({ kind: 'error', text: describeEvent(t, e) });
        bump();
      }),
    [printHub, t, bump],
  );
  // Keep this desk on a counter that exists in the open trip.
  useEffect(() => {
    if (trip && !trip.counters.some((c) => c.no === active)) setActive(trip.counters[0]?.no ?? 1);
  }, [trip, active]);

  const run = useCallback(
    (fn: () => string) => {
      try {
        setStatus({ kind: 'ok', text: fn() });
      } catch (e) {
        setStatus({ kind: 'error', text: userMessage(t, e) });
      }
      bump();
    },
    [app, t, bump],
  );

  const counterLabel = (no: number) => t('label.counter', { no });
  const groupOf = (code: string) => app.data.groups.find((g) => g.code === code);

  const openTripForm = (): Mode => {
    const last = app.lastTrip();
    const f = (id: Field['id'], label: MessageKey, value: string): Field => ({ id, label, value });
    return {
      kind: 'openTrip',
      focus: 0,
      error: null,
      fields: [
        f('commune', 'label.commune', last?.commune ?? ''),
        f('place', 'label.place', last?.place ?? ''),
        f('date', 'label.date', localDate(app.now())),
        f('start', 'label.start', last?.start ?? '07:30'),
        f('end', 'label.end', last?.end ?? '11:30'),
        f('operators', 'tui.field.operators', last?.operators.join(', ') ?? ''),
        f('counters', 'tui.field.counters', last ? last.counters.map((c) => formatCounterSpec(c, app.data.groups)).join(' ') : '1=*'),
      ],
    };
  };

  const submitTrip = (fields: Field[]) => {
    const v = Object.fromEntries(fields.map((x) => [x.id, x.value])) as Record<Field['id'], string>;
    const opened = app.openTrip({
      commune: v.commune,
      place: v.place,
      date: v.date,
      start: v.start,
      end: v.end,
      operators: v.operators.split(',').map((s) => s.trim()).filter(Boolean),
      counters: v.counters.split(/\s+/).filter(Boolean).map((s) => parseCounterSpec(s, app.data.groups)),
    });
    return t('ok.tripOpened', { id: opened.id, place: opened.place, commune: opened.commune, date: displayDate(opened.date), start: opened.start, end: opened.end });
  };

  // The screen shows personal data: after lockAfterMs without a key it locks, and only a PIN opens it.
  const lockTimer = useRef<NodeJS.Timeout | undefined>(undefined);
  const armLock = useCallback(() => {
    clearTimeout(lockTimer.current);
    if (!lockAfterMs || !app.operators.enabled()) return;
    lockTimer.current = setTimeout(() => {
      const m = modeRef.current;
      if (m.kind === 'login' || m.kind === 'locked') return;
      setMode({ kind: 'locked', c: blankCredentials(app.session?.name ?? '') });
      setStatus(null);
    }, lockAfterMs);
    lockTimer.current.unref?.();
  }, [app, lockAfterMs]);
  useEffect(() => {
    armLock();
    return () => clearTimeout(lockTimer.current);
  }, [armLock]);

  const onKey = (key: Key) => {
    if (key.ctrl && key.name === 'c') return exit();
    armLock();
    const mode = modeRef.current;
    const active = activeRef.current;
    switch (mode.kind) {
      case 'login':
      case 'locked': {
        const r = credentialsKey(mode.c, key, t, loginCheck(app), false);
        if ('done' in r) {
          setMode({ kind: 'main' });
          setStatus({ kind: 'ok', text: t('auth.welcome', { name: r.done.name, role: t(`auth.role.${r.done.role}` as MessageKey) }) });
          bump();
        } else if (!('cancel' in r)) setMode({ ...mode, c: r });
        return;
      }
      case 'approve': {
        const r = credentialsKey(mode.c, key, t, approvalCheck(app, 'dossier.cancel'), true);
        if ('cancel' in r) return setMode({ kind: 'find', find: mode.find });
        if (!('done' in r)) return setMode({ ...mode, c: r });
        try {
          const moved = app.dossiers.setState(mode.code, mode.to, null, { approver: r.done });
          setMode({ kind: 'find', find: { ...mode.find, open: moved, message: t('ok.dossierState', { code: moved.code, state: t(`dossier.${moved.state}` as MessageKey) }), error: false } });
        } catch (e) {
          setMode({ kind: 'find', find: { ...mode.find, message: userMessage(t, e), error: true } });
        }
        bump();
        return;
      }
      case 'help':
        if (key.name === 'escape' || matches(key, 'help') || key.name === 'enter') setMode({ kind: 'main' });
        return;
      case 'confirmQuit':
        if (key.name === 'char' && key.text.toLowerCase() === 'y') exit();
        else setMode({ kind: 'main' });
        return;
      case 'confirmClose':
        if (key.name === 'char' && key.text.toLowerCase() === 'y') {
          run(() => {
            const r = app.closeTrip();
            return t('ok.tripClosed', { id: r.trip.id, served: r.figures.served, issued: r.figures.issued, waiting: r.figures.waiting });
          });
        }
        setMode({ kind: 'main' });
        return;
      case 'figures': {
        if (key.name === 'escape' || matches(key, 'figures') || key.name === 'enter') setMode({ kind: 'main' });
        else if (key.name === 'down' || key.name === 'pagedown') setMode({ kind: 'figures', scroll: mode.scroll + (key.name === 'down' ? 1 : rows - 6) });
        else if (key.name === 'up' || key.name === 'pageup') setMode({ kind: 'figures', scroll: Math.max(0, mode.scroll - (key.name === 'up' ? 1 : rows - 6)) });
        return;
      }
      case 'issueGroup':
      case 'transfer':
      case 'walkIn': {
        if (key.name === 'escape') return setMode({ kind: 'main' });
        if (key.name !== 'char') return;
        const g = app.data.groups.find((x) => x.prefix === key.text.toUpperCase());
        if (!g) return;
        if (mode.kind === 'issueGroup') return setMode({ kind: 'issuePriority', group: g.code });
        setMode({ kind: 'main' });
        if (mode.kind === 'transfer') {
          run(() => {
            const r = app.transfer({ counter: active }, g.code);
            return t('ok.transferred', { ticket: r.ticket.label, group: `${g.prefix} ${g.name[lang]}` });
          });
        } else {
          run(() => t('ok.walkIn', { ticket: app.walkIn(active, g.code).ticket.label }));
        }
        return;
      }
      case 'issuePriority': {
        if (key.name === 'escape') return setMode({ kind: 'issueGroup' });
        let priority: string | null | undefined;
        if (key.name === 'enter') priority = null;
        else if (key.name === 'char') priority = app.data.priorities.find((p) => p.key === key.text)?.code;
        if (priority === undefined) return;
        const group = mode.group;
        setMode({ kind: 'main' });
        run(() => {
          const r = app.issue(group, priority);
          const g = groupOf(r.ticket.group);
          const p = r.ticket.priority ? ` – ${app.data.priorities.find((x) => x.code === r.ticket.priority)?.name[lang]}` : '';
          return t('ok.issued', { ticket: r.ticket.label, group: g?.name[lang] ?? '', priority: p, ahead: r.ahead, wait: fmtDuration(t, r.estimateMs) });
        });
        return;
      }
      case 'pick': {
        const list = app.queueState().byStatus(mode.what === 'resume' ? 'parked' : 'no_show');
        if (key.name === 'escape') return setMode({ kind: 'main' });
        if (key.name === 'down') return setMode({ ...mode, index: Math.min(list.length - 1, mode.index + 1) });
        if (key.name === 'up') return setMode({ ...mode, index: Math.max(0, mode.index - 1) });
        if (key.name === 'enter') {
          const chosen = list[mode.index];
          setMode({ kind: 'main' });
          if (!chosen) return;
          if (mode.what === 'resume') run(() => t('ok.resumed', { ticket: app.resume(chosen.label, active).ticket.label, counter: counterLabel(active) }));
          else run(() => t('ok.returned', { ticket: app.returnNoShow(chosen.label).ticket.label }));
        }
        return;
      }
      case 'openTrip': {
        const fields = mode.fields;
        const focus = mode.focus;
        const field = fields[focus] as Field;
        if (key.name === 'escape') return setMode({ kind: 'main' });
        if (key.name === 'tab' || key.name === 'down') return setMode({ ...mode, focus: (focus + 1) % fields.length });
        if (key.name === 'backtab' || key.name === 'up') return setMode({ ...mode, focus: (focus + fields.length - 1) % fields.length });
        if (key.name === 'enter') {
          if (focus < fields.length - 1) return setMode({ ...mode, focus: focus + 1 });
          try {
            const text = submitTrip(fields);
            setMode({ kind: 'main' });
            setStatus({ kind: 'ok', text });
            bump();
          } catch (e) {
            setMode({ ...mode, error: userMessage(t, e) });
          }
          return;
        }
        let value = field.value;
        if (key.name === 'backspace') value = [...value].slice(0, -1).join('');
        else if (key.name === 'char' || key.name === 'space') value += key.text;
        else if (key.ctrl && key.name === 'u') value = '';
        else return;
        const next = fields.map((f, i) => (i === focus ? { ...f, value } : f));
        return setMode({ ...mode, fields: next, error: null });
      }
      case 'receipt': {
        const r = receiptKey(mode.flow, key, { app, t, lang, counter: active });
        if ('exit' in r) {
          setMode({ kind: 'main' });
          if (r.exit) setStatus({ kind: 'ok', text: r.exit });
        } else setMode({ kind: 'receipt', flow: r });
        bump();
        return;
      }
      case 'find': {
        const r = findKey(mode.find, key, { app, t, lang });
        if ('exit' in r) setMode({ kind: 'main' });
        else if (r.scanRequest) {
          // Paper into the dossier: the scanner runs in its own process; progress on the status line.
          const req = r.scanRequest;
          setMode({ kind: 'find', find: { ...r, scanRequest: null } });
          if (!scanHub?.docScan) setStatus({ kind: 'error', text: t('scan.none', { failure: t('scan.failure.noDevice') }) });
          else if (!scanHub.docScan(req)) setStatus({ kind: 'error', text: t('scan.docBusy') });
          else setStatus({ kind: 'info', text: t('scan.docStart', { item: req.item + 1, code: req.code }) });
        } else if (r.approval) {
          setMode({ kind: 'approve', c: blankCredentials(), code: r.approval.code, to: r.approval.to, find: { ...r, approval: null } });
        } else setMode({ kind: 'find', find: r });
        bump();
        return;
      }
      case 'assist': {
        if (key.name === 'escape') return setMode({ kind: 'main' });
        const svc = key.name === 'char' ? app.data.helpServices.find((h) => h.key === key.text) : undefined;
        if (!svc) return;
        setMode({ kind: 'main' });
        run(() => {
          const r = app.dossiers.logHelp(svc.code, { counter: active });
          return t('ok.helped', { kind: svc.name[lang], who: r.citizen ? ` – ${r.citizen.fullName}` : r.ticket ? ` – ${r.ticket.label}` : '' });
        });
        return;
      }
      case 'rate': {
        if (key.name === 'escape') return setMode({ kind: 'main' });
        if (key.name !== 'char' || !/^[1-5]$/.test(key.text)) return;
        setMode({ kind: 'main' });
        const score = Number(key.text);
        run(() => t('ok.rated', { ticket: app.dossiers.rate(score, { label: mode.ticket }).label, score }));
        return;
      }
      case 'jobs': {
        const list = app.printing.jobs(Math.max(1, rows - 8));
        if (key.name === 'escape') return setMode({ kind: 'main' });
        if (key.name === 'down') return setMode({ kind: 'jobs', index: Math.min(list.length - 1, mode.index + 1) });
        if (key.name === 'up') return setMode({ kind: 'jobs', index: Math.max(0, mode.index - 1) });
        const job = list[mode.index];
        if (!job || key.name !== 'char') return;
        if (key.text.toLowerCase() === 'r') run(() => t('print.queued', { title: `${job.kind} ${job.ref ?? ''}`.trim(), printer: app.printing.reprint(job.id).printer || 'PDF' }));
        else if (key.text.toLowerCase() === 'x') run(() => (app.printing.cancel(job.id), t('ok.jobCancelled', { id: job.id })));
        return;
      }
      case 'ready': {
        const list = readyToReturn(app).dossiers;
        if (key.name === 'escape') return setMode({ kind: 'main' });
        if (key.name === 'down') return setMode({ kind: 'ready', index: Math.min(Math.max(0, list.length - 1), mode.index + 1) });
        if (key.name === 'up') return setMode({ kind: 'ready', index: Math.max(0, mode.index - 1) });
        const chosen = list[mode.index];
        // Enter: the dossier opened as in Find, where one digit records it as returned.
        if (key.name === 'enter' && chosen) setMode({ kind: 'find', find: { ...startFind(), query: chosen.dossier.code, open: chosen.dossier } });
        return;
      }
      case 'main':
        return onMainKey(key, active);
    }
  };

  const onMainKey = (key: Key, active: number) => {
    const trip = app.currentTrip();
    if (key.name === 'char' && /^[1-9]$/.test(key.text) && trip) {
      const no = Number(key.text);
      if (trip.counters.some((c) => c.no === no)) {
        setActive(no);
        setStatus({ kind: 'info', text: t('tui.counterPicked', { counter: counterLabel(no) }) });
      }
      return;
    }
    const cmd = commandFor(key, MAIN_COMMANDS);
    if (!cmd) return;
    if (cmd === 'help') return setMode({ kind: 'help' });
    if (cmd === 'quit') return setMode({ kind: 'confirmQuit' });
    // Dossiers can be received and found with no trip open (at the commune office, say).
    if (cmd === 'receive') return setMode({ kind: 'receipt', flow: startReceipt() });
    if (cmd === 'find') return setMode({ kind: 'find', find: startFind() });
    if (cmd === 'jobs') return setMode({ kind: 'jobs', index: 0 });
    if (cmd === 'ready') return setMode({ kind: 'ready', index: 0 });
    if (!trip) {
      if (cmd === 'openTrip') setMode(openTripForm());
      else setStatus({ kind: 'error', text: t('err.noOpenTrip') });
      return;
    }
    switch (cmd) {
      case 'issue':
        return setMode({ kind: 'issueGroup' });
      case 'call':
        return run(() => t('ok.called', { ticket: app.callNext(active).ticket.label, counter: counterLabel(active) }));
      case 'recall':
        return run(() => t('ok.recalled', { ticket: app.recall(active).ticket.label, counter: counterLabel(active) }));
      case 'start':
        return run(() => t('ok.started', { ticket: app.start(active).ticket.label }));
      case 'finish':
        return run(() => t('tui.finishedRate', { ticket: app.finish(active).ticket.label }));
      case 'assist':
        return setMode({ kind: 'assist' });
      case 'rate': {
        // The ticket last finished at this counter.
        let last: { label: string; finishedAt: number | null } | undefined;
        for (const tk of app.queueState().tickets.values()) if (tk.status === 'done' && tk.counter === active && (!last || (tk.finishedAt ?? 0) >= (last.finishedAt ?? 0))) last = tk;
        if (!last) return setStatus({ kind: 'error', text: t('err.rating.none', { counter: active }) });
        return setMode({ kind: 'rate', ticket: last.label });
      }
      case 'noShow':
        return run(() => t('ok.noShow', { ticket: app.noShow(active).ticket.label, minutes: app.data.rules.noShowReturnMinutes }));
      case 'park':
        return run(() => t('ok.parked', { ticket: app.park(active).ticket.label }));
      case 'transfer':
        if (!app.queueState().currentAt(active)) return setStatus({ kind: 'error', text: t('err.counterIdle', { counter: active }) });
        return setMode({ kind: 'transfer' });
      case 'walkIn':
        return setMode({ kind: 'walkIn' });
      case 'resume':
        return setMode({ kind: 'pick', what: 'resume', index: 0 });
      case 'returnNoShow':
        return setMode({ kind: 'pick', what: 'return', index: 0 });
      case 'figures':
        return setMode({ kind: 'figures', scroll: 0 });
      case 'counter': {
        if (key.name !== 'tab') return;
        const nos = trip.counters.map((c) => c.no);
        const next = nos[(nos.indexOf(active) + 1) % nos.length] ?? active;
        setActive(next);
        return setStatus({ kind: 'info', text: t('tui.counterPicked', { counter: counterLabel(next) }) });
      }
      case 'scroll':
        return setScroll((s) => Math.max(0, s + (key.name === 'pagedown' ? 5 : -5)));
      case 'openTrip':
        return setStatus({ kind: 'error', text: t('err.tripAlreadyOpen', { id: trip.id, place: trip.place }) });
      case 'closeTrip':
        return setMode({ kind: 'confirmClose' });
    }
  };

  /**
   * A complete barcode scan, from the wedge or a scanner on its own port, goes to what the open
   * screen is for: an ID card starts or fills the receipt, an old receipt opens its dossier (the
   * status check), a ticket says where it stands (and is started when it is the one called here).
   * A scan never interrupts work in progress: then it is refused, with the reason.
   */
  const onScan = (raw: string, source: string) => {
    const mode = modeRef.current;
    const active = activeRef.current;
    // Nobody logged in: a scan must not open a citizen's data.
    if (mode.kind === 'login' || mode.kind === 'locked' || mode.kind === 'approve') return;
    let scan: ScanKind;
    try {
      scan = app.scans.take(raw, source);
    } catch (e) {
      return setStatus({ kind: 'error', text: userMessage(t, e) });
    }
    const env = { app, t, lang, counter: active };
    const idle =
      ['main', 'help', 'figures', 'jobs', 'find', 'assist', 'rate', 'pick'].includes(mode.kind) ||
      (mode.kind === 'receipt' && mode.flow.step === 'citizen' && mode.flow.scan === '');
    switch (scan.kind) {
      case 'encoding':
        return setStatus({ kind: 'error', text: t('scan.encoding') });
      case 'unknown':
        return setStatus({ kind: 'error', text: t('scan.unknown', { text: cleanScan(raw).slice(0, 24) }) });
      case 'citizen':
      case 'citizenInvalid': {
        const flow = mode.kind === 'receipt' && acceptsCard(mode.flow) ? mode.flow : idle ? startReceipt() : null;
        if (!flow) return setStatus({ kind: 'error', text: t('scan.busy') });
        setMode({ kind: 'receipt', flow: receiptScan(flow, scan, raw, env, source === WEDGE_SOURCE) });
        setStatus(null);
        return bump();
      }
      case 'dossier': {
        if (!idle) return setStatus({ kind: 'error', text: t('scan.busy') });
        try {
          const d = app.dossiers.get(scan.code);
          setMode({ kind: 'find', find: { ...startFind(), query: d.code, open: d } });
          setStatus({ kind: 'info', text: t('scan.dossier', { code: d.code, state: t(`dossier.${d.state}` as MessageKey) }) });
        } catch (e) {
          setStatus({ kind: 'error', text: userMessage(t, e) });
        }
        return;
      }
      case 'ticket': {
        const tk = app.queueState().tickets.values();
        let ticket: { label: string; status: string; counter: number | null } | undefined;
        for (const x of tk) if (x.label === scan.label) ticket = x;
        if (!ticket) return setStatus({ kind: 'error', text: t('err.ticketNotFound', { ticket: scan.label }) });
        if (ticket.status === 'called' && ticket.counter === active && mode.kind === 'main') return run(() => t('ok.started', { ticket: app.start(active).ticket.label }));
        const where = ticket.counter ? ` – ${counterLabel(ticket.counter)}` : '';
        return setStatus({ kind: 'info', text: t('scan.ticket', { ticket: ticket.label, status: t(`status.${ticket.status}` as MessageKey), where }) });
      }
    }
  };

  // Scanners on their own ports (serial, HID POS): their scans, and their plugging and unplugging.
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  useEffect(
    () =>
      scanHub?.subscribe((e) => {
        if (e.kind === 'scan') onScanRef.current(e.text, e.source);
        else if (e.kind === 'docPage') setStatus({ kind: 'info', text: t('scan.page', { n: e.page, kb: Math.ceil(e.bytes / 1024) }) });
        else if (e.kind === 'docDone') {
          setStatus({ kind: e.ok ? 'ok' : 'error', text: e.message });
          bump();
        } else setStatus({ kind: e.state === 'connected' ? 'info' : 'error', text: t(e.state === 'connected' ? 'scan.connected' : 'scan.disconnected', { name: e.source }) });
      }),
    [scanHub, t, bump],
  );
  useKeyRouter(onKey, (text) => onScan(text, WEDGE_SOURCE), wedge);

  // ---- rendering ------------------------------------------------------------------------------
  const width = cols;
  const header = trip
    ? `${trip.place} · ${trip.commune} · ${displayDate(trip.date)} ${trip.start}–${trip.end}`
    : t('app.name');
  const clock = hhmm(now);
  const headerText = header.length + clock.length + 1 > width ? header.slice(0, Math.max(0, width - clock.length - 2)) + '…' : header;

  const state = useMemo(() => app.queueState(), [app, rev]);
  // Results back from the commune office for people of this commune (at the open trip).
  const ready = useCallback(() => readyToReturn(app), [app]);
  const readyCount = useMemo(() => (trip ? ready().dossiers.length : 0), [trip, ready, rev]);
  // The next planned trip, and a warning when one is under 3 days away and not announced yet.
  const today = localDate(now);
  const plan = useMemo(() => {
    const next = app.schedule.next();
    const late = app.schedule.unannounced()[0];
    const nextText = next ? t('sched.next', { day: displayDate(next.date), start: next.start, end: next.end, place: next.place, commune: next.commune }) : null;
    const warnText = late ? t('sched.warn', { date: displayDate(late.date), place: late.place, days: daysUntil(today, late.date), id: late.id }) : null;
    return { nextText, warnText };
  }, [app, rev, today, t]);
  const waiting = useMemo(() => waitingRows(app, t, lang, active, width), [app, rev, t, lang, active, width, now]);

  const counterRows = trip
    ? trip.counters.map((c) => {
        const cur = state.currentAt(c.no);
        const since = cur ? (cur.status === 'serving' ? cur.spanStart : cur.lastCalledAt) : null;
        const what = cur ? `${cur.label}${cur.priority ? '*' : ' '} ${t(`status.${cur.status}` as MessageKey)} ${since ? t('label.minShort', { n: minutes(now - since) }) : ''}` : t('label.idle');
        const groups = c.groups.map((g) => groupOf(g)?.prefix ?? g).join(' ');
        return { no: c.no, text: `${c.no === active ? '>' : ' '} ${counterLabel(c.no).padEnd(9)} ${what.padEnd(28)} [${groups}]` };
      })
    : [];

  const keyBarCommands = (): CommandName[] => {
    if (!trip) return ['openTrip', 'receive', 'find', 'help', 'quit'];
    const cur = state.currentAt(active);
    if (!cur) return ['call', 'issue', 'receive', 'find', 'rate', 'walkIn', 'counter', 'figures', 'help', 'quit'];
    if (cur.status === 'called') return ['start', 'recall', 'noShow', 'call', 'issue', 'transfer', 'counter', 'help'];
    return ['receive', 'finish', 'assist', 'call', 'park', 'transfer', 'find', 'help'];
  };

  // One line short of the terminal: Ink clears and redraws the whole screen on every frame whose
  // output is as tall as the terminal, and draws only the changed lines otherwise.
  const height = rows - 1;
  const bodyHeight = Math.max(3, height - 3);
  let body: React.ReactNode;
  const dialogW = Math.min(width, 76);
  switch (mode.kind) {
    case 'help': {
      const items = (Object.keys(COMMANDS) as CommandName[]).map((c) => `${COMMANDS[c].keys.map(keyLabel).join(' / ').padEnd(13)} ${t(COMMANDS[c].label)}`);
      // One column if it fits the dialog, else two side by side.
      const inner = bodyHeight - 3;
      const half = Math.ceil(items.length / 2);
      const colW = Math.floor((dialogW - 4) / 2);
      const lines = items.length <= inner ? items : items.slice(0, half).map((l, i) => l.slice(0, colW - 1).padEnd(colW) + (items[half + i] ?? ''));
      body = <Dialog title={t('tui.helpTitle')} lines={lines} width={dialogW} height={bodyHeight} />;
      break;
    }
    case 'issueGroup':
    case 'transfer':
    case 'walkIn': {
      const title =
        mode.kind === 'issueGroup' ? t('tui.issueTitle') : mode.kind === 'walkIn' ? t('tui.walkInTitle') : t('tui.transferTitle', { ticket: state.currentAt(active)?.label ?? '' });
      const lines = app.data.groups.map((g) => `  ${g.prefix}   ${g.name[lang]}`);
      body = <Dialog title={title} lines={lines} width={dialogW} height={bodyHeight} footer={t('tui.issueHint')} />;
      break;
    }
    case 'issuePriority': {
      const g = groupOf(mode.group);
      const lines = [`  Enter  ${t('label.none')}`, ...app.data.priorities.map((p) => `  ${p.key}      ${p.name[lang]}`)];
      body = <Dialog title={t('tui.priorityTitle', { group: `${g?.prefix} ${g?.name[lang]}` })} lines={lines} width={dialogW} height={bodyHeight} footer={t('tui.priorityHint')} />;
      break;
    }
    case 'pick': {
      const list = state.byStatus(mode.what === 'resume' ? 'parked' : 'no_show');
      const lines = list.length ? list.map((tk, i) => `${i === mode.index ? '>' : ' '} ${tk.label}  ${groupOf(tk.group)?.name[lang] ?? ''}  ${hhmm(tk.issuedAt)}`) : [t('tui.pickNone')];
      body = <Dialog title={t(mode.what === 'resume' ? 'tui.pickResume' : 'tui.pickReturn')} lines={lines} width={dialogW} height={bodyHeight} footer="↑/↓  Enter  Esc" />;
      break;
    }
    case 'figures': {
      let lines: string[];
      try {
        lines = [...figuresLines(t, lang, app.figures(), app.data.groups, width - 4), '', ...dossierFiguresLines(t, lang, app.dossierFigures(), app.data.helpServices, width - 4)];
      } catch (e) {
        lines = [userMessage(t, e)];
      }
      body = <Dialog title={t('tui.figuresTitle', { id: trip?.id ?? '' })} lines={lines.slice(mode.scroll)} width={width} height={bodyHeight} footer="↑/↓ PgUp/PgDn  Esc" />;
      break;
    }
    case 'openTrip': {
      const lines = mode.fields.map((f, i) => `${i === mode.focus ? '>' : ' '} ${t(f.label).padEnd(28)} ${f.value}${i === mode.focus ? '_' : ''}`);
      if (mode.error) lines.push('', `! ${mode.error}`);
      body = <Dialog title={t('tui.openTripTitle')} lines={lines} width={dialogW} height={bodyHeight} footer={t('tui.openTripHint')} />;
      break;
    }
    case 'confirmClose':
      body = <Dialog title={t('key.closeTrip')} lines={[t('tui.closeConfirm', { id: trip?.id ?? '', waiting: state.byStatus('waiting').length })]} width={dialogW} height={5} />;
      break;
    case 'confirmQuit':
      body = <Dialog title={t('key.quit')} lines={[t('tui.quitConfirm')]} width={dialogW} height={5} />;
      break;
    case 'receipt': {
      const v = receiptView(mode.flow, { app, t, lang, counter: active }, width, bodyHeight);
      body = <Dialog title={v.title} lines={v.lines} width={width} height={bodyHeight} footer={v.footer} />;
      break;
    }
    case 'find': {
      const v = findView(mode.find, { app, t, lang }, width, bodyHeight);
      body = <Dialog title={v.title} lines={v.lines} width={width} height={bodyHeight} footer={v.footer} />;
      break;
    }
    case 'assist': {
      const lines = app.data.helpServices.map((h) => `  ${h.key}   ${h.name[lang]}`);
      body = <Dialog title={t('tui.assistTitle')} lines={lines} width={dialogW} height={bodyHeight} footer="Esc" />;
      break;
    }
    case 'jobs': {
      const list = app.printing.jobs(Math.max(1, bodyHeight - 4));
      const lines = list.length
        ? list.map((j, i) => `${i === mode.index ? '>' : ' '} ${String(j.id).padStart(4)} ${t(`print.state.${j.state}` as MessageKey).padEnd(10)} ${(j.printer || 'PDF').padEnd(10)} ${j.kind} ${j.ref ?? ''}${j.reason ? ` – ${t(`print.failure.${j.reason}` as MessageKey)}` : ''}`)
        : [t('print.none')];
      body = <Dialog title={t('print.jobsTitle')} lines={lines} width={width} height={bodyHeight} footer={t('print.jobsKeys')} />;
      break;
    }
    case 'login':
    case 'locked':
    case 'approve': {
      const title =
        mode.kind === 'login'
          ? t('auth.loginTitle')
          : mode.kind === 'locked'
            ? t('auth.lockedTitle', { minutes: Math.max(1, Math.round(lockAfterMs / 60_000)), name: mode.c.name })
            : t('auth.supervisorTitle', { what: `${mode.code} → ${t(`dossier.${mode.to}` as MessageKey)}` });
      body = <Dialog title={title} lines={credentialsLines(mode.c, t, dialogW)} width={dialogW} height={Math.min(bodyHeight, 9)} footer={t('auth.loginKeys')} />;
      break;
    }
    case 'ready': {
      const r = ready();
      const room = Math.max(1, bodyHeight - 4);
      const from = Math.max(0, Math.min(mode.index - Math.floor(room / 2), r.dossiers.length - room));
      const lines = r.dossiers.length
        ? r.dossiers.slice(from, from + room).map((x, i) => `${from + i === mode.index ? '>' : ' '} ${x.dossier.code.slice(-11)} ${x.dossier.citizenName.padEnd(22).slice(0, 22)} ${(x.place ?? '').padEnd(16).slice(0, 16)} ${x.dossier.procedureName[lang]}`)
        : [t('tui.readyNone')];
      body = <Dialog title={t('tui.readyTitle', { commune: r.commune ?? t('tui.readyAll'), n: r.dossiers.length })} lines={lines} width={width} height={bodyHeight} footer="↑/↓  Enter  Esc" />;
      break;
    }
    case 'rate':
      body = <Dialog title={t('key.rate')} lines={[t('tui.rateTitle', { ticket: mode.ticket }), '', '  1   2   3   4   5']} width={dialogW} height={7} footer="Esc" />;
      break;
    case 'main': {
      if (!trip) {
        body = (
          <Box flexDirection="column" paddingX={1}>
            <Line text={t('tui.noTripTitle')} bold />
            <Line text={t('tui.noTripHint')} />
            {plan.nextText ? <Line text=" " /> : null}
            {plan.nextText ? <Line text={plan.nextText.slice(0, width - 2)} /> : null}
            {plan.warnText ? <Line text={`! ${plan.warnText}`.slice(0, width - 2)} color="yellow" /> : null}
          </Box>
        );
        break;
      }
      const planLine = readyCount ? t('tui.readyLine', { n: readyCount, commune: trip.commune }) : plan.warnText ? `! ${plan.warnText}` : plan.nextText;
      const shownCounters = counterRows.slice(0, Math.max(1, Math.min(counterRows.length, bodyHeight - 4)));
      const avail = Math.max(1, bodyHeight - shownCounters.length - 2 - (planLine ? 1 : 0));
      const maxScroll = Math.max(0, waiting.rows.length - avail);
      const from = Math.min(scroll, maxScroll);
      const more = waiting.rows.length - from - avail;
      const visible = waiting.rows.slice(from, from + (more > 0 ? avail - 1 : avail));
      body = (
        <Box flexDirection="column">
          <Line text={`── ${t('tui.countersTitle')} ──`} dim />
          {shownCounters.map((c) => (
            <Line key={c.no} text={c.text} bold={c.no === active} />
          ))}
          <Line text={`── ${t('tui.waitingTitle', { n: waiting.total })} ──`} dim />
          {visible.length === 0 ? <Line text={`  ${t('tui.noneWaiting')}`} /> : null}
          {visible.map((r) => (
            <Line key={r.key} text={r.text} bold={!!r.heading && !!r.mine} {...(r.heading ? { color: r.mine ? 'yellow' : undefined } : {})} />
          ))}
          {more > 0 ? <Line text={t('tui.more', { n: more })} dim /> : null}
          {planLine ? <Line text={planLine.slice(0, width)} dim={!plan.warnText && !readyCount} {...(plan.warnText || readyCount ? { color: 'yellow' } : {})} /> : null}
        </Box>
      );
      break;
    }
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box width={width}>
        <Box flexGrow={1}>
          <Line text={headerText.padEnd(Math.max(0, width - clock.length - 1))} inverse bold />
        </Box>
        <Text inverse> {clock}</Text>
      </Box>
      <StatusLine status={status} />
      <Box flexDirection="column" height={bodyHeight}>
        {body}
      </Box>
      <KeyBar commands={mode.kind === 'main' ? keyBarCommands() : []} width={width} />
    </Box>
  );
}
