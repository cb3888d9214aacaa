// The cash statement of a trip (src/core/cash.ts), read from the store, checked, and said: as text
// lines for the screen and the receipt printer, and as an A4 PDF for signatures. It is made only from
// receipts the audit log vouches for (each dossier's receipt entry, its state and its payment
// confirmations checked against the log): a statement built on a fee changed behind the app's back,
// or whose sums do not add up, is refused, not printed.
import { createWriteStream } from 'node:fs';
import { buildStatement, CASH_LINES, cashLine, requireBalanced, type CashDossier, type CashLine, type CashPart, type CashStatement } from '../core/cash.js';
import type { Dossier } from '../core/dossier.js';
import { DomainError } from '../core/errors.js';
import { wrap } from '../core/print/layout.js';
import type { PrintDocument } from '../core/print/layout.js';
import { formBlocks, type FormDoc, type FormItem } from '../core/print/form.js';
import { translator } from '../i18n/index.js';
import { dateLine } from './forms/model.js';
import { fmtVnd } from '../core/receipt.js';
import { displayDate, hhmm, localDate } from '../core/time.js';
import type { Trip } from '../core/trip.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import type { AuditHead, AuditProblem } from '../store/audit.js';
import type { Office } from '../core/office.js';

/** What a cash statement is made from (Luudong is one). */
export interface CashSource {
  now(): number;
  currentTrip(): Trip | undefined;
  lastTrip(): Trip | undefined;
  getTrip(id: number): Trip | undefined;
  /** Every dossier received on a trip, cancelled ones included. */
  tripDossiers(tripId: number): Dossier[];
  /** What the audit chain finds wrong with these dossiers' rows (nothing: each is as logged). */
  auditProblems(dossierIds: readonly number[]): AuditProblem[];
  /** The audit chain's head, also kept beside the database (an anchor). */
  auditAnchor(): AuditHead | null;
  readonly offices: { ofTrip(trip: Trip | undefined): Office };
}

export interface TripCash {
  trip: Trip;
  statement: CashStatement;
  dossiers: Dossier[];
  /** The audit chain's head the statement stands on. */
  audit: AuditHead | null;
}

/** The statement of a trip (default: the open one, else the last), for all operators or one. */
export function tripCash(app: CashSource, opts: { tripId?: number; operator?: string | null } = {}): TripCash {
  const trip = opts.tripId === undefined ? (app.currentTrip() ?? app.lastTrip()) : app.getTrip(opts.tripId);
  if (!trip) throw opts.tripId === undefined ? new DomainError('err.report.noTrip') : new DomainError('err.tripNotFound', { id: opts.tripId });
  const all = app.tripDossiers(trip.id);
  const operator = opts.operator ?? null;
  const dossiers = operator === null ? all : all.filter((d) => d.operator === operator);
  if (operator !== null && dossiers.length === 0 && !all.some((d) => d.operator === operator)) throw new DomainError('err.cash.noOperator', { name: operator, trip: trip.id });
  // Every receipt as the log has it, before a sum is made of it.
  const problems = app.auditProblems(dossiers.map((d) => d.id));
  if (problems.length) throw new DomainError('err.cash.unlogged', { codes: [...new Set(problems.map((p) => p.what.replace(/^dossier /, '')))].slice(0, 20).join(', ') });
  const statement = buildStatement(trip.id, dossiers as CashDossier[], operator);
  requireBalanced(statement, dossiers);
  return { trip, statement, dossiers, audit: app.auditAnchor() };
}

const LINE_KEY: Record<CashLine, MessageKey> = {
  cash: 'cash.line.cash',
  bankConfirmed: 'cash.line.bankConfirmed',
  bankAwaiting: 'cash.line.bankAwaiting',
  online: 'cash.line.online',
  exempt: 'cash.line.exempt',
  cancelled: 'cash.line.cancelled',
};

/** The statement as rows, laid out for the screen (cashLines) or paper (cashDocument). */
type Row = { kind: 'title' | 'text'; text: string } | { kind: 'sum'; label: string; sub: boolean; n: number; vnd: number } | { kind: 'codes'; codes: string[] } | { kind: 'gap' };

