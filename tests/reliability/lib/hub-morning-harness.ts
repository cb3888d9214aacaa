// A busy morning on a vehicle with a hub and three workstations, the hub SIGKILLed several times in
// the middle of it (tests/reliability/hub-morning.test.ts at CI size; bench/hub-morning.mjs at full
// size: 300 tickets, 100 receipts, 5 kills). The hub laptop's print worker dies with it each time.
// Each workstation is its own process (lib/hub-desk.ts) with its own folder; all three call from one
// queue; the first also issues the tickets. Afterwards, from the database, the printer's paper and
// what each workstation was told:
// - no ticket called twice, every ticket issued once, called once and finished once;
// - every acknowledged action present (issues, calls, finishes, receipts);
// - no dossier code given twice, the day's codes 1..N; every slip printed once or marked
//   interrupted, every A4 PDF kept as recorded (lib/crash-verify.ts, shared with the crash test).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { bundleEntry } from './bundle.js';
import { verifyCrash, type CrashCheck } from './crash-verify.js';
import { cli, pairWorkstation, startHub, type HubProc } from '../../helpers/hub.js';
import { BIN } from '../../helpers/build.js';

export interface MorningOptions {
  root: string;
  dir: string;
  tickets: number;
  receipts: number;
  kills: number;
  seed: number;
  log?: (line: string) => void;
}

export interface MorningRun extends CrashCheck {
  kills: number;
  acks: number;
  seconds: number;
  /** How long the workstations were without a hub, per kill (ms, until the first ack after it). */
  outagesMs: number[];
}

/** What a desk was told, and when (its clock: the same machine's). */
export type Ack = { a: string; label?: string; code?: string; counter?: number; what?: string; at?: number };

