// `luudong centre …`: the centre of a fleet, on PostgreSQL (--pg URL or LUUDONG_CENTRE_DB). `serve`
// is the vehicles' HTTPS front door; the rest are the staff's: vehicles and their enrolment codes,
// staff, the offices' status updates, the schedule and its announcements, fleet figures, the purge
// of personal data. Staff log in as on a vehicle (--operator NAME, the PIN asked or LUUDONG_PIN).
// The centre's modules (and pg) load only when a centre command runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import type { Centre } from '../centre/app/centre.js';
import type { FleetReport } from '../centre/core/figures.js';
import type { CentrePlan } from '../centre/store/schedule.js';
import type { Vehicle } from '../centre/store/vehicles.js';
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import { groupFingerprint } from '../core/handover.js';
import { displayDate, hhmm, localDate } from '../core/time.js';
import { userMessage, type MessageKey, type Translate } from '../i18n/index.js';
import * as out from './output.js';
import { readPin } from './pin.js';
import { dateOption } from './context.js';

type Printed = { json: unknown; text: string | string[]; failed?: boolean };
type Act = <A extends unknown[]>(fn: (cmd: Command, ...args: A) => Printed | Promise<Printed>) => (...args: unknown[]) => Promise<void>;

interface Globals {
  operator?: string;
  pg?: string;
}

