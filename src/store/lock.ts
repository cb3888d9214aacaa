// Taking a database file away from every other process, for a restore, with SQLite's own file locks:
// the locks every luudong process (counter screen, board, print worker, CLI) already takes through
// SQLite, so nothing else has to cooperate, and the kernel drops them when a process dies, so a power
// cut or a killed process leaves no stale lock behind (a lock file would).
//
// In WAL mode a connection keeps a SHARED lock on the database file for as long as it is open, even
// when idle. A connection in locking_mode=EXCLUSIVE must get the EXCLUSIVE lock before it first reads,
// and cannot while any other connection holds SHARED: SQLITE_BUSY after the busy timeout means
// another process has the database open. Once taken, the lock is held until close, so no process can
// open the file in between (it waits its own busy timeout and gives up with err.dbBusy).
import Database from 'better-sqlite3';
import { DomainError } from '../core/errors.js';
import { storeError } from './db.js';
import type { Db } from './types.js';

/** How long to wait for a process that is only finishing a command (a CLI run, a print job). */
export const EXCLUSIVE_WAIT_MS = 2000;

/**
 * Open `file` holding the EXCLUSIVE lock, or refuse with err.dbInUse. Returns undefined when SQLite
 * cannot read the file as a database at all (its header is gone): no lock can be taken on it through
 * SQLite then, and no luudong process can open it either (each refuses such a file), so the caller
 * replaces it without one.
 */
export function holdExclusively(file: string, waitMs = EXCLUSIVE_WAIT_MS): Db | undefined {
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${waitMs}`);
    db.pragma('locking_mode = EXCLUSIVE');
    // BEGIN EXCLUSIVE takes the lock now rather than at the first read.
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (e) {
    db?.close();
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new DomainError('err.dbInUse', { file });
    if (code === 'SQLITE_NOTADB') return undefined;
    throw storeError(e, file);
  }
}

/**
 * With the lock held: fold the write-ahead log into the database file and leave WAL mode, so the file
 * on its own is the whole database and no -wal file is left for another database to pick up at its
 * path. (The next luudong process to open the file turns WAL back on.)
 */
export function leaveWal(db: Db): void {
  const mode = db.pragma('journal_mode = DELETE', { simple: true });
  if (mode !== 'delete') throw new DomainError('err.dbBusy');
}
