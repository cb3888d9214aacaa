// The one way to a Tx (./types.ts): run a function in an IMMEDIATE transaction and hand it the proof.
// Only Luudong.write() takes it in the app, and the hub's desk for the hub's own records (the layer
// test, tests/structure/layers.test.ts, holds that), so every write of the use cases catches up with
// other processes and waits for the file's integrity check first. Tests and the store itself may
// take it directly.
import type { Db, Tx } from './types.js';

const TX = Object.freeze({}) as Tx;

/**
 * Run `fn` in one IMMEDIATE transaction (inside another transaction: a savepoint of it); committed
 * when it returns, rolled back when it throws.
 */
export function writeTx<T>(db: Db, fn: (tx: Tx) => T): T {
  return db.transaction(() => fn(TX)).immediate();
}
