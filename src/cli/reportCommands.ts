// CLI commands of the reports (issue 6): `report trip [--trip ID]` (default: the open trip, else the
// last) and `report day [--date YYYY-MM-DD]` (default: today; every trip of the date combined), as
// text of at most 80 columns, as CSV for a spreadsheet, or as JSON (also with the global --json);
// with --print on the receipt printer, queued through the spooler and printed at once, as
// `print report` does; `report trip --a4` the trip report on A4 (the counter screen's I).
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { JobSpec } from '../app/print/spool.js';
import { findDataDir } from '../app/data.js';
import { dayReport, reportCsvRecords, reportView, tripReport, viewLines } from '../app/report.js';
import { barGlyphs, toCsv, type Report } from '../core/report.js';
import { dateOption, type CliContext } from './context.js';
import { escapeJsonText } from '../core/text.js';
import * as out from './output.js';
import { printNow, report as printOutcome } from './printCommands.js';

type Format = 'text' | 'csv' | 'json';

interface Common {
  format: Format;
  print?: boolean;
  printer?: string;
}

export function registerReportCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, lang, act, app } = ctx;

  const json = (r: Report) => ({ ...r, trips: r.trips.map(out.tripJson) });

  const present = (cmd: Command, r: Report, format: Format) => {
    const data = app(cmd).data;
    // out.print ends what it writes with '\n': the CSV goes without its last one, so that every
    // record, the last included, still ends in CRLF.
    if (format === 'csv') return { json: json(r), text: toCsv(reportCsvRecords(t, lang, r, data)).slice(0, -1) };
    if (format === 'json') return { json: json(r), text: escapeJsonText(JSON.stringify(json(r), null, 2)) };
    const width = process.stdout.isTTY ? Math.min(80, process.stdout.columns || 80) : 80;
    return { json: json(r), text: viewLines(reportView(t, lang, r, data, { width, glyphs: barGlyphs(process.env), indent: 2 })) };
  };

  /** On the receipt printer: --print, or --printer naming which one. */
  const printIt = async (cmd: Command, spec: JobSpec, ref: string, printer: string | undefined) => {
    const a = app(cmd);
    return printOutcome(t, await printNow(a, ctx.dbFile(cmd), a.printing.print(spec, ref, printer)));
  };

  const withCommon = (c: Command) =>
    c
      .addOption(new Option('--format <format>', t('cli.opt.reportFormat')).choices(['text', 'csv', 'json']).default('text'))
      .option('--print', t('cli.opt.reportPrint'))
      .option('--printer <name>', t('cli.opt.printer'));

  const report = program.command('report').description(t('cli.cmd.report'));
  withCommon(report.command('trip').description(t('cli.cmd.reportTrip')).addOption(new Option('--trip <id>', t('label.trip')).argParser(ctx.int)))
    // the trip report on A4 for the office's file, as I on the counter screen prints it (the A4
    // printer, or the one --printer names; through the spool, printed at once)
    .option('--a4', t('cli.opt.reportA4'))
    .action(
      act(async (cmd, o: Common & { trip?: number; a4?: boolean }) => {
        const r = tripReport(app(cmd), o.trip);
        const id = (r.trips[0] as Report['trips'][number]).id;
        if (o.a4) return printIt(cmd, { kind: 'figures_a4', tripId: id, lang }, String(id), o.printer);
        if (o.print || o.printer) return printIt(cmd, { kind: 'figures', tripId: id, lang }, String(id), o.printer);
        return present(cmd, r, o.format);
      }),
    );
  report
    .command('cash')
    .description(t('cli.cmd.reportCash'))
    .addOption(new Option('--trip <id>', t('label.trip')).argParser(ctx.int))
    // (--operator is who logs in: the operator whose part is wanted is --collector)
    .option('--collector <name>', t('cli.opt.cashOperator'))
    .option('--print', t('cli.opt.reportPrint'))
    .option('--printer <name>', t('cli.opt.printer'))
    .option('--pdf <file>', t('cli.opt.cashPdf'))
    .action(
      act(async (cmd, o: { trip?: number; collector?: string; print?: boolean; printer?: string; pdf?: string }) => {
        const a = app(cmd);
        const { cashLines, cashTransfers, tripCash, writeCashPdf } = await import('../app/cash.js');
        // Refused here, before anything is queued or written, when it does not hold.
        const c = tripCash(a, { ...(o.trip !== undefined ? { tripId: o.trip } : {}), operator: o.collector ?? null });
        const text = cashLines(t, c, 80, a.now());
        if (o.pdf) {
          await writeCashPdf(a, c, o.pdf, join(findDataDir(), 'fonts'));
          text.push('', t('ok.cashPdf', { file: o.pdf }));
        }
        if (o.print || o.printer) return printIt(cmd, { kind: 'cash', tripId: c.trip.id, operator: c.statement.operator, lang }, String(c.trip.id), o.printer);
        return { json: { trip: out.tripJson(c.trip), ...c.statement, transfers: cashTransfers(c), audit: c.audit }, text };
      }),
    );
  withCommon(report.command('day').description(t('cli.cmd.reportDay')).addOption(dateOption('--date <dd/mm/yyyy>', t('cli.opt.reportDate')))).action(
    act(async (cmd, o: Common & { date?: string }) => {
      const r = dayReport(app(cmd), o.date);
      if (o.print || o.printer) return printIt(cmd, { kind: 'figures', date: r.date, lang }, r.date, o.printer);
      return present(cmd, r, o.format);
    }),
  );
}
