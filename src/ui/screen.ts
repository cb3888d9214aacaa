// The screen unit: what every screen of the counter is, and how it talks to the router.
//
// A screen is plain data and pure functions, no React: a state; one binding table (key → what it
// does, with the label, whether it is in the key bar now and why it is refused now), which drives
// the dispatch, the key bar, the help and the refusals alike; a view as data (title and lines); and
// `other` for the keys no binding takes (typing into a field). A key handler never acts on the world:
// it returns the next state and effects as data, which the router (router.ts) performs. Effects that
// only change what is on the screen (status line, push, pop, this desk's counter) apply at once;
// effects that write (`write`: an app call that changes records) or reach outside (`quit`,
// `docScan`) wait while the keyboard-wedge router has not decided whether the keys are typed or a
// scan, and are dropped, with the screen put back as it was, when they were a scan.
//
// A new screen: a state type, `const X: Screen<S> = { id, bindings, view, ... }` in screens/, opened
// with `push(frame(X, initialState))` from a binding of another screen. A dialog that answers (a
// PIN, a choice) closes with `pop(result)`; the screen below gets it in `resume`. Tests drive the
// real router without React (tests/helpers/desk.ts: press keys, read `desk.state`, `view()`), or a
// binding directly (`b.run(state, env, key)` returns the step: its effects can be looked at, not run).
import type { CounterApp } from '../app/counterApp.js';
import type { Lang } from '../core/lang.js';
import type { QueueState } from '../core/queue/state.js';
import type { ScanKind } from '../core/scan/classify.js';
import type { Trip } from '../core/trip.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { Key } from './keys/keys.js';
import { moveIn } from './keys/list.js';
import type { DocScanRequest } from './scanHub.js';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** What a screen sees of the world. Reading the app is fine anywhere; writing only in a `write` effect. */
export interface ScreenEnv {
  readonly app: CounterApp;
  /** The open trip and its queue, read once for this key or this frame (a binding table asks often). */
  readonly trip: Trip | undefined;
  readonly queue: QueueState;
  readonly t: Translate;
  readonly lang: Lang;
  /** The counter this desk works as. */
  readonly counter: number;
  /** The body of the screen (between the status line and the key bar). */
  readonly size: Size;
  /** The screen locks after this long without a key (ms; 0: never). */
  readonly lockAfterMs: number;
  /** Moves whenever this process wrote or another process committed: for views that memoise. */
  readonly version: number;
}

export type Status = { kind: 'ok' | 'error' | 'info'; text: string } | null;

/** One line of a view: text, or text with a style; `cursor`: the character (code point index) a field's cursor is on. */
export type ViewLine = string | { text: string; bold?: boolean; dim?: boolean; color?: string; cursor?: number };

/** The rows of the terminal that are not the body: the header, the status line and the key bar. */
export const CHROME_ROWS = 3;

export interface View {
  /**
   * 'box': a bordered dialog, the title on its first line; 'plain': the lines as they are (the main
   * screen); 'full': the whole terminal (no header), `qr` drawn dark on light at the left and the
   * lines, the status and the key bar beside it (a code for a phone to scan).
   */
  frame: 'box' | 'plain' | 'full';
  /** frame 'full': text rows of a QR code (core/termqr.ts), drawn black on white. */
  qr?: readonly string[];
  title?: string;
  lines: ViewLine[];
  /** A hint at the foot of the box that is not about keys (the key bar says those). */
  footer?: string;
  /** The box's size when smaller than the body. */
  width?: number;
  height?: number;
}

/**
 * An effect, returned as data by a key handler (or a write). `S` is the state of the screen that
 * returned it: `update` changes that screen's state, `pop` closes that screen.
 */
export type Effect<S = never> =
  | { kind: 'status'; status: Status }
  /** Open a screen on top. */
  | { kind: 'push'; frame: Frame }
  /** Close this screen; the one below gets `result` in its `resume`. */
  | { kind: 'pop'; result?: unknown }
  /** This screen gives way to another in the same place. */
  | { kind: 'replace'; frame: Frame }
  /** Back to the main screen, everything above it closed. */
  | { kind: 'home' }
  /** This screen's state, changed (after a write: the state may have moved on since the key). */
  | { kind: 'update'; fn: (s: S) => S }
  /** The help for this screen. */
  | { kind: 'help' }
  /** This desk works as another counter. */
  | { kind: 'counter'; no: number }
  /** Change records (an app call); what it returns is performed next. Throwing puts the error on the status line. */
  | { kind: 'write'; run: (env: ScreenEnv) => Effect<S>[] }
  /**
   * A long job of the app layer (a bundle or a PDF written to a stick): started as a write is, it
   * runs while the screen keeps answering; what it resolves to is performed when it ends, a
   * rejection put on the status line.
   */
  | { kind: 'task'; run: (env: ScreenEnv) => Promise<Effect<S>[]> }
  /** Paper into a dossier, in a child process. */
  | { kind: 'docScan'; request: DocScanRequest }
  | { kind: 'quit' };

export interface Step<S> {
  readonly state: S;
  readonly effects: readonly Effect<S>[];
}

/**
 * Keys a binding answers to: a function key or named key ('f3', 'enter', 'escape', 'tab', 'backtab',
 * 'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'space', 'backspace',
 * 'delete'), 'ctrl+x', a digit range ('1-9'), or one printable character. A lower-case letter
 * answers to either case; an upper-case one only to itself (a deliberate capital, like K).
 */
