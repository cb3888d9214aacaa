// A standby copy whose newest log segment was cut short (the hub laptop died while its Litestream
// was writing it): the promotion's restore sets that segment aside and restores up to the one
// before it, instead of restoring nothing. Real Litestream replicating a real SQLite file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { litestreamBinary, lz4Whole, restoreReplica } from '../../src/hub/litestream.js';
import { DomainError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'luudong-litestream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every log segment of the replica's one generation, oldest first. */
function segments(replica: string): string[] {
  const gens = join(replica, 'generations');
  const out: string[] = [];
  for (const g of readdirSync(gens)) {
    const wal = join(gens, g, 'wal');
    for (const s of readdirSync(wal).sort()) out.push(join(wal, s));
  }
  return out;
}

async function replicated(name: string): Promise<{ replica: string; rows: number }> {
  const db = join(dir, `${name}.db`);
  const replica = join(dir, `${name}-replica`);
  const d = new Database(db);
  d.pragma('journal_mode = WAL');
  d.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const ls = spawn(litestreamBinary(), ['replicate', db, `file://${replica}`], { stdio: 'ignore' });
  let rows = 0;
  // Several commits a second apart: several segments (sync interval 1 s).
  for (let k = 0; k < 5; k++) {
    await sleep(1300);
    const ins = d.prepare('INSERT INTO t (v) VALUES (?)');
    d.transaction(() => {
      for (let i = 0; i < 50; i++) ins.run(`row ${rows + i}`);
    })();
    rows += 50;
  }
  await sleep(2500);
  ls.kill('SIGKILL'); // the hub laptop dies
  await new Promise((r) => ls.once('exit', r));
  d.close();
  return { replica, rows };
}

const count = (file: string) => {
  const d = new Database(file, { readonly: true });
  try {
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    return (d.prepare('SELECT count(*) FROM t').pluck().get() as number) ?? 0;
  } finally {
    d.close();
  }
};

describe('restoring a standby copy', () => {
  it('whole: every committed row comes back, nothing set aside', async () => {
    const { replica, rows } = await replicated('whole');
    expect(segments(replica).every((s) => lz4Whole(readFileSync(s)))).toBe(true);
    const out = join(dir, 'whole-restored.db');
    expect(restoreReplica(replica, out).setAside).toEqual([]);
    expect(count(out)).toBe(rows);
  }, 60_000);

  it('its newest segment cut short: set aside (kept), the rest restored; a cut older segment is refused', async () => {
    const { replica, rows } = await replicated('cut');
    const segs = segments(replica);
    expect(segs.length).toBeGreaterThan(2);
    const last = segs.at(-1) as string;
    const size = statSync(last).size;
    truncateSync(last, Math.floor(size / 2));
    expect(lz4Whole(readFileSync(last))).toBe(false);
    const out = join(dir, 'cut-restored.db');
    const r = restoreReplica(replica, out);
    expect(r.setAside).toHaveLength(1);
    expect(statSync(r.setAside[0] as string).size).toBe(Math.floor(size / 2));
    const restored = count(out);
    expect(restored).toBeGreaterThan(0);
    expect(restored).toBeLessThanOrEqual(rows);

    // A segment cut in the middle of the log is not guessed about.
    const older = segments(replica).at(-2) as string;
    writeFileSync(older, readFileSync(older).subarray(0, 10));
    const again = join(dir, 'cut-again.db');
    let err: unknown;
    try {
      restoreReplica(replica, again);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('err.hub.restoreFailed');
  }, 60_000);
});

describe('lz4Whole', () => {
  // A frame by hand: magic, FLG (version 01, independent blocks), BD, header checksum byte, one
  // stored block ("hello", high bit set), the end mark.
  const frame = Buffer.concat([Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]), Buffer.from([5, 0, 0, 0x80]), Buffer.from('hello'), Buffer.from([0, 0, 0, 0])]);
  it('takes whole frames, one or several, and refuses each shorter cut', () => {
    expect(lz4Whole(frame)).toBe(true);
    expect(lz4Whole(Buffer.concat([frame, frame]))).toBe(true);
    for (let n = 0; n < frame.length; n++) expect(lz4Whole(frame.subarray(0, n)), `cut at ${n}`).toBe(false);
    expect(lz4Whole(Buffer.concat([frame, Buffer.from([1])]))).toBe(false);
  });
});
