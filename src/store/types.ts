// The store's shared types, in a module of their own: every repository and desk names the database
// handle and the write transaction, and none should import the opening, checking and migrating code
// (db.ts) to do so.
import type Database from 'better-sqlite3';

/** The one SQLite connection of a process (opened by db.ts: openDatabase, openStore). */
export type Db = Database.Database;

declare const inWriteTx: unique symbol;

/**
 * Proof that the code holding it runs inside a write transaction: an IMMEDIATE one, taken by
 * Luudong.write() (src/app/luudong.ts) through writeTx() (./tx.ts). Every repository write and
 * Spooler.queueInTx ask for one, so a write outside such a transaction does not type-check. A type
 * only: at run time it is one shared frozen object, handed along and never read; keep it within
 * the callback it was given to.
 */
export type Tx = { readonly [inWriteTx]: true };
