// `luudong operator add|list|pin|disable` and `luudong audit verify|list`.
import { Option } from 'commander';
import { DomainError } from '../core/errors.js';
import { recentAudit, verifyAudit } from '../store/audit.js';
import type { CliContext } from './context.js';
import { readPin } from './pin.js';

export function registerOperatorCommands(ctx: CliContext): void {
  const { program, t, act, app } = ctx;
  const operator = program.command('operator').description(t('cli.cmd.operator'));

  /** A new PIN: LUUDONG_NEW_PIN, or typed twice at the terminal. */
  const newPin = (name: string): string => {
    const fromEnv = process.env.LUUDONG_NEW_PIN;
    if (fromEnv !== undefined) return fromEnv.trim();
    const a = readPin(t('auth.newPinPrompt', { name }), null);
    if (a === null) throw new DomainError('err.auth.noPin', {});
    if (readPin(t('auth.newPinAgain'), null) !== a) throw new DomainError('err.auth.pinMismatch', {});
    return a;
  };

  operator
    .command('add <name>')
    .description(t('cli.cmd.operatorAdd'))
    .addOption(new Option('--role <role>', t('cli.opt.operatorRole')).choices(['operator', 'supervisor', 'admin']).default('operator'))
    .action(
      act((cmd, name: string, o: { role: string }) => {
        const a = app(cmd);
        const op = a.operators.add(name, o.role, newPin(name), a.session);
        return { json: op, text: t('auth.added', { name: op.name, role: t(`auth.role.${op.role}`) }) };
      }),
    );

  operator
    .command('list')
    .description(t('cli.cmd.operatorList'))
    .action(
      act((cmd) => {
        const list = app(cmd).operators.list();
        return { json: list, text: list.length ? list.map((o) => `${o.name.padEnd(24)} ${t(`auth.role.${o.role}`).padEnd(12)}${o.disabledAt ? ` ${t('auth.disabledMark')}` : ''}`) : t('auth.none') };
      }),
    );

  operator
    .command('pin <name>')
    .description(t('cli.cmd.operatorPin'))
    .action(
      act((cmd, name: string) => {
        const a = app(cmd);
        a.operators.setPin(name, newPin(name), a.session);
        return { json: { name }, text: t('auth.pinChanged', { name }) };
      }),
    );

  operator
    .command('disable <name>')
    .description(t('cli.cmd.operatorDisable'))
    .action(
      act((cmd, name: string) => {
        const a = app(cmd);
        a.operators.disable(name, a.session);
        return { json: { name }, text: t('auth.disabled', { name }) };
      }),
    );

  const audit = program.command('audit').description(t('cli.cmd.audit'));
  audit
    .command('verify')
    .description(t('cli.cmd.auditVerify'))
    .action(
      act((cmd) => {
        const r = verifyAudit(app(cmd).db);
        return {
          json: r,
          text: r.broken ? t('audit.broken', { id: r.broken.id, reason: t(`audit.reason.${r.broken.reason}`), n: r.entries }) : t('audit.ok', { n: r.entries }),
          failed: r.broken !== null,
        };
      }),
    );
  audit
    .command('list')
    .description(t('cli.cmd.auditList'))
    .addOption(new Option('--limit <n>', t('cli.opt.limit')).argParser(ctx.int).default(30))
    .action(
      act((cmd, o: { limit: number }) => {
        const rows = recentAudit(app(cmd).db, o.limit);
        return { json: rows.map((r) => ({ ...r, hash: r.hash.toString('hex') })), text: rows.map((r) => `${String(r.id).padStart(6)} ${new Date(r.at).toISOString().slice(0, 19).replace('T', ' ')} ${(r.operator ?? '–').padEnd(16)} ${r.kind}`) };
      }),
    );
}
