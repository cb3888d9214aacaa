// `luudong rater add|list|remove|test`: the citizen's rating keypad, one per counter. The keypads
// are read by the counter screen, the hub and the print worker (startKeypads), where a key 1-5
// records the rating of the ticket just finished at that counter.
import { Option, type Command } from 'commander';
import type { Luudong } from '../app/luudong.js';
import { userMessage, type Translate } from '../i18n/index.js';
import type { KeypadRefusal, RaterState, RatingKeypad } from '../ports/rater.js';
import type { CliContext } from './context.js';
import * as out from './output.js';

/** What a keypad's state means for the operator, in one line, and how loud it is. */
export function describeKeypadState(t: Translate, name: string, s: RaterState, detail?: string): { text: string; level: 'info' | 'error' } {
  if (s === 'connected') return { text: t(detail === 'inhibited' ? 'rt.connectedInhibited' : 'rt.connected', { name }), level: 'info' };
  if (s === 'busy') return { text: t('rt.busy', { name }), level: 'info' };
  if (s === 'notExclusive') {
    const why = (['access', 'noLibusb', 'refused'] as KeypadRefusal[]).includes(detail as KeypadRefusal) ? (detail as KeypadRefusal) : 'refused';
    return { text: t(`rt.notExclusive.${why}`, { name }), level: 'error' };
  }
  return { text: t('rt.disconnected', { name, detail: detail ?? '' }), level: 'error' };
}

/**
 * Read every keypad set up here; keys become ratings. Every process that runs the vehicle's
 * database on the machine the keypads are plugged into starts them (the counter screen, the hub,
 * the print worker): the first to take a keypad holds it alone, the others find it busy and look
 * again now and then. Returns the stopper.
 */
export async function startKeypads(app: Luudong, t: Translate, say: (line: string, level: 'info' | 'ok' | 'error') => void, open?: (name: string, target: string) => RatingKeypad): Promise<() => Promise<void>> {
  const rows = app.raters.list().filter((r) => r.host === null);
  if (rows.length === 0) return async () => undefined;
  let make: (name: string, target: string) => RatingKeypad;
  if (open) make = open;
  else {
    const { HidKeypad } = await import('../../drivers/rater/hid.js');
    make = (name, target) => new HidKeypad(name, { target });
  }
  const pads: RatingKeypad[] = rows.map((r) => make(r.name, r.target));
  pads.forEach((pad, i) => {
    const r = rows[i]!;
    pad.start(
      (digit) => {
        try {
          app.refresh();
          const rated = app.raters.pressed(r.counter, digit);
          say(rated ? t('rt.recorded', { ticket: rated.label, digit }) : t('rt.noQuestion', { counter: r.counter, digit }), rated ? 'ok' : 'info');
        } catch (e) {
          say(userMessage(t, e), 'error');
        }
      },
      (s, detail) => {
        const d = describeKeypadState(t, r.name, s, detail);
        say(d.text, d.level);
      },
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
            (s, detail) => {
              out.printErr(describeKeypadState(t, r.name, s, detail).text);
              if (s === 'notExclusive') out.printErr(t('rt.notExclusiveWhy'));
            },
          );
        });
        await pad.stop();
        return { json: keys, text: [] };
      }),
    );
}
