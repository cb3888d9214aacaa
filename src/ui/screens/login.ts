// Who is at the counter: the login form (name and PIN), the lock screen after the idle time (the
// same operator's PIN, or Tab to log in as someone else), and a supervisor's approval of one guarded
// action. The PIN is never shown, only its length as dots.
import type { Operator } from '../../app/operators.js';
import type { GuardedAction } from '../../core/auth.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { editLine, line, type Line } from '../keys/edit.js';
import type { Key } from '../keys/keys.js';
import { fieldLine } from '../fields.js';
import { frame, pop, step, update, write, type Binding, type Effect, type Frame, type Screen, type ScreenEnv, type Step, type ViewLine } from '../screen.js';

export interface Credentials {
  name: Line;
  pin: Line;
  /** 0: the name, 1: the PIN. */
  focus: 0 | 1;
  error: string | null;
}

export const blankCredentials = (name = ''): Credentials => ({ name: line(name), pin: line(''), focus: name ? 1 : 0, error: null });

/** A name + PIN form; `S` holds its credentials in `c`. */
interface HasCredentials {
  c: Credentials;
}

const PIN = { accept: /\d/, max: 8 };

/**
 * The bindings of a name + PIN form. `verify` turns the pair into an operator (a login, a
 * supervisor's approval) or throws the refusal, which stays on the form with the PIN cleared; it
 * writes (failed tries are counted), so it runs as a write. `cancel`: what Esc does (absent: Esc
 * clears the PIN, as on the login form, which has nowhere to go back to).
 */
function credentialBindings<S extends HasCredentials>(
  submitLabel: MessageKey,
  verify: (env: ScreenEnv, s: S) => Operator,
  done: (op: Operator, env: ScreenEnv, s: S) => Effect<S>[],
  cancel?: (s: S) => Effect<S>[],
): readonly Binding<S>[] {
  const check = (s: S) =>
    write<S>((env) => {
      try {
        return done(verify(env, s), env, s);
      } catch (e) {
        const error = userMessage(env.t, e);
        return [update((x) => ({ ...x, c: { ...x.c, pin: line(''), error } }))];
      }
    });
  const escape: Binding<S> = cancel
    ? // "back", not "cancel": over a dossier being cancelled, "Esc Hủy" would read as cancelling it
      { id: 'back', keys: ['escape'], label: 'key.back', shown: () => 3, run: (s) => step(s, ...cancel(s)) }
    : { id: 'clear', keys: ['escape'], label: 'key.clearPin', run: (s) => step({ ...s, c: { ...s.c, pin: line(''), error: null } }) };
  return [
    {
      id: 'submit',
      keys: ['enter'],
      label: submitLabel,
      shown: () => 1,
      run: (s) => (s.c.focus === 0 ? step({ ...s, c: { ...s.c, focus: 1 } }) : step(s, check(s))),
    },
    { id: 'field', keys: ['tab', 'backtab', 'up', 'down'], label: 'key.nextField', keyText: 'Tab', shown: () => 2, run: (s) => step({ ...s, c: { ...s.c, focus: s.c.focus === 0 ? 1 : 0 } }) },
    escape,
  ];
}

function typeIn<S extends HasCredentials>(s: S, _env: ScreenEnv, key: Key): Step<S> | null {
  const c = s.c;
  const v = c.focus === 1 ? editLine(c.pin, key, PIN) : editLine(c.name, key);
  if (!v) return null;
  return step({ ...s, c: { ...c, [c.focus === 1 ? 'pin' : 'name']: v, error: null } });
}

export function credentialsLines(c: Credentials, env: ScreenEnv, width: number): ViewLine[] {
  const row = (i: 0 | 1, label: string, value: Line) => fieldLine(`${c.focus === i ? '>' : ' '} ${label.padEnd(14)} `, value, c.focus === i);
  const lines: ViewLine[] = [row(0, env.t('auth.fieldName'), c.name), row(1, env.t('auth.fieldPin'), line('•'.repeat([...c.pin.text].length), c.pin.at))];
  if (c.error) lines.push('', `! ${c.error}`.slice(0, Math.max(20, width - 4)));
  return lines;
}

const welcome = <S>(op: Operator, env: ScreenEnv): Effect<S> => ({
  kind: 'status',
  status: { kind: 'ok', text: env.t('auth.welcome', { name: op.name, role: env.t(`auth.role.${op.role}` as MessageKey) }) },
});

const box = (title: string, c: Credentials, env: ScreenEnv, size: { width: number; height: number }) => {
  const width = Math.min(size.width, 76);
  return { frame: 'box' as const, title, lines: credentialsLines(c, env, width), width, height: Math.min(size.height, 9) };
};

export type LoginState = HasCredentials;

/** Logging in: nobody works (or sees a name) before it. */
export const loginScreen: Screen<LoginState> = {
  id: 'login',
  bindings: credentialBindings<LoginState>('key.login', (env, s) => env.app.login(s.c.name.text, s.c.pin.text), (op, env) => [pop(), welcome(op, env)]),
  other: typeIn,
  edits: () => true,
  scans: () => 'closed',
  view: (s, env, size) => box(env.t('auth.loginTitle'), s.c, env, size),
};

export interface LockedState extends HasCredentials {
  /** The operator who was working when the screen locked (null: nobody logged in). */
  who: number | null;
}

/**
 * The screen locked after the idle time, on top of the work in progress (which it hides: only the
 * top screen is drawn). The same operator's PIN takes them back to the same step with what they had
 * typed; another operator logging in starts from the main screen, the work left behind closed.
 */
export const lockedScreen: Screen<LockedState> = {
  id: 'locked',
  bindings: credentialBindings<LockedState>(
    'key.unlock',
    (env, s) => env.app.login(s.c.name.text, s.c.pin.text),
    (op, env, s) => (op.id === s.who ? [pop(), welcome(op, env)] : [{ kind: 'home' }, welcome(op, env)]),
  ),
  other: typeIn,
  edits: () => true,
  scans: () => 'closed',
  view: (s, env, size) => box(env.t('auth.lockedTitle', { minutes: Math.max(1, Math.round(env.lockAfterMs / 60_000)), name: s.c.name.text }), s.c, env, size),
};

export interface ApprovalState extends HasCredentials {
  action: GuardedAction;
  /** What is approved, for the title (e.g. the dossier and the state it moves to). */
  what: string;
}

/** The approving supervisor, handed to the screen below when the PIN is right. */
export interface Approved {
  approver: Operator;
}

/** A supervisor approving one guarded action: their PIN, and a role that allows it. Esc goes back. */
export const approvalScreen: Screen<ApprovalState> = {
  id: 'approve',
  bindings: credentialBindings<ApprovalState>(
    'key.approve',
    (env, s) => env.app.operators.supervisor(s.c.name.text, s.c.pin.text, s.action),
    (op) => [pop({ approver: op } satisfies Approved)],
    () => [pop()],
  ),
  other: typeIn,
  edits: () => true,
  scans: () => 'closed',
  view: (s, env, size) => box(env.t('auth.supervisorTitle', { what: s.what }), s.c, env, size),
};

export const approvalFrame = (action: GuardedAction, what: string): Frame<ApprovalState> => frame(approvalScreen, { c: blankCredentials(), action, what });
