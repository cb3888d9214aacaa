// Operators: added by an admin (the first one becomes admin), logged in by name and PIN, locked out
// after repeated wrong PINs, and asked for a supervisor's PIN before the guarded actions. PINs are
// kept as scrypt hashes with a salt of their own. With no operator set up the app runs as before
// (a demo, a new install): the first `operator add` switches logins on.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { afterFailure, allows, checkOperatorName, checkPin, parseRole, requiredRole, type GuardedAction, type Role } from '../core/auth.js';
import { DomainError } from '../core/errors.js';
import { fold } from '../core/text.js';
import { appendAudit } from '../store/audit.js';
import type { Db, Tx } from '../store/types.js';

export interface Operator {
  id: number;
  name: string;
  role: Role;
  lockedUntil: number | null;
  disabledAt: number | null;
  createdAt: number;
}

interface Row {
  id: number;
  name: string;
  name_folded: string;
  role: Role;
  pin_hash: string;
  pin_salt: string;
  failed: number;
  locked_until: number | null;
  disabled_at: number | null;
  created_at: number;
}

export interface OperatorDeps {
  db: Db;
  now: () => number;
  write: <T>(fn: (tx: Tx) => T) => T;
}

// scrypt's default cost (N = 16384, r = 8): ~50 ms on a slow laptop, once per login.
const KEY_BYTES = 32;
const hashPin = (pin: string, salt: string) => scryptSync(pin, Buffer.from(salt, 'hex'), KEY_BYTES).toString('hex');

const toOperator = (r: Row): Operator => ({ id: r.id, name: r.name, role: r.role, lockedUntil: r.locked_until, disabledAt: r.disabled_at, createdAt: r.created_at });

export class OperatorDesk {
  constructor(private readonly deps: OperatorDeps) {}

  private row(name: string): Row | undefined {
    return this.deps.db.prepare('SELECT * FROM operators WHERE name_folded = ?').get(fold(name.trim())) as Row | undefined;
  }

  /** Are logins required? Once any operator exists, yes. */
  enabled(): boolean {
    return this.deps.db.prepare('SELECT 1 FROM operators WHERE disabled_at IS NULL LIMIT 1').get() !== undefined;
  }

  list(): Operator[] {
    return (this.deps.db.prepare('SELECT * FROM operators ORDER BY name_folded').all() as Row[]).map(toOperator);
  }

  /** A new operator. `by`: the admin adding them (none needed for the very first, who is admin). */
  add(name: string, roleName: string, pin: string, by: Operator | null): Operator {
    const { name: n, folded } = checkOperatorName(name);
    const role = parseRole(roleName);
    checkPin(pin);
    const first = !this.enabled();
    if (first && role !== 'admin') throw new DomainError('err.auth.firstAdmin');
    if (!first) this.authorize(by, 'operator.manage');
    if (this.row(n)) throw new DomainError('err.auth.exists', { name: n });
    const salt = randomBytes(16).toString('hex');
    const hash = hashPin(pin, salt);
    this.deps.write(() =>
      this.deps.db
        .prepare('INSERT INTO operators (name, name_folded, role, pin_hash, pin_salt, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(n, folded, role, hash, salt, this.deps.now(), by?.name ?? null),
    );
    return toOperator(this.row(n) as Row);
  }

  /** The operator whose name and PIN these are; a wrong PIN counts towards the lock-out. */
  login(name: string, pin: string): Operator {
    const r = this.row(name);
    const now = this.deps.now();
    // An unknown name costs the same scrypt as a known one: the time does not tell which names exist.
    if (!r || r.disabled_at !== null) {
      hashPin(pin, '00'.repeat(16));
      throw new DomainError('err.auth.bad', {});
    }
    if (r.locked_until !== null && r.locked_until > now) throw new DomainError('err.auth.locked', { name: r.name, minutes: Math.ceil((r.locked_until - now) / 60_000) });
    const ok = timingSafeEqual(Buffer.from(hashPin(pin, r.pin_salt), 'hex'), Buffer.from(r.pin_hash, 'hex'));
    if (ok) {
      this.deps.write((tx) => {
        this.deps.db.prepare('UPDATE operators SET failed = 0, locked_until = NULL WHERE id = ?').run(r.id);
        appendAudit(tx, this.deps.db, now, r.name, 'auth.login', ['operators', r.id]);
      });
      return toOperator({ ...r, failed: 0, locked_until: null });
    }
    const next = afterFailure(r.failed, now);
    this.deps.write((tx) => {
      this.deps.db.prepare('UPDATE operators SET failed = ?, locked_until = ? WHERE id = ?').run(next.failed, next.lockedUntil, r.id);
      appendAudit(tx, this.deps.db, now, r.name, next.lockedUntil ? 'auth.locked' : 'auth.failed', ['operators', r.id]);
    });
    if (next.lockedUntil) throw new DomainError('err.auth.locked', { name: r.name, minutes: Math.ceil((next.lockedUntil - now) / 60_000) });
    throw new DomainError('err.auth.bad', {});
  }

  /** Refuse a guarded action to someone whose role is below what it needs. */
  authorize(actor: Operator | null, action: GuardedAction): void {
    if (!this.enabled()) return;
    if (!actor) throw new DomainError('err.auth.required', {});
    if (!allows(actor.role, action)) throw new DomainError('err.auth.forbidden', { name: actor.name, role: `auth.role.${requiredRole(action)}` });
  }

  /** A supervisor's name and PIN, given at the counter for one guarded action. */
  supervisor(name: string, pin: string, action: GuardedAction): Operator {
    const s = this.login(name, pin);
    this.authorize(s, action);
    return s;
  }

  setPin(name: string, pin: string, by: Operator | null): void {
    const r = this.row(name);
    if (!r) throw new DomainError('err.auth.unknown', { name });
    if (by?.id !== r.id) this.authorize(by, 'operator.manage');
    checkPin(pin);
    const salt = randomBytes(16).toString('hex');
    this.deps.write(() =>
      this.deps.db
        .prepare('UPDATE operators SET pin_hash = ?, pin_salt = ?, failed = 0, locked_until = NULL, changed_at = ?, changed_by = ? WHERE id = ?')
        .run(hashPin(pin, salt), salt, this.deps.now(), by?.name ?? null, r.id),
    );
  }

  disable(name: string, by: Operator | null): void {
    const r = this.row(name);
    if (!r) throw new DomainError('err.auth.unknown', { name });
    this.authorize(by, 'operator.manage');
    const admins = this.list().filter((o) => o.role === 'admin' && o.disabledAt === null);
    if (r.role === 'admin' && admins.length === 1) throw new DomainError('err.auth.lastAdmin');
    this.deps.write(() => this.deps.db.prepare('UPDATE operators SET disabled_at = ?, changed_at = ?, changed_by = ? WHERE id = ?').run(this.deps.now(), this.deps.now(), by?.name ?? null, r.id));
  }
}
