// The centre's one state: a PostgreSQL database, reached by URL (postgresql://user@host/db, or a Unix
// socket folder as the host). Every instance of `luudong centre serve` is stateless and shares it.
// Here: the connection pool, migrations (several instances starting at once take turns on an
// advisory lock), one transaction helper, and PostgreSQL's failures said as refusals.
import pg from 'pg';
import { DomainError } from '../../core/errors.js';
import { CENTRE_MIGRATIONS } from './migrations.js';

export type Pool = pg.Pool;
export type Client = pg.PoolClient;
/** What a repository runs its SQL on: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

// bigint (int8) columns hold ids and counts well under 2^53: read them as numbers; dates as text
// (a date is a calendar day, never to be moved by a time zone).
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

/** Any number fits the advisory lock; this one is "LUDG" as on the vehicle's SQLite files. */
const MIGRATION_LOCK = 0x4c554447;

export function openPool(url: string, max = 8): Pool {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new DomainError('err.centre.dbUrl', { url });
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 10_000, application_name: 'luudong-centre' });
  // A connection dropped while idle (the server restarted) is simply replaced.
  pool.on('error', () => undefined);
  return pool;
}

/** Bring the schema up to date; returns the migrations applied now. */
export async function migrate(pool: Pool): Promise<string[]> {
  const c = await connect(pool);
  const applied: string[] = [];
  try {
    await c.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS centre_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await c.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM centre_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > CENTRE_MIGRATIONS.length) throw new DomainError('err.centre.dbNewer', { found: current, known: CENTRE_MIGRATIONS.length });
    for (let v = current + 1; v <= CENTRE_MIGRATIONS.length; v++) {
      const m = CENTRE_MIGRATIONS[v - 1] as { name: string; sql: string };
      await c.query('BEGIN');
      try {
        await c.query(m.sql);
        await c.query('INSERT INTO centre_migrations (version, name) VALUES ($1, $2)', [v, m.name]);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      }
      applied.push(m.name);
    }
  } catch (e) {
    throw dbError(e);
  } finally {
    await c.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    c.release();
  }
  return applied;
}

/** The schema version of the database, and the one this software knows. */
export async function schemaVersion(pool: Pool): Promise<{ found: number; known: number }> {
  const { rows } = await query<{ v: number | null }>(pool, "SELECT (SELECT max(version) FROM centre_migrations) AS v WHERE to_regclass('centre_migrations') IS NOT NULL");
  return { found: rows[0]?.v ?? 0, known: CENTRE_MIGRATIONS.length };
}

async function connect(pool: Pool): Promise<Client> {
  try {
    return await pool.connect();
  } catch (e) {
    throw dbError(e);
  }
}

export async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(on: Queryable, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
  try {
    return await on.query<R>(sql, params);
  } catch (e) {
    throw dbError(e);
  }
}

/**
 * Run `fn` in one transaction (READ COMMITTED; callers lock the rows they decide on). A failure
 * rolls everything back. A serialization failure or deadlock between two instances is tried again.
 */
export async function transaction<T>(pool: Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const c = await connect(pool);
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      const code = (e as { code?: string }).code;
      if ((code === '40001' || code === '40P01') && attempt < 5) continue;
      throw dbError(e);
    } finally {
      c.release();
    }
  }
}

/** PostgreSQL's and the network's failures as refusals the staff can act on. */
export function dbError(e: unknown): unknown {
  if (e instanceof DomainError) return e;
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const detail = err.message ?? String(e);
  if (['ECONNREFUSED', 'ENOENT', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08004'].includes(code) || /timeout exceeded when trying to connect|Connection terminated/i.test(detail))
    return new DomainError('err.centre.dbDown', { detail });
  if (code === '3D000' || code === '28000' || code === '28P01') return new DomainError('err.centre.dbAccess', { detail });
  if (code === '53100') return new DomainError('err.centre.dbFull');
  return e;
}
