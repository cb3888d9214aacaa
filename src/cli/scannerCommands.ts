// `luudong scanner list|add|remove|test|log` (barcode scanners) and `luudong doctor` (is this machine
// ready: system libraries, device permissions, what each configured device is doing).
import { displayDate } from '../core/time.js';
import { Option, type Command } from 'commander';
import { WEDGE_SOURCE } from '../app/scans.js';
import type { CounterApp } from '../app/counterApp.js';
import type { ScanKind } from '../core/scan/classify.js';
import { cleanScan } from '../core/scan/classify.js';
import { decidedOnly, parsePrefix, WedgeRouter } from '../core/scan/wedge.js';
import { DomainError } from '../core/errors.js';
import { isMessageKey, userMessage, type Translate } from '../i18n/index.js';
import type { ScannerConfig, ScannerOptions } from '../core/scan/config.js';
import type { CliContext } from './context.js';
import { runDoctor } from './doctor.js';
import * as out from './output.js';

/** One line saying what a scan was recognised as. */
export function describeScan(t: Translate, k: ScanKind, raw: string): string {
  switch (k.kind) {
    case 'citizen':
      return t('sc.kind.citizen', { id: k.citizen.id, name: k.citizen.fullName });
    case 'citizenInvalid':
      return t('sc.kind.citizenInvalid', { why: userMessage(t, k.error) });
    case 'dossier':
      return t('sc.kind.dossier', { code: k.code });
    case 'ticket':
      return k.otherDay ? t('scan.ticketOtherDay', { ticket: k.label, date: displayDate(k.otherDay) }) : t('sc.kind.ticket', { label: k.label });
    case 'encoding':
      return t('sc.kind.encoding');
    case 'unknown':
      return t('sc.kind.unknown', { text: cleanScan(raw).slice(0, 60) });
  }
}

