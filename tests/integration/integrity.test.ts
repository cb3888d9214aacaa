// quick_check runs off the start-up path; writes wait for it and a damaged file is never written.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { DomainError } from '../../src/core/errors.js';
import { closeStore, openDatabase, openStore } from '../../src/store/db.js';
import { carryPassMark, RECENT_CHECK_MS, startIntegrityCheck } from '../../src/store/integrity.js';

const data = loadDomainData();
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'luudong-integrity-')), 'bus.db');

function withTrip(file: string, tickets = 300): void {
  const app = new Luudong({ db: openDatabase(file), data });
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil'] }] });
  for (let i = 0; i < tickets; i++) app.issue('civil');
  app.db.close();
}

function damageALeafPage(file: string): void {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  for (let p = bytes.length / pageSize - 1; p >= 2; p--) {
    if (bytes[p * pageSize] === 0x0d) {
      bytes.fill(0xff, p * pageSize + 8, p * pageSize + 64);
      writeFileSync(file, bytes);
      return;
    }
  }
  throw new Error('no leaf page found');
}

describe('openStore', () => {
  it('a new file needs no check', () => {
    const { db, gate } = openStore(fresh());
    expect(gate.state).toBe('ok');
    db.close();
  });

  it('checks an existing file in the background, records the pass beside it, and trusts it on the next open', async () => {
    const f = fresh();
    withTrip(f);
    let t = Date.now();
    const first = openStore(f, () => t);
    expect(first.gate.state).toBe('pending');
    const r = await new Promise<{ ok: boolean }>((res) => first.gate.onSettled(res));
    expect(r.ok).toBe(true);
    expect(JSON.parse(readFileSync(`${f}.checked`, 'utf8'))).toMatchObject({ checkedAt: t, clean: false });
    first.db.close();

    t += RECENT_CHECK_MS - 1000;
    const second = openStore(f, () => t);
    expect(second.gate.state).toBe('ok');
    second.db.close();

    t += 2000; // the recorded pass is now too old: check again
    const third = openStore(f, () => t);
    expect(third.gate.state).toBe('pending');
    third.gate.ensure();
    expect(third.gate.state).toBe('ok');
    third.db.close();
  });

  it('a write waits for the check, and on a damaged file is refused with the file left as it was', () => {
    const f = fresh();
    withTrip(f);
    damageALeafPage(f);
    const before = sha(f);
    const { db, gate } = openStore(f);
    const app = new Luudong({ db, data, gate });
    let err: unknown;
    try {
      app.issue('civil');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('err.dbCorrupt');
    expect(gate.state).toBe('failed');
    // every later write is refused too, without waiting
    expect(() => app.callNext(1)).toThrowError(/err.dbCorrupt/);
    db.close();
    expect(sha(f)).toBe(before);
  });
});

describe('a pass is trusted only for the same file', () => {
  async function passed(f: string, t: number): Promise<void> {
    const s = openStore(f, () => t);
    expect(await new Promise<boolean>((res) => s.gate.onSettled((r) => res(r.ok)))).toBe(true);
    s.db.close();
  }

  it('a copy of a file that just passed, damaged, is checked first and never written to', async () => {
    const f = fresh();
    withTrip(f);
    const t = Date.now();
    await passed(f, t);
    // within the window, the same file is trusted
    const again = openStore(f, () => t + 1000);
    expect(again.gate.state).toBe('ok');
    again.db.close();
    // a copy (with its mark copied too, as `cp -a` of the folder would), damaged
    const copy = join(mkdtempSync(join(tmpdir(), 'luudong-integrity-copy-')), 'bus.db');
    copyFileSync(f, copy);
    copyFileSync(`${f}.checked`, `${copy}.checked`);
    damageALeafPage(copy);
    const before = sha(copy);
    const { db, gate } = openStore(copy, () => t + 2000);
    expect(gate.state).toBe('pending');
    const app = new Luudong({ db, data, gate });
    expect(() => app.issue('civil')).toThrowError(/err.dbCorrupt/);
    db.close();
    expect(sha(copy)).toBe(before);
  });

  it('a file damaged in place after its pass is checked first and never written to', async () => {
    const f = fresh();
    withTrip(f);
    const t = Date.now();
    await passed(f, t);
    damageALeafPage(f); // the same inode and size; its bytes and time changed
    const before = sha(f);
    const { db, gate } = openStore(f, () => t + 1000);
    expect(gate.state).toBe('pending');
    expect(() => new Luudong({ db, data, gate }).issue('civil')).toThrowError(/err.dbCorrupt/);
    db.close();
    expect(sha(f)).toBe(before);
  });

  it("a process's own writes carry the pass along (dated by the check), another file's do not", async () => {
    const f = fresh();
    withTrip(f);
    const t = Date.now();
    await passed(f, t);
    const s = openStore(f, () => t + 1000);
    expect(s.gate.state).toBe('ok');
    new Luudong({ db: s.db, data, gate: s.gate }).issue('civil');
    s.db.close(); // the last connection: its writes folded into the file, which changed
    const moved = openStore(f, () => t + 2000);
    expect(moved.gate.state).toBe('pending'); // no carrying: a changed file is checked
    await new Promise((r) => moved.gate.onSettled(r));
    moved.db.close();
    const s2 = openStore(f, () => t + 3000);
    new Luudong({ db: s2.db, data, gate: s2.gate }).issue('civil');
    s2.db.close();
    carryPassMark(f); // as the CLI does when it closes a file it checked or trusted
    expect(JSON.parse(readFileSync(`${f}.checked`, 'utf8'))).toMatchObject({ checkedAt: t + 2000 });
    const next = openStore(f, () => t + 4000);
    expect(next.gate.state).toBe('ok');
    next.db.close();
    const late = openStore(f, () => t + 2000 + RECENT_CHECK_MS);
    expect(late.gate.state).toBe('pending');
    late.db.close();
  });

  it('a pass written inside the file (as before this version) is not trusted', async () => {
    const f = fresh();
    withTrip(f);
    const t = Date.now();
    const db = openDatabase(f);
    db.prepare("INSERT INTO integrity_checks (at, ok, detail, ms) VALUES (?, 1, 'ok', 1)").run(t);
    db.close();
    damageALeafPage(f);
    const s = openStore(f, () => t + 1000);
    expect(s.gate.state).toBe('pending');
    expect(() => s.gate.ensure()).toThrowError(/err.dbCorrupt/);
    s.db.close();
  });
});

describe('startIntegrityCheck', () => {
  it('when the worker cannot run, the first writer checks on its own connection instead', async () => {
    const f = fresh();
    withTrip(f, 5);
    let fallbackRuns = 0;
    const gate = startIntegrityCheck(f, () => {
      fallbackRuns++;
      return { ok: true, detail: 'ok', ms: 1 };
    }, { driver: '/nonexistent/better-sqlite3' });
    const verdicts: boolean[] = [];
    gate.onSettled((r) => verdicts.push(r.ok));
    // Let the worker fail: its failure is not a verdict, so nothing is reported and writes are not refused.
    await new Promise((r) => setTimeout(r, 500));
    expect(gate.state).toBe('pending');
    expect(verdicts).toEqual([]);
    gate.ensure();
    expect(fallbackRuns).toBe(1);
    expect(gate.state).toBe('ok');
    expect(verdicts).toEqual([true]);
    gate.ensure();
    expect(fallbackRuns).toBe(1);
  });
});

describe('clean close', () => {
  const later = () => Date.now() + 10 * RECENT_CHECK_MS; // past any recorded pass: only the mark can spare the check

  it('a file closed cleanly after a passing check opens without checking again', () => {
    const f = fresh();
    withTrip(f);
    const first = openStore(f);
    first.gate.ensure();
    const app = new Luudong({ db: first.db, data, gate: first.gate });
    app.issue('civil');
    expect(closeStore(first.db, f).ok).toBe(true);
    expect(existsSync(`${f}.checked`)).toBe(true);
    expect(existsSync(`${f}-wal`)).toBe(false);
    const second = openStore(f, later);
    expect(second.gate.state).toBe('ok');
    second.db.close();
  });

  it('any change after the clean close (another writer, a touched or copied file) means a new check', () => {
    const f = fresh();
    withTrip(f);
    // Each open is far past the previous one, so no recorded pass counts as recent.
    let t = Date.now();
    const clock = () => (t += 2 * RECENT_CHECK_MS);
    const s1 = openStore(f, clock);
    expect(closeStore(s1.db, f).ok).toBe(true);
    // another writer (e.g. a CLI command) without a clean close
    const other = new Luudong({ db: openDatabase(f), data });
    other.issue('civil');
    other.db.close();
    const s2 = openStore(f, clock);
    expect(s2.gate.state).toBe('pending');
    s2.gate.ensure();
    expect(closeStore(s2.db, f).ok).toBe(true);
    // the same bytes with another modification time (a copy, a restore)
    utimesSync(f, new Date(), new Date(Date.now() + 5000));
    const s3 = openStore(f, clock);
    expect(s3.gate.state).toBe('pending');
    s3.gate.ensure();
    s3.db.close();
  });

  it('a damaged file gets no mark', () => {
    const f = fresh();
    withTrip(f);
    damageALeafPage(f);
    const db = openDatabase(f, { check: 'skip' });
    expect(closeStore(db, f).ok).toBe(false);
    expect(existsSync(`${f}.checked`)).toBe(false);
    const s = openStore(f, later);
    expect(() => s.gate.ensure()).toThrowError(/err.dbCorrupt/);
    s.db.close();
  });
});
