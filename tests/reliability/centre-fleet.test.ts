// The fleet end to end, as real processes: two `luudong centre serve` instances over one PostgreSQL
// database, two vehicles with their own SQLite files and keys, enrolled and synced through the CLI.
// The vehicles work offline for days (the centre down), then sync; the centre is SIGKILLed in the
// middle of a sync, started again, and the next sync completes with nothing lost or doubled; an
// office update imported at the centre (CLI) reaches the right vehicle's list of results to hand back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHandover } from '../../src/app/handover.js';
import { findDataDir } from '../../src/app/data.js';
import { translator } from '../../src/i18n/index.js';
import { BIN, ensureBuilt } from '../helpers/build.js';
import { localVehicle, morning, type TestVehicle } from '../helpers/centre.js';
import { freshDatabase } from '../helpers/pg.js';

const dir = mkdtempSync(join(tmpdir(), 'luudong-fleet-'));
const tls = join(dir, 'tls');
let url: string;
let db: pg.Client;
const servers: ChildProcess[] = [];

function cli(args: string[], env: Record<string, string> = {}): { status: number; out: string; err: string; json: Record<string, unknown> } {
  const r = spawnSync(process.execPath, [BIN, '--lang', 'en', ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_CENTRE_DB: url, ...env }, timeout: 120_000 });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // text output
  }
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr, json };
}

/** Start an instance; resolves with its port once it says it is serving; `lines` gets its log. */
function serve(port = 0, lines: string[] = []): Promise<{ proc: ChildProcess; port: number; lines: string[] }> {
  const proc = spawn(process.execPath, [BIN, '--lang', 'en', 'centre', 'serve', '--tls', tls, '--host', '127.0.0.1', '--port', String(port)], { env: { ...process.env, LUUDONG_CENTRE_DB: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(proc);
  let buf = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`centre did not start: ${buf}`)), 30_000);
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const l of parts) {
        lines.push(l);
        const m = /https:\/\/127\.0\.0\.1:(\d+)/.exec(l);
        if (m) {
          clearTimeout(timer);
          resolve({ proc, port: Number(m[1]), lines });
        }
      }
    });
    proc.on('exit', (code) => reject(new Error(`centre exited ${code}`)));
  });
}

const stop = (p: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    p.kill(signal);
  });

const rows = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
const vehicleCount = (v: TestVehicle, table: string) => (v.app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  ensureBuilt();
  url = await freshDatabase('fleet');
  db = new pg.Client({ connectionString: url });
  await db.connect();
}, 60_000);

afterAll(async () => {
  for (const p of servers) await stop(p, 'SIGKILL');
  await db?.end();
});

