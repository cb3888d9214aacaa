// `luudong backup`, `restore` and `purge`: a checked copy of the database and its attached files to
// keep elsewhere, putting one back, and removing personal data kept past its retention period.
// A backup reads the database as one more process while the others keep working; a restore needs
// every other process to have closed it (src/store/lock.ts). Once operators are set up, both are a
// supervisor's act: a backup holds every citizen's data, a restore rolls the records back. The
// supervisor logs in to the database in place, or (when it cannot be read) to the backup's.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import type { BackupProgress, RestorePlan } from '../app/backup.js';
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import { displayDate, localDate } from '../core/time.js';
import type { Translate } from '../i18n/index.js';
import { resolveDbPath, openDatabase } from '../store/db.js';
import type { CliContext } from './context.js';
import { existsSync } from 'node:fs';
import { loadDomainData } from '../app/data.js';
import { Luudong } from '../app/luudong.js';
import { readPin } from './pin.js';
import * as out from './output.js';

/** Informative lines on stderr (stdout carries the result, or the JSON), escaped like all output. */
const note = out.note;

const number = (lang: Lang, n: number) => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });

/** The backup's progress on stderr: a bar redrawn in place on a terminal, nothing elsewhere. */
function progressBar(t: Translate) {
  const tty = !!process.stderr.isTTY;
  let shown = -1;
  const WIDTH = 30;
  return {
    step(p: BackupProgress): void {
      if (!tty || p.total === 0) return;
      const percent = Math.floor((100 * p.done) / p.total);
      if (percent === shown) return;
      shown = percent;
      const fill = Math.round((WIDTH * p.done) / p.total);
      // ASCII: the Linux text console's font may lack block characters.
      out.drawErr('\r', t('backup.progress', { bar: '#'.repeat(fill) + '.'.repeat(WIDTH - fill), percent, done: p.done, total: p.total }));
    },
    /** Take the bar off the line before anything else is written there. */
    clear(): void {
      if (shown >= 0) writeSync(2, '\r\x1b[K');
    },
  };
}

