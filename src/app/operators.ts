// Operators: added by an admin (the first one becomes admin), logged in by name and PIN, locked out
// after repeated wrong PINs, and asked for a supervisor's PIN before the guarded actions. With no
// operator set up the app runs as before (a demo, a new install): the first `operator add` switches
// logins on.
//
// A PIN has 10,000 to 10^8 values, so its hash alone cannot keep it from someone who has the file:
// each is HMAC-SHA256'd with a secret from the vehicle's key (kept beside the database, never in it
// or in a backup) before scrypt with a salt of its own. A stolen database or backup then gives
// nothing to guess against; with the laptop's key too, every guess costs a scrypt sized to take about
// a third of a second on the vehicle's laptop (PIN_SCRYPT below; figures in the README).
//
// The lock-out holds against guesses in parallel: each try is counted, and the name locked at the
// limit, in one write transaction before the slow hash is compared; a right PIN then clears the count.
import { createHmac, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
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
  /** The secret PINs are peppered with (from the vehicle's key); throws err.key.missing without it. */
  pinKey: () => Buffer;
}

/**
 * scrypt's cost for a PIN: N = 2^16, r = 8 (64 MiB, once per login), p = 1. Measured here (2-core
 * EPYC, shared): 0.13 s quiet; the target on the vehicle's 2-core Celeron is at most 0.5 s, at a
 * third of a core at most 1.5 s (bench/RESULTS.md, "PIN").
 */
