// The router of the counter screen: a stack of screens (the main screen at the bottom, dialogs and
// forms pushed on top, like lazygit's context stack), the status line and this desk's counter, as
// one immutable state. Keys go to the top screen's binding table; the effects its handler returns
// are performed here. Pure TypeScript, no React: App.tsx renders the state and feeds the keys, and
// tests drive it directly.
//
// Typing with no delay: the keyboard-wedge router hands over the keys of an undecided burst at once
// as echoes. They apply at once (the screen answers within a frame), but the state before the first
// one is kept, and effects that write or reach outside wait. When the burst turns out to be typing,
// the waiting effects run in order; when it was a scan, the state goes back to the one kept (the
// echoed characters leave the field, a dialog they opened closes) and the waiting effects are
// dropped: a scan never lands in a field or fires a command.
import type { CounterApp } from '../app/counterApp.js';
import type { Lang } from '../core/lang.js';
import type { ScanKind } from '../core/scan/classify.js';
import { cleanScan } from '../core/scan/classify.js';
import { displayDate } from '../core/time.js';
import { userMessage, type MessageKey, type Translate } from '../i18n/index.js';
import { dispatch, keysText } from './bindings.js';
import type { Key } from './keys/keys.js';
import type { DocScanRequest } from './scanHub.js';
import { frame, type Effect, type Frame, type ScreenEnv, type Size, type Status, type Step } from './screen.js';
import { findScreen, scannedDossier } from './screens/find.js';
import { helpFrame } from './screens/help.js';
import { blankCredentials, lockedScreen, loginScreen } from './screens/login.js';
import { MAIN_BINDINGS, mainScreen } from './screens/main.js';
import { receiptScreen, startReceipt } from './screens/receipt.js';

/** How a main-screen command's keys are written, all of them ("Tab / 1–9"). */
function keysOf(id: string): string {
  const b = MAIN_BINDINGS.find((x) => x.id === id);
  return b ? keysText(b as never) : id;
}

export interface DeskState {
  /** The open screens, the main screen first; the last one is on top and gets the keys. */
  readonly stack: readonly Frame[];
  readonly status: Status;
  /** The counter this desk works as. */
  readonly counter: number;
}

/** What the router asks of the world outside the screens. */
export interface DeskPorts {
  /** Leave the program. */
  quit(): void;
  /** Records may have changed (an effect wrote): redraw, wake the print worker. */
  wrote(): void;
  /** Start scanning paper into a dossier; false when a scan is already running, null when nothing can scan here. */
  docScan?: (r: DocScanRequest) => boolean | null;
}

/** What the screens' environment takes from the React side (language, terminal size). */
export interface DeskContext {
  t: Translate;
  lang: Lang;
  size: Size;
  lockAfterMs: number;
  version: number;
}

export class Desk {
  private current: DeskState;
  /** The state before the first echoed key of an undecided burst (null: nothing undecided). */
  private before: DeskState | null = null;
  /** Effects of echoed keys, waiting for the decision: the screen that returned each, and the effect. */
  private waiting: { uid: number; effect: Effect<any> }[] = [];
  /** Scans from scanners on their own ports that came while a burst was undecided. */
  private queuedScans: { raw: string; source: string }[] = [];
  private readonly listeners = new Set<() => void>();
  /** Long jobs running (task effects). */
  private readonly tasks = new Set<Promise<void>>();

  constructor(
    readonly app: CounterApp,
    public ctx: DeskContext,
    private readonly ports: DeskPorts,
  ) {
    const root = frame(mainScreen, { scroll: 0 });
    // With operators set up, nobody works (or sees a name) before logging in.
    const login = app.operators.enabled() && !app.session;
    this.current = { stack: login ? [root, frame(loginScreen, { c: blankCredentials() })] : [root], status: login ? null : { kind: 'info', text: ctx.t('tui.welcome', { counter: keysOf('counter'), help: keysOf('help') }) }, counter: 1 };
  }

