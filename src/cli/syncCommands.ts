// `luudong sync`: the vehicle's link to the centre. `sync enrol URL --code … --fingerprint …` once
// (the code and the certificate's fingerprint from the centre's staff); then `sync` sends what waits
// and takes what came back, at once (the print worker also does it on its own, with back-off);
// `sync status` says when the last sync was and what waits; `--retry-refused` offers again what the
// centre refused. Exit 1 when the sync could not finish (the reason printed; nothing is lost).
import type { Command } from 'commander';
import type { Luudong } from '../app/luudong.js';
import { syncLine, type LinkFactory, type SyncReport, type SyncStatus } from '../app/sync.js';
import { groupFingerprint } from '../core/handover.js';
import { displayDate, hhmm, localDate } from '../core/time.js';
import { isMessageKey, type MessageKey, type Translate } from '../i18n/index.js';
import type { CliContext } from './context.js';

const iso = (ms: number | null) => (ms === null || ms === 0 ? null : new Date(ms).toISOString());
const when = (ms: number) => `${hhmm(ms)} ${displayDate(localDate(ms))}`;

/** A reason kept as {code, params}, said in the operator's language. */
export function sayReason(t: Translate, r: { code: string; params: Record<string, string | number> } | null): string {
  if (!r) return '';
  if (!isMessageKey(r.code)) return t('err.sync.centreSaid', { code: r.code });
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(r.params ?? {})) params[k] = typeof v === 'string' && isMessageKey(v) ? t(v) : v;
  return t(r.code as MessageKey, params);
}

export async function realLinks(): Promise<LinkFactory> {
  const { httpsLink, probeCertificate } = await import('../../drivers/centre/https.js');
  return { probe: (url) => probeCertificate(url), open: (o) => httpsLink(o) };
}

export function statusJson(t: Translate, s: SyncStatus) {
  return { enrolled: s.enrolled, vehicle: s.vehicleName, lastSuccessAt: iso(s.lastSuccessAt), lastAttemptAt: iso(s.lastAttemptAt), lastError: s.lastError ? { ...s.lastError, message: sayReason(t, s.lastError) } : null, waiting: s.waiting, nextAt: iso(s.nextAt) };
}

export function registerSyncCommands(ctx: CliContext & { dbFile: (cmd: Command) => string }): void {
  const { program, t, act, app } = ctx;
  const reportText = (r: SyncReport): string[] => {
    if (r.busy) return [t('sync.busy')];
    const lines = [
      r.ok ? t('sync.done') : t('sync.failed', { reason: sayReason(t, r.error) }),
      t('sync.updates', r.updates),
      t('sync.sent', { ...r.sent, plans: r.plans }),
      ...r.refused.map((x) => t('sync.refusedItem', { kind: t(`sync.kind.${x.kind}` as MessageKey), ref: x.ref, reason: sayReason(t, x.reason) })),
    ];
    if (!r.ok) lines.push(t('sync.nextTry', { at: when(r.nextAt) }));
    return lines;
  };
  const reportJson = (r: SyncReport) => ({ ...r, lastSuccessAt: iso(r.lastSuccessAt), nextAt: iso(r.nextAt), error: r.error ? { ...r.error, message: sayReason(t, r.error) } : null, refused: r.refused.map((x) => ({ ...x, message: sayReason(t, x.reason) })) });

  const sync = program
    .command('sync')
    .description(t('cli.cmd.sync'))
    .option('--retry-refused', t('cli.opt.retryRefused'))
    .action(
      act(async (cmd, o: { retryRefused?: boolean }) => {
        const a: Luudong = app(cmd);
        const { syncNow, retryRefused } = await import('../app/sync.js');
        if (o.retryRefused) retryRefused(a);
        const r = await syncNow(a, { dbFile: ctx.dbFile(cmd), links: await realLinks() });
        return { json: reportJson(r), text: reportText(r), failed: !r.ok };
      }),
    );

  sync
    .command('enrol <url>')
    .description(t('cli.cmd.syncEnrol'))
    .requiredOption('--code <code>', t('cli.opt.enrolCode'))
    .requiredOption('--fingerprint <sha256>', t('cli.opt.certFingerprint'))
    .action(
      act(async (cmd, url: string, o: { code: string; fingerprint: string }) => {
        const a = app(cmd);
        const { enrolVehicle } = await import('../app/sync.js');
        const r = await enrolVehicle(a, await realLinks(), { url, code: o.code, fingerprint: o.fingerprint, dbFile: ctx.dbFile(cmd) });
        return { json: r, text: [t('sync.enrolled', { name: r.vehicleName, id: r.vehicleId, url }), t('sync.enrolledPin', { fingerprint: groupFingerprint(r.certFingerprint) }), t('sync.enrolledBackfill', { n: r.backfilled })] };
      }),
    );

  sync
    .command('status')
    .description(t('cli.cmd.syncStatus'))
    .action(
      act(async (cmd) => {
        const { syncStatus } = await import('../app/sync.js');
        const s = syncStatus(app(cmd));
        const lines = [syncLine(t, s)];
        if (s.lastError) lines.push(t('sync.lastError', { reason: sayReason(t, s.lastError) }));
        return { json: statusJson(t, s), text: lines };
      }),
    );
}
