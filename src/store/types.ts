// The store's shared types, in a module of their own: every repository and desk names the database
// handle, and none should import the opening, checking and migrating code (db.ts) to do so.
import type Database from 'better-sqlite3';

/** The one SQLite connection of a process (opened by db.ts: openDatabase, openStore). */
export type Db = Database.Database;