/** The bank's reference of each confirmed transfer, by dossier code. */
const refsOf = (c: TripCash): Map<string, string> => new Map(c.dossiers.flatMap((d) => (d.paidRef && d.paidAt !== null ? [[d.code, d.paidRef] as const] : [])));

function partRows(t: Translate, p: CashPart, withCodes: boolean, refs: Map<string, string> = new Map()): Row[] {
  const out: Row[] = [{ kind: 'sum', label: t('cash.due'), sub: false, n: p.due.n, vnd: p.due.vnd }];
  for (const k of CASH_LINES) {
    const s = p.lines[k];
    if (s.n === 0) continue;
    out.push({ kind: 'sum', label: t(LINE_KEY[k]), sub: true, n: s.n, vnd: s.vnd });
    // a confirmed transfer's receipt with the bank's reference, to find it on the account's statement
    if (withCodes) out.push({ kind: 'codes', codes: s.codes.map((code) => (k === 'bankConfirmed' && refs.has(code) ? t('cash.withRef', { code, ref: refs.get(code) as string }) : code)) });
  }
  return out;
}

/** The trip's transfers (cancelled dossiers left out), each with where it stands and its bank reference: the JSON of `report cash`. */
export function cashTransfers(c: TripCash): { code: string; feeVnd: number; operator: string | null; state: 'awaiting' | 'paid'; paidAt: string | null; ref: string | null }[] {
  return c.dossiers
    .filter((d) => d.payment === 'bank_qr' && d.feeVnd > 0 && d.state !== 'cancelled')
    .map((d) => ({ code: d.code, feeVnd: d.feeVnd, operator: d.operator, state: d.paidAt === null ? 'awaiting' : 'paid', paidAt: d.paidAt === null ? null : new Date(d.paidAt).toISOString(), ref: d.paidRef }));
}

function cashRows(t: Translate, c: TripCash, at: number): Row[] {
  const s = c.statement;
  const rows: Row[] = [
    { kind: 'title', text: t('cash.title') },
    { kind: 'text', text: t('cash.trip', { id: c.trip.id, place: c.trip.place, commune: c.trip.commune, date: displayDate(c.trip.date) }) },
    ...(s.operator ? [{ kind: 'text' as const, text: t('cash.forOperator', { name: s.operator }) }] : []),
    { kind: 'gap' },
    ...partRows(t, s, true, refsOf(c)),
  ];
  if (s.operator === null && s.byOperator.length > 1)
    for (const o of s.byOperator) rows.push({ kind: 'gap' }, { kind: 'text', text: t('cash.operatorPart', { name: o.operator || '–' }) }, ...partRows(t, o, false));
  rows.push({ kind: 'gap' }, { kind: 'text', text: t('cash.madeAt', { at: `${hhmm(at)} ${displayDate(localDate(at))}` }) });
  if (c.audit) rows.push({ kind: 'text', text: t('rp.auditFoot', { entries: c.audit.entries }) }, { kind: 'text', text: `${c.audit.entries}:${c.audit.mac}` });
  return rows;
}

const sumRight = (r: { n: number; vnd: number }) => `${r.n}  ${fmtVnd(r.vnd)}`;

/** The statement as text lines of at most `width` columns (80 on screen). */
export function cashLines(t: Translate, c: TripCash, width: number, at: number): string[] {
  return cashRows(t, c, at).flatMap((r): string[] => {
    if (r.kind === 'gap') return [''];
    if (r.kind === 'codes') return wrap(r.codes.join(', '), width - 4).map((l) => `    ${l}`);
    if (r.kind !== 'sum') return wrap(r.text, width);
    const label = `${r.sub ? '  ' : ''}${r.label}`;
    const right = sumRight(r);
    const room = Math.max(8, width - right.length - 1);
    const l = [...label].length > room ? `${[...label].slice(0, room - 1).join('')}…` : label;
    return [`${l}${' '.repeat(Math.max(1, width - [...l].length - right.length))}${right}`];
  });
}

