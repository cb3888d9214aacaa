// The command line: parse, call src/app, print text in the operator's language or --json.
import { Command, Option } from 'commander';
// The bundle inlines it (scripts/build.mjs): `luudong --version` reads no file at run time.
import pkg from '../../package.json' with { type: 'json' };
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import { parseCounterSpec } from '../core/trip.js';
import { displayDate, localDate } from '../core/time.js';
import { parseLang, translator, userMessage, type MessageKey, type Translate } from '../i18n/index.js';
import type { Luudong } from '../app/luudong.js';
import type { CounterApp } from '../app/counterApp.js';
import { openRemote } from '../hub/open.js';
import type { RemoteLuudong } from '../hub/remote.js';
import { stationDir } from './hubCommands.js';
import { openApp } from '../app/open.js';
import { carryPassMark } from '../store/integrity.js';
import * as out from './output.js';
import { readPin } from './pin.js';
import { dossierFiguresLines } from '../app/present.js';
import { registerDossierCommands } from './dossierCommands.js';
import { registerPrintCommands } from './printCommands.js';
import { registerScanCommands } from './scanCommands.js';
import { registerBackupCommands } from './backupCommands.js';
import { registerHandoverCommands } from './handoverCommands.js';
import { registerScannerCommands } from './scannerCommands.js';
import { registerReportCommands } from './reportCommands.js';
import { registerScheduleCommands } from './scheduleCommands.js';
import { registerOperatorCommands } from './operatorCommands.js';
import { registerOfficeCommands } from './officeCommands.js';
import { registerFormsCommands } from './formsCommands.js';
import { registerSyncCommands } from './syncCommands.js';
import { registerCentreCommands } from './centreCommands.js';
import { registerHubCommands } from './hubCommands.js';
import { dateOption, type Printed } from './context.js';
import { ticketOutcomes } from '../core/queue/figures.js';
import { registerSmsCommands } from './smsCommands.js';
import { registerRaterCommands } from './raterCommands.js';

interface Globals {
  hub?: string;
  db?: string;
  demo?: boolean;
  lang?: string;
  json?: boolean;
  operator?: string;
}

const HELP_TITLES: Record<string, MessageKey> = {
  'Usage:': 'cli.title.usage',
  'Options:': 'cli.title.options',
  'Commands:': 'cli.title.commands',
  'Arguments:': 'cli.title.arguments',
  'Global Options:': 'cli.title.globalOptions',
};

/** A usage error from commander, in the operator's language (the name in quotes kept as typed). */
function usageMessage(t: Translate, code: string, message: string): string {
  const name = /'([^']+)'/.exec(message)?.[1] ?? '';
  const key: MessageKey =
    code === 'commander.unknownCommand'
      ? 'cli.err.unknownCommand'
      : code === 'commander.unknownOption'
        ? 'cli.err.unknownOption'
        : code === 'commander.missingArgument' || code === 'commander.missingMandatoryOptionValue' || code === 'commander.optionMissingArgument'
          ? 'cli.err.missing'
          : code === 'commander.invalidArgument'
            ? 'cli.err.invalid'
            : 'cli.err.usage';
  return t(key, { name, detail: message.replace(/^error: /, '') });
}

/** The language is needed for help texts before commander parses: look for --lang early. */
export function langFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--lang') return parseLang(argv[i + 1]);
    if (a.startsWith('--lang=')) return parseLang(a.slice(7));
  }
  return parseLang(env.LUUDONG_LANG);
}


const int = (t: Translate) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new DomainError('err.badNumber', { value: v });
  return Number(v);
};

/** What the entry (bin/luudong.js) offers the app. */
export interface Host {
  /** A screen's first frame is out (the entry then saves V8's code cache: bin/codecache.js). */
  firstFrame?: (which: 'screen' | 'board') => void;
}

