// CLI commands of printing: printer add|list|remove|test|status, print ticket|slip|report|jobs|
// retry|cancel, and the headless print-worker. A print command queues its job and prints it at once
// with a worker of its own (two workers never take the same job), then says how it went.
import { join } from 'node:path';
import { Option, type Command } from 'commander';
// Drivers load on first use (serialport's native binding among them): every CLI run, the counter
// screen's included, starts through this file.
import { lazyTransport } from '../../drivers/printer/lazy.js';
import { findDataDir } from '../app/data.js';
import { HubDesk } from '../app/hub.js';
import type { Luudong } from '../app/luudong.js';
import type { JobSpec, WorkerEvent } from '../app/print/spool.js';
import { PrintWorker } from '../app/print/worker.js';
import { DomainError } from '../core/errors.js';
import { findTicket } from '../core/queue/rules.js';
import type { Lang } from '../core/lang.js';
import { PRINTER_ROLES, type JobFilter, type Printer, type PrinterConfig, type PrinterRole, type PrintJob } from '../core/print/printer.js';
import { watchDatabase } from '../store/watch.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import * as out from './output.js';
import { describeEvent } from '../app/present.js';
import type { CliContext } from './context.js';
import type { RemoteLuudong } from '../hub/remote.js';

function jobJson(j: PrintJob) {
  return { id: j.id, printer: j.printer, kind: j.kind, ref: j.ref, state: j.state, attempts: j.attempts, reason: j.reason, createdAt: new Date(j.createdAt).toISOString(), updatedAt: new Date(j.updatedAt).toISOString() };
}

function jobLine(t: Translate, j: PrintJob): string {
  const reason = j.reason ? ` – ${t(`print.failure.${j.reason}` as MessageKey)}` : '';
  return `${String(j.id).padStart(5)}  ${t(`print.state.${j.state}` as MessageKey).padEnd(10)} ${(j.printer || '(PDF)').padEnd(12)} ${j.kind} ${j.ref ?? ''}${reason}`;
}

export function newWorker(app: Luudong, dbFile: string, onEvent?: (e: WorkerEvent) => void, filter: JobFilter = 'all'): PrintWorker {
  return new PrintWorker(app, { open: lazyTransport, fontsDir: join(findDataDir(), 'fonts'), dbFile, filter, ...(onEvent ? { onEvent } : {}) });
}

