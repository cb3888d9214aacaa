// `luudong operator add|list|pin|disable` and `luudong audit verify|list`.
import { displayDateTime } from '../core/time.js';
import { Option, type Command } from 'commander';
import { checkPin } from '../core/auth.js';
import { DomainError } from '../core/errors.js';
import type { LogReport } from '../app/audit.js';
import { recentAudit } from '../store/audit.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { ProgressBar } from './progress.js';
import type { CliContext } from './context.js';
import { readPin } from './pin.js';

export function registerOperatorCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, act, app } = ctx;
  const operator = program.command('operator').description(t('cli.cmd.operator'));

  /** A new PIN: LUUDONG_NEW_PIN, or typed twice at the terminal. */
  const newPin = (name: string): string => {
    const fromEnv = process.env.LUUDONG_NEW_PIN;
    if (fromEnv !== undefined) return fromEnv.trim();
    const a = readPin(t('auth.newPinPrompt', { name }), null);
    if (a === null) throw new DomainError('err.auth.noPin', {});
    checkPin(a); // a weak or malformed PIN is refused at once, not after typing it twice
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
    .option('--anchor <bundle|backup|N:MAC...>', t('cli.opt.anchor'))
    .action(
      act(async (cmd, o: { anchor?: string[] }) => {
        const a = app(cmd);
        const { readAnchor, verifyLog } = await import('../app/audit.js');
        const anchors = (o.anchor ?? []).map((x) => readAnchor(a, x));
        const bar = new ProgressBar();
        let r: LogReport;
        try {
          r = verifyLog(a, ctx.dbFile(cmd), anchors, (done, total) => bar.update(t('audit.progress'), done, total));
        } finally {
          bar.clear();
        }
        return { json: auditJson(r), text: auditText(t, r), failed: !r.ok };
      }),
    );
  audit
    .command('list')
    .description(t('cli.cmd.auditList'))
    .addOption(new Option('--limit <n>', t('cli.opt.limit')).argParser(ctx.int).default(30))
    .action(
      act((cmd, o: { limit: number }) => {
        const rows = recentAudit(app(cmd).db, o.limit);
        return {
          json: rows.map((r) => ({ ...r, at: r.at === null ? null : new Date(r.at).toISOString() })),
          text: rows.map((r) => `${String(r.seq).padStart(7)} ${r.at === null ? '–'.padEnd(19) : displayDateTime(r.at)} ${(r.operator ?? '–').padEnd(16)} ${r.kind}`),
        };
      }),
    );
}

function auditJson(r: LogReport) {
  return {
    ok: r.ok,
    entries: r.entries,
    head: r.head,
    problems: r.problems,
    problemCount: r.problemCount,
    anchors: r.anchors.map((x) => ({ kind: x.kind, from: x.from, entry: x.entries, mac: x.mac, result: x.result })),
    firstLog: r.firstLog,
    ms: r.ms,
  };
}

function auditText(t: Translate, r: LogReport): string[] {
  const lines = r.problems.map((p) =>
    t(`audit.p.${p.kind}` as MessageKey, { what: p.what, entry: p.entry ?? '?', field: p.field ? t(`audit.field.${p.field}` as MessageKey) : '' }),
  );
  if (r.problemCount > r.problems.length) lines.push(t('audit.more', { n: r.problemCount - r.problems.length }));
  for (const a of r.anchors) lines.push(t(`audit.anchor.${a.result}` as MessageKey, { from: a.from, entry: a.entries, kind: t(`audit.anchorKind.${a.kind}` as MessageKey) }));
  const seconds = (r.ms / 1000).toFixed(1);
  lines.push(r.ok ? t('audit.ok', { n: r.entries, head: r.head ? `${r.head.entries}:${r.head.mac}` : '–', s: seconds }) : t('audit.bad', { n: r.problemCount + r.anchors.filter((a) => a.result !== 'ok').length, entries: r.entries }));
  return lines;
}
