// @ts-nocheck
// Who is at the counter: the login form (name and PIN), the lock screen after the idle time (the
// same operator's PIN, or Tab to log in as someone else), and a supervisor's approval of one guarded
// action. Reducers and views as plain data; the PIN is never shown, only its length as dots.
import type { Operator } from '../../app/operators.js';
import type { Luudong } from '../../app/luudong.js';
import type { GuardedAction } from '../../core/auth.js';
import { userMessage, type Translate } from '../../i18n/index.js';
import { editLine } from '../keys/edit.js';
import type { Key } from '../keys/keys.js';

export interface Credentials {
  name: string;
  pin: string;
  /** 0: the name, 1: the PIN. */
  focus: 0 | 1;
  error: string | null;
}

export const blankCredentials = (name = ''): Credentials => ({ name, pin: '', focus: name ? 1 : 0, error: null });

export type CredentialsResult = Credentials | { done: Operator } | { cancel: true };

/**
 * Keys on a name + PIN form. `check` turns the pair into an operator (a login, a supervisor's
 * approval) or throws the refusal, which stays on the form with the PIN cleared.
 */
export function credentialsKey(c: Credentials, key: Key, t: Translate, check: (name: string, pin: string) => Operator, cancellable: boolean): CredentialsResult {
  if (key.name === 'escape') return cancellable ? { cancel: true } : { ...c, pin: '', error: null };
  if (key.name === 'tab' || key.name === 'down' || key.name === 'up' || key.name === 'backtab') return { ...c, focus: c.focus === 0 ? 1 : 0 };
  if (key.name === 'enter') {
    if (c.focus === 0) return { ...c, focus: 1 };
    try {
      return { done: check(c.name, c.pin) };
    } catch (e) {
      return { ...c, pin: '', error: userMessage(t, e) };
    }
  }
  if (c.focus === 1) {
    // Digits only: a PIN pad, whatever else is pressed.
    if (key.name === 'backspace') return { ...c, pin: c.pin.slice(0, -1), error: null };
    if (key.name === 'char' && /^\d+$/.test(key.text)) return { ...c, pin: (c.pin + key.text).slice(0, 8), error: null };
    return c;
  }
  const v = editLine(c.name, key);
  return v === undefined ? c : { ...c, name: v, error: null };
}

export function credentialsLines(c: Credentials, t: Translate, width: number): string[] {
  const row = (i: 0 | 1, label: string, value: string) => `${c.focus === i ? '>' : ' '} ${label.padEnd(14)} ${value}${c.focus === i ? '_' : ''}`;
  const lines = [row(0, t('auth.fieldName'), c.name), row(1, t('auth.fieldPin'), '•'.repeat(c.pin.length))];
  if (c.error) lines.push('', `! ${c.error}`.slice(0, Math.max(20, width - 4)));
  return lines;
}

/** Log in (the login form and the lock screen). */
export const loginCheck = (app: Luudong) => (name: string, pin: string) => app.login(name, pin);

/** A supervisor approving one guarded action: their PIN, and a role that allows it. */
export const approvalCheck = (app: Luudong, action: GuardedAction) => (name: string, pin: string) => app.operators.supervisor(name, pin, action);