describe('a fleet of two vehicles and a centre of two instances', () => {
  it('offline days, a centre killed mid-sync, nothing lost or doubled, an update back to its vehicle', async () => {
    expect(cli(['centre', 'migrate']).status).toBe(0);
    const cert = cli(['--json', 'centre', 'cert', '--out', tls, '--name', '127.0.0.1']);
    expect(cert.status).toBe(0);
    const fingerprint = cert.json.fingerprint as string;
    const a = await serve();
    const b = await serve();

    // Enrolment through the CLI, each vehicle through another instance.
    const v1 = localVehicle('Xe 01', new Date(2026, 10, 2, 7, 30));
    const v2 = localVehicle('Xe 02', new Date(2026, 10, 2, 7, 30));
    for (const [v, port] of [
      [v1, a.port],
      [v2, b.port],
    ] as const) {
      const add = cli(['--json', 'centre', 'vehicle', 'add', v.name]);
      expect(add.status, add.err).toBe(0);
      const e = cli(['--db', v.file, '--json', 'sync', 'enrol', `https://127.0.0.1:${port}`, '--code', add.json.code as string, '--fingerprint', fingerprint]);
      expect(e.status, e.err).toBe(0);
    }

    // The centre goes down; the vehicles work for days.
    await stop(a.proc, 'SIGTERM');
    await stop(b.proc, 'SIGTERM');
    const waits = Array.from({ length: 250 }, (_, i) => 1 + (i % 17));
    for (let day = 0; day < 3; day++) {
      v1.clock.now = new Date(2026, 10, 2 + day, 7, 30).getTime();
      morning(v1, day % 2 ? 'Xã An Phú' : 'Xã Mỹ Đức', waits, { everyMin: 1 });
    }
    v2.clock.now = new Date(2026, 10, 5, 7, 30).getTime(); // a day of its own: both share the agency code that starts every dossier code
    const codes2 = morning(v2, 'Xã Hải Anh', [5, 7, 9]);
    const t = translator('vi');
    await exportHandover(v1.app, { dir: join(dir, 'usb1'), dbFile: v1.file, fontsDir: join(findDataDir(), 'fonts'), t, lang: 'vi', by: 'Lan', toOffice: 'Bộ phận một cửa xã Mỹ Đức' });
    const offline = cli(['--db', v1.file, '--json', 'sync']);
    expect(offline.status).toBe(1);
    expect((offline.json.error as { code: string }).code).toBe('err.sync.unreachable');
    expect(offline.json.waiting).toMatchObject({ trip: 3, dossier: 750, bundle: 1 });

    // Back online: instance A is killed while vehicle 1's sync is under way.
    const a2 = await serve(a.port);
    const b2 = await serve(b.port);
    const sync1 = spawn(process.execPath, [BIN, '--db', v1.file, '--json', 'sync'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out1 = '';
    sync1.stdout?.on('data', (d: Buffer) => (out1 += d.toString()));
    const exited = new Promise<number>((resolve) => sync1.on('exit', (code) => resolve(code ?? -1)));
    for (const until = Date.now() + 60_000; !a2.lines.some((l) => l.includes('POST /v1/dossiers 200')); ) {
      if (Date.now() > until) throw new Error(`no dossiers reached the centre: ${a2.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await stop(a2.proc, 'SIGKILL');
    expect(await exited).toBe(1);
    const cut = JSON.parse(out1) as { ok: boolean; sent: { dossiers: number }; waiting: { dossier: number } };
    expect(cut.ok).toBe(false);
    expect(cut.waiting.dossier).toBeGreaterThan(0); // the kill came before the end
    const partly = Number((await rows('SELECT count(*) AS n FROM dossiers'))[0].n);
    expect(partly).toBeLessThan(750);

    // Started again: the next sync completes.
    const a3 = await serve(a.port);
    const again = cli(['--db', v1.file, '--json', 'sync']);
    expect(again.status, again.out + again.err).toBe(0);
    expect(again.json.waiting).toMatchObject({ trip: 0, dossier: 0, bundle: 0, refused: 0 });
    const sync2 = cli(['--db', v2.file, '--json', 'sync']);
    expect(sync2.status, sync2.err).toBe(0);

    // Nothing lost, nothing doubled: the centre holds exactly what each vehicle holds.
    const per = async (table: string) =>
      Object.fromEntries((await rows(`SELECT v.name, count(*)::int AS n FROM ${table} x JOIN vehicles v ON v.id = x.vehicle_id GROUP BY 1`)).map((r) => [r.name, r.n]));
    expect(await per('dossiers')).toEqual({ 'Xe 01': vehicleCount(v1, 'dossiers'), 'Xe 02': vehicleCount(v2, 'dossiers') });
    expect(await per('trips')).toEqual({ 'Xe 01': 3, 'Xe 02': 1 });
    expect(await per('queue_events')).toEqual({ 'Xe 01': vehicleCount(v1, 'queue_events'), 'Xe 02': vehicleCount(v2, 'queue_events') });
    expect(await per('tickets')).toEqual({ 'Xe 01': vehicleCount(v1, 'tickets'), 'Xe 02': vehicleCount(v2, 'tickets') });
    expect(await per('bundles')).toEqual({ 'Xe 01': 1 });
    // Each dossier as it stands on its vehicle.
    const states = Object.fromEntries((await rows("SELECT d.code, d.state FROM dossiers d JOIN vehicles v ON v.id = d.vehicle_id WHERE v.name = 'Xe 01'")).map((r) => [r.code, r.state]));
    for (const r of v1.app.db.prepare('SELECT code, state FROM dossiers').all() as { code: string; state: string }[]) expect(states[r.code]).toBe(r.state);

    // The office's update, imported at the centre through the CLI, reaches vehicle 2 only.
    const code = codes2[1] as string;
    const file = join(dir, 'updates.json');
    (await import('node:fs')).writeFileSync(file, JSON.stringify([{ code, status: 'result_ready', date: '2026-11-06', note: 'Đã có kết quả' }]));
    const imp = cli(['--json', 'centre', 'import', file, '--apply']);
    expect(imp.status, imp.out + imp.err).toBe(0);
    expect(cli(['--db', v1.file, '--json', 'sync']).json.updates).toEqual({ applied: 0, unchanged: 0, refused: 0 });
    const got = cli(['--db', v2.file, '--json', 'sync']);
    expect(got.json.updates).toEqual({ applied: 1, unchanged: 0, refused: 0 });
    const ready = cli(['--db', v2.file, '--json', 'handover', 'ready', '--commune', 'Hải Anh']);
    expect((ready.json.dossiers as { code: string }[]).map((d) => d.code)).toEqual([code]);
    const report = cli(['--json', 'centre', 'report', '--by', 'vehicle', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(report.status, report.err).toBe(0);
    expect((report.json.total as { dossiers: number }).dossiers).toBe(vehicleCount(v1, 'dossiers') + vehicleCount(v2, 'dossiers'));
    await stop(a3.proc, 'SIGTERM');
    await stop(b2.proc, 'SIGTERM');
  }, 240_000);
});

