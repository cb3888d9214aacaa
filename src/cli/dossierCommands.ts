// CLI commands of dossier receipt: citizen, procedures, dossier, assist (help without a dossier)
// and queue rate. Each prints text in the operator's language or --json.
import { Option } from 'commander';
import type { Luudong } from '../app/luudong.js';
import type { CounterApp } from '../app/counterApp.js';
import { loadDomainData } from '../app/data.js';
import { catalogueFee, documentLine, slipModel, slipText } from '../app/slip.js';
import { parseCitizenQr, type Citizen } from '../core/citizen.js';
import type { Lang } from '../core/lang.js';
import { type Dossier, paymentState } from '../core/dossier.js';
import { DomainError } from '../core/errors.js';
import { DOSSIER_STATES, isDossierState } from '../core/lifecycle.js';
import { PROCEDURE_FIELDS, searchProcedures, type Procedure } from '../core/procedures.js';
import { findProcedure, fmtVnd, procedureKey, visitForReceipt, type PaymentMethod, type ReturnMethod } from '../core/receipt.js';
import { displayDate, hhmm, localDate } from '../core/time.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { CliContext } from './context.js';
import { readStdin } from './stdin.js';

/** Text from stdin (a scanner or a script piping the QR), read whole however slowly it comes. */
function stdin(): string {
  try {
    return readStdin();
  } catch (e) {
    throw new DomainError('err.stdin', { detail: (e as Error).message });
  }
}

const PAY: Record<string, PaymentMethod> = { cash: 'cash', bank: 'bank_qr', bank_qr: 'bank_qr', qr: 'bank_qr', online: 'online', exempt: 'exempt' };
const RET: Record<string, ReturnMethod> = { visit: 'next_visit', next_visit: 'next_visit', office: 'commune_office', commune_office: 'commune_office', post: 'post' };

/** Where a result comes back when --return is not given: the next visit if one fits (see visitForReceipt), else the commune office. */
function defaultReturn(a: CounterApp, p: Procedure): ReturnMethod {
  const trip = a.currentTrip();
  if (!trip) return 'commune_office';
  const now = a.now();
  return visitForReceipt(a.schedule.list(), trip, a.dossiers.days, localDate(now), hhmm(now), p.processingDays) ? 'next_visit' : 'commune_office';
}

export function citizenJson(c: Citizen) {
  return { id: c.id, oldId: c.oldId, fullName: c.fullName, dob: c.dob, gender: c.gender, address: c.address, issueDate: c.issueDate, extra: c.extra, raw: c.raw };
}

function citizenText(t: Translate, c: Citizen): string[] {
  return [
    t('cit.line', { id: c.id, name: c.fullName }),
    t('cit.details', { dob: displayDate(c.dob), gender: t(c.gender === 'male' ? 'cit.male' : 'cit.female'), old: c.oldId ?? '–', issued: c.issueDate ? displayDate(c.issueDate) : '–' }),
    t('cit.address', { address: c.address }),
  ];
}

export function dossierJson(a: CounterApp, d: Dossier) {
  return {
    code: d.code,
    state: d.state,
    timeliness: a.dossiers.timeliness(d),
    citizen: { id: d.citizenId, name: d.citizenName },
    procedure: { key: d.procedureKey, code: d.procedureCode, name: d.procedureName, field: d.field, processingDays: d.processingDays },
    documents: d.documents,
    feeVnd: d.feeVnd,
    payment: d.payment,
    paymentState: paymentState(d),
    paidAt: d.paidAt === null ? null : new Date(d.paidAt).toISOString(),
    paidRef: d.paidRef,
    vietqr: d.vietqr,
    returnMethod: d.returnMethod,
    postalAddress: d.postalAddress,
    postalFeeVnd: d.postalFeeVnd,
    fee: d.feeDetail,
    phone: d.phone,
    email: d.email,
    subject: d.subject,
    agency: d.agency,
    register: d.register,
    receivedAt: new Date(d.receivedAt).toISOString(),
    dueDate: d.dueDate,
    dueTime: d.dueTime,
    resultOn: d.resultOn,
    trip: d.tripId,
    ticket: d.ticketLabel,
    operator: d.operator,
    note: d.note,
  };
}

function dossierLine(t: Translate, lang: Lang, a: CounterApp, d: Dossier): string {
  return t('dos.line', {
    code: d.code,
    name: d.citizenName,
    procedure: d.procedureName[lang],
    state: t(`dossier.${d.state}` as MessageKey),
    due: displayDate(d.dueDate),
    timeliness: t(`time.${a.dossiers.timeliness(d)}` as MessageKey),
  });
}