/**
 * The statement as a form for signatures, laid out by the forms' renderers (A4 and thermal): the
 * agency's heading, the sums, a row per receipt, and a signature place for each operator and the
 * supervisor. It is filed with the trip's papers: Vietnamese, whatever the operator's screen speaks.
 */
export function cashForm(app: CashSource, c: TripCash, at: number): FormDoc {
  const t = translator('vi');
  const office = app.offices.ofTrip(c.trip);
  const s = c.statement;
  const sum = (x: { n: number; vnd: number }) => t('cash.form.sum', { n: x.n, amount: fmtVnd(x.vnd) });
  return {
    form: 'cash',
    orientation: 'portrait',
    parent: office.agencyName.vi.toLocaleUpperCase('vi'),
    unit: office.unitName.vi.toLocaleUpperCase('vi'),
    national: [t('slip.nationalCountry'), t('slip.nationalMotto')],
    dateLine: dateLine(office.placeName, localDate(at)),
    title: t('cash.title'),
    subtitle: [t('cash.trip', { id: c.trip.id, place: c.trip.place, commune: c.trip.commune, date: displayDate(c.trip.date) }), ...(s.operator ? [t('cash.forOperator', { name: s.operator })] : [])],
    code: null,
    body: [
      { type: 'field', label: t('cash.due'), value: sum(s.due) },
      ...CASH_LINES.filter((k) => s.lines[k].n > 0).map((k): FormItem => ({ type: 'field', label: t(LINE_KEY[k]), value: sum(s.lines[k]) })),
      ...(s.operator === null && s.byOperator.length > 1
        ? s.byOperator.map((o): FormItem => ({ type: 'field', label: t('cash.operatorPart', { name: o.operator || '–' }).replace(/:$/, ''), value: sum(o.due) }))
        : []),
      {
        type: 'table',
        columns: [
          { title: t('hov.pdf.col.no'), share: 0.06, align: 'center' },
          { title: t('hov.pdf.col.code'), share: 0.3 },
          { title: t('cash.pdf.col.procedure'), share: 0.2 },
          { title: t('cash.pdf.col.operator'), share: 0.13 },
          { title: t('cash.pdf.col.how'), share: 0.17 },
          { title: t('cash.pdf.col.fee'), share: 0.14, align: 'right' },
        ],
        rows: c.dossiers.map((d, i) => {
          const line = cashLine(d);
          const how = line === 'bankConfirmed' && d.paidRef ? t('cash.howRef', { how: t(LINE_KEY[line]), ref: d.paidRef }) : t(LINE_KEY[line]);
          return [String(i + 1), d.code, d.procedureName.vi, d.operator ?? '–', how, fmtVnd(d.feeVnd)];
        }),
      },
      ...(c.audit ? [{ type: 'para' as const, text: `${t('rp.auditFoot', { entries: c.audit.entries })} ${c.audit.entries}:${c.audit.mac}` }] : []),
    ],
    signatures: signatures(t, c).map((x) => ({ title: x.title, hint: t('slip.signHint'), name: x.name || null })),
    closing: [],
    continued: t('cash.continued', { id: c.trip.id }),
    pageLabel: t('hov.pdf.page'),
  };
}

/** The statement on receipt paper (the form laid out for it). */
export function cashDocument(app: CashSource, c: TripCash, at: number): PrintDocument {
  return formBlocks(cashForm(app, c, at), 'cash', translator('vi')('cash.job', { id: c.trip.id }));
}

function signatures(t: Translate, c: TripCash): { title: string; name: string }[] {
  const who = c.statement.operator !== null ? [c.statement.operator] : c.statement.byOperator.map((o) => o.operator).filter(Boolean);
  return [...who.map((name) => ({ title: t('cash.signCollector'), name })), { title: t('cash.signSupervisor'), name: '' }];
}

/** The statement as an A4 PDF for signatures. */
export async function writeCashPdf(app: CashSource, c: TripCash, file: string, fontsDir: string): Promise<void> {
  const at = app.now();
  const { writeFormsPdf } = await import('./print/formPdf.js');
  await writeFormsPdf([cashForm(app, c, at)], fontsDir, createWriteStream(file, { mode: 0o600 }), { createdAt: new Date(at) });
}