/** Print the queued jobs now; wait until each has printed, or has hit a problem, or `ms` passed. */
export async function printNow(app: Luudong, dbFile: string, jobs: PrintJob[], ms = 30_000): Promise<{ events: WorkerEvent[]; jobs: PrintJob[] }> {
  const events: WorkerEvent[] = [];
  const ids = new Set(jobs.map((j) => j.id));
  const w = newWorker(app, dbFile, (e) => {
    if (ids.has(e.job.id)) events.push(e);
  });
  w.start();
  const end = Date.now() + ms;
  // Settled: printed or ended, or still queued after a problem was reported (it stays queued).
  const settled = () =>
    [...ids].every((id) => {
      const state = app.printing.job(id)?.state;
      return state === 'queued' ? events.some((e) => e.job.id === id) : state !== 'printing';
    });
  while (!settled() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  await w.stop();
  return { events, jobs: [...ids].map((id) => app.printing.job(id) as PrintJob) };
}

export function registerPrintCommands(ctx: CliContext & { dbFile: (cmd: Command) => string; lang: Lang }): void {
  const { program, t, lang, act, app } = ctx;

  const printer = program.command('printer').description(t('cli.cmd.printer'));
  printer
    .command('add <name>')
    .description(t('cli.cmd.printerAdd'))
    .addOption(new Option('--kind <kind>', t('cli.opt.printerKind')).choices(['serial', 'usb', 'network', 'cups', 'file']).makeOptionMandatory())
    .requiredOption('--target <where>', t('cli.opt.printerTarget'))
    .addOption(new Option('--paper <paper>', t('cli.opt.paper')).choices(['58', '80', 'a4']).default('80'))
    .addOption(new Option('--profile <profile>', t('cli.opt.profile')).choices(['tcvn3', 'raster', 'ascii']).default('tcvn3'))
    .option('--baud <rate>', t('cli.opt.baud'))
    .option('--no-native-qr', t('cli.opt.noNativeQr'))
    .option('--no-status-check', t('cli.opt.noStatusCheck'))
    .option('--role <roles>', t('cli.opt.role'), 'tickets,slips')
    .option('--host <workstation>', t('cli.opt.printerHost'))
    .action(
      act((cmd, name: string, o: { kind: PrinterConfig['kind']; target: string; paper: PrinterConfig['paper']; profile: PrinterConfig['profile']; baud?: string; role: string; nativeQr: boolean; statusCheck: boolean; host?: string }) => {
        const roles = o.role.split(',').map((r) => r.trim()).filter(Boolean) as PrinterRole[];
        for (const r of roles) if (!PRINTER_ROLES.includes(r)) throw new DomainError('err.print.role', { value: r });
        const g = cmd.optsWithGlobals() as { hub?: string };
        const spec = { name, kind: o.kind, target: o.target, paper: o.paper, profile: o.profile, nativeQr: o.nativeQr, statusCheck: o.statusCheck, roles, ...(o.baud ? { baudRate: ctx.int(o.baud) } : {}) };
        if (g.hub !== undefined && ctx.capp) {
          // On a workstation: a printer plugged into this workstation, added on the hub.
          if (o.host !== undefined) throw new DomainError('err.print.hostOnHub', {});
          const p = ctx.capp(cmd).printing.addPrinter(spec);
          return { json: p, text: t('ok.printerAdded', { name: p.name, roles: p.roles.join(', ') || '–' }) };
        }
        const a = app(cmd);
        // Plugged into a paired workstation (its id or name): that workstation's print worker prints its jobs.
        let host: string | undefined;
        if (o.host !== undefined) {
          const want = o.host.normalize('NFC');
          const ws = new HubDesk(a.db, a.now).workstations().filter((w) => w.revokedAt === null && (w.id === want || w.name === want));
          if (ws.length !== 1) throw new DomainError('err.print.host', { value: want });
          host = (ws[0] as { id: string }).id;
        }
        const p = a.printing.addPrinter({ ...spec, ...(host ? { host } : {}) });
        return { json: p, text: t('ok.printerAdded', { name: p.name, roles: p.roles.join(', ') || '–' }) };
      }),
    );
  printer
    .command('list')
    .description(t('cli.cmd.printerList'))
    .action(
      act((cmd) => {
        // On a workstation: the printers plugged into it, as the hub has them.
        const r = ctx.remote?.(cmd);
        const list = r ? r.ownPrinters() : app(cmd).printing.printers();
        return { json: list, text: list.length ? list.map((p: Printer) => `${p.name.padEnd(12)} ${p.kind.padEnd(8)} ${p.target}  ${p.paper} mm/${p.profile}  [${p.roles.join(', ')}]${p.host ? `  @${p.host}` : ''}${p.statusCheck === false ? `  ${t('print.noStatusCheck')}` : ''}`) : t('print.noPrinters') };
      }),
    );
  printer
    .command('remove <name>')
    .description(t('cli.cmd.printerRemove'))
    .action(
      act((cmd, name: string) => {
        const r = ctx.remote?.(cmd);
        if (r) r.removeOwnPrinter(name);
        else app(cmd).printing.removePrinter(name);
        return { json: { removed: name }, text: t('ok.printerRemoved', { name }) };
      }),
    );
  printer
    .command('status <name>')
    .description(t('cli.cmd.printerStatus'))
    .action(
      act(async (cmd, name: string) => {
        // On a workstation: one of its own printers, asked here where it is plugged in.
        const r = ctx.remote?.(cmd);
        const p = r ? r.ownPrinter(name) : app(cmd).printing.printer(name);
        const tr = lazyTransport(p);
        try {
          const s = await tr.status();
          const text = s === null ? t('print.oneWay', { name }) : t('print.status', { name, state: statusText(t, s) });
          return { json: { printer: name, status: s }, text };
        } finally {
          await tr.close();
        }
      }),
    );
  printer
    .command('test <name>')
    .description(t('cli.cmd.printerTest'))
    .action(
      act(async (cmd, name: string) => {
        const r = ctx.remote?.(cmd);
        if (r) {
          // On a workstation: queued on the hub for one of its own printers, printed here at once.
          r.ownPrinter(name);
          const g = cmd.optsWithGlobals() as { hub?: string; db?: string; demo?: boolean };
          return report(t, await remotePrintNow(r, lang, g, r.printing.print({ kind: 'test', lang }, name, name)));
        }
        const a = app(cmd);
        const jobs = a.printing.print({ kind: 'test', lang }, name, name);
        return report(t, await printNow(a, ctx.dbFile(cmd), jobs));
      }),
    );

  const print = program.command('print').description(t('cli.cmd.print'));
  const printerOpt = () => new Option('--printer <name>', t('cli.opt.printer'));
  const queueAndPrint = (cmd: Command, spec: JobSpec, ref: string | null, printerName: string | undefined) => {
    const a = app(cmd);
    return printNow(a, ctx.dbFile(cmd), a.printing.print(spec, ref, printerName));
  };
  print
    .command('ticket <label>')
    .description(t('cli.cmd.printTicket'))
    .addOption(printerOpt())
    .action(
      act(async (cmd, label: string, o: { printer?: string }) => {
        const tk = findTicket(app(cmd).queueState(), label);
        return report(t, await queueAndPrint(cmd, { kind: 'ticket', ticketId: tk.id, lang }, tk.label, o.printer));
      }),
    );
  print
    .command('slip <code>')
    .description(t('cli.cmd.printSlip'))
    .option('--a4', t('cli.opt.a4'))
    .addOption(printerOpt())
    .action(
      act(async (cmd, code: string, o: { a4?: boolean; printer?: string }) => {
        const d = app(cmd).dossiers.get(code);
        return report(t, await queueAndPrint(cmd, { kind: o.a4 ? 'slip_a4' : 'slip', code: d.code, lang }, d.code, o.printer));
      }),
    );
  print
    .command('report <what>')
    .description(t('cli.cmd.printReport'))
    .addOption(new Option('--trip <id>', t('label.trip')).argParser(ctx.int))
    .addOption(printerOpt())
    .action(
      act(async (cmd, what: string, o: { trip?: number; printer?: string }) => {
        if (what !== 'figures' && what !== 'help') throw new DomainError('err.print.report', { value: what });
        const trip = o.trip ?? app(cmd).currentTrip()?.id;
        if (trip === undefined) throw new DomainError('err.noOpenTrip');
        const spec: JobSpec = what === 'help' ? { kind: 'help', tripId: trip, lang } : { kind: 'figures', tripId: trip, lang };
        return report(t, await queueAndPrint(cmd, spec, String(trip), o.printer));
      }),
    );
  print
    .command('jobs')
    .description(t('cli.cmd.printJobs'))
    .option('--limit <n>', 'n', '20')
    .action(
      act((cmd, o: { limit: string }) => {
        const list = app(cmd).printing.jobs(ctx.int(o.limit));
        return { json: list.map(jobJson), text: list.length ? list.map((j) => jobLine(t, j)) : t('print.none') };
      }),
    );
  print
    .command('retry <job>')
    .description(t('cli.cmd.printRetry'))
    .action(
      act(async (cmd, id: string) => {
        const a = app(cmd);
        return report(t, await printNow(a, ctx.dbFile(cmd), [a.printing.reprint(ctx.int(id))]));
      }),
    );
  print
    .command('cancel <job>')
    .description(t('cli.cmd.printCancel'))
    .action(
      act((cmd, id: string) => {
        app(cmd).printing.cancel(ctx.int(id));
        return { json: { cancelled: Number(id) }, text: t('ok.jobCancelled', { id }) };
      }),
    );

  program
    .command('print-worker')
    .description(t('cli.cmd.printWorker'))
    .option('--once', t('cli.opt.once'))
    .addOption(new Option('--only <jobs>', t('cli.opt.only')).choices(['slow', 'quick']))
    .action(async (o: { once?: boolean; only?: 'slow' | 'quick' }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as { hub?: string; db?: string; demo?: boolean };
      if (g.hub !== undefined) return remoteWorker(t, lang, g, o);
      const a = app(cmd);
      const file = ctx.dbFile(cmd);
      const log = (e: WorkerEvent) => out.print(`${new Date().toISOString()} ${describeEvent(t, e)}`);
      const w = newWorker(a, file, log, o.only ?? 'all');
      w.start();
      if (o.once) {
        await new Promise((r) => setTimeout(r, 0));
        await w.idle();
        await w.stop();
        return;
      }
      // The link to the centre, if the vehicle is enrolled: the outbox goes out on its own when it can.
      const { SyncAgent } = await import('../app/sync.js');
      const { realLinks, sayReason } = await import('./syncCommands.js');
      const agent = new SyncAgent(a, {
        dbFile: file,
        links: await realLinks(),
        onReport: (r) => {
          if (!r.busy) out.print(`${new Date().toISOString()} ${r.ok ? t('sync.done') : t('sync.failed', { reason: sayReason(t, r.error) })}`);
        },
      });
      agent.start();
      // Text messages to citizens and the rating keypads plugged into this machine (src/cli/citizenDevices.ts).
      const { startCitizenDevices } = await import('./citizenDevices.js');
      const devices = await startCitizenDevices(a, file, t, { say: (line) => out.print(`${new Date().toISOString()} ${line}`) });
      // Woken by any process's commit to the database (inotify on the file), and by its own timers.
      const unwatch = watchDatabase(file, () => {
        a.refresh();
        w.wake();
        agent.wake();
        devices.wake();
      });
      // The watcher and the retry timers do not hold the process; this idle timer does (no CPU).
      const keepAlive = setInterval(() => undefined, 2 ** 30);
      out.print(t('print.workerStarted', { file }));
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      clearInterval(keepAlive);
      unwatch();
      await agent.stop();
      await devices.stop();
      await w.stop();
    });
}

/**
 * printNow on a workstation: a worker of its own against the hub's spool (handed only this
 * workstation's printers' jobs) prints the queued jobs; waits until each has printed or hit a
 * problem, or `ms` passed, and reads back how each ended from the hub.
 */
async function remotePrintNow(r: RemoteLuudong, lang: Lang, g: { hub?: string; db?: string; demo?: boolean }, jobs: PrintJob[], ms = 30_000): Promise<{ events: WorkerEvent[]; jobs: PrintJob[] }> {
  const { openRemoteSpool } = await import('../hub/open.js');
  const { stationDir } = await import('./hubCommands.js');
  const events: WorkerEvent[] = [];
  const ids = new Set(jobs.map((j) => j.id));
  let w: PrintWorker | undefined;
  const { spool, link } = openRemoteSpool({ dir: stationDir(g), ...(g.hub ? { address: g.hub } : {}), lang, onChange: () => w?.wake() });
  w = new PrintWorker(spool, {
    open: lazyTransport,
    fontsDir: join(findDataDir(), 'fonts'),
    dbFile: '',
    onEvent: (e) => {
      if (ids.has(e.job.id)) events.push(e);
    },
  });
  void w.start();
  const end = Date.now() + ms;
  // Another worker of this workstation (its print-worker service, a counter screen's) may take the
  // job first: it prints it on the same printer, once (a claim is exclusive), and this one waits
  // for it to end on the hub instead of until the deadline.
  let looked = 0;
  const endedElsewhere = () => {
    if (Date.now() - looked < 250) return false;
    looked = Date.now();
    try {
      const now = r.printing.jobs(200);
      return [...ids].every((id) => {
        const j = now.find((x) => x.id === id);
        return j !== undefined && (j.state === 'done' || j.state === 'failed' || j.state === 'cancelled' || j.state === 'interrupted' || (j.state === 'queued' && j.reason !== null));
      });
    } catch {
      return false;
    }
  };
  while ([...ids].some((id) => !events.some((e) => e.job.id === id)) && !endedElsewhere() && Date.now() < end) await new Promise((res) => setTimeout(res, 25));
  await w.stop();
  spool.close();
  link.close();
  const now = r.printing.jobs(200);
  return { events, jobs: jobs.map((j) => now.find((x) => x.id === j.id) ?? j) };
}

/**
 * `print-worker --hub`: the same worker on a workstation, printing the jobs of the printers plugged
 * into it (`printer add --host` on the hub) from the hub's spool; woken by the hub's pushes.
 */
async function remoteWorker(t: Translate, lang: Lang, g: { hub?: string; db?: string; demo?: boolean }, o: { once?: boolean; only?: 'slow' | 'quick' }): Promise<void> {
  const { openRemoteSpool } = await import('../hub/open.js');
  const { stationDir } = await import('./hubCommands.js');
  let w: PrintWorker | undefined;
  const { spool, workstation, link } = openRemoteSpool({ dir: stationDir(g), ...(g.hub ? { address: g.hub } : {}), lang, onChange: () => w?.wake() });
  const log = (e: WorkerEvent) => out.print(`${new Date().toISOString()} ${describeEvent(t, e)}`);
  w = new PrintWorker(spool, { open: lazyTransport, fontsDir: join(findDataDir(), 'fonts'), dbFile: '', filter: o.only ?? 'all', onEvent: log });
  w.start();
  if (o.once) {
    await new Promise((r) => setTimeout(r, 0));
    await w.idle();
  } else {
    out.print(t('print.workerStartedHub', { hub: g.hub || '', workstation }));
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', () => resolve());
      process.once('SIGINT', () => resolve());
    });
  }
  await w.stop();
  spool.close();
  link.close();
}

