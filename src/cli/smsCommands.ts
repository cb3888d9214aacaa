// `luudong modem add|list|remove|test|status` (the USB modem that sends text messages) and
// `luudong sms list|config|resend|cancel|send` (the outbox of messages to citizens). Numbers are
// shown with their middle hidden: an onlooker reads the screen too.
import { Option, type Command } from 'commander';
import type { Luudong } from '../app/luudong.js';
import { SmsSender, type SenderEvent } from '../app/sms/sender.js';
import { removeSimPin, writeSimPin } from '../app/sms/simPin.js';
import { DomainError } from '../core/errors.js';
import { maskPhone } from '../core/sms/phone.js';
import { isMessageKey, type Translate } from '../i18n/index.js';
import type { ModemInfo } from '../ports/modem.js';
import type { SmsMessage } from '../store/sms.js';
import { watchDatabase } from '../store/watch.js';
import type { CliContext } from './context.js';
import * as out from './output.js';
import { readPin } from './pin.js';

/** The modem's state in words. */
export function modemState(t: Translate, state: string): string {
  const k = `md.state.${state}`;
  return isMessageKey(k) ? t(k) : state;
}

function shownPhone(e164: string | null): string {
  return e164 ? maskPhone(e164.startsWith('+84') ? `0${e164.slice(3)}` : e164) : '—';
}

/** A message for the operator and for --json, its number partly hidden. */
export function smsOut(m: SmsMessage) {
  return { id: m.id, kind: m.kind, phone: shownPhone(m.phone), state: m.state, delivery: m.delivery, parts: m.parts, alphabet: m.alphabet, attempts: m.attempts, reason: m.reason, createdAt: new Date(m.createdAt).toISOString(), sentAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString() };
}

function smsLine(t: Translate, m: SmsMessage): string {
  const kind = `sms.kind.${m.kind}`;
  const state = `sms.state.${m.state}`;
  return t('sms.line', {
    id: m.id,
    at: new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' '),
    kind: isMessageKey(kind) ? t(kind) : m.kind,
    phone: shownPhone(m.phone),
    state: isMessageKey(state) ? t(state) : m.state,
    reason: m.reason ? ` (${m.reason})` : '',
  });
}

export function describeSmsEvent(t: Translate, e: SenderEvent): string {
  const id = e.message?.id ?? 0;
  switch (e.kind) {
    case 'sent':
      return t('sms.event.sent', { id, kind: e.message ? t(`sms.kind.${e.message.kind}` as 'sms.kind.test') : '' });
    case 'problem':
      return t('sms.event.problem', { id, reason: modemState(t, e.reason ?? 'error') });
    case 'failed':
      return t('sms.event.failed', { id, reason: e.reason ?? '' });
    case 'interrupted':
      return t('sms.event.interrupted', { id });
    case 'modem':
      return t('sms.event.modem', { state: modemState(t, e.info ? e.info.state : (e.reason ?? 'error')) });
    case 'report':
      return t('sms.event.report', { outcome: e.reason ?? '' });
    case 'standby':
      return t('sms.event.standby', {});
  }
}

/** The sender for this database, through the real serial driver (loaded on first use). */
export async function newSmsSender(app: Luudong, dbFile: string, onEvent?: (e: SenderEvent) => void): Promise<SmsSender> {
  const { SerialModem } = await import('../../drivers/modem/serial.js');
  return new SmsSender(app.sms, () => Date.now(), { open: (c) => new SerialModem(c), dbFile, ...(onEvent ? { onEvent } : {}) });
}

function infoText(t: Translate, name: string, info: ModemInfo): string {
  return t('md.info', {
    name,
    state: modemState(t, info.state),
    signal: info.signal?.dbm != null ? `${info.signal.dbm} dBm (${info.signal.bars}/3)` : '—',
    registration: info.registration,
    operator: info.operator ? `, ${info.operator}` : '',
  });
}