  // ---- for React (useSyncExternalStore) ----------------------------------------------------------

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): DeskState => this.current;

  get state(): DeskState {
    return this.current;
  }

  top(): Frame {
    return this.current.stack[this.current.stack.length - 1] as Frame;
  }

  /** A key is being taken back or waits for the wedge router's decision. */
  get undecided(): boolean {
    return this.before !== null;
  }

  env(): ScreenEnv {
    const { app } = this;
    // read once per key or frame: every binding of a table may ask
    const trip = app.currentTrip();
    const queue = app.queueState();
    return { app, trip, queue, t: this.ctx.t, lang: this.ctx.lang, counter: this.current.counter, size: this.ctx.size, lockAfterMs: this.ctx.lockAfterMs, version: this.ctx.version };
  }

  // ---- input -------------------------------------------------------------------------------------

  /** A key for the top screen. `echo`: part of a burst not decided yet (keep it undoable). */
  key(key: Key, echo = false): void {
    if (echo && !this.before) this.before = this.current;
    if (!echo && this.before) this.typed(); // cannot happen: the wedge router decides before a decided key
    const top = this.top();
    const d = dispatch(top, key, this.env());
    if (!d) return;
    if ('refused' in d) return this.set({ status: { kind: 'error', text: d.refused } });
    // A message is about the action before: it goes once the next one starts (the action may say
    // its own), so a warning from one screen never stays over the next. A key that does nothing
    // leaves it.
    if (this.current.status && (d.step.state !== top.state || d.step.effects.length > 0)) this.set({ status: null });
    this.run(top.uid, d.step, echo);
  }

  /** The echoed keys were typed: what they did stays, and what they wait for runs now, in order. */
  typed(): void {
    this.before = null;
    for (const w of this.waiting.splice(0)) this.perform(w.uid, w.effect);
    this.drainScans();
  }

  /**
   * A complete scan through the keyboard wedge. The keys echoed for it (if any) are taken back first:
   * the screen as it was before them, their waiting effects dropped.
   */
  wedgeScan(raw: string, source: string): void {
    if (this.before) this.set(this.before);
    this.before = null;
    this.waiting = [];
    this.scan(raw, source, true);
    this.drainScans();
  }

  /** A scan from a scanner on its own port (serial, HID POS): after any undecided burst is decided. */
  portScan(raw: string, source: string): void {
    if (this.before) this.queuedScans.push({ raw, source });
    else this.scan(raw, source, false);
  }

  /** Resolves once every long job started so far (task effects) has ended and been performed. */
  async settled(): Promise<void> {
    while (this.tasks.size) await Promise.all([...this.tasks]);
  }

  setStatus(status: Status): void {
    this.set({ status });
  }

  setCounter(no: number): void {
    if (no !== this.current.counter) this.set({ counter: no });
  }

  /**
   * Idle too long: only a PIN opens the screen again. The lock goes on top of the work in progress,
   * which stays as it was (the same operator unlocking is back on the same step, see lockedScreen).
   */
  lock(): void {
    const top = this.top();
    if (top.screen === loginScreen || top.screen === lockedScreen) return;
    // never restored from under the lock by a late decision
    this.before = null;
    this.waiting = [];
    const who = this.app.session;
    this.set({ stack: [...this.current.stack, frame(lockedScreen, { c: blankCredentials(who?.name ?? ''), who: who?.id ?? null })], status: null });
  }

  // ---- effects -----------------------------------------------------------------------------------

  private run(uid: number, s: Step<any>, echo: boolean): void {
    this.setFrame(uid, (f) => (f.state === s.state ? f : { ...f, state: s.state }));
    this.apply(uid, s.effects, echo);
  }

  private apply(uid: number, effects: readonly Effect<any>[], echo: boolean): void {
    for (const e of effects) {
      const stack = this.current.stack;
      const at = stack.findIndex((f) => f.uid === uid);
      switch (e.kind) {
        case 'status':
          this.set({ status: e.status });
          break;
        case 'push':
          this.set({ stack: [...stack, e.frame] });
          break;
        case 'pop': {
          if (at < 1) break; // gone already, or the main screen, which never closes
          const below = stack[at - 1] as Frame;
          this.set({ stack: stack.slice(0, at) });
          if ('result' in e && below.screen.resume) this.run(below.uid, below.screen.resume(below.state, e.result, this.env()), echo);
          break;
        }
        case 'replace':
          if (at >= 0) this.set({ stack: [...stack.slice(0, at), e.frame, ...stack.slice(at + 1)] });
          break;
        case 'home':
          this.set({ stack: [stack[0] as Frame] });
          break;
        case 'update':
          this.setFrame(uid, (f) => ({ ...f, state: e.fn(f.state as never) }));
          break;
        case 'help':
          if (at >= 0) this.set({ stack: [...stack, helpFrame(stack[at] as Frame)] });
          break;
        case 'counter':
          this.set({ counter: e.no });
          break;
        case 'write':
        case 'task':
        case 'docScan':
        case 'quit':
          if (echo) this.waiting.push({ uid, effect: e });
          else this.perform(uid, e);
          break;
      }
    }
  }

  private perform(uid: number, e: Effect<any>): void {
    const t = this.ctx.t;
    switch (e.kind) {
      case 'write': {
        let out: Effect<any>[];
        try {
          out = e.run(this.env());
        } catch (err) {
          out = [{ kind: 'status', status: { kind: 'error', text: userMessage(t, err) } }];
        }
        this.ports.wrote();
        this.apply(uid, out, false);
        break;
      }
      case 'task': {
        let started: Promise<Effect<any>[]>;
        try {
          started = e.run(this.env());
        } catch (err) {
          started = Promise.reject(err);
        }
        const done = started
          .catch((err: unknown): Effect<any>[] => [{ kind: 'status', status: { kind: 'error', text: userMessage(t, err) } }])
          .then((out) => {
            this.ports.wrote();
            this.apply(uid, out, false);
          })
          .finally(() => this.tasks.delete(done));
        this.tasks.add(done);
        break;
      }
      case 'docScan': {
        const req = e.request;
        const started = this.ports.docScan?.(req) ?? null;
        if (started === null) this.set({ status: { kind: 'error', text: t('scan.none', { failure: t('scan.failure.noDevice') }) } });
        else if (!started) this.set({ status: { kind: 'error', text: t('scan.docBusy') } });
        else this.set({ status: { kind: 'info', text: t('scan.docStart', { item: req.item + 1, code: req.code }) } });
        break;
      }
      case 'quit':
        this.ports.quit();
        break;
      default:
        this.apply(uid, [e], false);
    }
  }

  // ---- scans -------------------------------------------------------------------------------------

  private drainScans(): void {
    for (const s of this.queuedScans.splice(0)) this.scan(s.raw, s.source, false);
  }

  /**
   * A complete barcode scan goes to what the open screen is for: an ID card starts or fills the
   * receipt, an old receipt opens its dossier (the status check), a ticket says where it stands (and
   * is started when it is the one called here). A scan never interrupts work in progress: then it is
   * refused, with the reason; with nobody logged in it does nothing.
   */
  private scan(raw: string, source: string, viaWedge: boolean): void {
    const { app } = this;
    const t = this.ctx.t;
    const top = this.top();
    const policy = top.screen.scans?.(top.state) ?? 'busy';
    if (policy === 'closed') return;
    let scan: ScanKind;
    try {
      scan = app.scans.take(raw, source);
    } catch (e) {
      return this.set({ status: { kind: 'error', text: userMessage(t, e) } });
    }
    const error = (text: string) => this.set({ status: { kind: 'error', text } });
    switch (scan.kind) {
      case 'encoding':
        return error(t('scan.encoding'));
      case 'unknown':
        return error(t('scan.unknown', { text: cleanScan(raw).replace(/[\x00-\x1f\x7f]/g, '').slice(0, 24) }));
      case 'citizen':
      case 'citizenInvalid': {
        const card = { scan, raw, viaWedge };
        const own = top.screen.takeCard?.(top.state, card, this.env());
        if (own) {
          this.set({ status: null });
          return this.run(top.uid, own, false);
        }
        if (policy !== 'idle') return error(t('scan.busy'));
        const receipt = frame(receiptScreen, startReceipt());
        this.set({ stack: [this.current.stack[0] as Frame, receipt], status: null });
        const s = receiptScreen.takeCard?.(receipt.state, card, this.env());
        if (s) this.run(receipt.uid, s, false);
        return;
      }
      case 'dossier': {
        if (policy !== 'idle') return error(t('scan.busy'));
        try {
          const d = app.dossiers.get(scan.code);
          // on top of where the operator was (a scan opens only over an idle screen): Esc goes back there
          this.set({ stack: [...this.current.stack, frame(findScreen, scannedDossier(d))], status: { kind: 'info', text: t('scan.dossier', { code: d.code, state: t(`dossier.${d.state}` as MessageKey) }) } });
        } catch (e) {
          error(userMessage(t, e));
        }
        return;
      }
      case 'ticket': {
        if (scan.otherDay) return error(t('scan.ticketOtherDay', { ticket: scan.label, date: displayDate(scan.otherDay) }));
        const ticket = this.env().queue.byLabel(scan.label);
        if (!ticket) return error(t('err.ticketNotFound', { ticket: scan.label }));
        const here = this.current.counter;
        if (ticket.status === 'called' && ticket.counter === here && top.screen === mainScreen) {
          return this.perform(top.uid, { kind: 'write', run: (env) => [{ kind: 'status', status: { kind: 'ok', text: t('ok.started', { ticket: env.app.start(here).ticket.label }) } }] });
        }
        const where = ticket.counter ? ` – ${t('label.counter', { no: ticket.counter })}` : '';
        return this.set({ status: { kind: 'info', text: t('scan.ticket', { ticket: ticket.label, status: t(`status.${ticket.status}` as MessageKey), where }) } });
      }
    }
  }

  // ---- state -------------------------------------------------------------------------------------

  private setFrame(uid: number, fn: (f: Frame) => Frame): void {
    const stack = this.current.stack;
    const at = stack.findIndex((f) => f.uid === uid);
    if (at < 0) return;
    const f = fn(stack[at] as Frame);
    if (f !== stack[at]) this.set({ stack: [...stack.slice(0, at), f, ...stack.slice(at + 1)] });
  }

  private set(patch: Partial<DeskState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l();
  }
}