function statusText(t: Translate, s: { online: boolean; coverOpen: boolean; paperNearEnd: boolean; paperOut: boolean; error: boolean }): string {
  const parts: string[] = [];
  if (!s.online) parts.push(t('print.failure.offline'));
  if (s.coverOpen) parts.push(t('print.failure.coverOpen'));
  if (s.paperOut) parts.push(t('print.failure.paperOut'));
  else if (s.paperNearEnd) parts.push(t('print.paperNearEnd'));
  if (s.error) parts.push(t('print.failure.error'));
  return parts.length ? parts.join(', ') : t('print.ready');
}

/** What became of print jobs printed at once, for the operator; refused (exit 1) unless all printed. */
export function report(t: Translate, r: { events: WorkerEvent[]; jobs: PrintJob[] }): { json: unknown; text: string[] } {
  const text = r.jobs.map((j) => {
    const e = r.events.filter((x) => x.job.id === j.id).pop();
    if (e) return describeEvent(t, e);
    return j.state === 'done' ? t('print.printed', { title: `${j.kind} ${j.ref ?? ''}`.trim(), printer: j.printer || 'PDF' }) : jobLine(t, j);
  });
  const failed = r.jobs.some((j) => j.state !== 'done');
  if (failed) throw new DomainError('err.print.notPrinted', { detail: text.join(' ') });
  return { json: r.jobs.map(jobJson), text };
}

