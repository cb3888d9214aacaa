// The write transaction as a type (src/store/types.ts, Tx; src/store/tx.ts): repository writes and
// Spooler.queueInTx take the proof that only writeTx hands out, so a write outside a transaction
// does not compile. The `@ts-expect-error` lines below are checked by `tsc -p .` (npm test runs it
// first): each must stay an error, or the compiler fails on the unused directive. At run time the
// proof costs nothing; the transaction it stands for is a real IMMEDIATE one, on real files.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openDatabase } from '../../src/store/db.js';
import { HubRepo } from '../../src/store/hub.js';
import { TripRepo } from '../../src/store/repos.js';
import { writeTx } from '../../src/store/tx.js';
import type { Db, Tx } from '../../src/store/types.js';

const root = mkdtempSync(join(tmpdir(), 'luudong-tx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => openDatabase(join(root, `t${++n}.db`));
const trip = { commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Nguyễn Thị Lan'], counters: [{ no: 1, groups: ['civil'] }] };

/** Never called: what must not compile, and what must. */
export function typeChecks(app: Luudong, db: Db, trips: TripRepo, hub: HubRepo): void {
  // @ts-expect-error a repository write needs the transaction's proof
  trips.insert(trip, 1, 'Lan');
  // @ts-expect-error and not any object will do
  trips.close({}, 1, 2, 'Lan');
  // @ts-expect-error a print job is queued only inside the transaction of what it prints
  app.printing.queueInTx({ kind: 'test', lang: 'vi' }, null);
  // @ts-expect-error a plain better-sqlite3 transaction hands out no proof
  db.transaction((tx: Tx) => trips.close(tx, 1, 2, 'Lan'))();
  // @ts-expect-error the hub's own records (pairing, workstations, promotion) are written in a transaction too
  hub.setSetting('epoch', '2');
  // @ts-expect-error and a promotion's floors under the numbering
  hub.raiseTicketFloor('2:H', 20);
  app.write((tx) => app.printing.queueInTx(tx, { kind: 'test', lang: 'vi' }, null));
  writeTx(db, (tx) => trips.close(tx, 1, 2, 'Lan'));
  writeTx(db, (tx) => hub.raiseTicketFloor(tx, '2:H', 20));
}

describe('the write transaction as a type', () => {
  it('costs nothing at run time: one frozen, empty object, the same in every transaction', () => {
    const db = fresh();
    const seen: Tx[] = [];
    writeTx(db, (tx) => seen.push(tx));
    new Luudong({ db, data: loadDomainData(), operator: 'Nguyễn Thị Lan' }).write((tx) => seen.push(tx));
    expect(seen[0]).toBe(seen[1]);
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(Reflect.ownKeys(seen[0] as object)).toEqual([]);
    db.close();
  });

  it('is an IMMEDIATE transaction: another connection cannot start writing until it ends', () => {
    const db = fresh();
    const other = new Database(db.name, { timeout: 0 });
    try {
      writeTx(db, () => {
        expect(() => other.prepare('BEGIN IMMEDIATE').run()).toThrow(/locked|busy/i);
      });
      other.prepare('BEGIN IMMEDIATE').run();
      other.prepare('ROLLBACK').run();
    } finally {
      other.close();
      db.close();
    }
  });

  it('commits what the function wrote, or nothing when it throws; nested, it is a savepoint', () => {
    const db = fresh();
    const trips = new TripRepo(db);
    expect(() =>
      writeTx(db, (tx) => {
        trips.insert(tx, trip, 1, 'Nguyễn Thị Lan');
        throw new Error('refused after the write');
      }),
    ).toThrow('refused after the write');
    expect(trips.last()).toBeUndefined();
    const id = writeTx(db, (tx) => {
      const id = trips.insert(tx, trip, 1, 'Nguyễn Thị Lan');
      // The inner write is undone; the outer one goes on and commits.
      expect(() =>
        writeTx(db, (inner) => {
          trips.close(inner, id, 2, 'Lan');
          throw new Error('inner');
        }),
      ).toThrow('inner');
      return id;
    });
    expect(trips.get(id)).toMatchObject({ place: 'Nhà văn hóa thôn Đồi Dùng', closedAt: null });
    db.close();
  });

  it("holds the hub's records too: a promotion's floors and epoch go together or not at all", () => {
    const db = fresh();
    const hub = new HubRepo(db);
    expect(() =>
      writeTx(db, (tx) => {
        hub.raiseTicketFloor(tx, '2:H', 20);
        hub.setSetting(tx, 'epoch', '2');
        throw new Error('refused after the write');
      }),
    ).toThrow('refused after the write');
    expect([hub.ticketFloor(2, 'H'), hub.setting('epoch')]).toEqual([0, undefined]);
    writeTx(db, (tx) => {
      hub.raiseTicketFloor(tx, '2:H', 20);
      hub.setSetting(tx, 'epoch', '2');
    });
    expect([hub.ticketFloor(2, 'H'), hub.setting('epoch')]).toEqual([20, '2']);
    db.close();
  });
});
