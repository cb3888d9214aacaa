// Two processes on one database file: the built CLI as the second writer, a Luudong in this process
// as the reader (as the citizen board or a second desk would be).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openDatabase } from '../../src/store/db.js';
import type { Db } from '../../src/store/types.js';
import { watchDatabase } from '../../src/store/watch.js';
import { bundleEntry } from '../reliability/lib/bundle.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'luudong.js');
const DIST = join(ROOT, 'dist', 'luudong.cjs');
const LOADER = join(ROOT, 'bin', 'codecache.js');

const root = mkdtempSync(join(tmpdir(), 'luudong-2p-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
const freshFile = () => join(root, `shared${++n}.db`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (or a node script) as a separate process. */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, LUUDONG_LANG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const cli = (file: string, ...args: string[]) => run([BIN, '--db', file, ...args]);

async function openTripByCli(file: string): Promise<void> {
  const r = await cli(file, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ place: 'Đồi Dùng', state: 'open' });
}

const dbs: Db[] = [];
function reader(file: string): Luudong {
  const db = openDatabase(file);
  dbs.push(db);
  return new Luudong({ db, data: loadDomainData(), file });
}
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

const expectedLabels = (count: number) => Array.from({ length: count }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);

describe('CLI --json errors', () => {
  it('queue call with no trip open exits 1 with error.code err.noOpenTrip (Vietnamese by default)', async () => {
    const r = await cli(freshFile(), 'queue', 'call', '-c', '1', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({ error: { code: 'err.noOpenTrip', message: 'Chưa mở chuyến nào. Hãy mở chuyến trước.' } });
    expect(r.stderr).toContain('Chưa mở chuyến nào');
  });

  it('--lang en gives English text', async () => {
    const r = await cli(freshFile(), '--lang', 'en', 'queue', 'call', '-c', '1', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'err.noOpenTrip', message: 'No trip is open. Open a trip first.' } });
    expect(r.stderr.trim()).toBe('Error: No trip is open. Open a trip first.');
    const text = await cli(freshFile(), '--lang=en', 'queue', 'call', '-c', '1');
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr.trim()).toBe('Error: No trip is open. Open a trip first.');
  });

  it('a domain refusal with parameters, in JSON', async () => {
    const f = freshFile();
    await openTripByCli(f);
    const r = await cli(f, '--lang', 'en', 'queue', 'issue', 'nope', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'err.unknownGroup', message: 'There is no service group “nope”.' } });
  });

  it('a file that is not a database is refused by the CLI and left alone', async () => {
    const f = join(root, 'notes.txt');
    writeFileSync(f, 'not a database\n');
    const r = await cli(f, '--lang', 'en', 'queue', 'list', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('err.dbNotDatabase');
    expect(readFileSync(f, 'utf8')).toBe('not a database\n');
  });
});

describe('two processes on one database', () => {
  it('2 CLI processes x 15 issues in parallel: labels unique and consecutive, no busy errors', async () => {
    const f = freshFile();
    await openTripByCli(f);
    const app = reader(f);
    expect(app.currentTrip()).toBeDefined();
    expect(app.refresh()).toBe(false);

    const loop = async () => {
      const runs: Run[] = [];
      for (let i = 0; i < 15; i++) runs.push(await cli(f, 'queue', 'issue', 'A', '--json'));
      return runs;
    };
    const runs = (await Promise.all([loop(), loop()])).flat();
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/BUSY|busy|bận|locked/i);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const labels = runs.map((r) => JSON.parse(r.stdout).ticket as string);
    expect(new Set(labels).size).toBe(30);
    expect([...labels].sort()).toEqual(expectedLabels(30));

    // The reader sees the other processes' commits after refresh().
    expect(app.refresh()).toBe(true);
    const s = app.queueState();
    expect([...s.tickets.values()].map((t) => t.label).sort()).toEqual(expectedLabels(30));
    expect(s.lastSeq.get('A')).toBe(30);
    expect(app.refresh()).toBe(false);
    expect(app.figures().issued).toBe(30);
  });

  it('two writer processes in a tight loop (15 issues each) take turns without SQLITE_BUSY', async () => {
    const f = freshFile();
    await openTripByCli(f);
    const script = `
      const { loadBundle } = await import(process.env.LOADER_URL);
      const { main } = loadBundle(process.env.DIST_FILE).exports;
      let worst = 0;
      for (let i = 0; i < 15; i++) worst = Math.max(worst, await main(['--db', process.env.DB_FILE, 'queue', 'issue', 'civil', '--json']));
      process.exitCode = worst;
    `;
    const env = { LOADER_URL: new URL(`file://${LOADER}`).href, DIST_FILE: DIST, DB_FILE: f };
    const [a, b] = await Promise.all([run(['--input-type=module', '-e', script], env), run(['--input-type=module', '-e', script], env)]);
    for (const r of [a, b]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const labels = [...(a.stdout + b.stdout).matchAll(/"ticket": "([A-Z]\d+)"/g)].map((m) => m[1]!);
    expect(labels).toHaveLength(30);
    expect([...labels].sort()).toEqual(expectedLabels(30));
    const app = reader(f);
    expect(app.figures().issued).toBe(30);
  });

  it('a reader catches up with calls made by another process', async () => {
    const f = freshFile();
    await openTripByCli(f);
    const app = reader(f);
    app.issue('civil');
    app.issue('civil', 'elderly');
    expect(app.refresh()).toBe(false);
    const r = await cli(f, 'queue', 'call', '-c', '1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ticket: 'A002', status: 'called', counter: 1 });
    expect(app.refresh()).toBe(true);
    expect(app.queueState().currentAt(1)?.label).toBe('A002');
    // And this process's next decision builds on it: the call finishes A002 and takes A001.
    expect(app.callNext(1).ticket.label).toBe('A001');
    const list = await cli(f, 'queue', 'list', '--json');
    expect(JSON.parse(list.stdout).counters[0].ticket).toMatchObject({ ticket: 'A001', status: 'called' });
  });

  it('watchDatabase calls back within 1 s after another process writes', async () => {
    const f = freshFile();
    await openTripByCli(f);
    const app = reader(f);
    expect(app.refresh()).toBe(true); // first look: the trip opened by the CLI
    expect(app.refresh()).toBe(false);

    let changed: (() => void) | undefined;
    const seen = new Promise<void>((resolve) => (changed = resolve));
    let calls = 0;
    // A long safety tick: only the change notification can call back in time.
    const stop = watchDatabase(
      f,
      () => {
        calls++;
        if (app.refresh()) changed?.();
      },
      { safetyMs: 60_000 },
    );
    try {
      const r = await cli(f, 'queue', 'issue', 'land', '--json');
      expect(r.code).toBe(0);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        seen.then(() => 'seen'),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve('no callback with the change within 1 s'), 1000);
        }),
      ]);
      clearTimeout(timer);
      expect(outcome).toBe('seen');
      expect(calls).toBeGreaterThan(0);
      expect([...app.queueState().tickets.values()].map((t) => t.label)).toEqual(['B001']);
    } finally {
      stop();
    }
  });
});

