// Operators and what each role may do. Pure: the PIN hashing (scrypt) and the store are elsewhere.
import { DomainError } from './errors.js';
import { cleanText, fold } from './text.js';

export type Role = 'operator' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['operator', 'supervisor', 'admin'];
const RANK: Record<Role, number> = { operator: 0, supervisor: 1, admin: 2 };

/**
 * Actions that need a supervisor (or an admin): each undoes or exposes work of others. At the
 * counter a supervisor types their PIN for it; on the command line the logged-in operator must be one.
 */
export type GuardedAction = 'dossier.cancel' | 'dossier.refuse' | 'trip.reopen' | 'handover.export' | 'purge' | 'backup' | 'restore' | 'operator.manage' | 'office.manage';
const NEEDS: Record<GuardedAction, Role> = {
  'dossier.cancel': 'supervisor',
  'dossier.refuse': 'supervisor',
  'trip.reopen': 'supervisor',
  'handover.export': 'supervisor',
  purge: 'supervisor',
  backup: 'supervisor',
  restore: 'supervisor',
  'operator.manage': 'admin',
  // the office's code, names and bank account start every dossier code and VietQR
  'office.manage': 'supervisor',
};

export function allows(role: Role, action: GuardedAction): boolean {
  return RANK[role] >= RANK[NEEDS[action]];
}

export function requiredRole(action: GuardedAction): Role {
  return NEEDS[action];
}

/** Five wrong PINs in a row lock the name for 15 minutes (a PIN has only 10,000 values). */
export const MAX_FAILED_PINS = 5;
export const LOCK_MS = 15 * 60_000;

/** 4 to 8 digits; not one digit repeated, not a plain run (1234, 4321): the first guesses anyone tries. */
export function checkPin(pin: string): string {
  if (!/^\d{4,8}$/.test(pin)) throw new DomainError('err.auth.pinFormat');
  const d = [...pin].map(Number);
  const step = (d[1] as number) - (d[0] as number);
  if ((step === 0 || step === 1 || step === -1) && d.every((x, i) => i === 0 || x - (d[i - 1] as number) === step)) throw new DomainError('err.auth.pinWeak');
  return pin;
}

export function checkOperatorName(name: string): { name: string; folded: string } {
  const n = cleanText(name);
  if (!n || n.length > 40) throw new DomainError('err.auth.name', { name });
  return { name: n, folded: fold(n) };
}

export function parseRole(s: string): Role {
  if (!ROLES.includes(s as Role)) throw new DomainError('err.auth.role', { role: s, roles: ROLES.join(', ') });
  return s as Role;
}

/** After a wrong PIN: the new count, and the time the name stays locked until (or null). */
export function afterFailure(failed: number, now: number): { failed: number; lockedUntil: number | null } {
  const n = failed + 1;
  return n >= MAX_FAILED_PINS ? { failed: 0, lockedUntil: now + LOCK_MS } : { failed: n, lockedUntil: null };
}
