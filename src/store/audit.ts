// The audit log's hash chain. Triggers append one entry per event (migration 10) and the app one per
// login or refused PIN; each entry's hash covers the previous entry's hash and its own payload, so
// an entry changed, removed or inserted afterwards (say with the sqlite3 shell, past the triggers
// that forbid it) breaks the chain from there on, and `luudong audit verify` names where.
import { createHash } from 'node:crypto';
import type { Db, Tx } from './types.js';

/**
 * The one definition of an entry's hash, for the triggers (as luudong_chain) and the check: sha256
 * over the previous entry's hash (none for the first) and everything the entry says. 32 bytes, kept
 * as a BLOB: the log has an entry per event, so its size counts.
 */
export function chainHash(prev: Uint8Array | null, at: number, operator: string | null, kind: string, payload: string): Buffer {
  return createHash('sha256')
    .update(prev ?? new Uint8Array(0))
    .update('\n')
    .update(JSON.stringify([at, operator, kind]))
    .update('\n')
    .update(payload)
    .digest();
}

/** Every connection that may write registers the function the audit triggers call. */
export function registerAuditFunctions(db: Db): void {
  db.function('luudong_chain', { deterministic: true }, (prev: unknown, at: unknown, operator: unknown, kind: unknown, payload: unknown) =>
    chainHash(prev instanceof Uint8Array ? prev : null, Number(at), operator === null ? null : String(operator), String(kind), String(payload)),
  );
}

export interface AuditEntry {
  id: number;
  at: number;
  operator: string | null;
  kind: string;
  payload: string;
  hash: Buffer;
}

/** An entry written by the app itself (a login, a refused PIN), chained like the triggers' ones. */
export function appendAudit(_tx: Tx, db: Db, at: number, operator: string | null, kind: string, payload: unknown[]): void {
  db.prepare(
    `INSERT INTO audit_log (at, operator, kind, payload, hash)
       SELECT ?, ?, ?, x.payload, luudong_chain(x.prev, ?, ?, ?, x.payload)
       FROM (SELECT ? AS payload, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x`,
  ).run(at, operator, kind, at, operator, kind, JSON.stringify(payload));
}

export interface AuditCheck {
  entries: number;
  /** The first entry that does not follow from the one before it, and how. */
  broken: { id: number; reason: 'hash' | 'gap' } | null;
}

/** Walk the chain from the first entry; stops at the first broken link. */
export function verifyAudit(db: Db): AuditCheck {
  let prev: Buffer | null = null;
  let lastId = 0;
  let n = 0;
  for (const e of db.prepare('SELECT id, at, operator, kind, payload, hash FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditEntry>) {
    n++;
    // ids are never reused (INTEGER PRIMARY KEY takes max+1): a missing one is a removed entry,
    // unless it was the last; the chain catches that too, this names it more plainly.
    if (e.id !== lastId + 1) return { entries: n, broken: { id: e.id, reason: 'gap' } };
    if (!Buffer.isBuffer(e.hash) || !chainHash(prev, e.at, e.operator, e.kind, e.payload).equals(e.hash)) return { entries: n, broken: { id: e.id, reason: 'hash' } };
    prev = e.hash;
    lastId = e.id;
  }
  return { entries: n, broken: null };
}

export function recentAudit(db: Db, limit: number): AuditEntry[] {
  return db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as AuditEntry[];
}