export function registerScannerCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, act, app } = ctx;
  const scanner = program.command('scanner').description(t('cli.cmd.scanner'));

  scanner
    .command('list')
    .description(t('cli.cmd.scannerList'))
    .action(
      act(async (cmd) => {
        // On a workstation (--hub): the scanners plugged into it, as the hub has them.
        const r = ctx.remote?.(cmd);
        const configured = r ? r.scanners() : app(cmd).scans.list();
        const found = await detectDevices();
        const text = [
          ...(configured.length ? [t('sc.configured'), ...configured.map((s) => `  ${s.name.padEnd(12)} ${s.kind.padEnd(7)} ${s.target}`)] : [t('sc.none')]),
          '',
          ...(found.length ? [t('sc.found'), ...found.map((d) => `  ${d.kind.padEnd(7)} ${d.target}  ${d.label}`)] : [t('sc.foundNone')]),
        ];
        return { json: { configured, found }, text };
      }),
    );

  scanner
    .command('add <name>')
    .description(t('cli.cmd.scannerAdd'))
    .requiredOption('--kind <kind>', t('cli.opt.scannerKind'))
    .option('--target <target>', t('cli.opt.scannerTarget'), '')
    .addOption(new Option('--baud <n>', t('cli.opt.baud')).argParser(ctx.int))
    .addOption(new Option('--idle <ms>', t('cli.opt.idle')).argParser(ctx.int))
    .option('--prefix <chars>', t('cli.opt.prefix'))
    .addOption(new Option('--suffix <end>', t('cli.opt.suffix')).choices(['enter', 'tab', 'none']))
    .addOption(new Option('--gap <ms>', t('cli.opt.gap')).argParser(ctx.int))
    .option('--enable', t('cli.opt.enable'))
    .action(
      act((cmd, name: string, o: { kind: string; target: string; baud?: number; idle?: number; prefix?: string; suffix?: ScannerOptions['suffix']; gap?: number; enable?: boolean }) => {
        const options: ScannerOptions = {
          ...(o.baud ? { baudRate: o.baud } : {}),
          ...(o.idle !== undefined ? { idleMs: o.idle } : {}),
          ...(o.prefix ? { prefix: o.prefix } : {}),
          ...(o.suffix ? { suffix: o.suffix } : {}),
          ...(o.gap ? { gapMs: o.gap } : {}),
          ...(o.enable ? { enable: true } : {}),
        };
        const r = ctx.remote?.(cmd);
        const s = r ? r.addScanner(name, o.kind, o.target, options) : app(cmd).scans.add(name, o.kind, o.target, options);
        return { json: s, text: t('sc.added', { name: s.name, kind: s.kind }) };
      }),
    );

  scanner
    .command('remove <name>')
    .description(t('cli.cmd.scannerRemove'))
    .action(
      act((cmd, name: string) => {
        const r = ctx.remote?.(cmd);
        if (r) r.removeScanner(name);
        else app(cmd).scans.remove(name);
        return { json: { removed: name }, text: t('sc.removed', { name }) };
      }),
    );

  scanner
    .command('log')
    .description(t('cli.cmd.scannerLog'))
    .addOption(new Option('--limit <n>', t('cli.opt.limit')).argParser(ctx.int).default(20))
    .action(
      act((cmd, o: { limit: number }) => {
        const rows = app(cmd).scans.repo.rejected(o.limit);
        const text = rows.length ? rows.map((r) => `${new Date(r.at).toISOString().slice(0, 16).replace('T', ' ')}  ${r.source.padEnd(10)} ${r.kind.padEnd(14)} ${JSON.stringify(r.raw.slice(0, 60))}`) : t('sc.logNone');
        return { json: rows, text };
      }),
    );

  scanner
    .command('test <name>')
    .description(t('cli.cmd.scannerTest'))
    .addOption(new Option('--count <n>', t('cli.opt.count')).argParser(ctx.int))
    .addOption(new Option('--seconds <n>', t('cli.opt.seconds')).argParser(ctx.int))
    .action(
      act(async (cmd, name: string, o: { count?: number; seconds?: number }) => {
        // On a workstation (--hub): one of its own scanners, read here; what it reads is classified by the hub.
        const r = ctx.remote?.(cmd);
        const a: Pick<CounterApp, 'scans'> = r ?? app(cmd);
        const json = !!(cmd.optsWithGlobals() as { json?: boolean }).json;
        const c = r ? r.scanners().find((s) => s.name === name) : app(cmd).scans.repo.get(name);
        if (!c) throw new DomainError('err.scanner.notFound', { name });
        const seen: { source: string; kind: string; text: string; what: string }[] = [];
        await listen(a, c.kind === 'wedge' ? null : c, o, (text, source) => {
          const k = a.scans.take(text, source);
          const what = describeScan(t, k, text);
          seen.push({ source, kind: k.kind, text: cleanScan(text), what });
          if (!json) out.print(`${seen.length}. ${what}`);
          return o.count !== undefined && seen.length >= o.count;
        }, (line) => out.printErr(line));
        return { json: seen, text: [] };
      }),
    );

  program
    .command('doctor')
    .description(t('cli.cmd.doctor'))
    .action(
      act(async (cmd) => {
        const checks = await runDoctor(app(cmd), ctx.dbFile(cmd));
        const mark = { ok: t('dr.ok'), warn: t('dr.warn'), fail: t('dr.fail') };
        const fails = checks.filter((c) => c.level === 'fail').length;
        const warns = checks.filter((c) => c.level === 'warn').length;
        // A parameter that is itself a catalogue key (a modem's state) is said in the operator's language.
        const said = (c: (typeof checks)[number]) => Object.fromEntries(Object.entries(c.params ?? {}).map(([k, v]) => [k, typeof v === 'string' && isMessageKey(v) ? t(v) : v]));
        const text = [...checks.map((c) => `[${mark[c.level].padEnd(7)}] ${t(c.what, said(c)).padEnd(40)} ${t(c.detail, said(c))}`), '', t('dr.summary', { fail: fails, warn: warns })];
        // Exit 1 when something is broken: scripts (and the morning check) can rely on it.
        return { json: checks.map((c) => ({ check: t(c.what, c.params), level: c.level, detail: t(c.detail, said(c)) })), text, failed: fails > 0 };
      }),
    );

  /**
   * Listen to one scanner until `done` says so, --seconds pass, or Ctrl+C. The wedge is read from
   * this terminal through the same router as the TUI's; other scanners through their drivers.
   */
  async function listen(a: Pick<CounterApp, 'scans'>, c: ScannerConfig | null, o: { seconds?: number }, onScan: (text: string, source: string) => boolean, say: (s: string) => void): Promise<void> {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const timer = o.seconds ? setTimeout(() => finish(), o.seconds * 1000) : undefined;
    process.once('SIGINT', () => finish());
    say(t('sc.testHint'));
    if (!c) {
      if (!process.stdin.isTTY) throw new DomainError('err.scanner.noTty', {});
      const w = a.scans.wedge() ?? {};
      const router = new WedgeRouter({ ...(w.prefix ? { prefix: parsePrefix(w.prefix) } : {}), ...(w.suffix ? { suffix: w.suffix } : {}), ...(w.gapMs ? { gapMs: w.gapMs } : {}) });
      let quiet: NodeJS.Timeout | undefined;
      const handle = (outs: ReturnType<WedgeRouter['push']>) => {
        for (const x of decidedOnly(outs)) {
          if (x.kind === 'scan' && onScan(x.text, WEDGE_SOURCE)) finish();
          if (x.kind === 'keys' && x.raw.includes('\x03')) finish();
        }
        clearTimeout(quiet);
        const wait = router.pendingMs(performance.now());
        if (wait !== null) quiet = setTimeout(() => handle(router.flushIfQuiet(performance.now())), wait + 1);
      };
      const onData = (b: Buffer) => handle(router.push(b.toString('utf8'), performance.now()));
      process.stdin.setRawMode(true);
      process.stdin.on('data', onData);
      await finished;
      clearTimeout(quiet);
      process.stdin.off('data', onData);
      process.stdin.setRawMode(false);
      process.stdin.pause();
    } else {
      const { openBarcodeSource } = await import('../../drivers/scanner/index.js');
      const source = openBarcodeSource(c);
      if (!source) throw new DomainError('err.scanner.notFound', { name: c.name });
      source.start(
        (e) => {
          if (onScan(e.text, e.source)) finish();
        },
        (state, detail) => say(t(`sc.state.${state}`, { name: c.name, detail: detail ?? '' })),
      );
      await finished;
      await source.stop();
    }
    clearTimeout(timer);
  }
}

/** Scanners plugged in now: USB serial ports (stable by-id names) and HID POS devices. */
async function detectDevices(): Promise<{ kind: 'serial' | 'hid'; target: string; label: string }[]> {
  const { readdirSync } = await import('node:fs');
  const found: { kind: 'serial' | 'hid'; target: string; label: string }[] = [];
  try {
    // udev's stable links: the same name whichever USB socket the scanner is in.
    for (const f of readdirSync('/dev/serial/by-id')) found.push({ kind: 'serial', target: `/dev/serial/by-id/${f}`, label: '' });
  } catch {
    /* no serial devices (or no udev) */
  }
  const { listHidScanners } = await import('../../drivers/scanner/hid.js');
  const hid = await listHidScanners();
  for (const d of hid.scanners) found.push({ kind: 'hid', target: `${hex(d.vendorId)}:${hex(d.productId)}${d.serialNumber ? `:${d.serialNumber}` : ''}`, label: d.product ?? '' });
  return found;
}

const hex = (n: number) => n.toString(16).padStart(4, '0');
