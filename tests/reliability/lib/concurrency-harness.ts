// The concurrency harness behind tests/reliability/concurrency.test.ts and bench/concurrency.mjs: a
// morning on one database with every front door open at once, on the built app (dist/):
// - the counter screen (TUI) in tmux as desk 1, driven with keys: issue a ticket, call, start,
//   receive a dossier from a scanned ID card through the 7 steps, finish; its own print worker;
// - the citizens' board in tmux, following the calls;
// - `luudong print-worker` in the background (a second worker on the same spool);
// - two CLI loops: a kiosk issuing tickets and receiving dossiers, and desk 2 calling, starting,
//   receiving with the ticket and finishing.
// Every CLI exit code and stderr is checked (the only refusal allowed: nobody waiting for desk 2),
// the panes are read for any error text, the worker's log for anything but "printed". At the end,
// every action acknowledged (a CLI's JSON answer, a message on the counter screen) must be in the
// database, each print job printed exactly once, and the file whole.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { translator, type MessageKey } from '../../../src/i18n/index.js';
import { printouts } from './paper.js';
import { citizenQr, pick, rng } from './idcard.js';
import { Tmux } from './tmux.js';

export interface LoadOptions {
  /** The repository: bin/luudong.js and a built dist/. */
  root: string;
  /** An empty directory for the database and the printer's output. */
  dir: string;
  /** How long the load runs before everything is wound down and checked. */
  seconds: number;
  seed: number;
  log?: (line: string) => void;
}

interface Timing {
  n: number;
  ms: number[];
}

export interface LoadResult {
  problems: string[];
  seconds: number;
  /** CLI runs by command, with their wall times (a Node start included). */
  cli: Record<string, { n: number; p50: number; p95: number; max: number }>;
  refusals: number;
  tui: { cycles: number; issued: number; called: number; received: number; finished: number };
  tickets: number;
  dossiers: number;
  jobsPrinted: number;
  boardCaptures: number;
}