export async function hubMorning(o: MorningOptions): Promise<MorningRun> {
  const t0 = Date.now();
  mkdirSync(o.dir, { recursive: true });
  const db = join(o.dir, 'hub', 'bus.db');
  const paper = join(o.dir, 'printer.escpos');
  const env = { ...process.env, TZ: process.env.TZ || 'Asia/Ho_Chi_Minh', LUUDONG_LANG: 'vi' };
  const must = (r: ReturnType<typeof cli>, what: string) => {
    if (r.status !== 0) throw new Error(`${what}: ${r.stderr}`);
  };
  mkdirSync(dirname(db), { recursive: true });
  must(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--counter', '2=*', '--counter', '3=*']), 'trip open');
  must(cli(db, ['printer', 'add', 'quay-1', '--kind', 'file', '--target', paper, '--paper', '80', '--role', 'slips']), 'printer add');
  let hub: HubProc = await startHub(db);
  const port = hub.port;
  const desks = [1, 2, 3].map((n) => join(o.dir, `ws${n}`));
  for (const d of desks) pairWorkstation(hub, d);
  const bundle = await bundleEntry(o.root, join(o.root, 'tests/reliability/lib/hub-desk.ts'), { 'hub-link': join(o.root, 'src/hub/linkWorker.ts') });

  const startWorker = () => spawn(process.execPath, [BIN, '--db', db, 'print-worker'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  let worker: ChildProcess = startWorker();
  const acks: Ack[] = [];
  const failures: string[] = [];
  let doneDesks = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((r) => (allDone = r));
  const expected = o.tickets * 3 + o.receipts;
  const killAt = Array.from({ length: o.kills }, (_, k) => Math.floor(((k + 1) * expected) / (o.kills + 1.5)));
  let kills = 0;
  let killing = false;
  const outagesMs: number[] = [];
  let downSince = 0;

  const kill = async () => {
    killing = true;
    kills++;
    o.log?.(`hub-morning: kill ${kills} at ${acks.length} acknowledged`);
    worker.kill('SIGKILL');
    await hub.kill();
    downSince = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    hub = await startHub(db, port);
    worker = startWorker();
    killing = false;
  };

  const procs = desks.map((dir, i) => {
    const args = { dir, counter: i + 1, issue: i === 0 ? o.tickets : 0, receipts: Math.ceil(o.receipts / 3), total: o.tickets, seed: o.seed * 10 + i };
    const p = spawn(process.execPath, [bundle, JSON.stringify(args)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line === 'DONE') continue;
        if (!line.startsWith('ACK ')) continue;
        acks.push(JSON.parse(line.slice(4)) as Ack);
        if (downSince) {
          outagesMs.push(Date.now() - downSince);
          downSince = 0;
        }
        if (!killing && kills < o.kills && acks.length >= (killAt[kills] as number)) void kill();
      }
    });
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    p.on('close', (code) => {
      if (code !== 0) failures.push(`desk ${i + 1} exited ${code}: ${err.trim().slice(0, 500)}`);
      if (++doneDesks === desks.length) allDone();
    });
    return p;
  });

  const timeout = setTimeout(() => {
    failures.push(`the morning did not end in time (${acks.length} acknowledged)`);
    for (const p of procs) p.kill('SIGKILL');
  }, Math.max(120_000, expected * 400));
  try {
    await finished;
  } finally {
    clearTimeout(timeout);
    worker.kill('SIGKILL');
    await hub.stop();
    rmSync(dirname(bundle), { recursive: true, force: true });
  }
  // What is still queued prints now, as on the next start.
  must(cli(db, ['print-worker', '--once']), 'print-worker --once');

  const codes = acks.filter((x) => x.a === 'receive').map((x) => x.code as string);
  const check = verifyCrash(db, paper, codes);
  const problems = [...failures, ...check.problems, ...queueProblems(db, acks, o.tickets)];
  if (kills < o.kills) problems.push(`only ${kills} kills of ${o.kills}`);
  return { ...check, problems, kills, acks: acks.length, seconds: (Date.now() - t0) / 1000, outagesMs };
}

export function queueProblems(dbFile: string, acks: readonly Ack[], tickets: number): string[] {
  const problems: string[] = [];
  const say = (what: string, list: readonly unknown[]) => {
    if (list.length) problems.push(`${what} (${list.length}): ${list.slice(0, 5).join(', ')}${list.length > 5 ? ' …' : ''}`);
  };
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare('SELECT t.label, e.type, e.counter FROM queue_events e JOIN tickets t ON t.id = e.ticket_id ORDER BY e.id').all() as { label: string; type: string; counter: number | null }[];
    const labels = (db.prepare('SELECT label FROM tickets').all() as { label: string }[]).map((r) => r.label);
    if (labels.length !== tickets) problems.push(`${labels.length} tickets in the database, ${tickets} issued`);
    const count = (label: string, type: string) => rows.filter((r) => r.label === label && r.type === type).length;
    say('tickets called more than once', labels.filter((l) => count(l, 'called') > 1));
    say('tickets issued, called or finished other than once', labels.filter((l) => count(l, 'issued') !== 1 || count(l, 'called') !== 1 || count(l, 'finished') !== 1));
    const issued = acks.filter((x) => x.a === 'issue').map((x) => x.label as string);
    say('tickets acknowledged as issued twice', issued.filter((l, i) => issued.indexOf(l) !== i));
    say('acknowledged issues not in the database', issued.filter((l) => !labels.includes(l)));
    const calls = acks.filter((x) => x.a === 'call');
    say('tickets acknowledged as called twice', calls.map((x) => x.label).filter((l, i, all) => all.indexOf(l) !== i));
    say('acknowledged calls not in the database', calls.filter((x) => !rows.some((r) => r.label === x.label && r.type === 'called' && r.counter === x.counter)).map((x) => `${x.label}@${x.counter}`));
    const finishes = acks.filter((x) => x.a === 'finish');
    say('acknowledged finishes not in the database', finishes.filter((x) => !rows.some((r) => r.label === x.label && r.type === 'finished' && r.counter === x.counter)).map((x) => `${x.label}@${x.counter}`));
    say('refusals the desks did not expect', acks.filter((x) => x.a === 'refused').map((x) => `${x.what}: ${x.code}`));
  } finally {
    db.close();
  }
  return problems;
}
