// `luudong schedule add|list|cancel|announce`: the coming trips and what is said to the village.
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { findDataDir } from '../app/data.js';
import { daysUntil, type PlannedTrip } from '../core/schedule.js';
import { displayDate, localDate } from '../core/time.js';
import { writeFileDurably } from '../store/durable.js';
import { dateOption, type CliContext } from './context.js';

export function registerScheduleCommands(ctx: CliContext): void {
  const { program, t, lang, act, app } = ctx;
  const schedule = program.command('schedule').description(t('cli.cmd.schedule'));
  const line = (p: PlannedTrip) =>
    t('sched.line', { id: p.id, date: displayDate(p.date), start: p.start, end: p.end, place: p.place, commune: p.commune, state: p.cancelledAt ? t('sched.cancelledMark') : p.announcedAt ? t('sched.announced') : '' });

  schedule
    .command('add')
    .description(t('cli.cmd.scheduleAdd'))
    .requiredOption('--commune <name>', t('label.commune'))
    .requiredOption('--place <place>', t('label.place'))
    .addOption(dateOption('--date <dd/mm/yyyy>', t('label.date'), true))
    .option('--start <HH:MM>', t('label.start'), '07:30')
    .option('--end <HH:MM>', t('label.end'), '11:30')
    .option('--services <groups>', t('cli.opt.services'), '')
    .option('--note <text>', t('cli.opt.note'))
    .action(
      act((cmd, o: { commune: string; place: string; date: string; start: string; end: string; services: string; note?: string }) => {
        const p = app(cmd).schedule.add({ commune: o.commune, place: o.place, date: o.date, start: o.start, end: o.end, services: o.services.split(','), note: o.note ?? null });
        return { json: p, text: t('sched.added', { id: p.id, date: displayDate(p.date), start: p.start, end: p.end, place: p.place, commune: p.commune }) };
      }),
    );

  schedule
    .command('list')
    .description(t('cli.cmd.scheduleList'))
    .option('--all', t('cli.opt.all'))
    .action(
      act((cmd, o: { all?: boolean }) => {
        const a = app(cmd);
        const list = a.schedule.list(!!o.all);
        const today = localDate(a.now());
        const warn = a.schedule.unannounced().map((p) => `! ${t('sched.warn', { date: displayDate(p.date), place: p.place, days: daysUntil(today, p.date), id: p.id })}`);
        return { json: list, text: list.length ? [...list.map(line), ...(warn.length ? ['', ...warn] : [])] : t('sched.none') };
      }),
    );

  schedule
    .command('cancel <id>')
    .description(t('cli.cmd.scheduleCancel'))
    .action(
      act((cmd, id: string) => {
        const p = app(cmd).schedule.cancel(ctx.int(id));
        return { json: p, text: t('sched.cancelled', { id: p.id }) };
      }),
    );

  schedule
    .command('announce <id>')
    .description(t('cli.cmd.scheduleAnnounce'))
    .addOption(new Option('--format <format>', t('cli.opt.format')).choices(['speech', 'social', 'poster']).default('speech'))
    .option('--out <file.pdf>', t('cli.opt.out'))
    .action(
      act(async (cmd, id: string, o: { format: 'speech' | 'social' | 'poster'; out?: string }) => {
        const a = app(cmd);
        const n = ctx.int(id);
        if (o.format === 'poster') {
          const file = resolve(o.out ?? `thong-bao-chuyen-${n}.pdf`);
          writeFileDurably(file, await a.schedule.poster(n, t, lang, join(findDataDir(), 'fonts')));
          return { json: { id: n, format: o.format, file }, text: t('sched.posterSaved', { file }) };
        }
        const text = a.schedule.announce(n, o.format, t, lang);
        return { json: { id: n, format: o.format, text }, text };
      }),
    );
}