/** Ask on the terminal; yes is c/có (Vietnamese) or y/yes, anything else is no. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(out.safeText(question))).trim().normalize('NFC').toLowerCase();
    return ['c', 'có', 'co', 'y', 'yes'].includes(answer);
  } finally {
    rl.close();
  }
}

function planLines(t: Translate, p: RestorePlan): string[] {
  const lines = [
    t('restore.plan.backup', { file: p.backup, dossiers: p.dossiers, schema: p.schema, files: p.files.length, checksum: t(p.checksum ? 'restore.checksumOk' : 'restore.checksumNone') }),
    p.current
      ? t('restore.plan.replace', { file: p.dbFile, dossiers: p.current.dossiers ?? t('restore.unreadable'), keep: p.current.keepAs })
      : t('restore.plan.new', { file: p.dbFile }),
  ];
  if (p.missing.length) lines.push(t('restore.filesMissing', { n: p.missing.length, list: p.missing.join(', ') }));
  return lines;
}

export function registerBackupCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, lang, act, app } = ctx;
  const globals = (cmd: Command) => cmd.optsWithGlobals() as { db?: string; demo?: boolean; operator?: string };

  program
    .command('backup')
    .description(t('cli.cmd.backup'))
    .requiredOption('--to <dir>', t('cli.opt.backupTo'))
    .option('--local', t('cli.opt.backupLocal'))
    .action(
      act(async (cmd, o: { to: string; local?: boolean }) => {
        const file = resolveDbPath(globals(cmd));
        let by: string | null = null;
        if (hasOperators(file)) {
          const a = app(cmd);
          a.guard('backup');
          by = a.session?.name ?? null;
        }
        const bar = progressBar(t);
        const { backupDatabase } = await import('../app/backup.js');
        const r = await backupDatabase(file, o.to, { onProgress: (p) => bar.step(p), local: !!o.local, by }).finally(() => bar.clear());
        note(t('backup.copied', { pages: r.pages, seconds: number(lang, r.seconds) }));
        if (r.missing.length) note(t('backup.missing', { n: r.missing.length, list: r.missing.join(', ') }));
        const text = [t('ok.backup', { path: r.path, mb: number(lang, r.bytes / 2 ** 20), files: r.files })];
        if (r.audit) text.push(t('backup.audit', { head: `${r.audit.entries}:${r.audit.mac}` }));
        return { json: r, text };
      }),
    );

  program
    .command('restore <file>')
    .description(t('cli.cmd.restore'))
    .option('-y, --yes', t('cli.opt.yes'))
    .option('--without-checksum', t('cli.opt.withoutChecksum'))
    .action(
      act(async (cmd, file: string, o: { yes?: boolean; withoutChecksum?: boolean }) => {
        const { abandonRestore, commitRestore, prepareRestore } = await import('../app/backup.js');
        const dbFile = resolveDbPath(globals(cmd));
        const plan = prepareRestore(dbFile, file, Date.now(), { requireChecksum: !o.withoutChecksum });
        let by: string | null;
        try {
          by = approveRestore(cmd, plan);
          if (!o.yes) {
            for (const line of planLines(t, plan)) note(line);
            if (!process.stdin.isTTY) throw new DomainError('err.restore.confirm');
            if (!(await confirm(t('restore.ask')))) throw new DomainError('err.restore.cancelled');
          }
        } catch (e) {
          abandonRestore(plan);
          throw e;
        }
        const r = commitRestore(plan, by);
        const text = [t('ok.restored', { file: r.file, from: r.from, files: r.files })];
        if (r.keptAs) text.push(t('ok.restoredKept', { keep: r.keptAs }));
        if (r.missing.length) text.push(t('restore.filesMissing', { n: r.missing.length, list: r.missing.join(', ') }));
        if (r.replacedHead) text.push(t('restore.rolledBack', { from: `${r.replacedHead.entries}:${r.replacedHead.mac}`, to: r.head ? `${r.head.entries}:${r.head.mac}` : '–' }));
        return { json: r, text };
      }),
    );

  /** Whether logins are set up on a database (read-only look: a backup of one without stays a reader). */
  function hasOperators(file: string): boolean {
    if (!existsSync(file)) return false;
    let db: ReturnType<typeof openDatabase> | undefined;
    try {
      db = openDatabase(file, { readonly: true, check: 'skip' });
      return db.prepare('SELECT 1 FROM operators WHERE disabled_at IS NULL LIMIT 1').get() !== undefined;
    } catch {
      return true; // cannot tell: ask, and let the login say what is wrong
    } finally {
      db?.close();
    }
  }

  /**
   * A supervisor's approval of a restore, once operators exist: logged in to the database in place,
   * or to the backup's copy when the database in place cannot be read (the reason for most restores).
   * Returns who approved (null: no operators anywhere). The app's connection is closed again: the
   * restore needs the file to itself.
   */
  function approveRestore(cmd: Command, plan: RestorePlan): string | null {
    const g = globals(cmd);
    if (plan.current?.operators) {
      const a = app(cmd);
      a.guard('restore');
      const name = a.session?.name ?? null;
      a.db.close();
      return name;
    }
    if (plan.current && plan.current.dossiers !== null && !plan.current.operators) return g.operator ?? null;
    if (!plan.backupOperators) return g.operator ?? null;
    // The database in place is unreadable or absent: the backup's own supervisors decide.
    if (!g.operator) throw new DomainError('err.auth.required', {});
    const pin = readPin(t('auth.pinPrompt', { name: g.operator }));
    if (pin === null) throw new DomainError('err.auth.noPin', {});
    const copy = new Luudong({ db: openDatabase(plan.tmp, { check: 'skip' }), data: loadDomainData(), file: plan.tmp });
    try {
      return copy.operators.supervisor(g.operator, pin, 'restore').name;
    } finally {
      copy.db.close();
    }
  }

  program
    .command('purge')
    .description(t('cli.cmd.purge'))
    .addOption(new Option('--older-than <days>', t('cli.opt.olderThan')).argParser(ctx.int))
    .option('--apply', t('cli.opt.purgeApply'))
    .action(
      act(async (cmd, o: { olderThan?: number; apply?: boolean }) => {
        const a = app(cmd);
        if (o.apply) a.guard('purge');
        const { loadRetention, purgePersonalData } = await import('../app/retention.js');
        const days = o.olderThan ?? loadRetention().personalDataDays;
        const r = purgePersonalData({ db: a.db, file: ctx.dbFile(cmd), write: (fn) => a.write(fn), now: a.now, operator: a.session?.name ?? globals(cmd).operator ?? null }, days, !!o.apply);
        const params = { dossiers: r.dossiers, citizens: r.citizens, files: r.files, days: r.days, date: displayDate(localDate(r.cutoff)) };
        const text = [t(r.applied ? 'ok.purged' : 'purge.dryRun', params)];
        if (r.filesLeft.length) text.push(t('purge.filesLeft', { n: r.filesLeft.length, list: r.filesLeft.join(', ') }));
        return { json: { ...r, cutoff: new Date(r.cutoff).toISOString() }, text };
      }),
    );
}