export function registerSmsCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, act, app } = ctx;
  const modem = program.command('modem').description(t('cli.cmd.modem'));

  modem
    .command('add <name>')
    .description(t('cli.cmd.modemAdd'))
    .requiredOption('--port <path>', t('cli.opt.modemPort'))
    .addOption(new Option('--baud <n>', t('cli.opt.baud')).argParser(ctx.int).default(115200))
    .option('--sim-pin', t('cli.opt.simPin'))
    .action(
      act((cmd, name: string, o: { port: string; baud: number; simPin?: boolean }) => {
        const a = app(cmd);
        let pin: string | null = null;
        if (o.simPin) {
          pin = readPin(`${t('cli.opt.simPin')}: `, 'LUUDONG_SIM_PIN');
          if (pin === null) throw new DomainError('err.modem.noPin', {});
        }
        const m = a.sms.addModem({ name, port: o.port.trim(), baudRate: o.baud, simPin: pin !== null });
        if (pin !== null) writeSimPin(ctx.dbFile(cmd), m.name, pin);
        else removeSimPin(ctx.dbFile(cmd), m.name);
        return { json: m, text: t('md.added', { name: m.name, port: m.port }) };
      }),
    );

  modem
    .command('list')
    .description(t('cli.cmd.modemList'))
    .action(
      act(async (cmd) => {
        const configured = app(cmd).sms.modems();
        let found: { path: string; manufacturer?: string | undefined; serialNumber?: string | undefined }[] = [];
        try {
          const { SerialPort } = await import('serialport');
          found = (await SerialPort.list()).map((p) => ({ path: p.path, manufacturer: p.manufacturer, serialNumber: p.serialNumber }));
        } catch {
          found = []; // udevadm missing: doctor says so
        }
        const text = [
          ...(configured.length ? configured.map((m) => t('md.line', { name: m.name, port: m.port, baud: m.baudRate, pin: m.simPin ? t('md.withPin') : '' })) : [t('md.none')]),
          '',
          ...(found.length ? [t('md.found'), ...found.map((p) => `  ${p.path}  ${p.manufacturer ?? ''}`)] : [t('md.foundNone')]),
        ];
        return { json: { configured, found }, text };
      }),
    );

  modem
    .command('remove <name>')
    .description(t('cli.cmd.modemRemove'))
    .action(
      act((cmd, name: string) => {
        app(cmd).sms.removeModem(name);
        removeSimPin(ctx.dbFile(cmd), name);
        return { json: { removed: name }, text: t('md.removed', { name }) };
      }),
    );

  modem
    .command('status')
    .description(t('cli.cmd.modemStatus'))
    .action(
      act((cmd) => {
        const a = app(cmd);
        const counts = a.sms.counts();
        const problems = a.sms.problems(1000).length;
        const left = a.sms.capLeft();
        const queue = t('md.queue', { queued: counts.queued ?? 0, sent: counts.sent ?? 0, problems, left });
        const m = a.sms.modems()[0];
        if (!m) return { json: { modem: null, counts, problems, capLeft: left }, text: [t('md.none'), queue] };
        const s = a.sms.repo.status(m.name);
        const line = s
          ? `${t('md.info', { name: m.name, state: modemState(t, s.state), signal: s.signalDbm !== null ? `${s.signalDbm} dBm (${s.bars}/3)` : '—', registration: s.registration ?? '—', operator: s.operator ? `, ${s.operator}` : '' })}; ${t('md.seen', { at: new Date(s.at).toISOString().slice(0, 16).replace('T', ' ') })}`
          : t('md.noStatus', { name: m.name });
        return { json: { modem: m, status: s ?? null, counts, problems, capLeft: left }, text: [line, queue] };
      }),
    );

  modem
    .command('test [name]')
    .description(t('cli.cmd.modemTest'))
    .option('--to <phone>', t('cli.opt.smsTo'))
    .action(
      act(async (cmd, name: string | undefined, o: { to?: string }) => {
        const a = app(cmd);
        const file = ctx.dbFile(cmd);
        const row = a.sms.modem(name);
        // First the modem itself: the SIM, the signal, the network (recorded for `modem status`).
        const { SerialModem } = await import('../../drivers/modem/serial.js');
        const { readSimPin } = await import('../app/sms/simPin.js');
        const direct = new SerialModem({ name: row.name, port: row.port, baudRate: row.baudRate, pin: row.simPin ? readSimPin(file, row.name) : null });
        let info: ModemInfo | null = null;
        try {
          info = await direct.open();
          a.sms.recordStatus(row.name, info);
        } catch (e) {
          const failure = (e as { failure?: string }).failure ?? 'error';
          a.sms.recordStatus(row.name, null, failure, (e as Error).message);
        } finally {
          await direct.close();
        }
        const status = a.sms.repo.status(row.name);
        const lines = [info ? infoText(t, row.name, info) : t('err.modem.failed', { state: modemState(t, status?.state ?? 'error'), detail: status?.detail ?? '' })];
        let msg: SmsMessage | null = null;
        if (info && o.to) {
          // A test message goes through the outbox like any other.
          const events: SenderEvent[] = [];
          const queued = a.sms.queueTest(o.to);
          const sender = await newSmsSender(a, file, (e) => events.push(e));
          sender.start();
          await new Promise((r) => setTimeout(r, 0));
          await sender.idle();
          await sender.stop();
          msg = a.sms.get(queued.id);
          lines.push(t('md.testQueued', { id: queued.id, phone: shownPhone(queued.phone) }), ...events.filter((e) => e.kind !== 'modem').map((e) => describeSmsEvent(t, e)));
        }
        const ok = info !== null && (!o.to || msg?.state === 'sent');
        return { json: { modem: row, status: status ?? null, message: msg ? smsOut(msg) : null }, text: lines, failed: !ok };
      }),
    );

  const sms = program.command('sms').description(t('cli.cmd.sms'));

  sms
    .command('list')
    .description(t('cli.cmd.smsList'))
    .option('--problems', t('cli.opt.problems'))
    .addOption(new Option('--limit <n>', t('cli.opt.limit')).argParser(ctx.int).default(20))
    .action(
      act((cmd, o: { problems?: boolean; limit: number }) => {
        const a = app(cmd);
        const rows = o.problems ? a.sms.problems(o.limit) : a.sms.list(o.limit);
        return { json: rows.map(smsOut), text: rows.length ? rows.map((m) => smsLine(t, m)) : t('sms.none') };
      }),
    );

  sms
    .command('config')
    .description(t('cli.cmd.smsConfig'))
    .addOption(new Option('--alphabet <a>', t('cli.opt.alphabet')).choices(['ucs2', 'gsm7']))
    .addOption(new Option('--turn-near <n>', t('cli.opt.turnNear')).argParser(ctx.int))
    .addOption(new Option('--daily-cap <n>', t('cli.opt.dailyCap')).argParser(ctx.int))
    .addOption(new Option('--reminder-days <n>', t('cli.opt.reminderDays')).argParser(ctx.int))
    .option('--reminder-from <hh:mm>', t('cli.opt.reminderFrom'))
    .action(
      act((cmd, o: { alphabet?: 'ucs2' | 'gsm7'; turnNear?: number; dailyCap?: number; reminderDays?: number; reminderFrom?: string }) => {
        const a = app(cmd);
        const changes = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
        const p = Object.keys(changes).length ? a.sms.configure(changes) : a.sms.policy();
        const json = { alphabet: p.alphabet, turnNear: p.turnNearAhead, dailyCap: p.dailyCap, reminderDays: p.reminderDaysBefore, reminderFrom: p.reminderFrom };
        return { json, text: t('sms.config', json) };
      }),
    );

  sms
    .command('resend <id>')
    .description(t('cli.cmd.smsResend'))
    .action(
      act((cmd, id: string) => {
        const m = app(cmd).sms.resend(ctx.int(id));
        return { json: smsOut(m), text: t('sms.resent', { id: m.id }) };
      }),
    );

  sms
    .command('cancel <id>')
    .description(t('cli.cmd.smsCancel'))
    .action(
      act((cmd, id: string) => {
        const m = app(cmd).sms.cancel(ctx.int(id));
        return { json: smsOut(m), text: t('sms.cancelled', { id: m.id }) };
      }),
    );

  sms
    .command('send')
    .description(t('cli.cmd.smsSend'))
    .option('--once', t('cli.opt.once'))
    .action(async (o: { once?: boolean }, cmd: Command) => {
      const a = app(cmd);
      const file = ctx.dbFile(cmd);
      const sender = await newSmsSender(a, file, (e) => out.print(`${new Date().toISOString()} ${describeSmsEvent(t, e)}`));
      sender.start();
      if (o.once) {
        await new Promise((r) => setTimeout(r, 0));
        await sender.idle();
        await sender.stop();
        return;
      }
      const unwatch = watchDatabase(file, () => {
        a.refresh();
        sender.wake();
      });
      const keepAlive = setInterval(() => undefined, 2 ** 30);
      out.print(t('sms.senderStarted', { file }));
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      clearInterval(keepAlive);
      unwatch();
      await sender.stop();
    });
}
