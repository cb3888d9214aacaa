// The processes the crash harness (crash-harness.ts) kills, built from app code only (openApp,
// citizenFromQr, dossiers.receive, PrintWorker, watchDatabase), as the counter screen and
// `luudong print-worker` put them together. Bundled by esbuild at test time, run as separate processes.
//
//   setup   <db> <printer file>          open a trip, add the `file` printer (tickets, slips), exit
//   counter <db> <printer file> <seed>   receive dossiers until killed, printing the thermal slips
//                                        with an in-process worker for the quick jobs, as the
//                                        counter screen does
//   slow    <db>                         the worker for the slow jobs (the A4 slip's PDF, kept with
//                                        its dossier), as `luudong print-worker --only slow`
//   drain   <db>                         print the thermal jobs still queued, as `print-worker
//                                        --once --only quick`, then exit
//
// Protocol on stdout: "ACK <code>" is written only after receive() has returned, that is after its
// transaction committed: what the operator would have seen on screen. Anything that is not a kill
// from the harness (a refusal, a print job failing) goes to stderr with exit code 3.
import { join } from 'node:path';
import { lazyTransport } from '../../../drivers/printer/lazy.js';
import { findDataDir } from '../../../src/app/data.js';
import { openApp } from '../../../src/app/open.js';
import { PrintWorker } from '../../../src/app/print/worker.js';
import { procedureKey } from '../../../src/core/receipt.js';
import { localDate } from '../../../src/core/time.js';
import type { JobFilter } from '../../../src/core/print/printer.js';
import { watchDatabase } from '../../../src/store/watch.js';
import { citizenQr, pick, rng } from './idcard.js';

/** Thermal slips queued but not yet printed before the counter takes the next citizen (see below). */
const BACKLOG = 2;

const [mode, dbFile, printerFile, seedArg] = process.argv.slice(2) as [string, string, string | undefined, string | undefined];

function fail(what: string): never {
  process.stderr.write(`crash-child ${mode}: ${what}\n`);
  process.exit(3);
}

const { app } = openApp({ db: dbFile, operator: 'Nguyễn Thị Lan' });

function newWorker(filter: JobFilter, onPrinted: () => void = () => undefined): PrintWorker {
  return new PrintWorker(app, {
    open: lazyTransport,
    fontsDir: join(findDataDir(), 'fonts'),
    dbFile,
    filter,
    // A file printer reports no problems: any outcome other than printed or interrupted is a bug.
    onEvent: (e) => {
      if (e.kind === 'failed' || e.kind === 'problem') fail(`print job ${e.job.id} (${e.job.kind} ${e.job.ref}) ${e.kind}: ${e.reason} ${e.detail ?? ''}`);
      if (e.kind === 'printed') onPrinted();
    },
  });
}

async function counter(seed: number): Promise<void> {
  const r = rng(seed);
  const provinces = app.data.provinces.map((p) => p.code);
  // Receipts come far faster here than at a real desk (a minute each): without a bound the worker
  // would fall hundreds of slips behind and print them all after the last kill. The counter waits
  // for the printer once two slips are queued, so receipts and printing keep overlapping.
  const queued = app.db.prepare("SELECT count(*) AS n FROM print_jobs WHERE kind = 'slip' AND state IN ('queued', 'printing')").pluck();
  let printed: (() => void) | undefined;
  const worker = newWorker('quick', () => printed?.());
  worker.start();
  for (;;) {
    const { citizen } = app.citizenFromQr(citizenQr(r, provinces));
    const p = pick(r, app.data.procedures);
    const documents = p.documents.flatMap((d, i) => (d.mandatory || r() < 0.3 ? [i] : []));
    const payment = p.feeVnd === 0 ? 'exempt' : pick(r, ['cash', 'bank_qr'] as const);
    const returnMethod = p.postalReturn && r() < 0.3 ? 'post' : 'commune_office';
    const d = app.dossiers.receive({ citizenId: citizen.id, procedure: procedureKey(p), documents, payment, returnMethod });
    // A write to a pipe is synchronous in Node on Linux: once this returns, the line is the harness's.
    process.stdout.write(`ACK ${d.code}\n`);
    worker.wake();
    while ((queued.get() as number) >= BACKLOG) await new Promise<void>((resolve) => (printed = resolve));
    // Let the worker's file writes and fsyncs (in the thread pool) go on between receipts.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function slow(): void {
  const worker = newWorker('slow');
  worker.start();
  // Woken by the counter's commits (inotify on the database's directory), as print-worker is.
  watchDatabase(dbFile, () => {
    app.refresh();
    worker.wake();
  });
  setInterval(() => undefined, 2 ** 30); // the watcher does not hold the process; this does
}

async function drain(): Promise<void> {
  const worker = newWorker('quick');
  worker.start();
  // As `luudong print-worker --once`: let the first pass begin, wait until it finds nothing due.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await worker.idle();
  await worker.stop();
  const left = app.printing.nextDue('quick');
  if (left !== null) fail(`thermal jobs still queued after the drain (next due ${new Date(left).toISOString()})`);
  app.db.close();
}

try {
  if (mode === 'setup') {
    // The shipped account is a placeholder, for which no VietQR is printed: confirmed here, as an
    // office confirms its own, so receipts paid by transfer go on.
    app.offices.set(app.offices.default().id, { bank: { verified: true } });
    app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: localDate(app.now()), start: '07:30', end: '11:30', operators: ['Nguyễn Thị Lan'], counters: [{ no: 1, groups: app.data.groups.map((g) => g.code) }], officeId: app.offices.default().id });
    app.printing.addPrinter({ name: 'quay-1', kind: 'file', target: printerFile as string, paper: '80', profile: 'tcvn3', roles: ['tickets', 'slips'] });
    app.db.close();
  } else if (mode === 'counter') await counter(Number(seedArg));
  else if (mode === 'slow') slow();
  else if (mode === 'drain') await drain();
  else fail('unknown mode');
} catch (e) {
  fail((e as Error)?.stack ?? String(e));
}