export type KeySpec = string;

export interface Binding<S> {
  /** Stable name (tests and the help use it). */
  id: string;
  keys: readonly KeySpec[];
  /** What it does, in the key bar and the help. */
  label: MessageKey;
  /** How the keys are written in the bar and the help when not by the keys themselves (e.g. 'A–K'). */
  keyText?: string;
  /** In the key bar now: its place (lower first), or false. Absent: never in the bar (the help lists it). */
  shown?: (s: S, env: ScreenEnv) => number | false;
  /** Why it cannot run now (said on the status line when pressed), or null. */
  disabled?: (s: S, env: ScreenEnv) => string | null;
  run: (s: S, env: ScreenEnv, key: Key) => Step<S>;
}

/** What a scan may do over a screen: open what it is for ('idle'), be refused ('busy'), or nothing ('closed': nobody logged in). */
export type ScanPolicy = 'idle' | 'busy' | 'closed';

export interface Screen<S> {
  id: string;
  /** The binding table (one per screen; a screen with steps gives the table of its step). */
  bindings: readonly Binding<S>[] | ((s: S, env: ScreenEnv) => readonly Binding<S>[]);
  /** Keys no binding takes: typing into the focused field. Null: the key does nothing here. */
  other?: (s: S, env: ScreenEnv, key: Key) => Step<S> | null;
  /** A text field has the focus now (the help then lists the editing keys of the line editor). */
  edits?: (s: S) => boolean;
  view: (s: S, env: ScreenEnv, size: Size) => View;
  /** A screen opened from this one closed with a result (a supervisor's approval, say). */
  resume?: (s: S, result: unknown, env: ScreenEnv) => Step<S>;
  /** What a scan may do while this screen is on top (default 'busy'). */
  scans?: (s: S) => ScanPolicy;
  /** A scanned ID card this screen takes itself (the receipt before a citizen is chosen). */
  takeCard?: (s: S, card: CardScan, env: ScreenEnv) => Step<S> | null;
}

/** An ID-card scan handed to a screen. */
export interface CardScan {
  scan: ScanKind;
  raw: string;
  /** Came through the keyboard wedge (a US keyboard: no Vietnamese letters). */
  viaWedge: boolean;
}

export interface Frame<S = any> {
  /** Which opened screen this is (effects of a write find their screen by it). */
  readonly uid: number;
  readonly screen: Screen<S>;
  readonly state: S;
}

let uids = 0;

/** A screen with its state, ready to push. */
export function frame<S>(screen: Screen<S>, state: S): Frame<S> {
  return { uid: ++uids, screen, state };
}

// ---- helpers for key handlers -------------------------------------------------------------------

/** The next state and the effects (S comes from where the step goes: the screen's state type). */
export function step<S>(state: NoInfer<S>, ...effects: Effect<NoInfer<S>>[]): Step<S> {
  return { state, effects };
}

export const status = <S>(kind: 'ok' | 'error' | 'info', text: string): Effect<S> => ({ kind: 'status', status: { kind, text } });
export const push = <S>(f: Frame): Effect<S> => ({ kind: 'push', frame: f });
export const pop = <S>(result?: unknown): Effect<S> => (result === undefined ? { kind: 'pop' } : { kind: 'pop', result });
export const replace = <S>(f: Frame): Effect<S> => ({ kind: 'replace', frame: f });
export const update = <S>(fn: (s: S) => S): Effect<S> => ({ kind: 'update', fn });

/** A write whose result is a line on the status line (errors say why, in red). */
export function act<S>(fn: (env: ScreenEnv) => string): Effect<S> {
  return { kind: 'write', run: (env) => [status('ok', fn(env))] };
}

/** A long job of the app layer, its effects performed when it ends (see the 'task' effect). */
export function task<S>(run: (env: ScreenEnv) => Promise<Effect<S>[]>): Effect<S> {
  return { kind: 'task', run };
}

/** A write with its own effects. */
export function write<S>(run: (env: ScreenEnv) => Effect<S>[]): Effect<S> {
  return { kind: 'write', run };
}

export function bindingsOf<S>(f: Frame<S>, env: ScreenEnv): readonly Binding<S>[] {
  const b = f.screen.bindings;
  return typeof b === 'function' ? b(f.state, env) : b;
}

// ---- bindings every kind of screen has ----------------------------------------------------------

/** Esc: close this screen (or do `run`), in the key bar at place `rank`. */
export function back<S>(rank: number, run: (s: S) => Step<S> = (s) => step(s, pop())): Binding<S> {
  return { id: 'back', keys: ['escape'], label: 'key.back', shown: () => rank, run };
}

/** The keys that move in a list; with a text field beside it, Home/End belong to the field. */
export const LIST_KEYS = ['up', 'down', 'pageup', 'pagedown', 'home', 'end'] as const;
export const LIST_KEYS_BESIDE_FIELD = ['up', 'down', 'pageup', 'pagedown'] as const;

/** ↑/↓ (a page, the ends) choosing a row of a list of `length(s, env)` rows, kept in `index`. */
export function choose<S extends { index: number }>(length: (s: S, env: ScreenEnv) => number, keys: readonly string[] = LIST_KEYS): Binding<S> {
  return { id: 'choose', keys, keyText: '↑/↓', label: 'key.choose', shown: () => 1, run: (s, env, key) => step({ ...s, index: moveIn(s.index, length(s, env), key) ?? s.index }) };
}
