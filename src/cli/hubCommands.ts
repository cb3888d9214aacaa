// `luudong hub …`: serve this laptop's database to the vehicle's workstations (the hub), open a
// pairing window, pair this laptop with a hub, list the paired workstations, show the link.
import { Command, Option } from 'commander';
import { dirname } from 'node:path';
import { DomainError } from '../core/errors.js';
import { displayDate, hhmm, localDate } from '../core/time.js';
import type { Translate } from '../i18n/index.js';
import type { Lang } from '../core/lang.js';
import type { Luudong } from '../app/luudong.js';
import { resolveDbPath } from '../store/db.js';
import type { Act } from './context.js';
import { readPin } from './pin.js';
import { HubDesk } from '../app/hub.js';

export interface HubCliContext {
  program: Command;
  t: Translate;
  lang: Lang;
  act: Act;
  app: (cmd: Command) => Luudong;
}

interface HubGlobals {
  db?: string;
  demo?: boolean;
  json?: boolean;
}

/** The folder of a workstation's own files (hub.json, seen.db, its replica): the database's folder. */
export function stationDir(g: { db?: string; demo?: boolean }): string {
  return dirname(resolveDbPath(g));
}

export function registerHubCommands({ program, t, lang, act, app }: HubCliContext): { serve: () => number | undefined } {
  let serveExit: number | undefined;
  const hub = program.command('hub').description(t('cli.cmd.hub'));

  hub
    .command('serve', { isDefault: true })
    .description(t('cli.cmd.hubServe'))
    .addOption(new Option('--listen <address>', t('cli.opt.hubListen')).default('0.0.0.0:7420'))
    .action(async (o: { listen: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as HubGlobals;
      const { serveHub } = await import('../hub/serve.js');
      // The modem and the rating keypads plugged into the hub's laptop are the hub's too.
      const beside = async (a: Luudong, file: string) => {
        const { startCitizenDevices } = await import('./citizenDevices.js');
        return startCitizenDevices(a, file, t, { watch: true, say: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) });
      };
      serveExit = await serveHub({ file: resolveDbPath(g), demo: !!g.demo, listen: o.listen, lang, t, json: !!g.json, beside });
    });

  hub
    .command('pair')
    .description(t('cli.cmd.hubPair'))
    .addOption(new Option('--minutes <n>', t('cli.opt.hubMinutes')).default('5'))
    .action(
      act((cmd, o: { minutes: string }) => {
        const a = app(cmd);
        a.operators.authorize(a.session, 'operator.manage');
        const minutes = Number(o.minutes);
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 30) throw new DomainError('err.badNumber', { value: o.minutes });
        const w = new HubDesk(a.db, a.now).openPairing(a.session?.name ?? null, minutes);
        return { json: { code: w.code, expiresAt: w.expiresAt, tries: w.triesLeft }, text: t('hub.pairCode', { code: `${w.code.slice(0, 3)} ${w.code.slice(3)}`, time: hhmm(w.expiresAt), tries: w.triesLeft }) };
      }),
    );

  hub
    .command('join <address>')
    .description(t('cli.cmd.hubJoin'))
    .action(
      act(async (cmd, address: string) => {
        const g = cmd.optsWithGlobals() as HubGlobals;
        const { parseAddress, writeStation } = await import('../hub/station.js');
        const { joinHub } = await import('../hub/join.js');
        const addr = parseAddress(address);
        const code = readPin(t('hub.pairPrompt'), 'LUUDONG_PAIR_CODE');
        if (code === null) throw new DomainError('err.hub.pairCode', {});
        const cfg = await joinHub(addr, code.replace(/\s+/g, ''));
        writeStation(stationDir(g), cfg);
        return { json: { workstation: cfg.id, hub: cfg.hub, station: cfg.station, epoch: cfg.epoch }, text: t('hub.joined', { id: cfg.id, hub: cfg.hub }) };
      }),
    );

  hub
    .command('workstations')
    .description(t('cli.cmd.hubWorkstations'))
    .option('--revoke <id>', t('cli.opt.hubRevoke'))
    .action(
      act((cmd, o: { revoke?: string }) => {
        const a = app(cmd);
        const desk = new HubDesk(a.db, a.now);
        if (o.revoke) {
          a.operators.authorize(a.session, 'operator.manage');
          desk.revoke(o.revoke, a.session?.name ?? null);
        }
        const list = desk.workstations().map((w) => ({ id: w.id, name: w.name, pairedAt: w.pairedAt, standby: w.standby, revokedAt: w.revokedAt }));
        const text = list.length
          ? list.map((w) => t('hub.wsLine', { id: w.id, name: w.name, paired: `${displayDate(localDate(w.pairedAt))} ${hhmm(w.pairedAt)}`, standby: w.standby ?? '–', state: w.revokedAt ? t('hub.revoked') : t('hub.active') }))
          : [t('hub.noWorkstations')];
        return { json: { workstations: list }, text };
      }),
    );

  hub
    .command('standby')
    .description(t('cli.cmd.hubStandby'))
    .addOption(new Option('--listen <address>', t('cli.opt.standbyListen')).default('0.0.0.0:7421'))
    .action(async (o: { listen: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as HubGlobals;
      const { runStandby } = await import('../hub/standby.js');
      serveExit = await runStandby({ dir: stationDir(g), listen: o.listen, lang, t, json: !!g.json });
    });

  hub
    .command('promote')
    .description(t('cli.cmd.hubPromote'))
    .addOption(new Option('--listen <address>', t('cli.opt.hubListen')).default('0.0.0.0:7420'))
    .option('--force', t('cli.opt.force'))
    .action(async (o: { listen: string; force?: boolean }, cmd: Command) => {
      const g = cmd.optsWithGlobals() as HubGlobals;
      const { promote } = await import('../hub/promote.js');
      serveExit = await promote({ dir: stationDir(g), file: resolveDbPath(g), listen: o.listen, lang, t, json: !!g.json, force: !!o.force });
    });

  hub
    .command('status')
    .description(t('cli.cmd.hubStatus'))
    .action(
      act(async (cmd) => {
        const g = cmd.optsWithGlobals() as HubGlobals & { hub?: string | boolean };
        const { hubStatus } = await import('../hub/status.js');
        return hubStatus(stationDir(g), typeof g.hub === 'string' ? g.hub : undefined, t, lang);
      }),
    );

  return { serve: () => serveExit };
}

