// CLI commands of the one-stop forms: `forms slip|supplement|refusal|control|register|handover`
// (to a file as the A4 PDF, on a printer, or as the thermal text to look at) and `register show`
// (the register's entries of a trip or a day as text, JSON or CSV).
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { findDataDir } from '../app/data.js';
import { registerFormOf, registerRows } from '../app/forms/index.js';
import { formsOf } from '../app/print/jobDocument.js';
import type { JobSpec } from '../app/print/spool.js';
import type { Luudong } from '../app/luudong.js';
import { DomainError } from '../core/errors.js';
import { formBlocks, type FormDoc } from '../core/print/form.js';
import { documentText, PAPER_COLUMNS } from '../core/print/layout.js';
import { toCsv } from '../core/report.js';
import { isIsoDate, localDate } from '../core/time.js';
import { writeFileDurably } from '../store/durable.js';
import { dateOption, type CliContext } from './context.js';
import { printNow, report } from './printCommands.js';

type Which = 'slip' | 'supplement' | 'refusal' | 'control' | 'register' | 'handover';
const THERMAL: readonly Which[] = ['slip', 'supplement', 'refusal'];

interface FormOpts {
  out?: string;
  paper?: '58' | '80';
  printer?: string;
  copy?: '1' | '2';
  trip?: number;
  date?: string;
}

export function registerFormsCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, lang, act, app, int } = ctx;

  /** The job spec of a form: by dossier code, refusal id, trip or date. */
  const specOf = (a: Luudong, which: Which, ref: string | undefined, o: FormOpts, a4: boolean): JobSpec => {
    const tripId = () => {
      const id = o.trip ?? (ref !== undefined ? int(ref) : (a.currentTrip() ?? a.lastTrip())?.id);
      if (id === undefined) throw new DomainError('err.noOpenTrip');
      return id;
    };
    const code = () => {
      if (!ref) throw new DomainError('err.dossier.badCode', { code: '' });
      return a.dossiers.get(ref).code;
    };
    switch (which) {
      case 'slip':
        return { kind: a4 ? 'slip_a4' : 'slip', code: code(), lang };
      case 'supplement':
        return { kind: a4 ? 'supplement_a4' : 'supplement', code: code(), lang };
      case 'refusal':
        return { kind: a4 ? 'refusal_a4' : 'refusal', id: int(ref ?? ''), lang };
      case 'control':
        return { kind: 'control_a4', code: code(), lang };
      case 'register':
        if (o.date !== undefined) {
          if (!isIsoDate(o.date)) throw new DomainError('err.tripDate', { value: o.date });
          return { kind: 'register_a4', date: o.date, lang };
        }
        return { kind: 'register_a4', tripId: tripId(), lang };
      case 'handover':
        return { kind: 'handover_a4', tripId: tripId(), lang };
    }
  };

  const forms = program.command('forms').description(t('cli.cmd.forms'));
  forms
    .command('list')
    .description(t('cli.cmd.forms.list'))
    .action(
      act((cmd) => {
        const list = app(cmd).data.forms;
        return { json: list, text: list.map((f) => `${f.id.padEnd(11)} ${f.title}${f.number ? ` – ${f.number} ${f.circular}` : ''} [${f.paper.join(', ')}]${f.verified ? '' : `  (${t('proc.unverified')})`}`) };
      }),
    );
  const which: Which[] = ['slip', 'supplement', 'refusal', 'control', 'register', 'handover'];
  for (const w of which) {
    const arg = w === 'refusal' ? '<id>' : w === 'register' || w === 'handover' ? '[trip]' : '<code>';
    forms
      .command(`${w} ${arg}`)
      .description(t(`cli.cmd.forms.${w}`))
      .option('--out <file.pdf>', t('cli.opt.formOut'))
      .addOption(new Option('--paper <mm>', t('cli.opt.formPaper')).choices(['58', '80']))
      .option('--printer <name>', t('cli.opt.printer'))
      .addOption(new Option('--copy <n>', t('cli.opt.formCopy')).choices(['1', '2']))
      .addOption(new Option('--trip <id>', t('label.trip')).argParser(int))
      .addOption(dateOption('--date <dd/mm/yyyy>', t('label.date')))
      .action(
        act(async (cmd, ref: string | undefined, o: FormOpts) => {
          const a = app(cmd);
          if (o.paper) {
            // The thermal layout as text, as the printer would lay it out on that paper.
            if (!THERMAL.includes(w)) throw new DomainError('err.forms.noThermal', { form: w });
            const spec = specOf(a, w, ref, o, false);
            const docs = formsOf(a, spec);
            const form = docs[w === 'slip' ? Number(o.copy ?? 2) - 1 : 0] as FormDoc;
            const lines = documentText(formBlocks(form, 'form', w), PAPER_COLUMNS[o.paper]);
            return { json: { form: w, ref: form.code, paper: o.paper, lines }, text: lines };
          }
          const spec = specOf(a, w, ref, o, true);
          if (o.out) {
            let docs = formsOf(a, spec);
            if (w === 'slip' && o.copy) docs = [docs[Number(o.copy) - 1] as FormDoc];
            const { renderFormsPdf } = await import('../app/print/formPdf.js');
            const pdf = await renderFormsPdf(docs, join(findDataDir(), 'fonts'), { createdAt: new Date(a.now()) });
            writeFileDurably(o.out, pdf);
            return { json: { form: w, file: o.out, bytes: pdf.length, forms: docs.length }, text: t('ok.formWritten', { file: o.out, bytes: pdf.length }) };
          }
          // On the printer named, else on every A4 printer.
          const ref2 = 'code' in spec ? spec.code : 'id' in spec ? `refusal-${spec.id}` : 'date' in spec ? spec.date : 'tripId' in spec ? String(spec.tripId) : null;
          return report(t, await printNow(a, ctx.dbFile(cmd), a.printing.print(spec, ref2, o.printer)));
        }),
      );
  }

  const register = program.command('register').description(t('cli.cmd.register'));
  register
    .command('show [trip]')
    .description(t('cli.cmd.registerShow'))
    .addOption(dateOption('--date <dd/mm/yyyy>', t('label.date')))
    .option('--csv <file>', t('cli.opt.registerCsv'))
    .action(
      act((cmd, trip: string | undefined, o: { date?: string; csv?: string }) => {
        const a = app(cmd);
        let scope: { tripId: number } | { date: string };
        if (o.date !== undefined) {
          if (!isIsoDate(o.date)) throw new DomainError('err.tripDate', { value: o.date });
          scope = { date: o.date };
        } else {
          const id = trip !== undefined ? int(trip) : (a.currentTrip() ?? a.lastTrip())?.id;
          scope = id !== undefined ? { tripId: id } : { date: localDate(a.now()) };
        }
        const form = registerFormOf(a, scope);
        const { header, rows } = registerRows(form);
        if (o.csv) writeFileDurably(o.csv, Buffer.from(toCsv([header, ...rows])));
        const text = [form.title, ...form.subtitle, ...rows.map((r) => r.filter(Boolean).join(' | ')), t('form.register.total', { n: rows.length })];
        if (o.csv) text.push(t('ok.formWritten', { file: o.csv, bytes: Buffer.byteLength(toCsv([header, ...rows])) }));
        return { json: { scope, title: form.title, subtitle: form.subtitle, header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) }, text };
      }),
    );
}