export const PIN_SCRYPT = { N: 2 ** 16, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
/** Hashes of this format start with it; older ones are 64 hex digits (scrypt N = 2^14 of the bare PIN). */
const V2 = `s2:${Math.log2(PIN_SCRYPT.N)}:${PIN_SCRYPT.r}:${PIN_SCRYPT.p}:`;

const SCRYPT_OPTIONS = { ...PIN_SCRYPT, maxmem: 128 * PIN_SCRYPT.N * PIN_SCRYPT.r * 2 };

/**
 * Hashes made ahead by hashAhead, each for one use, for a few seconds: the hub makes a login's hash
 * in libuv's thread pool, so its links keep beating, then runs the login itself as everywhere else.
 * Keyed by the salt and the peppered PIN (never the PIN itself).
 */
const AHEAD = new Map<string, { hash: string; at: number }>();
const AHEAD_MS = 30_000;

function hashPin(pin: string, salt: string, pinKey: Buffer): string {
  const peppered = createHmac('sha256', pinKey).update(pin, 'utf8').digest();
  const k = `${salt}:${peppered.toString('hex')}`;
  const made = AHEAD.get(k);
  if (made) {
    AHEAD.delete(k);
    if (Date.now() - made.at < AHEAD_MS) return made.hash;
  }
  return V2 + scryptSync(peppered, Buffer.from(salt, 'hex'), KEY_BYTES, SCRYPT_OPTIONS).toString('hex');
}

function hashPinAhead(pin: string, salt: string, pinKey: Buffer): Promise<void> {
  const peppered = createHmac('sha256', pinKey).update(pin, 'utf8').digest();
  return new Promise((resolve) =>
    scrypt(peppered, Buffer.from(salt, 'hex'), KEY_BYTES, SCRYPT_OPTIONS, (err, key) => {
      if (!err) {
        const now = Date.now();
        for (const [k, v] of AHEAD) if (now - v.at >= AHEAD_MS || AHEAD.size > 64) AHEAD.delete(k);
        AHEAD.set(`${salt}:${peppered.toString('hex')}`, { hash: V2 + key.toString('hex'), at: now });
      }
      resolve();
    }),
  );
}

/** A hash of the first format: no pepper, scrypt's default cost. Only checked, never made. */
const hashPinV1 = (pin: string, salt: string) => scryptSync(pin, Buffer.from(salt, 'hex'), KEY_BYTES).toString('hex');

/** Whether `pin` is the one `stored` was made from, in constant time; and whether `stored` is of the old format. */
function checkPinHash(pin: string, r: { pin_hash: string; pin_salt: string }, pinKey: () => Buffer): { ok: boolean; old: boolean } {
  const old = !r.pin_hash.startsWith('s2:');
  const got = Buffer.from(old ? hashPinV1(pin, r.pin_salt) : hashPin(pin, r.pin_salt, pinKey()));
  const want = Buffer.from(r.pin_hash);
  return { ok: got.length === want.length && timingSafeEqual(got, want), old };
}

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
    const salt = randomBytes(16).toString('hex');
    const hash = hashPin(pin, salt, this.deps.pinKey());
    // Checked again inside the write transaction: three first admins added at once make one.
    this.deps.write((tx) => {
      const first = !this.enabled();
      if (first && role !== 'admin') throw new DomainError('err.auth.firstAdmin');
      if (!first) this.authorize(by, 'operator.manage');
      if (this.row(n)) throw new DomainError('err.auth.exists', { name: n });
      this.deps.db
        .prepare('INSERT INTO operators (name, name_folded, role, pin_hash, pin_salt, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(n, folded, role, hash, salt, this.deps.now(), first ? null : (by?.name ?? null));
    });
    return toOperator(this.row(n) as Row);
  }

  /**
   * The operator whose name and PIN these are; a wrong PIN counts towards the lock-out. The try is
   * counted (and the name locked at the limit) before the PIN is compared, in one write transaction:
   * twenty wrong PINs at once lock the name after the fifth, the others are refused unhashed.
   */
  login(name: string, pin: string): Operator {
    const now = this.deps.now();
    const reserved = this.deps.write((tx) => {
      const r = this.row(name);
      if (!r || r.disabled_at !== null) return null;
      if (r.locked_until !== null && r.locked_until > now) throw new DomainError('err.auth.locked', { name: r.name, minutes: Math.ceil((r.locked_until - now) / 60_000) });
      const next = afterFailure(r.failed, now);
      this.deps.db.prepare('UPDATE operators SET failed = ?, locked_until = ? WHERE id = ?').run(next.failed, next.lockedUntil, r.id);
      return { r, next };
    });
    // An unknown name costs the same scrypt as a known one: the time does not tell which names exist.
    if (!reserved) {
      hashPin(pin, '00'.repeat(16), this.deps.pinKey());
      throw new DomainError('err.auth.bad', {});
    }
    const { r, next } = reserved;
    const check = checkPinHash(pin, r, this.deps.pinKey);
    if (check.ok) {
      // A hash of the old format is made again in the new one, now that the PIN is known.
      const salt = check.old ? randomBytes(16).toString('hex') : null;
      const upgraded = salt ? hashPin(pin, salt, this.deps.pinKey()) : null;
      this.deps.write((tx) => {
        this.deps.db.prepare('UPDATE operators SET failed = 0, locked_until = NULL WHERE id = ?').run(r.id);
        if (upgraded && salt) this.deps.db.prepare('UPDATE operators SET pin_hash = ?, pin_salt = ?, changed_at = ?, changed_by = ? WHERE id = ? AND pin_hash = ?').run(upgraded, salt, now, r.name, r.id, r.pin_hash);
        appendAudit(tx, this.deps.db, now, r.name, 'auth.login', ['operators', r.id]);
      });
      return toOperator({ ...r, failed: 0, locked_until: null });
    }
    this.deps.write((tx) => appendAudit(tx, this.deps.db, now, r.name, next.lockedUntil ? 'auth.locked' : 'auth.failed', ['operators', r.id]));
    if (next.lockedUntil) throw new DomainError('err.auth.locked', { name: r.name, minutes: Math.ceil((next.lockedUntil - now) / 60_000) });
    throw new DomainError('err.auth.bad', {});
  }

  /**
   * Make the hash login(name, pin) will compare, off this thread (async scrypt): a process serving
   * others (the hub) calls this first so a login does not stall it. The login still counts the try
   * before it compares, exactly as without it; this only moves the work.
   */
  async hashAhead(name: string, pin: string): Promise<void> {
    if (!this.enabled()) return;
    const r = this.row(name);
    if (r && !r.pin_hash.startsWith('s2:')) return; // the old format's hash is cheap, made in place
    await hashPinAhead(pin, r && r.disabled_at === null ? r.pin_salt : '00'.repeat(16), this.deps.pinKey());
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
    this.deps.write((tx) =>
      this.deps.db
        .prepare('UPDATE operators SET pin_hash = ?, pin_salt = ?, failed = 0, locked_until = NULL, changed_at = ?, changed_by = ? WHERE id = ?')
        .run(hashPin(pin, salt, this.deps.pinKey()), salt, this.deps.now(), by?.name ?? null, r.id),
    );
  }

  disable(name: string, by: Operator | null): void {
    const r = this.row(name);
    if (!r) throw new DomainError('err.auth.unknown', { name });
    this.authorize(by, 'operator.manage');
    const admins = this.list().filter((o) => o.role === 'admin' && o.disabledAt === null);
    if (r.role === 'admin' && admins.length === 1) throw new DomainError('err.auth.lastAdmin');
    this.deps.write((tx) => this.deps.db.prepare('UPDATE operators SET disabled_at = ?, changed_at = ?, changed_by = ? WHERE id = ?').run(this.deps.now(), this.deps.now(), by?.name ?? null, r.id));
  }
}