function procedureJson(p: Procedure) {
  return { key: procedureKey(p), ...p };
}

function procedureText(t: Translate, lang: Lang, p: Procedure): string[] {
  const form = (f: string) => t(`slip.form.${f}` as MessageKey);
  return [
    `${p.name[lang]}  [${procedureKey(p)}]${p.verified ? '' : `  (${t('proc.unverified')})`}`,
    t('proc.details', { field: t(`field.${p.field}` as MessageKey), days: p.processingDays === 0 ? t('slip.sameDay') : t('slip.days', { n: p.processingDays }), fee: catalogueFee(t, p), post: t(p.postalReturn ? 'label.yes' : 'label.no') }),
    ...(p.feeNote ? [`  ${p.feeNote[lang]}`] : []),
    t('proc.agency', { agency: p.agency[lang] }),
    t('slip.documents'),
    ...p.documents.map((d, i) => `  ${documentLine(t, lang, i + 1, d.name, form(d.form), d.count)}${d.mandatory ? ' *' : ''}`),
    t('proc.legend'),
  ];
}

/** "2,3" into numbers (1-based, as on the slip). */
function numbers(spec: string): number[] {
  return spec.split(/[\s,]+/).filter(Boolean).map((x) => {
    if (!/^\d+$/.test(x)) throw new DomainError('err.badNumber', { value: x });
    return Number(x);
  });
}

/** "1,3,4" (1-based, as on screen and in `procedures show`), "all" or "mandatory". */
function parseDocs(spec: string | undefined, p: Procedure): number[] {
  if (spec === undefined || spec.trim() === '') return [];
  const s = spec.trim().toLowerCase();
  if (s === 'all') return p.documents.map((_, i) => i);
  if (s === 'mandatory') return p.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
  return s.split(/[\s,]+/).filter(Boolean).map((x) => {
    if (!/^\d+$/.test(x)) throw new DomainError('err.badNumber', { value: x });
    return Number(x) - 1;
  });
}

