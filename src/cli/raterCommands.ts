// `luudong rater add|list|remove|test`: the citizen's rating keypad, one per counter. The keypads
// are read by the print worker (startKeypads), where a key 1-5 records the rating of the ticket just
// finished at that counter.
import { Option, type Command } from 'commander';
import type { Luudong } from '../app/luudong.js';
import type { Translate } from '../i18n/index.js';
import type { RatingKeypad } from '../ports/rater.js';
import type { CliContext } from './context.js';
import * as out from './output.js';

/** Read every keypad set up here; keys become ratings. Returns the stopper. */
export async function startKeypads(app: Luudong, t: Translate, say: (line: string) => void): Promise<() => Promise<void>> {
  const rows = app.raters.list();
  if (rows.length === 0) return async () => undefined;
  const { HidKeypad } = await import('../../drivers/rater/hid.js');
  const pads: RatingKeypad[] = rows.map((r) => new HidKeypad(r.name, { target: r.target }));
  pads.forEach((pad, i) => {
    const r = rows[i]!;
    pad.start(
      (digit) => {
        try {
          app.refresh();
          const rated = app.raters.pressed(r.counter, digit);
          say(rated ? t('rt.recorded', { ticket: rated.label, digit }) : t('rt.noQuestion', { counter: r.counter, digit }));
        } catch (e) {
          say(String((e as Error).message ?? e));
        }
      },
      (s, detail) => say(s === 'connected' ? t('rt.connected', { name: r.name }) : t('rt.disconnected', { name: r.name, detail: detail ?? '' })),
    );
  });
  return async () => {
    for (const p of pads) await p.stop();
  };
}

export function registerRaterCommands(ctx: CliContext): void {
  const { program, t, act, app } = ctx;
  const rater = program.command('rater').description(t('cli.cmd.rater'));

  rater
    .command('add <name>')
    .description(t('cli.cmd.raterAdd'))
    .requiredOption('--target <device>', t('cli.opt.raterTarget'))
    .addOption(new Option('--counter <n>', t('cli.opt.raterCounter')).argParser(ctx.int).makeOptionMandatory())
    .addOption(new Option('--timeout <s>', t('cli.opt.raterTimeout')).argParser(ctx.int).default(30))
    .action(
      act((cmd, name: string, o: { target: string; counter: number; timeout: number }) => {
        const r = app(cmd).raters.add({ name, target: o.target, counter: o.counter, timeoutS: o.timeout });
        return { json: r, text: t('rt.added', { name: r.name, target: r.target, counter: r.counter }) };
      }),
    );

  rater
    .command('list')
    .description(t('cli.cmd.raterList'))
    .action(
      act((cmd) => {
        const rows = app(cmd).raters.list();
        return { json: rows, text: rows.length ? rows.map((r) => t('rt.line', { name: r.name, counter: r.counter, target: r.target, timeout: r.timeoutS })) : t('rt.none') };
      }),
    );

  rater
    .command('remove <name>')
    .description(t('cli.cmd.raterRemove'))
    .action(
      act((cmd, name: string) => {
        app(cmd).raters.remove(name);
        return { json: { removed: name }, text: t('rt.removed', { name }) };
      }),
    );

  rater
    .command('test <name>')
    .description(t('cli.cmd.raterTest'))
    .addOption(new Option('--count <n>', t('cli.opt.count')).argParser(ctx.int))
    .addOption(new Option('--seconds <n>', t('cli.opt.seconds')).argParser(ctx.int))
    .action(
      act(async (cmd: Command, name: string, o: { count?: number; seconds?: number }) => {
        const r = app(cmd).raters.list().find((x) => x.name === name);
        if (!r) throw new (await import('../core/errors.js')).DomainError('err.rater.notFound', { name });
        const json = !!(cmd.optsWithGlobals() as { json?: boolean }).json;
        const { HidKeypad } = await import('../../drivers/rater/hid.js');
        const pad = new HidKeypad(r.name, { target: r.target });
        const keys: number[] = [];
        out.printErr(t('rt.testHint'));
        await new Promise<void>((resolve) => {
          const timer = o.seconds ? setTimeout(resolve, o.seconds * 1000) : undefined;
          process.once('SIGINT', () => resolve());
          pad.start(
            (digit) => {
              keys.push(digit);
              if (!json) out.print(t('rt.pressed', { digit }));
              if (o.count !== undefined && keys.length >= o.count) {
                clearTimeout(timer);
                resolve();
              }
            },
            (s, detail) => out.printErr(s === 'connected' ? t('rt.connected', { name: r.name }) : t('rt.disconnected', { name: r.name, detail: detail ?? '' })),
          );
        });
        await pad.stop();
        return { json: keys, text: [] };
      }),
    );
}
