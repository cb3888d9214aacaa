// The centre's use cases: the only layer of the centre that combines its store (PostgreSQL) with the
// rules. One Centre per process over a pool; it keeps no state of its own between requests (the
// logged-in member of staff of a CLI run aside), so any number of `centre serve` instances can share
// one database. Each use case that writes runs in one transaction.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { afterFailure, checkOperatorName, checkPin, parseRole, type Role } from '../../core/auth.js';
import type { DomainData } from '../../core/config.js';
import type { Lang } from '../../core/lang.js';
import { DomainError } from '../../core/errors.js';
import { fold } from '../../core/text.js';
import { centreRequires, type CentreAction } from '../core/auth.js';
import { migrate, openPool, schemaVersion, transaction, type Client, type Pool } from '../store/db.js';
import { StaffRepo } from '../store/staff.js';

export interface CentreOptions {
  pool: Pool;
  data: DomainData;
  now?: () => number;
  lang?: Lang;
}

export interface Staff {
  name: string;
  role: Role;
}

const KEY_BYTES = 32;
const hashPin = (pin: string, salt: string) => scryptSync(pin, Buffer.from(salt, 'hex'), KEY_BYTES).toString('hex');

export class Centre {
  readonly pool: Pool;
  readonly data: DomainData;
  readonly now: () => number;
  readonly lang: Lang;
  private session: Staff | null = null;

  constructor(opts: CentreOptions) {
    this.pool = opts.pool;
    this.data = opts.data;
    this.now = opts.now ?? Date.now;
    this.lang = opts.lang ?? 'vi';
  }

  /** Open a centre on a database URL, its schema brought up to date. */
  static async open(url: string, data: DomainData, opts: { now?: () => number; lang?: Lang; poolSize?: number } = {}): Promise<Centre> {
    const pool = openPool(url, opts.poolSize);
    try {
      await migrate(pool);
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw e;
    }
    return new Centre({ pool, data, ...(opts.now ? { now: opts.now } : {}), ...(opts.lang ? { lang: opts.lang } : {}) });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  tx<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    return transaction(this.pool, fn);
  }

  schema(): Promise<{ found: number; known: number }> {
    return schemaVersion(this.pool);
  }

  // ---- staff -----------------------------------------------------------------------------------------

  get staff(): Staff | null {
    return this.session;
  }

  /** Whether staff logins are set up (from the first `centre staff add` on, every action is someone's). */
  async loginsEnabled(): Promise<boolean> {
    return (await new StaffRepo(this.pool).count()) > 0;
  }

  /** Refuse an action the logged-in member of staff's role does not allow (anyone, before any staff exist). */
  async guard(action: CentreAction): Promise<void> {
    if (!this.session && !(await this.loginsEnabled())) return;
    centreRequires(this.session?.role ?? null, this.session?.name ?? null, action);
  }

  async login(name: string, pin: string): Promise<Staff> {
    const repo = new StaffRepo(this.pool);
    const r = await repo.byName(fold(name.trim()));
    const now = this.now();
    if (!r || r.disabledAt !== null) {
      hashPin(pin, '00'.repeat(16)); // an unknown name costs what a known one does
      throw new DomainError('err.auth.bad');
    }
    if (r.lockedUntil !== null && r.lockedUntil > now) throw new DomainError('err.auth.locked', { name: r.name, minutes: Math.ceil((r.lockedUntil - now) / 60_000) });
    const ok = timingSafeEqual(Buffer.from(hashPin(pin, r.pinSalt), 'hex'), Buffer.from(r.pinHash, 'hex'));
    if (!ok) {
      const next = afterFailure(r.failed, now);
      await repo.failed(r.id, next.failed, next.lockedUntil);
      throw new DomainError('err.auth.bad');
    }
    await repo.succeeded(r.id);
    this.session = { name: r.name, role: r.role };
    return this.session;
  }

  /** Add a member of staff; the first must be an admin and needs no login. */
  async addStaff(name: string, role: string, pin: string): Promise<Staff> {
    const repo = new StaffRepo(this.pool);
    const first = (await repo.count()) === 0;
    if (!first) await this.guard('staff.manage');
    const r = parseRole(role);
    if (first && r !== 'admin') throw new DomainError('err.auth.firstAdmin');
    const n = checkOperatorName(name);
    checkPin(pin);
    const salt = randomBytes(16).toString('hex');
    if (!(await repo.add(n.name, n.folded, r, hashPin(pin, salt), salt, this.now(), this.session?.name ?? null))) throw new DomainError('err.auth.exists', { name: n.name });
    return { name: n.name, role: r };
  }

  async listStaff(): Promise<{ name: string; role: Role; disabled: boolean }[]> {
    await this.guard('staff.manage');
    return new StaffRepo(this.pool).list();
  }
}