export interface CentreCli {
  close(): Promise<void>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const when = (ms: number) => `${hhmm(ms)} ${displayDate(localDate(ms))}`;

export function registerCentreCommands(ctx: { program: Command; t: Translate; lang: Lang; act: Act; int: (v: string) => number }): CentreCli {
  const { program, t, lang, act } = ctx;
  let opened: Centre | undefined;

  const open = async (cmd: Command, opts: { login?: boolean } = {}): Promise<Centre> => {
    if (opened) return opened;
    const g = cmd.optsWithGlobals() as Globals;
    const url = g.pg ?? process.env.LUUDONG_CENTRE_DB;
    if (!url) throw new DomainError('err.centre.noDb');
    const [{ Centre }, { loadDomainData }] = await Promise.all([import('../centre/app/centre.js'), import('../app/data.js')]);
    opened = await Centre.open(url, loadDomainData(), { lang });
    if (opts.login !== false && (await opened.loginsEnabled())) {
      if (!g.operator) throw new DomainError('err.auth.required', {});
      const pin = readPin(t('auth.pinPrompt', { name: g.operator }));
      if (pin === null) throw new DomainError('err.auth.noPin', {});
      await opened.login(g.operator, pin);
    }
    return opened;
  };

  const centre = program.command('centre').description(t('cli.cmd.centre')).option('--pg <url>', t('cli.opt.pg'));

  centre
    .command('migrate')
    .description(t('cli.cmd.centreMigrate'))
    .action(
      act(async (cmd) => {
        const c = await open(cmd, { login: false });
        const v = await c.schema();
        return { json: { schema: v.found, known: v.known }, text: t('centre.migrated', { version: v.found }) };
      }),
    );

  centre
    .command('cert')
    .description(t('cli.cmd.centreCert'))
    .requiredOption('--out <dir>', t('cli.opt.tlsDir'))
    .option('--name <host...>', t('cli.opt.certNames'))
    .action(
      act(async (_cmd, o: { out: string; name?: string[] }) => {
        const { makeCertificate } = await import('../centre/app/tls.js');
        const r = makeCertificate(o.out, o.name ?? []);
        return { json: r, text: [t('centre.certMade', { cert: r.cert, key: r.key }), t('centre.certFingerprint', { fingerprint: groupFingerprint(r.fingerprint) })] };
      }),
    );

  centre
    .command('fingerprint')
    .description(t('cli.cmd.centreFingerprint'))
    .requiredOption('--tls <dir>', t('cli.opt.tlsDir'))
    .action(
      act(async (_cmd, o: { tls: string }) => {
        const { certFingerprint, CERT_FILE } = await import('../centre/app/tls.js');
        const fp = certFingerprint(readTls(join(o.tls, CERT_FILE)));
        return { json: { fingerprint: fp }, text: t('centre.certFingerprint', { fingerprint: groupFingerprint(fp) }) };
      }),
    );

  centre
    .command('serve')
    .description(t('cli.cmd.centreServe'))
    .requiredOption('--tls <dir>', t('cli.opt.tlsDir'))
    .option('--host <address>', t('cli.opt.host'), '0.0.0.0')
    .addOption(new Option('--port <n>', t('cli.opt.port')).argParser(ctx.int).default(8443))
    .action(
      act(async (cmd, o: { tls: string; host: string; port: number }) => {
        const c = await open(cmd, { login: false });
        const { CERT_FILE, KEY_FILE, certFingerprint } = await import('../centre/app/tls.js');
        const { serveCentre } = await import('../centre/server/server.js');
        const cert = readTls(join(o.tls, CERT_FILE));
        const s = await serveCentre({ centre: c, cert, key: readTls(join(o.tls, KEY_FILE)), host: o.host, port: o.port, log: (l) => out.print(l) });
        out.print(t('centre.serving', { host: o.host, port: s.port, fingerprint: groupFingerprint(certFingerprint(cert)) }));
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', () => resolve());
          process.once('SIGINT', () => resolve());
        });
        await s.close();
        return { json: { stopped: true }, text: t('centre.stopped') };
      }),
    );

  // ---- staff ---------------------------------------------------------------------------------------
  const staff = centre.command('staff').description(t('cli.cmd.centreStaff'));
  staff
    .command('add <name>')
    .description(t('cli.cmd.centreStaffAdd'))
    .addOption(new Option('--role <role>', t('cli.opt.operatorRole')).choices(['operator', 'supervisor', 'admin']).default('operator'))
    .action(
      act(async (cmd, name: string, o: { role: string }) => {
        const c = await open(cmd);
        const pin = readPin(t('auth.newPinPrompt', { name }), 'LUUDONG_NEW_PIN');
        if (pin === null) throw new DomainError('err.auth.noPin', {});
        const s = await c.addStaff(name, (await c.loginsEnabled()) ? o.role : 'admin', pin);
        return { json: s, text: t('centre.staffAdded', { name: s.name, role: t(`auth.role.${s.role}` as MessageKey) }) };
      }),
    );
  staff
    .command('list')
    .description(t('cli.cmd.centreStaffList'))
    .action(
      act(async (cmd) => {
        const list = await (await open(cmd)).listStaff();
        return { json: list, text: list.length ? list.map((s) => `${s.name}  ${t(`auth.role.${s.role}` as MessageKey)}${s.disabled ? ' ×' : ''}`) : [t('centre.noStaff')] };
      }),
    );

  // ---- vehicles ------------------------------------------------------------------------------------
  const vehicleJson = (v: Vehicle) => ({ id: v.id, name: v.name, fingerprint: v.fingerprint, enrolledAt: iso(v.enrolledAt), revokedAt: iso(v.revokedAt), lastSeenAt: iso(v.lastSeenAt), enrolExpiresAt: iso(v.enrolExpiresAt) });
  const codeText = (v: Vehicle, code: string) => [t('centre.vehicleCode', { name: v.name, code }), t('centre.vehicleCodeUntil', { until: when(v.enrolExpiresAt as number) })];
  const vehicle = centre.command('vehicle').description(t('cli.cmd.centreVehicle'));
  vehicle
    .command('add <name>')
    .description(t('cli.cmd.centreVehicleAdd'))
    .action(
      act(async (cmd, name: string) => {
        const { addVehicle } = await import('../centre/app/vehicles.js');
        const r = await addVehicle(await open(cmd), name);
        return { json: { vehicle: vehicleJson(r.vehicle), code: r.code }, text: codeText(r.vehicle, r.code) };
      }),
    );
  vehicle
    .command('code <name>')
    .description(t('cli.cmd.centreVehicleCode'))
    .action(
      act(async (cmd, name: string) => {
        const { renewEnrolCode } = await import('../centre/app/vehicles.js');
        const r = await renewEnrolCode(await open(cmd), name);
        return { json: { vehicle: vehicleJson(r.vehicle), code: r.code }, text: codeText(r.vehicle, r.code) };
      }),
    );
  vehicle
    .command('list')
    .description(t('cli.cmd.centreVehicleList'))
    .action(
      act(async (cmd) => {
        const { listVehicles } = await import('../centre/app/vehicles.js');
        const list = await listVehicles(await open(cmd));
        const state = (v: Vehicle) =>
          v.revokedAt !== null ? t('centre.vehicle.revoked') : v.enrolledAt === null ? t('centre.vehicle.waiting') : v.lastSeenAt === null ? t('centre.vehicle.enrolled') : t('centre.vehicle.seen', { at: when(v.lastSeenAt) });
        return { json: list.map(vehicleJson), text: list.length ? list.map((v) => `${String(v.id).padStart(3)}  ${v.name}  – ${state(v)}`) : [t('centre.noVehicles')] };
      }),
    );
  vehicle
    .command('revoke <name>')
    .description(t('cli.cmd.centreVehicleRevoke'))
    .action(
      act(async (cmd, name: string) => {
        const { revokeVehicle } = await import('../centre/app/vehicles.js');
        const v = await revokeVehicle(await open(cmd), name);
        return { json: vehicleJson(v), text: t('centre.vehicleRevoked', { name: v.name }) };
      }),
    );

  // ---- updates from the offices ---------------------------------------------------------------------
  centre
    .command('import <file>')
    .description(t('cli.cmd.centreImport'))
    .option('--apply', t('cli.opt.apply'))
    .action(
      act(async (cmd, file: string, o: { apply?: boolean }) => {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch (e) {
          throw new DomainError('err.handover.readFile', { file, detail: (e as Error).message });
        }
        const { importOfficeUpdates } = await import('../centre/app/updates.js');
        const r = await importOfficeUpdates(await open(cmd), bytes, { apply: !!o.apply });
        const state = (s: string) => t(`dossier.${s}` as MessageKey);
        const text = [
          ...r.changes.map((c) => t('centre.import.change', { row: c.row, code: c.code, vehicle: c.vehicle, from: state(c.from), to: state(c.to), date: displayDate(c.date) })),
          ...r.unchanged.map((u) => t('hov.import.unchanged', { row: u.row, code: u.code, state: state(u.state) })),
          ...r.problems.map((p) => t('hov.import.bad', { row: p.row, code: p.code ? ` (${p.code})` : '', reason: userMessage(t, p.error) })),
          r.problems.length
            ? t('hov.import.nothing', { bad: r.problems.length, changes: r.changes.length, unchanged: r.unchanged.length })
            : r.applied
              ? t('centre.import.applied', { changes: r.changes.length })
              : t('hov.import.dryRun', { changes: r.changes.length, unchanged: r.unchanged.length, bad: 0 }),
        ];
        const json = { ...r, problems: r.problems.map((p) => ({ row: p.row, code: p.code, error: { code: p.error.code, message: userMessage(t, p.error) } })) };
        return { json, text, failed: r.problems.length > 0 };
      }),
    );
  centre
    .command('updates')
    .description(t('cli.cmd.centreUpdates'))
    .addOption(new Option('--limit <n>', t('cli.opt.limit')).argParser(ctx.int).default(50))
    .action(
      act(async (cmd, o: { limit: number }) => {
        const { listUpdates } = await import('../centre/app/updates.js');
        const list = await listUpdates(await open(cmd), o.limit);
        const outcome = (u: (typeof list)[number]) => (u.outcome ? t(`centre.outcome.${u.outcome}` as MessageKey) : u.deliveredAt ? t('centre.outcome.delivered') : t('centre.outcome.waiting'));
        return {
          json: list,
          text: list.length ? list.map((u) => `${u.id}  ${u.vehicle}  ${u.code} → ${t(`dossier.${u.to}` as MessageKey)}  ${displayDate(u.date)}  [${outcome(u)}]`) : [t('centre.noUpdates')],
        };
      }),
    );

  // ---- schedule --------------------------------------------------------------------------------------
  const planJson = (p: CentrePlan) => ({ ...p, createdAt: iso(p.createdAt), announcedAt: iso(p.announcedAt), cancelledAt: iso(p.cancelledAt), updatedAt: iso(p.updatedAt) });
  const planLine = (p: CentrePlan) =>
    t('centre.planLine', { id: p.id, vehicle: p.vehicle, date: displayDate(p.date), start: p.start, end: p.end, place: p.place, commune: p.commune }) +
    (p.cancelledAt !== null ? ` [${t('centre.plan.cancelled')}]` : p.announcedAt !== null ? ` [${t('centre.plan.announced')}]` : '');
  const schedule = centre.command('schedule').description(t('cli.cmd.centreSchedule'));
  schedule
    .command('add')
    .description(t('cli.cmd.centreScheduleAdd'))
    .requiredOption('--vehicle <name>', t('cli.opt.vehicle'))
    .requiredOption('--commune <name>', t('label.commune'))
    .requiredOption('--place <name>', t('label.place'))
    .addOption(dateOption('--date <dd/mm/yyyy>', t('label.date'), true))
    .option('--start <hh:mm>', t('label.start'), '07:30')
    .option('--end <hh:mm>', t('label.end'), '11:30')
    .option('--services <groups>', t('cli.opt.services'))
    .option('--note <text>', t('cli.opt.note'))
    .action(
      act(async (cmd, o: { vehicle: string; commune: string; place: string; date: string; start: string; end: string; services?: string; note?: string }) => {
        const { planTrip } = await import('../centre/app/schedule.js');
        const p = await planTrip(await open(cmd), o.vehicle, { commune: o.commune, place: o.place, date: o.date, start: o.start, end: o.end, services: o.services ? o.services.split(',') : [], note: o.note ?? null });
        return { json: planJson(p), text: t('centre.planned', { line: planLine(p) }) };
      }),
    );
  schedule
    .command('list')
    .description(t('cli.cmd.centreScheduleList'))
    .option('--vehicle <name>', t('cli.opt.vehicle'))
    .option('--commune <name>', t('label.commune'))
    .addOption(dateOption('--from <dd/mm/yyyy>', t('cli.opt.from')))
    .option('--all', t('cli.opt.withCancelled'))
    .action(
      act(async (cmd, o: { vehicle?: string; commune?: string; from?: string; all?: boolean }) => {
        const { listPlans } = await import('../centre/app/schedule.js');
        const list = await listPlans(await open(cmd), { ...o, withCancelled: !!o.all });
        return { json: list.map(planJson), text: list.length ? list.map(planLine) : [t('sched.none')] };
      }),
    );
  schedule
    .command('cancel <id>')
    .description(t('cli.cmd.centreScheduleCancel'))
    .action(
      act(async (cmd, id: string) => {
        const { cancelPlan } = await import('../centre/app/schedule.js');
        const p = await cancelPlan(await open(cmd), ctx.int(id));
        return { json: planJson(p), text: planLine(p) };
      }),
    );
  schedule
    .command('announce <id>')
    .description(t('cli.cmd.centreAnnounce'))
    .addOption(new Option('--format <format>', t('cli.opt.announceFormat')).choices(['speech', 'social', 'poster', 'ics']).default('speech'))
    .option('--out <file>', t('cli.opt.outFile'))
    .action(
      act(async (cmd, id: string, o: { format: 'speech' | 'social' | 'poster' | 'ics'; out?: string }) => {
        const c = await open(cmd);
        const sched = await import('../centre/app/schedule.js');
        const n = ctx.int(id);
        if (o.format === 'poster') {
          if (!o.out) throw new DomainError('err.centre.outRequired');
          const { findDataDir } = await import('../app/data.js');
          const bytes = await sched.poster(c, n, t, lang, join(findDataDir(), 'fonts'));
          writeFileSync(o.out, bytes, { mode: 0o644 });
          return { json: { file: o.out, bytes: bytes.length }, text: t('centre.posterWritten', { file: o.out }) };
        }
        if (o.format === 'ics') {
          const text = await sched.calendar(c, { id: n }, t, lang);
          if (o.out) writeFileSync(o.out, text);
          return { json: { file: o.out ?? null, ics: text }, text: o.out ? t('centre.icsWritten', { file: o.out }) : text.trimEnd() };
        }
        const text = await sched.announce(c, n, o.format, t, lang);
        if (o.out) writeFileSync(o.out, text + '\n');
        return { json: { text }, text };
      }),
    );
  schedule
    .command('ics')
    .description(t('cli.cmd.centreIcs'))
    .option('--vehicle <name>', t('cli.opt.vehicle'))
    .option('--commune <name>', t('label.commune'))
    .option('--out <file>', t('cli.opt.outFile'))
    .action(
      act(async (cmd, o: { vehicle?: string; commune?: string; out?: string }) => {
        const { calendar } = await import('../centre/app/schedule.js');
        const c = await open(cmd);
        await c.guard('schedule.read');
        const text = await calendar(c, o, t, lang);
        if (o.out) writeFileSync(o.out, text);
        return { json: { file: o.out ?? null, ics: text }, text: o.out ? t('centre.icsWritten', { file: o.out }) : text.trimEnd() };
      }),
    );

  // ---- fleet figures ---------------------------------------------------------------------------------
  centre
    .command('report')
    .description(t('cli.cmd.centreReport'))
    .addOption(new Option('--by <dimension>', t('cli.opt.dimension')).choices(['vehicle', 'commune', 'procedure', 'field', 'week', 'month']).default('vehicle'))
    .addOption(dateOption('--from <dd/mm/yyyy>', t('cli.opt.from')))
    .addOption(dateOption('--to <dd/mm/yyyy>', t('cli.opt.to')))
    .option('--vehicle <name>', t('cli.opt.vehicle'))
    .option('--commune <name>', t('label.commune'))
    .addOption(new Option('--format <format>', t('cli.opt.reportFormat')).choices(['text', 'csv', 'json']).default('text'))
    .action(
      act(async (cmd, o: { by: FleetReport['query']['by']; from?: string; to?: string; vehicle?: string; commune?: string; format: 'text' | 'csv' | 'json' }) => {
        const c = await open(cmd);
        const { fleetReport, fleetReportCsv, fleetReportLines } = await import('../centre/app/report.js');
        const { toCsv } = await import('../core/report.js');
        const today = localDate(c.now());
        const r = await fleetReport(c, { by: o.by, from: o.from ?? `${today.slice(0, 4)}-01-01`, to: o.to ?? today, ...(o.vehicle ? { vehicle: o.vehicle } : {}), ...(o.commune ? { commune: o.commune } : {}) }, t, lang);
        if (o.format === 'csv') return { json: r, text: toCsv(fleetReportCsv(r)).slice(0, -1) };
        if (o.format === 'json') return { json: r, text: JSON.stringify(r, null, 2) };
        const width = process.stdout.isTTY ? Math.min(100, process.stdout.columns || 80) : 80;
        return { json: r, text: fleetReportLines(t, lang, r, width, c.data.helpServices) };
      }),
    );

  centre
    .command('payments')
    .description(t('cli.cmd.centrePayments'))
    .addOption(dateOption('--from <dd/mm/yyyy>', t('cli.opt.from')))
    .addOption(dateOption('--to <dd/mm/yyyy>', t('cli.opt.to')))
    .option('--vehicle <name>', t('cli.opt.vehicle'))
    .action(
      act(async (cmd, o: { from?: string; to?: string; vehicle?: string }) => {
        const c = await open(cmd);
        const { listTransfers } = await import('../centre/app/payments.js');
        const { fmtVnd } = await import('../core/receipt.js');
        const today = localDate(c.now());
        const list = await listTransfers(c, { from: o.from ?? `${today.slice(0, 7)}-01`, to: o.to ?? today, ...(o.vehicle ? { vehicle: o.vehicle } : {}) });
        const line = (x: (typeof list)[number]) =>
          `${displayDate(x.receivedOn)}  ${x.code}  ${x.vehicle}  ${x.commune ?? '–'}  ${fmtVnd(x.feeVnd)}  ` +
          (x.paidAt === null ? t('centre.transfer.awaiting') : x.paidRef ? t('centre.transfer.paidRef', { at: when(x.paidAt), ref: x.paidRef }) : t('centre.transfer.paid', { at: when(x.paidAt) }));
        return { json: list.map((x) => ({ ...x, paidAt: iso(x.paidAt) })), text: list.length ? list.map(line) : [t('centre.transfer.none')] };
      }),
    );

  centre
    .command('screen')
    .description(t('cli.cmd.centreScreen'))
    .addOption(new Option('--year <yyyy>', t('cli.opt.year')).argParser(ctx.int))
    .action(async (o: { year?: number }, cmd: Command) => {
      try {
        // The screen asks who logs in on its own login step (the name from --operator, if given).
        const c = await open(cmd, { login: false });
        const { runCentreScreen } = await import('./centreTui.js');
        const operator = (cmd.optsWithGlobals() as Globals).operator;
        const code = await runCentreScreen(c, lang, c.data.office.unitName[lang], o.year ?? Number(localDate(c.now()).slice(0, 4)), operator);
        if (code !== 0) process.exitCode = code;
      } catch (e) {
        out.printErr(t('cli.error', { text: userMessage(t, e) }));
        process.exitCode = 1;
      }
    });

  centre
    .command('purge')
    .description(t('cli.cmd.centrePurge'))
    .addOption(new Option('--older-than <days>', t('cli.opt.olderThan')).argParser(ctx.int))
    .option('--apply', t('cli.opt.purgeApply'))
    .action(
      act(async (cmd, o: { olderThan?: number; apply?: boolean }) => {
        const c = await open(cmd);
        const [{ purgeCentre }, { loadRetention }] = await Promise.all([import('../centre/app/retention.js'), import('../app/retention.js')]);
        const r = await purgeCentre(c, loadRetention(), { apply: !!o.apply, ...(o.olderThan !== undefined ? { days: o.olderThan } : {}) });
        const params = { dossiers: r.dossiers, citizens: r.citizens, blobs: r.blobs, days: r.days, date: displayDate(localDate(r.cutoff)) };
        return { json: { ...r, cutoff: iso(r.cutoff) }, text: t(r.applied ? 'centre.purged' : 'centre.purgeDryRun', params) };
      }),
    );

  return {
    async close() {
      await opened?.close().catch(() => undefined);
      opened = undefined;
    },
  };
}

function readTls(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new DomainError('err.centre.tlsFile', { file, detail: (e as Error).message });
  }
}