const vi = translator('vi');
/** A message of the catalogue as a pattern: its words, any value where it has a placeholder. */
const pattern = (key: MessageKey) => new RegExp(vi(key).split(/\{\w+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?'));
/** Text that must never reach an operator or a citizen during the load. */
const ERRORS = [
  ...(['err.dbBusy', 'err.dbFull', 'err.dbIo', 'err.dbCorrupt', 'err.dbReadOnly', 'err.dbOpen', 'err.unexpected', 'tui.recover', 'print.problem', 'print.failed', 'print.interrupted'] as MessageKey[]).map(pattern),
  /SQLITE|database is locked|Error:|TypeError|ReferenceError/,
];
const errorIn = (text: string) => {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const hit = ERRORS.find((re) => re.test(flat));
  return hit ? hit.exec(flat)?.[0] : undefined;
};

const GROUPS = ['A', 'B', 'C', 'D', 'E', 'G', 'H', 'K'];
const PROCEDURES = ['1.001193', '1.000894', '1.000656', '1.001022'];

export async function concurrencyHarness(opts: LoadOptions): Promise<LoadResult> {
  const t0 = Date.now();
  const bin = join(opts.root, 'bin/luudong.js');
  mkdirSync(opts.dir, { recursive: true });
  const db = join(opts.dir, 'bus.db');
  const paper = join(opts.dir, 'printer.escpos');
  const env = { ...process.env, TZ: process.env.TZ || 'Asia/Ho_Chi_Minh', LUUDONG_LANG: '', LUUDONG_DB: '' };
  const problems: string[] = [];
  const provinces = ['001', '036', '038', '079', '011'];

  // What was acknowledged, by whom.
  const issued: string[] = [];
  const calls: { label: string; counter: number }[] = [];
  const started: string[] = [];
  const finished: string[] = [];
  const received: string[] = [];
  const timings = new Map<string, Timing>();
  let refusals = 0;

  let deadline = Date.now() + opts.seconds * 1000;
  const stop = (why: string) => {
    problems.push(why);
    deadline = 0;
  };

  /** One CLI run; any failure other than the refusals listed is a problem (and stops the load). */
  const cli = (args: string[], opt: { input?: string; allow?: string[] } = {}) =>
    new Promise<{ json: Record<string, unknown>; refused?: string }>((resolve, reject) => {
      const start = Date.now();
      const child = spawn(process.execPath, [bin, '--db', db, ...args, '--json'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.end(opt.input ?? '');
      child.on('close', (code, signal) => {
        const name = args.slice(0, 2).join(' ');
        const t = timings.get(name) ?? { n: 0, ms: [] };
        t.n++;
        t.ms.push(Date.now() - start);
        timings.set(name, t);
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(stdout) as Record<string, unknown>;
        } catch {
          // judged below
        }
        const refusal = (json.error as { code?: string } | undefined)?.code;
        if (code === 0 && stderr === '' && !refusal) resolve({ json });
        else if (code === 1 && refusal && opt.allow?.includes(refusal)) {
          refusals++;
          resolve({ json, refused: refusal });
        } else reject(new Error(`luudong ${args.join(' ')} → ${signal ?? `exit ${code}`}: ${stderr.trim() || stdout.trim()}`));
      });
    });

  // ---- set up: the trip, two desks serving every group, the file printer for tickets and slips ----
  await cli(['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Nguyễn Thị Lan', 'Trần Văn Hùng', '--counter', '1=*', '--counter', '2=*']);
  await cli(['printer', 'add', 'quay-1', '--kind', 'file', '--target', paper, '--paper', '80', '--role', 'tickets,slips']);

  const tmux = new Tmux();
  // Ink renders nothing until exit when it believes it runs in CI: the screens start with CI unset.
  const screenCmd = (args: string) => `env -u CI -u CONTINUOUS_INTEGRATION -u LUUDONG_LANG TERM=xterm-256color TZ=${env.TZ} ${process.execPath} ${bin} --db ${db} ${args}; echo EXITED $?; sleep 600`;
  const worker: ChildProcess = spawn(process.execPath, [bin, '--db', db, 'print-worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let workerLog = '';
  let workerErr = '';
  worker.stdout!.setEncoding('utf8').on('data', (d: string) => (workerLog += d));
  worker.stderr!.setEncoding('utf8').on('data', (d: string) => (workerErr += d));
  const workerExit = new Promise<number | string | null>((resolve) => worker.on('close', (code, signal) => resolve(signal ?? code)));

  let boardCaptures = 0;
  const tui = { cycles: 0, issued: 0, called: 0, received: 0, finished: 0 };
  try {
    tmux.start('desk', screenCmd(''));
    tmux.start('board', screenCmd('board'));

    /** The counter screen's status line: the answer to the last action. */
    const status = (text: string) => text.split('\n')[1] ?? '';
    /**
     * Wait for a pane to satisfy `pred`; error text on it, or the program having ended (unless
     * that is what is awaited), fails the run at once.
     */
    const until = async (s: string, pred: (text: string) => boolean, what: string, ms = 30_000, exiting = false): Promise<string> => {
      const end = Date.now() + ms;
      for (;;) {
        const text = await tmux.capture(s);
        // Any refusal on the status line ("! …") but the one the load can cause is an error too.
        const refused = /^! (?!Không còn ai chờ cho quầy 1\.)/.test(status(text)) ? status(text) : undefined;
        const err = errorIn(text) ?? refused ?? (exiting ? undefined : /EXITED \d+/.exec(text)?.[0]);
        if (err) throw new Error(`the ${s} pane shows «${err}» (waiting for ${what}):\n${text}`);
        // A whole frame, not part of one (as tmuxKit.waitScreen): what is awaited must hold on two
        // captures a moment apart that are the same.
        if (pred(text)) {
          await new Promise((resolve) => setTimeout(resolve, 40));
          if ((await tmux.capture(s)) === text) return text;
        }
        if (Date.now() > end) throw new Error(`the ${s} pane never showed ${what}:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await until('desk', (x) => x.includes('> Quầy 1'), 'the counter screen');
    await until('board', (x) => x.includes('Đồi Dùng'), 'the board');

    // ---- the counter screen: desk 1 ----
    const desk = async () => {
      const tr = rng(opts.seed + 1);
      while (Date.now() < deadline) {
        tui.cycles++;
        await tmux.keys('desk', 'F2');
        await until('desk', (x) => x.includes('chọn nhóm dịch vụ'), 'the group picker');
        await tmux.keys('desk', pick(tr, GROUPS).toLowerCase());
        await until('desk', (x) => x.includes('ưu tiên?'), 'the priority picker');
        await tmux.keys('desk', 'Enter');
        const label = /^Đã cấp số (\S+):/.exec(status(await until('desk', (x) => /^Đã cấp số \S+:/.test(status(x)) && !issued.includes(/^Đã cấp số (\S+):/.exec(status(x))?.[1] ?? ''), 'a new ticket')))?.[1] as string;
        issued.push(label);
        tui.issued++;

        await tmux.keys('desk', 'F3');
        // A refusal shows on the status line after "! ".
        const afterCall = status(await until('desk', (x) => /^Mời số \S+ đến Quầy 1\.|^! Không còn ai chờ/.test(status(x)), 'the call'));
        const called = /^Mời số (\S+) đến Quầy 1\./.exec(afterCall)?.[1];
        if (!called) continue; // desk 2 took everyone: nobody waiting here, an answer, not an error
        calls.push({ label: called, counter: 1 });
        tui.called++;
        await tmux.keys('desk', 'F5');
        await until('desk', (x) => status(x).startsWith(`Bắt đầu phục vụ số ${called}.`), 'service started');
        started.push(called);

        // A dossier for this citizen: the ID card scanned, the first procedure offered for the
        // ticket's group, every document handed over, fee and return as proposed, confirmed.
        await tmux.keys('desk', 'h');
        await until('desk', (x) => x.includes('bước 1/8'), 'the citizen step');
        await tmux.scan('desk', citizenQr(tr, provinces));
        await until('desk', (x) => x.includes('bước 2/8'), 'the procedure step');
        await tmux.keys('desk', 'Enter');
        await until('desk', (x) => x.includes('bước 3/8'), 'the checklist');
        await tmux.keys('desk', 'a');
        await until('desk', (x) => x.includes('[x]') && !x.includes('[ ]'), 'every document ticked');
        await tmux.keys('desk', 'Enter');
        await until('desk', (x) => x.includes('bước 4/8'), 'the fee step');
        await tmux.keys('desk', 'Enter');
        await until('desk', (x) => x.includes('bước 5/8'), 'the return step');
        await tmux.keys('desk', 'Enter');
        await until('desk', (x) => x.includes('bước 6/8'), 'the contact step');
        await tmux.keys('desk', 'Enter');
        await until('desk', (x) => x.includes('bước 7/8'), 'the confirmation');
        await tmux.keys('desk', 'Enter');
        // The slip on screen carries the code: from here on the operator has seen it.
        const slip = await until('desk', (x) => /Giấy tiếp nhận và hẹn trả – \S+/.test(x), 'the slip');
        const code = /Giấy tiếp nhận và hẹn trả – (\S+)/.exec(slip)?.[1] as string;
        received.push(code);
        tui.received++;
        await tmux.keys('desk', 'Enter');
        await until('desk', (x) => status(x).startsWith(`Đã tiếp nhận hồ sơ ${code}`), 'the receipt on the status line');

        await tmux.keys('desk', 'F6');
        await until('desk', (x) => status(x).startsWith(`Đã xong số ${called}.`), 'the finish');
        finished.push(called);
        tui.finished++;
      }
    };

    // ---- a kiosk: tickets, and dossiers received without a ticket ----
    const kiosk = async () => {
      const kr = rng(opts.seed + 2);
      for (let i = 0; Date.now() < deadline; i++) {
        const t = await cli(['queue', 'issue', pick(kr, GROUPS), ...(kr() < 0.2 ? ['--priority', 'elderly'] : [])]);
        issued.push(t.json.ticket as string);
        if (i % 2 === 1) {
          const c = await cli(['citizen', 'parse-qr', '--save'], { input: citizenQr(kr, provinces) });
          const id = (c.json.citizen as { id: string }).id;
          const d = await cli(['dossier', 'receive', '--citizen', id, '--procedure', pick(kr, PROCEDURES), '--docs', 'mandatory', '--pay', 'exempt']);
          received.push(d.json.code as string);
        }
      }
    };

    // ---- desk 2 from the command line ----
    const desk2 = async () => {
      const dr = rng(opts.seed + 3);
      while (Date.now() < deadline) {
        const c = await cli(['queue', 'call', '--counter', '2'], { allow: ['err.noneWaiting'] });
        if (c.refused) continue;
        const label = c.json.ticket as string;
        calls.push({ label, counter: 2 });
        await cli(['queue', 'start', '--counter', '2']);
        started.push(label);
        const d = await cli(['dossier', 'receive', '--qr', '--procedure', pick(dr, PROCEDURES), '--docs', 'mandatory', '--pay', 'exempt', '--counter', '2'], { input: citizenQr(dr, provinces) });
        received.push(d.json.code as string);
        await cli(['queue', 'finish', '--counter', '2']);
        finished.push(label);
      }
    };

    // ---- the board, read every half second ----
    const board = async () => {
      while (Date.now() < deadline) {
        const text = await tmux.capture('board');
        boardCaptures++;
        const err = errorIn(text) ?? /EXITED \d+/.exec(text)?.[0];
        if (err) throw new Error(`the board shows «${err}»:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };

    const progress = setInterval(() => opts.log?.(`load: ${Math.round((Date.now() - t0) / 1000)} s, ${issued.length} tickets, ${received.length} dossiers, ${tui.cycles} screen cycles`), 30_000);
    await Promise.all([desk, kiosk, desk2, board].map((f) => f().catch((e: Error) => stop(e.message))));
    clearInterval(progress);

    if (problems.length === 0) {
      // The board follows to the end: it shows the last call made, wherever it was made. "Last" is
      // the database's order of events, not the order the acknowledgements reached this harness: the
      // desk's call is noted when its screen shows it, and desk 2's call may commit before that and
      // be noted after (CI, session 4: the board rightly showed D009 at 1 after B003 at 2).
      const events = new Database(db, { readonly: true });
      const last = events
        .prepare("SELECT t.label AS label, e.counter AS counter FROM queue_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.type IN ('called', 'resumed', 'recalled') AND e.counter IS NOT NULL ORDER BY e.id DESC LIMIT 1")
        .get() as { label: string; counter: number } | undefined;
      events.close();
      if (last && !calls.some((c) => c.label === last.label)) stop(`the last call in the database (${last.label} at ${last.counter}) was acknowledged to nobody`);
      if (last) await until('board', (x) => x.includes(`SỐ ${last.label} → Quầy ${last.counter}`), `the last call (${last.label} at ${last.counter})`, 5000).catch((e: Error) => stop(e.message));
      // Every job queued gets printed: the two workers drain the spool.
      const spool = new Database(db, { readonly: true });
      const pending = spool.prepare("SELECT count(*) FROM print_jobs WHERE state <> 'done'").pluck();
      const end = Date.now() + 120_000;
      while ((pending.get() as number) > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 250));
      spool.close();
      await tmux.keys('desk', 'q');
      await until('desk', (x) => x.includes('Thoát chương trình?'), 'the quit question').catch((e: Error) => stop(e.message));
      await tmux.keys('desk', 'y');
      await tmux.keys('board', 'q');
      for (const s of ['desk', 'board']) {
        const x = await until(s, (x) => /EXITED \d+/.test(x), 'the exit', 30_000, true).catch((e: Error) => e.message);
        if (!/EXITED 0/.test(x)) stop(`the ${s} did not end cleanly:\n${x}`);
      }
    }
  } finally {
    tmux.kill();
    worker.kill('SIGTERM');
  }
  const workerEnd = await workerExit;
  if (workerEnd !== 0) problems.push(`print-worker ended with ${workerEnd}: ${workerErr}`);
  if (workerErr !== '') problems.push(`print-worker wrote to stderr: ${workerErr}`);
  const printedLine = pattern('print.printed');
  const started1 = pattern('print.workerStarted');
  const odd = workerLog.split('\n').filter((l) => l.trim() !== '' && !printedLine.test(l) && !started1.test(l));
  if (odd.length) problems.push(`print-worker logged: ${odd.slice(0, 3).join(' | ')}`);

  const check = verifyLoad(db, paper, { issued, calls, started, finished, received });
  problems.push(...check.problems);
  const cliFigures = Object.fromEntries(
    [...timings].map(([name, t]) => {
      const s = [...t.ms].sort((a, b) => a - b);
      const pct = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
      return [name, { n: t.n, p50: pct(50), p95: pct(95), max: s.at(-1) ?? 0 }];
    }),
  );
  return { problems, seconds: (Date.now() - t0) / 1000, cli: cliFigures, refusals, tui, tickets: check.tickets, dossiers: check.dossiers, jobsPrinted: check.jobsPrinted, boardCaptures };
}

interface Acked {
  issued: string[];
  calls: { label: string; counter: number }[];
  started: string[];
  finished: string[];
  received: string[];
}

/** Every acknowledged action in the database, each print job on paper once, the file whole. */
export function verifyLoad(dbFile: string, paper: string, acked: Acked): { problems: string[]; tickets: number; dossiers: number; jobsPrinted: number } {
  const problems: string[] = [];
  const say = (what: string, list: readonly unknown[]) => {
    if (list.length) problems.push(`${what} (${list.length}): ${list.slice(0, 5).join(', ')}${list.length > 5 ? ' …' : ''}`);
  };
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const tickets = new Map((db.prepare('SELECT label, id FROM tickets').all() as { label: string; id: number }[]).map((t) => [t.label, t.id]));
    const events = new Set((db.prepare('SELECT ticket_id, type, counter FROM queue_events').all() as { ticket_id: number; type: string; counter: number | null }[]).map((e) => `${e.ticket_id} ${e.type} ${e.counter ?? ''}`));
    const has = (label: string, type: string, counter: number | '' = '') => events.has(`${tickets.get(label)} ${type} ${counter}`);
    say('ticket numbers handed out twice', acked.issued.filter((l, i) => acked.issued.indexOf(l) !== i));
    say('tickets acknowledged but not issued in the database', acked.issued.filter((l) => !tickets.has(l) || !has(l, 'issued')));
    say('calls acknowledged but not in the log', acked.calls.filter((c) => !has(c.label, 'called', c.counter)).map((c) => `${c.label}@${c.counter}`));
    // started/finished events carry their counter; the acknowledgment named the ticket only
    const anyCounter = (label: string, type: string) => [1, 2].some((c) => has(label, type, c)) || has(label, type);
    say('starts acknowledged but not in the log', acked.started.filter((l) => !anyCounter(l, 'started')));
    say('finishes acknowledged but not in the log', acked.finished.filter((l) => !anyCounter(l, 'finished')));

    const dossiers = db.prepare('SELECT code, seq FROM dossiers ORDER BY id').all() as { code: string; seq: number }[];
    const codes = new Set(dossiers.map((d) => d.code));
    say('dossier codes acknowledged twice', acked.received.filter((c, i) => acked.received.indexOf(c) !== i));
    say('dossiers acknowledged but not in the database', acked.received.filter((c) => !codes.has(c)));
    say('dossiers not numbered 1..N in the order received', dossiers.filter((d, i) => d.seq !== i + 1).map((d) => d.code));

    const jobs = db.prepare('SELECT id, kind, ref, state FROM print_jobs').all() as { id: number; kind: string; ref: string; state: string }[];
    say('print jobs not printed', jobs.filter((j) => j.state !== 'done').map((j) => `#${j.id} ${j.kind} ${j.ref} ${j.state}`));
    for (const label of acked.issued) if (!jobs.some((j) => j.kind === 'ticket' && j.ref === label)) problems.push(`ticket ${label} has no print job`);
    for (const code of acked.received) if (!jobs.some((j) => j.kind === 'slip' && j.ref === code) || !jobs.some((j) => j.kind === 'slip_a4' && j.ref === code)) problems.push(`dossier ${code} lacks a slip job`);
    // Two workers shared the spool: each job came out exactly once, whole.
    const out = new Map<string, number>();
    for (const p of printouts(paper)) {
      const key = p.qr[0] !== undefined ? `slip ${p.qr[0]}` : `ticket ${p.big[0] ?? '?'}`;
      out.set(key, (out.get(key) ?? 0) + (p.complete ? 1 : 100));
    }
    const onPaper = jobs.filter((j) => j.kind === 'slip' || j.kind === 'ticket');
    say('jobs not on paper exactly once', onPaper.filter((j) => out.get(`${j.kind} ${j.ref}`) !== 1).map((j) => `${j.kind} ${j.ref} ×${out.get(`${j.kind} ${j.ref}`) ?? 0}`));
    say('printouts of no job', [...out.keys()].filter((k) => !onPaper.some((j) => `${j.kind} ${j.ref}` === k)));
    return { problems, tickets: tickets.size, dossiers: dossiers.length, jobsPrinted: onPaper.length };
  } finally {
    db.close();
  }
}
