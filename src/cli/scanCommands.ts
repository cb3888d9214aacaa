// `luudong scan`: paper documents through SANE into a dossier's checklist item, page by page with
// progress, the pages already scanned kept when the scanner stops.
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { findDataDir } from '../app/data.js';
import { pagesToPdf, storeScan } from '../app/attachments.js';
import { DomainError } from '../core/errors.js';
import type { MessageKey } from '../i18n/index.js';
import type { CliContext } from './context.js';
import * as out from './output.js';

export function registerScanCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, act, app } = ctx;
  program
    .command('scan')
    .description(t('cli.cmd.scan'))
    .option('--list', t('cli.opt.scanList'))
    .option('--dossier <code>', t('cli.opt.scanDossier'))
    .addOption(new Option('--item <n>', t('cli.opt.scanItem')).argParser(ctx.int))
    .option('--device <name>', t('cli.opt.scanDevice'))
    .option('--adf', t('cli.opt.adf'))
    .addOption(new Option('--pages <n>', t('cli.opt.scanPages')).argParser(ctx.int))
    .option('--photo', t('cli.opt.photo'))
    .action(
      act(async (cmd, o: { list?: boolean; dossier?: string; item?: number; device?: string; adf?: boolean; pages?: number; photo?: boolean }) => {
        // Loaded here: only this command talks to scanners.
        const sane = await import('../../drivers/docscan/sane.js');
        const json = !!(cmd.optsWithGlobals() as { json?: boolean }).json;
        const why = (e: InstanceType<typeof sane.ScanError>) => t(`scan.failure.${e.failure}` as MessageKey);
        try {
          if (o.list) {
            const list = await sane.listScanners();
            return { json: list, text: list.length ? list.map((d) => `${d.device}  ${d.vendor} ${d.model} (${d.type})`) : t('scan.failure.noDevice') };
          }
          if (!o.dossier || o.item === undefined) throw new DomainError('err.scan.what', {});
          const a = app(cmd);
          const d = a.dossiers.get(o.dossier);
          const item = o.item - 1;
          if (item < 0 || item >= d.documents.length) throw new DomainError('err.receipt.document', { value: String(o.item), max: d.documents.length });
          const device = o.device ?? (await sane.listScanners())[0]?.device;
          if (!device) throw new sane.ScanError('noDevice');
          const r = await sane.scanBatch({
            device,
            preset: o.photo ? sane.SCAN_PRESETS.photos : sane.SCAN_PRESETS.documents,
            feeder: !!o.adf,
            maxPages: o.pages ?? (o.adf ? 100 : 1),
            // Progress per page on stderr: a line for a person, a JSON line for a script (the
            // counter screen runs this command and shows these on its status line).
            onPage: (n, bytes) => out.printErr(json ? JSON.stringify({ page: n, bytes }) : t('scan.page', { n, kb: Math.ceil(bytes / 1024) })),
          });
          if (r.pages.length === 0) throw new DomainError('scan.none', { failure: r.error ? why(r.error) : '' });
          const f = storeScan(a.dossiers, ctx.dbFile(cmd), d, item, await pagesToPdf(r.pages, join(findDataDir(), 'fonts')), a.now());
          const saved = t('scan.saved', { pages: r.pages.length, code: d.code, item: o.item });
          // What was scanned is kept; the operator learns why the rest was not (exit code 1).
          if (r.error) throw new DomainError('scan.stopped', { failure: why(r.error), pages: r.pages.length });
          return { json: { dossier: d.code, item: o.item, pages: r.pages.length, file: f }, text: saved };
        } catch (e) {
          if (e instanceof sane.ScanError) throw new DomainError('scan.none', { failure: why(e) });
          throw e;
        }
      }),
    );
}
