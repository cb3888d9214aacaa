// `luudong handover`: the end-of-trip handover to the commune's one-stop office. export writes the
// signed bundle and records the handover; verify checks a bundle; import takes the office's status
// updates (a dry run unless --apply); ready lists results waiting for their citizens; key shows the
// vehicle's public key for the office to keep; list shows past handovers. verify and import print
// their whole report and exit with 1 when anything is wrong. Long runs show a progress bar on
// stderr and end with a summary line there (the verdict, when it is a failure).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { findDataDir } from '../app/data.js';
import type { ExportResult, VerifyReport } from '../app/handover.js';
import type { Phase } from '../app/progress.js';
import type { ImportReport } from '../app/officeUpdates.js';
import { DomainError } from '../core/errors.js';
import { groupFingerprint } from '../core/handover.js';
import { RETURN_METHODS } from '../core/receipt.js';
import { displayDate, hhmm, localDate } from '../core/time.js';
import { userMessage, type MessageKey, type Translate } from '../i18n/index.js';
import type { CliContext } from './context.js';
import { dossierJson } from './dossierCommands.js';
import { ProgressBar } from './progress.js';
import * as out from './output.js';

const state = (t: Translate, s: string) => t(`dossier.${s}` as MessageKey);
const at = (ms: number) => `${hhmm(ms)} ${displayDate(localDate(ms))}`;

/** Run a long step with a progress bar; the bar is cleared before an error is printed. */
async function withBar<T>(t: Translate, run: (onProgress: (p: Phase, done: number, total: number) => void, bar: ProgressBar) => T | Promise<T>): Promise<T> {
  const bar = new ProgressBar();
  try {
    return await run((p, done, total) => bar.update(t(`hov.phase.${p}` as MessageKey), done, total), bar);
  } finally {
    bar.clear();
  }
}