export function registerDossierCommands({ program, queue, t, lang, act, app, capp: capp0, int }: CliContext): void {
  // Through a hub: citizens, receiving, finding and showing dossiers, their states (supplements
  // too), refusals, confirmed transfers, help and ratings.
  const capp = capp0 ?? app;
  // ---- citizen -----------------------------------------------------------------------------
  const citizen = program.command('citizen').description(t('cli.cmd.citizen'));
  citizen
    .command('parse-qr')
    .description(t('cli.cmd.parseQr'))
    .option('--save', t('cli.opt.save'))
    .action(
      act((cmd, o: { save?: boolean }) => {
        const text = stdin();
        if (o.save) {
          const r = capp(cmd).citizenFromQr(text);
          return { json: { citizen: citizenJson(r.citizen), changes: r.changes }, text: [...citizenText(t, r.citizen), ...r.changes.map((c) => t('cit.changed', { field: c.field, old: c.oldValue ?? '–', new: c.newValue ?? '–' }))] };
        }
        // Parsing alone needs no database: only the province table and today's date.
        const c = parseCitizenQr(text, loadDomainData().provinces, localDate(Date.now()));
        return { json: { citizen: citizenJson(c) }, text: citizenText(t, c) };
      }),
    );
  citizen
    .command('add')
    .description(t('cli.cmd.citizenAdd'))
    .requiredOption('--id <12 digits>', t('slip.idNumber'))
    .requiredOption('--name <full name>', t('cit.name'))
    .requiredOption('--dob <dd/mm/yyyy>', t('cit.dob'))
    .requiredOption('--gender <Nam|Nữ>', t('cit.gender'))
    .requiredOption('--address <text>', t('slip.address'))
    .option('--old-id <number>', t('cit.oldId'))
    .option('--issued <dd/mm/yyyy>', t('cit.issued'))
    .action(
      act((cmd, o: { id: string; name: string; dob: string; gender: string; address: string; oldId?: string; issued?: string }) => {
        const r = capp(cmd).citizenFromInput({ id: o.id, fullName: o.name, dob: o.dob, gender: o.gender, address: o.address, oldId: o.oldId ?? null, issueDate: o.issued ?? null });
        return { json: { citizen: citizenJson(r.citizen), changes: r.changes }, text: citizenText(t, r.citizen) };
      }),
    );
  citizen
    .command('show <id>')
    .description(t('cli.cmd.citizenShow'))
    .action(
      act((cmd, id: string) => {
        const a = capp(cmd);
        const c = a.citizen(id.trim());
        if (!c) throw new DomainError('err.citizen.unknown', { id });
        const history = a.citizenHistory(c.id);
        const dossiers = a.dossiers.find(c.id);
        return {
          json: { citizen: citizenJson(c), history, dossiers: dossiers.map((d) => dossierJson(a, d)) },
          text: [...citizenText(t, c), ...history.map((h) => t('cit.changedAt', { at: `${displayDate(localDate(h.at))} ${hhmm(h.at)}`, field: h.field, old: h.oldValue ?? '–', new: h.newValue ?? '–' })), ...dossiers.map((d) => dossierLine(t, lang, a, d))],
        };
      }),
    );

  // ---- procedures --------------------------------------------------------------------------
  const procedures = program.command('procedures').description(t('cli.cmd.procedures'));
  procedures
    .command('list [query...]')
    .description(t('cli.cmd.procList'))
    .addOption(new Option('--field <field>', t('cli.opt.field')).choices([...PROCEDURE_FIELDS]))
    .action(
      act((_cmd, query: string[], o: { field?: string }) => {
        const list = searchProcedures(loadDomainData().procedures, query.join(' '), 1000).filter((p) => !o.field || p.field === o.field);
        return {
          json: list.map(procedureJson),
          text: list.length ? list.map((p) => `${procedureKey(p).padEnd(10)} ${p.name[lang]}  (${p.processingDays === 0 ? t('slip.sameDay') : t('slip.days', { n: p.processingDays })}, ${catalogueFee(t, p)})`) : t('proc.none'),
        };
      }),
    );
  procedures
    .command('show <key...>')
    .description(t('cli.cmd.procShow'))
    .action(
      act((_cmd, key: string[]) => {
        const p = findProcedure(loadDomainData().procedures, key.join(' '));
        return { json: procedureJson(p), text: procedureText(t, lang, p) };
      }),
    );

  // ---- dossier -----------------------------------------------------------------------------
  const dossier = program.command('dossier').description(t('cli.cmd.dossier'));
  dossier
    .command('receive')
    .description(t('cli.cmd.receive'))
    .option('--citizen <id>', t('cli.opt.citizen'))
    .option('--qr', t('cli.opt.qr'))
    .requiredOption('--procedure <code|name>', t('cli.opt.procedure'))
    .option('--docs <list>', t('cli.opt.docs'))
    .option('--fee <vnd>', t('cli.opt.fee'))
    .addOption(new Option('--pay <method>', t('cli.opt.pay')).choices(Object.keys(PAY)))
    .addOption(new Option('--return <method>', t('cli.opt.return')).choices(Object.keys(RET)))
    .option('--address <text>', t('cli.opt.address'))
    .option('--postal-fee <vnd>', t('cli.opt.postalFee'))
    .option('--ticket <label>', t('cli.opt.ticket'))
    .addOption(new Option('-c, --counter <n>', t('cli.opt.counter')).argParser(int))
    .option('--note <text>', t('slip.note'))
    .option('--phone <number>', t('cli.opt.phone'))
    .option('--email <address>', t('cli.opt.email'))
    .option('--sms', t('cli.opt.sms'))
    .option('--pages <n>', t('cli.opt.pages'))
    .option('--copies <n>', t('cli.opt.copies'))
    .option('--online', t('cli.opt.online'))
    .option('--exempt <condition>', t('cli.opt.exempt'))
    .option('--subject-name <name>', t('cli.opt.subjectName'))
    .option('--subject-date <dd/mm/yyyy>', t('cli.opt.subjectDate'))
    .option('--incomplete <reason>', t('cli.opt.incomplete'))
    .option('--contact <who>', t('cli.opt.contact'))
    .option('--slip', t('cli.opt.slip'))
    .action(
      act((cmd, o: { citizen?: string; qr?: boolean; procedure: string; docs?: string; fee?: string; pay?: string; return: string; address?: string; postalFee?: string; ticket?: string; counter?: number; note?: string; slip?: boolean; phone?: string; sms?: boolean; email?: string; pages?: string; copies?: string; online?: boolean; exempt?: string; subjectName?: string; subjectDate?: string; incomplete?: string; contact?: string }) => {
        // Through a hub too: the receipt is the hub's use case, given once whatever the link does
        // (its request id), numbered by the hub; the fee is worked out there from the trip's office.
        const a = capp(cmd);
        let citizenId = o.citizen?.trim();
        if (o.qr) citizenId = a.citizenFromQr(stdin()).citizen.id;
        if (!citizenId) throw new DomainError('err.citizen.missing', {});
        const p = findProcedure(a.data.procedures, o.procedure);
        // As at the counter: cash unless nothing is charged ("exempt"), or an exemption is confirmed.
        // (a rate the province sets counts once the office has it; without one, as before, nothing is charged)
        const rule = p.fee.rule;
        const rate = rule.kind === 'province' ? (a.offices.ofTrip(a.currentTrip()).provinceFees[rule.key] ?? 0) : p.feeVnd;
        const fee = o.fee !== undefined ? int(o.fee) : rate;
        const pay = o.exempt ? 'exempt' : (o.pay ?? (p.fee.type === 'none' || fee === 0 ? 'exempt' : 'cash'));
        if ((o.subjectName === undefined) !== (o.subjectDate === undefined)) throw new DomainError('err.receipt.subjectBoth', {});
        const d = a.dossiers.receive(
          {
            citizenId,
            procedure: procedureKey(p),
            documents: parseDocs(o.docs, p),
            ...(o.fee !== undefined ? { feeVnd: int(o.fee) } : {}),
            payment: PAY[pay] as PaymentMethod,
            // Default: at the next visit to the open trip's place when one is scheduled on or after the
            // due date (as the counter screen offers it); else at the commune office. The slip says which.
            returnMethod: (o.return ? RET[o.return] : defaultReturn(a, p)) as ReturnMethod,
            postalAddress: o.address ?? null,
            postalFeeVnd: o.postalFee !== undefined ? int(o.postalFee) : null,
            note: o.note ?? null,
            phone: o.phone ?? null,
            ...(o.sms ? { sms: true } : {}),
            email: o.email ?? null,
            ...(o.pages !== undefined ? { pages: int(o.pages) } : {}),
            ...(o.copies !== undefined ? { copies: int(o.copies) } : {}),
            ...(o.online ? { channel: 'online' as const } : {}),
            exemption: o.exempt ?? null,
            subject: o.subjectName !== undefined && o.subjectDate !== undefined ? { name: o.subjectName, date: o.subjectDate } : null,
            incomplete: o.incomplete !== undefined ? { reason: o.incomplete, contact: o.contact ?? null } : null,
          },
          o.ticket ? { label: o.ticket } : o.counter !== undefined ? { counter: o.counter } : null,
        );
        const text = [d.state === 'supplement_requested' ? t('ok.receivedIncomplete', { code: d.code }) : t('ok.received', { code: d.code, due: displayDate(d.dueDate) })];
        if (o.slip) text.push('', ...slipText(slipModel(t, lang, d, a.citizen(d.citizenId), a.offices.ofDossier(d, a.currentTrip()), a.currentTrip()), 64));
        return { json: dossierJson(a, d), text };
      }),
    );
  dossier
    .command('show <code>')
    .description(t('cli.cmd.dossierShow'))
    .option('--slip', t('cli.opt.slip'))
    .action(
      act((cmd, code: string, o: { slip?: boolean }) => {
        const a = capp(cmd);
        const d = a.dossiers.get(code);
        const events = a.dossiers.events(d);
        const trip = d.tripId === null ? undefined : a.getTrip(d.tripId);
        const text = [
          dossierLine(t, lang, a, d),
          ...events.map((e) => t('dos.event', { at: `${displayDate(localDate(e.at))} ${hhmm(e.at)}`, state: t(`dossier.${e.to}` as MessageKey), operator: e.operator ?? '–', note: e.note ? ` – ${e.note}` : '' })),
        ];
        if (o.slip) text.push('', ...slipText(slipModel(t, lang, d, a.citizen(d.citizenId), a.offices.ofDossier(d, trip), trip), 64));
        return { json: { ...dossierJson(a, d), events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })) }, text };
      }),
    );
  dossier
    .command('find <query...>')
    .description(t('cli.cmd.dossierFind'))
    .action(
      act((cmd, query: string[]) => {
        const a = capp(cmd);
        const list = a.dossiers.find(query.join(' '));
        return { json: list.map((d) => dossierJson(a, d)), text: list.length ? list.map((d) => dossierLine(t, lang, a, d)) : t('dos.none') };
      }),
    );
  dossier
    .command('status <code> <state>')
    .description(t('cli.cmd.dossierStatus', { states: DOSSIER_STATES.join(', ') }))
    .option('--note <text>', t('slip.note'))
    .option('--missing <list>', t('cli.opt.missing'))
    .option('--contact <who>', t('cli.opt.contact'))
    .action(
      act((cmd, code: string, state: string, o: { note?: string; missing?: string; contact?: string }) => {
        if (!isDossierState(state)) throw new DomainError('err.dossier.state', { value: state, list: DOSSIER_STATES.join(', ') });
        // At the desk, asking for papers prints the request to supplement: the note is its reason
        // (through a hub, printed on the workstation's own printer where it has one).
        const a: CounterApp = capp(cmd);
        const d =
          state === 'supplement_requested'
            ? a.dossiers.requestSupplement(code, { reason: o.note ?? '', contact: o.contact ?? null, ...(o.missing ? { documents: numbers(o.missing) } : {}) }).dossier
            : a.dossiers.setState(code, state, o.note ?? null);
        return { json: dossierJson(a, d), text: t('ok.dossierState', { code: d.code, state: t(`dossier.${d.state}` as MessageKey) }) };
      }),
    );

  dossier
    .command('refuse')
    .description(t('cli.cmd.dossierRefuse'))
    .requiredOption('--procedure <code|name>', t('cli.opt.procedure'))
    .requiredOption('--reason <text>', t('cli.opt.refuseReason'))
    .option('--citizen <id>', t('cli.opt.citizen'))
    .option('--qr', t('cli.opt.qr'))
    .option('--name <full name>', t('cit.name'))
    .option('--address <text>', t('slip.address'))
    .option('--phone <number>', t('cli.opt.phone'))
    .option('--email <address>', t('cli.opt.email'))
    .option('--code <dossier code>', t('cli.opt.refuseCode'))
    .action(
      act((cmd, o: { procedure: string; reason: string; citizen?: string; qr?: boolean; name?: string; address?: string; phone?: string; email?: string; code?: string }) => {
        // through the hub too: its forms print on the workstation's own printers
        const a = capp(cmd);
        const citizenId = o.qr ? a.citizenFromQr(stdin()).citizen.id : (o.citizen ?? null);
        const r = a.dossiers.refuse({ citizenId, name: o.name ?? null, address: o.address ?? null, phone: o.phone ?? null, email: o.email ?? null, procedure: o.procedure, reason: o.reason, code: o.code ?? null });
        return { json: { ...r, office: JSON.parse(r.office) as unknown, at: new Date(r.at).toISOString() }, text: t('ok.refused', { id: r.id, name: r.citizenName }) };
      }),
    );
  dossier
    .command('paid <code>')
    .description(t('cli.cmd.dossierPaid'))
    .option('--ref <text>', t('cli.opt.paidRef'))
    // the name it had before --ref (scripts may use it): the same reference
    .addOption(new Option('--note <text>').hideHelp())
    .action(
      act((cmd, code: string, o: { ref?: string; note?: string }) => {
        // through the hub too: the operator who sees the transfer arrive may sit at a workstation
        const a = capp(cmd);
        const d = a.dossiers.confirmPayment(code, o.ref ?? o.note ?? null);
        return { json: dossierJson(a, d), text: t(d.paidRef ? 'ok.paidRef' : 'ok.paid', { code: d.code, fee: fmtVnd(d.feeVnd), ref: d.paidRef ?? '' }) };
      }),
    );

  // ---- help without a dossier, satisfaction --------------------------------------------------
  program
    .command('assist <kind>')
    .description(t('cli.cmd.assist'))
    .addOption(new Option('-c, --counter <n>', t('cli.opt.counter')).argParser(int))
    .option('--citizen <id>', t('cli.opt.citizen'))
    .action(
      act((cmd, kind: string, o: { counter?: number; citizen?: string }) => {
        const a = capp(cmd);
        const r = a.dossiers.logHelp(kind, o.counter !== undefined ? { counter: o.counter } : null, o.citizen ?? null);
        const name = a.data.helpServices.find((h) => h.code === r.kind)?.name[lang] ?? r.kind;
        return { json: { kind: r.kind, ticket: r.ticket?.label ?? null, citizen: r.citizen?.id ?? null }, text: t('ok.helped', { kind: name, who: r.citizen ? ` – ${r.citizen.fullName}` : '' }) };
      }),
    );
  queue
    .command('rate <score>')
    .description(t('cli.cmd.rate'))
    .addOption(new Option('-c, --counter <n>', t('cli.opt.counter')).argParser(int))
    .option('--ticket <label>', t('cli.opt.ticket'))
    .action(
      act((cmd, score: string, o: { counter?: number; ticket?: string }) => {
        if (!o.ticket && o.counter === undefined) throw new DomainError('err.ticketNotFound', { ticket: '?' });
        const tk = capp(cmd).dossiers.rate(int(score), o.ticket ? { label: o.ticket } : { counter: o.counter as number });
        return { json: { ticket: tk.label, score: Number(score) }, text: t('ok.rated', { ticket: tk.label, score }) };
      }),
    );
}