export async function main(argv: string[], host: Host = {}): Promise<number> {
  const lang = langFromArgv(argv);
  const t = translator(lang);
  let exitCode = 0;
  let opened: ReturnType<typeof openApp> | undefined;

  const program = new Command('luudong')
    .description(t('cli.desc'))
    .option('--db <file>', t('cli.opt.db'))
    .option('--demo', t('cli.opt.demo'))
    .addOption(new Option('--lang <lang>', t('cli.opt.lang')).choices(['vi', 'en']))
    .option('--json', t('cli.opt.json'))
    .option('--operator <name>', t('cli.opt.operator'))
    .option('--hub <address>', t('cli.opt.hub'))
    // Commander's own words go through the catalogue too; subcommands inherit all of this.
    .helpOption('-h, --help', t('cli.opt.help'))
    // Printed as soon as it is read, like --help; --json is looked for beforehand, as --lang is.
    .version(argv.includes('--json') ? JSON.stringify({ version: pkg.version }, null, 2) : pkg.version, '-V, --version', t('cli.opt.version'))
    .helpCommand('help [command]', t('cli.cmd.help'))
    .configureHelp({ styleTitle: (title) => (title in HELP_TITLES ? t(HELP_TITLES[title] as MessageKey) : title) })
    .configureOutput({ outputError: () => undefined }) // printed translated by main()
    .exitOverride();

  const globals = (cmd: Command) => cmd.optsWithGlobals() as Globals;
  let remote: RemoteLuudong | undefined;
  const app = (cmd: Command): Luudong => {
    const g = globals(cmd);
    // Through a hub, only the counter's use cases are there (capp); the rest is the hub's own work.
    if (g.hub !== undefined) throw new DomainError('err.hub.localOnly', {});
    if (!opened) {
      opened = openApp({ ...(g.db ? { db: g.db } : {}), demo: !!g.demo, lang, ...(g.operator ? { operator: g.operator } : {}) });
      // Once operators are set up, every command is someone's: name (--operator) and PIN.
      // The print worker is a service: it prints what logged-in operators queued, and names no one.
      if (opened.app.operators.enabled() && cmd.name() !== 'print-worker') {
        if (!g.operator) throw new DomainError('err.auth.required', {});
        const pin = readPin(t('auth.pinPrompt', { name: g.operator }));
        if (pin === null) throw new DomainError('err.auth.noPin', {});
        opened.app.login(g.operator, pin);
      }
    }
    return opened.app;
  };
  /** The counter's use cases: this laptop's database, or the hub's with --hub. */
  const capp = (cmd: Command): CounterApp => {
    const g = globals(cmd);
    if (g.hub === undefined) return app(cmd);
    if (!remote) {
      remote = openRemote({ dir: stationDir(g), address: g.hub, role: 'cli', lang, operator: g.operator ?? null });
      if (remote.operators.enabled()) {
        if (!g.operator) throw new DomainError('err.auth.required', {});
        const pin = readPin(t('auth.pinPrompt', { name: g.operator }));
        if (pin === null) throw new DomainError('err.auth.noPin', {});
        remote.login(g.operator, pin);
      }
    }
    return remote;
  };
  const remoteOf = (cmd: Command): RemoteLuudong | undefined => (globals(cmd).hub === undefined ? undefined : (capp(cmd), remote));
  const dbFile = (cmd: Command): string => {
    app(cmd);
    return (opened as ReturnType<typeof openApp>).file;
  };
  /** Run an action; print its result as text or JSON; turn refusals into messages and exit code 1. */
  /**
   * Run an action (sync, or async for commands that wait, like printing); print its result as text
   * or JSON; turn refusals into messages and exit code 1. Commander awaits it (parseAsync).
   */
  const act =
    <A extends unknown[]>(fn: (cmd: Command, ...args: A) => Printed | Promise<Printed>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const json = !!globals(cmd).json;
      try {
        const r = await fn(cmd, ...(args.slice(0, -1) as A));
        if (json) out.printJson(r.json);
        else out.print(r.text);
        if (r.failed) exitCode = 1;
        else if (r.exitCode !== undefined) exitCode = r.exitCode;
      } catch (e) {
        exitCode = 1;
        if (json) out.printJson({ error: { code: e instanceof DomainError ? e.code : 'err.unexpected', message: userMessage(t, e) } });
        out.printErr(t('cli.error', { text: userMessage(t, e) }));
      }
    };

  program
    .command('tui', { isDefault: true })
    .description(t('cli.cmd.tui'))
    .addOption(new Option('--lock-after <minutes>', t('cli.opt.lockAfter')).argParser(int(t)).default(5))
    .addOption(new Option('--serve [address]', t('cli.opt.serve')).preset('0.0.0.0:7420'))
    .action(async (o: { lockAfter: number; serve?: string }, cmd: Command) => {
      const g = globals(cmd);
      // One or the other: a laptop is the hub, or works against one.
      if (g.hub !== undefined && o.serve !== undefined) throw new DomainError('err.hub.serveAndHub', {});
      const { runTui } = await import('./tui.js');
      exitCode = await runTui({ lang, ...(g.db ? { db: g.db } : {}), demo: !!g.demo, ...(g.operator ? { operator: g.operator } : {}), ...(g.hub !== undefined ? { hub: g.hub } : {}), ...(o.serve !== undefined ? { serve: o.serve } : {}), lockAfterMs: o.lockAfter * 60_000, ...(host.firstFrame ? { firstFrame: () => host.firstFrame?.('screen') } : {}) });
    });

  program
    .command('board')
    .description(t('cli.cmd.board'))
    .option('--speak', t('cli.opt.speak'))
    .action(async (o: { speak?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const { runBoard } = await import('./tui.js');
      exitCode = await runBoard({ lang, speak: !!o.speak, ...(g.db ? { db: g.db } : {}), demo: !!g.demo, ...(g.hub !== undefined ? { hub: g.hub } : {}), ...(host.firstFrame ? { firstFrame: () => host.firstFrame?.('board') } : {}) });
    });

  const trip = program.command('trip').description(t('cli.cmd.trip'));
  trip
    .command('open')
    .description(t('cli.cmd.tripOpen'))
    .requiredOption('--commune <name>', t('label.commune'))
    .requiredOption('--place <name>', t('label.place'))
    .addOption(dateOption('--date <dd/mm/yyyy>', t('label.date')))
    .option('--start <hh:mm>', t('label.start'), '07:30')
    .option('--end <hh:mm>', t('label.end'), '11:30')
    .option('--staff <name...>', t('label.operators'))
    .option('--counter <spec...>', t('tui.field.counters'))
    .option('--office <id>', t('cli.opt.tripOffice'))
    .action(
      act((cmd, o: { commune: string; place: string; date?: string; start: string; end: string; staff?: string[]; counter?: string[]; office?: string }) => {
        const a = capp(cmd);
        const staff = o.staff ?? (globals(cmd).operator ? [globals(cmd).operator as string] : []);
        const counters = (o.counter ?? ['1=*']).map((s) => parseCounterSpec(s, a.data.groups));
        const tr = a.openTrip({ commune: o.commune, place: o.place, date: o.date ?? localDate(a.now()), start: o.start, end: o.end, operators: staff, counters, officeId: o.office ?? null });
        return { json: out.tripJson(tr), text: [t('ok.tripOpened', { id: tr.id, place: tr.place, commune: tr.commune, date: displayDate(tr.date), start: tr.start, end: tr.end }), t('ok.tripOffice', { unit: tr.office?.unitName[lang] ?? '', code: tr.office?.agencyCode ?? '' })] };
      }),
    );
  trip
    .command('show [id]')
    .description(t('cli.cmd.tripShow'))
    .action(
      act((cmd, id?: string) => {
        const a = capp(cmd);
        const tr = id === undefined ? a.currentTrip() : a.getTrip(int(t)(id));
        if (!tr) {
          if (id !== undefined) throw new DomainError('err.tripNotFound', { id });
          return { json: { trip: null }, text: t('show.noTrip') };
        }
        return { json: { trip: out.tripJson(tr) }, text: out.tripText(t, lang, a, tr) };
      }),
    );
  trip
    .command('reopen')
    .description(t('cli.cmd.tripReopen'))
    .action(
      act((cmd) => {
        const tr = capp(cmd).reopenTrip();
        return { json: { trip: out.tripJson(tr) }, text: t('ok.tripReopened', { id: tr.id, place: tr.place, commune: tr.commune }) };
      }),
    );
  trip
    .command('close')
    .description(t('cli.cmd.tripClose'))
    .action(
      act((cmd) => {
        const { trip: tr, figures } = capp(cmd).closeTrip();
        return { json: { trip: out.tripJson(tr), figures }, text: [t('ok.tripClosed', { id: tr.id, ...ticketOutcomes(figures) }), t('trip.cashHint')] };
      }),
    );

  const queue = program.command('queue').description(t('cli.cmd.queue'));
  const counterOpt = () => new Option('-c, --counter <n>', t('cli.opt.counter')).argParser(int(t)).makeOptionMandatory();
  queue
    .command('issue <group>')
    .description(t('cli.cmd.issue'))
    .option('-p, --priority <code>', t('cli.opt.priority'))
    .option('--phone <number>', t('cli.opt.ticketPhone'))
    .action(
      act((cmd, group: string, o: { priority?: string; phone?: string }) => {
        const a = capp(cmd);
        const r = a.issue(group, o.priority ?? null, o.phone ? { phone: o.phone } : {});
        return { json: { ...out.ticketOut(r.ticket), ahead: r.ahead, estimateMinutes: r.estimateMs === undefined ? null : Math.round(r.estimateMs / 60000) }, text: out.issuedText(t, lang, a, r) };
      }),
    );
  const counterAction = (name: string, desc: Parameters<Translate>[0], okKey: Parameters<Translate>[0], run: (a: CounterApp, counter: number) => { ticket: import('../core/queue/types.js').Ticket }) =>
    queue
      .command(name)
      .description(t(desc))
      .addOption(counterOpt())
      .action(
        act((cmd, o: { counter: number }) => {
          const a = capp(cmd);
          const r = run(a, o.counter);
          return { json: { ...out.ticketOut(r.ticket), counter: o.counter }, text: t(okKey, { ticket: r.ticket.label, counter: t('label.counter', { no: o.counter }), minutes: a.data.rules.noShowReturnMinutes }) };
        }),
      );
  counterAction('call', 'cli.cmd.call', 'ok.called', (a, c) => a.callNext(c));
  counterAction('recall', 'cli.cmd.recall', 'ok.recalled', (a, c) => a.recall(c));
  counterAction('start', 'cli.cmd.start', 'ok.started', (a, c) => a.start(c));
  counterAction('finish', 'cli.cmd.finish', 'ok.finished', (a, c) => a.finish(c));
  counterAction('no-show', 'cli.cmd.noShow', 'ok.noShow', (a, c) => a.noShow(c));
  counterAction('park', 'cli.cmd.park', 'ok.parked', (a, c) => a.park(c));
  queue
    .command('resume <ticket>')
    .description(t('cli.cmd.resume'))
    .addOption(counterOpt())
    .action(
      act((cmd, label: string, o: { counter: number }) => {
        const r = capp(cmd).resume(label, o.counter);
        return { json: { ...out.ticketOut(r.ticket), counter: o.counter }, text: t('ok.resumed', { ticket: r.ticket.label, counter: t('label.counter', { no: o.counter }) }) };
      }),
    );
  queue
    .command('return <ticket>')
    .description(t('cli.cmd.return'))
    .action(
      act((cmd, label: string) => {
        const r = capp(cmd).returnNoShow(label);
        return { json: out.ticketOut(r.ticket), text: t('ok.returned', { ticket: r.ticket.label }) };
      }),
    );
  queue
    .command('transfer [ticket]')
    .description(t('cli.cmd.transfer'))
    .requiredOption('-g, --group <group>', t('cli.opt.group'))
    .addOption(new Option('-c, --counter <n>', t('cli.opt.counter')).argParser(int(t)))
    .action(
      act((cmd, label: string | undefined, o: { group: string; counter?: number }) => {
        const a = capp(cmd);
        if (label === undefined && o.counter === undefined) throw new DomainError('err.ticketNotFound', { ticket: '?' });
        const r = a.transfer(label !== undefined ? { label } : { counter: o.counter as number }, o.group);
        return { json: out.ticketOut(r.ticket), text: t('ok.transferred', { ticket: r.ticket.label, group: out.groupLabel(a, lang, r.ticket.group) }) };
      }),
    );
  queue
    .command('walk-in')
    .description(t('cli.cmd.walkIn'))
    .addOption(counterOpt())
    .requiredOption('-g, --group <group>', t('cli.opt.group'))
    .action(
      act((cmd, o: { counter: number; group: string }) => {
        const r = capp(cmd).walkIn(o.counter, o.group);
        return { json: { ...out.ticketOut(r.ticket), counter: o.counter }, text: t('ok.walkIn', { ticket: r.ticket.label }) };
      }),
    );
  queue
    .command('list')
    .description(t('cli.cmd.list'))
    .action(act((cmd) => out.queueList(t, lang, capp(cmd))));
  queue
    .command('stats')
    .description(t('cli.cmd.stats'))
    .addOption(new Option('--trip <id>', t('label.trip')).argParser(int(t)))
    .action(
      act((cmd, o: { trip?: number }) => {
        const a = capp(cmd);
        const f = a.figures(o.trip);
        const d = a.dossierFigures(o.trip);
        return { json: { ...f, dossiers: d }, text: [...out.figuresText(t, lang, a, f), '', ...dossierFiguresLines(t, lang, d, a.data.helpServices, 100)] };
      }),
    );

  registerDossierCommands({ program, queue, t, lang, act, app, capp, int: int(t) });
  registerPrintCommands({ program, queue, t, lang, act, app, capp, remote: remoteOf, int: int(t), dbFile });
  registerScanCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerBackupCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerHandoverCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerScannerCommands({ program, queue, t, lang, act, app, remote: remoteOf, int: int(t), dbFile });
  registerReportCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerScheduleCommands({ program, queue, t, lang, act, app, int: int(t) });
  registerOperatorCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerOfficeCommands({ program, queue, t, lang, act, app, int: int(t) });
  registerFormsCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerSyncCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerSmsCommands({ program, queue, t, lang, act, app, int: int(t), dbFile });
  registerRaterCommands({ program, queue, t, lang, act, app, int: int(t) });
  const centreCli = registerCentreCommands({ program, t, lang, act, int: int(t) });

  const hubCli = registerHubCommands({ program, t, lang, act, app });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (code.startsWith('commander.')) {
      out.printErr(t('cli.error', { text: usageMessage(t, code, (e as Error).message) }));
      return 2;
    }
    out.printErr(t('cli.error', { text: userMessage(t, e) }));
    return 1;
  } finally {
    if (opened) {
      const sound = opened.app.gate.state === 'ok';
      opened.app.db.close();
      // This process's writes moved the file on from the pass it checked or trusted: the mark follows.
      if (sound) carryPassMark(opened.file);
    }
    await centreCli.close();
    remote?.close();
  }
  return hubCli.serve() ?? exitCode;
}