export function registerHandoverCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, lang, act, app } = ctx;
  const num = (n: number, digits = 0) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n);
  const seconds = (since: number) => num((Date.now() - since) / 1000, 1);
  const handover = program.command('handover').description(t('cli.cmd.handover'));

  handover
    .command('export')
    .description(t('cli.cmd.handoverExport'))
    .requiredOption('--to <dir>', t('cli.opt.handoverTo'))
    .addOption(new Option('--trip <id>', t('label.trip')).argParser(ctx.int))
    .option('--to-office <name>', t('cli.opt.toOffice'))
    .option('--by <name>', t('cli.opt.by'))
    .action(
      act(async (cmd, o: { to: string; trip?: number; toOffice?: string; by?: string }) => {
        const started = Date.now();
        const a = app(cmd);
        // Personal data of a whole trip leaves the vehicle: a supervisor's act.
        a.guard('handover.export');
        const by = o.by ?? a.session?.name ?? (cmd.optsWithGlobals() as { operator?: string }).operator;
        const r = await withBar(t, async (onProgress, bar) => {
          const { exportHandover } = await import('../app/handover.js');
          const r = await exportHandover(a, { dir: o.to, tripId: o.trip, toOffice: o.toOffice, by, dbFile: ctx.dbFile(cmd), fontsDir: join(findDataDir(), 'fonts'), t, lang, onProgress });
          bar.finish(t('hov.summary.export', { dossiers: num(r.counts.dossiers), files: num(r.counts.attachments), mb: num(r.bytes / 2 ** 20, 1), s: seconds(started) }));
          return r;
        });
        return { json: exportJson(r), text: exportText(t, r) };
      }),
    );

  handover
    .command('verify <dir>')
    .description(t('cli.cmd.handoverVerify'))
    .option('--key <pubkey.pem>', t('cli.opt.key'))
    .action(
      act(async (_cmd, dir: string, o: { key?: string }) => {
        const started = Date.now();
        const r = await withBar(t, async (onProgress, bar) => {
          const { verifyHandover } = await import('../app/handover.js');
          const r = await verifyHandover(dir, { keyFile: o.key, onProgress });
          bar.clear();
          // Checked with the bundle's own key: unchanged since it was signed, but by whom only the
          // office's kept copy of the key can tell.
          if (r.keySource === 'bundle') out.note(t('hov.verify.ownKey'));
          bar.finish(r.ok ? t('hov.summary.verify', { files: num(r.diff.matching), s: seconds(started) }) : t('err.handover.notIntact', { n: problemCount(r) }));
          return r;
        });
        // Without the office's kept key nobody can say who signed: never "intact" and exit 0 then.
        const unverified = r.ok && r.keySource === 'bundle';
        return { json: verifyJson(t, r), text: verifyText(t, r), failed: !r.ok, ...(unverified ? { exitCode: UNVERIFIED_EXIT } : {}) };
      }),
    );

  handover
    .command('import <file>')
    .description(t('cli.cmd.handoverImport'))
    .option('--apply', t('cli.opt.apply'))
    .action(
      act(async (cmd, file: string, o: { apply?: boolean }) => {
        const started = Date.now();
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch (e) {
          throw new DomainError('err.handover.readFile', { file, detail: (e as Error).message });
        }
        const a = app(cmd);
        const { importUpdates } = await import('../app/officeUpdates.js');
        const r = await withBar(t, (onProgress, bar) => {
          const r = importUpdates(a, bytes, { apply: !!o.apply, onProgress });
          const rows = r.problems.map((p) => p.row);
          bar.finish(rows.length ? t('err.update.badRows', { n: rows.length, rows: rows.length > 20 ? `${rows.slice(0, 20).join(', ')}, …` : rows.join(', ') }) : t('hov.summary.import', { rows: num(r.rows), s: seconds(started) }));
          return r;
        });
        return { json: importJson(t, r), text: importText(t, r, !!o.apply), failed: r.problems.length > 0 };
      }),
    );

  handover
    .command('ready')
    .description(t('cli.cmd.handoverReady'))
    .option('--commune <name>', t('label.commune'))
    .addOption(new Option('--trip <id>', t('label.trip')).argParser(ctx.int))
    .option('--all', t('cli.opt.allReturns'))
    .action(
      act(async (cmd, o: { commune?: string; trip?: number; all?: boolean }) => {
        const a = app(cmd);
        const { readyToReturn } = await import('../app/officeUpdates.js');
        const r = readyToReturn(a, { commune: o.commune, tripId: o.trip, returnMethods: o.all ? RETURN_METHODS : undefined });
        const where = r.commune ?? t('hov.ready.everywhere');
        return {
          json: { commune: r.commune, dossiers: r.dossiers.map((x) => ({ ...dossierJson(a, x.dossier), commune: x.commune, place: x.place })) },
          text: r.dossiers.length
            ? [
                t('hov.ready.title', { commune: where, n: r.dossiers.length }),
                ...r.dossiers.map(({ dossier: d }) =>
                  t('hov.ready.line', { code: d.code, name: d.citizenName, procedure: d.procedureName[lang], on: d.resultOn ? displayDate(d.resultOn) : '–', how: t(`ret.${d.returnMethod}` as MessageKey) }),
                ),
              ]
            : t('hov.ready.none', { commune: where }),
        };
      }),
    );

  handover
    .command('key')
    .description(t('cli.cmd.handoverKey'))
    .action(
      act(async (cmd) => {
        const { vehicleKey } = await import('../app/handoverKey.js');
        const k = vehicleKey(ctx.dbFile(cmd));
        return {
          json: { algorithm: 'ed25519', fingerprint: k.fingerprint, publicKey: k.publicPem, file: k.file, created: k.created },
          text: [k.publicPem.trimEnd(), t('hov.key.fingerprint', { fingerprint: groupFingerprint(k.fingerprint) }), t('hov.key.where', { file: k.file }), ...(k.created ? [t('hov.key.created')] : [])],
        };
      }),
    );

  handover
    .command('list')
    .description(t('cli.cmd.handoverList'))
    .action(
      act(async (cmd) => {
        const { listHandovers } = await import('../app/handover.js');
        const list = listHandovers(app(cmd));
        return {
          json: list.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
          text: list.length ? list.map((h) => t('hov.list.line', { at: at(h.at), trip: h.tripId, n: h.dossiers, office: h.toOffice, by: h.by })) : t('hov.list.none'),
        };
      }),
    );
}