describe('dossier codes across processes and crashes', () => {
  const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

  async function receiveMany(file: string, count: number): Promise<string[]> {
    const codes: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await cli(file, 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt', '--json');
      expect(r.stderr).toBe('');
      codes.push(JSON.parse(r.stdout).code as string);
    }
    return codes;
  }

  it('2 processes x 8 receipts at once: every code unique, the day numbered 0001-0016 without a gap', async () => {
    const f = freshFile();
    await openTripByCli(f);
    const c = reader(f);
    c.citizenFromQr(QR);
    const [a, b] = await Promise.all([receiveMany(f, 8), receiveMany(f, 8)]);
    const all = [...(a as string[]), ...(b as string[])];
    expect(new Set(all).size).toBe(16);
    expect(all.map((x) => x.slice(-4)).sort()).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(4, '0')));
  }, 60_000);

  it('a counter killed at each write inside the receipt transaction leaves no dossier, no job, no audit entry and no hole; committed codes are never given again', async () => {
    const f = freshFile();
    await openTripByCli(f);
    reader(f).citizenFromQr(QR);
    const printer = await cli(f, 'printer', 'add', 'quay-1', '--kind', 'file', '--target', join(root, 'slips.escpos'), '--role', 'tickets,slips', '--json');
    expect(printer.code).toBe(0);
    const [first] = await receiveMany(f, 1);
    const counts = () => {
      const db = openDatabase(f);
      try {
        return db.prepare("SELECT (SELECT count(*) FROM dossiers) AS dossiers, (SELECT count(*) FROM dossier_events) AS events, (SELECT count(*) FROM print_jobs) AS jobs, (SELECT count(*) FROM audit_chain) AS audit, (SELECT group_concat(last) FROM dossier_sequences) AS last").get();
      } finally {
        db.close();
      }
    };
    const before = counts();
    const child = await bundleEntry(ROOT, join(ROOT, 'tests/integration/lib/receipt-child.ts'));
    // The app's receipt, killed at its 1st, 2nd, ... row written, until a run writes them all and commits.
    const diedAt: string[] = [];
    let committed: string | undefined;
    for (let k = 1; k < 20 && committed === undefined; k++) {
      const r = await run([child, f, String(k), '001152012345', '1.001193']);
      const lines = r.stdout.trim().split('\n');
      const done = lines.find((l) => l.startsWith('COMMITTED '));
      if (done) {
        expect([r.code, r.stderr]).toEqual([0, '']);
        committed = done.slice('COMMITTED '.length);
        break;
      }
      expect([k, r.code, r.stderr]).toEqual([k, null, '']); // died by the signal, and of nothing else
      const last = lines.at(-1)!;
      expect(last).toMatch(new RegExp(`^WRITE ${k} `));
      diedAt.push(last.replace(/^WRITE \d+ /, ''));
      // Nothing of the killed receipt is in the file: no dossier, event, print job or audit entry, and the day's number not taken.
      expect([k, counts()]).toEqual([k, before]);
    }
    // It was killed at every kind of row a receipt writes: the day's number, the dossier, its event, the audit log, both slips' jobs.
    expect(diedAt).toEqual(['dossier_sequences UPDATE', 'dossiers INSERT', 'dossier_events INSERT', 'audit_chain INSERT', 'print_jobs INSERT', 'audit_chain INSERT', 'print_jobs INSERT', 'audit_chain INSERT']);
    expect(committed?.slice(-4)).toBe('0002');
    const [third] = await receiveMany(f, 1);
    expect(first?.slice(-4)).toBe('0001');
    expect(third?.slice(-4)).toBe('0003');
    const r = reader(f);
    expect(r.dossiers.find('001152012345').map((d) => d.code).sort()).toEqual([first, committed, third]);
    // The audit chain holds: the killed transactions left nothing half-written in it.
    const audit = await cli(f, 'audit', 'verify', '--json');
    expect(audit.code).toBe(0);
  }, 120_000);
});