function exportJson(r: ExportResult) {
  return {
    dir: r.dir,
    id: r.id,
    createdAt: new Date(r.at).toISOString(),
    trip: r.trip.id,
    toOffice: r.toOffice,
    by: r.by,
    counts: r.counts,
    handedOver: r.handedOver,
    bytes: r.bytes,
    manifestSha256: r.manifestSha256,
    keyFingerprint: r.fingerprint,
    keyCreated: r.keyCreated,
  };
}

function exportText(t: Translate, r: ExportResult): string[] {
  return [
    t('hov.exported', { n: r.counts.dossiers, trip: r.trip.id, office: r.toOffice, by: r.by, dir: r.dir }),
    t('hov.exportedDetail', { citizens: r.counts.citizens, events: r.counts.events, files: r.counts.attachments, handed: r.handedOver }),
    t('hov.key.fingerprint', { fingerprint: groupFingerprint(r.fingerprint) }),
    ...(r.keyCreated ? [t('hov.key.newNotice')] : []),
  ];
}

const problemCount = (r: VerifyReport) => r.diff.missing.length + r.diff.altered.length + r.diff.extra.length + (r.signature === 'ok' ? 0 : 1);

/** `handover verify` without --key: the files match the bundle's own key, the signer is unknown. */
export const UNVERIFIED_EXIT = 3;

function verifyJson(t: Translate, r: VerifyReport) {
  return {
    ok: r.ok && r.keySource === 'office',
    verdict: !r.ok ? 'bad' : r.keySource === 'office' ? 'intact' : 'unverified',
    dir: r.dir,
    manifest: r.manifest,
    signature: r.signature,
    keySource: r.keySource,
    keyFingerprint: r.keyFingerprint,
    matching: r.diff.matching,
    missing: r.diff.missing,
    altered: r.diff.altered,
    extra: r.diff.extra,
    warnings: r.keySource === 'bundle' ? [t('hov.verify.ownKey')] : [],
  };
}

function verifyText(t: Translate, r: VerifyReport): string[] {
  const m = r.manifest;
  return [
    t('hov.verify.bundle', { dir: r.dir, trip: m.trip.id, place: m.trip.place, commune: m.trip.commune, date: displayDate(m.trip.date), n: m.counts.dossiers, by: m.from.by, office: m.to.office, at: at(Date.parse(m.createdAt)) }),
    ...r.diff.missing.map((path) => t('hov.verify.missing', { path })),
    ...r.diff.altered.map((path) => t('hov.verify.altered', { path })),
    ...r.diff.extra.map((path) => t('hov.verify.extra', { path })),
    t(`hov.verify.signature.${r.signature}` as MessageKey, { source: t(r.keySource === 'office' ? 'hov.key.office' : 'hov.key.bundle'), fingerprint: groupFingerprint(r.keyFingerprint) }),
    !r.ok ? t('hov.verify.bad', { n: problemCount(r) }) : r.keySource === 'office' ? t('hov.verify.ok', { files: r.diff.matching }) : t('hov.verify.unverified', { files: r.diff.matching }),
  ];
}

function importJson(t: Translate, r: ImportReport) {
  return {
    format: r.format,
    rows: r.rows,
    applied: r.applied,
    changes: r.changes,
    unchanged: r.unchanged,
    problems: r.problems.map((p) => ({ row: p.row, code: p.code, reason: p.error.code, message: userMessage(t, p.error) })),
  };
}

function importText(t: Translate, r: ImportReport, apply: boolean): string[] {
  const lines = [
    ...r.changes.map((c) => t('hov.import.change', { row: c.row, code: c.code, from: state(t, c.from), to: state(t, c.to), date: displayDate(c.date), note: c.note ? ` – ${c.note}` : '' })),
    ...r.unchanged.map((u) => t('hov.import.unchanged', { row: u.row, code: u.code, state: state(t, u.state) })),
    ...r.problems.map((p) => t('hov.import.bad', { row: p.row, code: p.code ? ` ${p.code}` : '', reason: userMessage(t, p.error) })),
  ];
  const counts = { changes: r.changes.length, unchanged: r.unchanged.length, bad: r.problems.length };
  lines.push(r.applied ? t('hov.import.applied', counts) : apply || r.problems.length ? t('hov.import.nothing', counts) : t('hov.import.dryRun', counts));
  return lines;
}
