// Text presentation shared by the CLI and the TUI (no React, no I/O): durations, names, figures.
import type { PriorityCategory, ServiceGroup } from '../core/config.js';
import type { IssueResult } from './counterApp.js';
import type { Lang } from '../core/lang.js';
import type { Figures, Spread } from '../core/queue/figures.js';
import type { Ticket } from '../core/queue/types.js';
import { isMessageKey, type MessageKey, type Translate } from '../i18n/index.js';
import type { WorkerEvent } from './print/spool.js';
import type { DossierFigures } from '../core/dossierFigures.js';
import type { HelpService } from '../core/office.js';
import { fmtVnd } from '../core/receipt.js';
import { barChart, barGlyphs, hourSeries, tableLines, type BarGlyphs } from '../core/report.js';
import { wrap } from '../core/print/layout.js';

export function fmtDuration(t: Translate, ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return t('fig.none');
  const m = Math.round(ms / 60000);
  return m < 1 ? t('label.minutes', { n: '<1' }) : t('label.minutes', { n: m });
}

export function groupName(groups: readonly ServiceGroup[], code: string, lang: Lang): string {
  return groups.find((g) => g.code === code)?.name[lang] ?? code;
}

/**
 * What the status line says of a ticket just issued, in at most `width` columns: with its group and
 * priority category when they fit, else the category alone, else "priority" (the ticket's letter
 * names the group, and the operator chose the category a moment ago).
 */
export function issuedText(t: Translate, lang: Lang, data: { groups: readonly ServiceGroup[]; priorities: readonly PriorityCategory[] }, r: IssueResult, width = Number.POSITIVE_INFINITY): string {
  const base = { ticket: r.ticket.label, ahead: r.ahead, wait: fmtDuration(t, r.estimateMs) };
  const prio = r.ticket.priority ? (data.priorities.find((p) => p.code === r.ticket.priority)?.name[lang] ?? r.ticket.priority) : null;
  const forms = [
    t('ok.issued', { ...base, group: groupName(data.groups, r.ticket.group, lang), priority: prio ? ` – ${prio}` : '' }),
    ...(prio ? [t('ok.issuedPriority', { ...base, priority: prio }), t('ok.issuedShort', base)] : []),
  ];
  return forms.find((s) => [...s].length <= width) ?? (forms[forms.length - 1] as string);
}

export function ticketJson(t: Ticket) {
  return {
    ticket: t.label,
    group: t.group,
    originalGroup: t.originalGroup,
    priority: t.priority,
    status: t.status,
    counter: t.counter,
    walkIn: t.walkIn,
    issuedAt: new Date(t.issuedAt).toISOString(),
    firstCalledAt: t.firstCalledAt === null ? null : new Date(t.firstCalledAt).toISOString(),
    finishedAt: t.finishedAt === null ? null : new Date(t.finishedAt).toISOString(),
    recalls: t.recalls,
  };
}

/** Lines longer than `width` wrapped at spaces (continued under a two-space indent), never cut. */
const fit = (lines: string[], width: number) =>
  lines.flatMap((l) => {
    if (l.length <= width) return [l];
    const indent = /^ */.exec(l)?.[0] ?? '';
    return wrap(l.slice(indent.length), width - indent.length, 2).map((x) => indent + x);
  });
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function spreadText(t: Translate, s: Spread): string {
  return `${t('fig.median')} ${fmtDuration(t, s.medianMs)}, ${t('fig.p90')} ${fmtDuration(t, s.p90Ms)}`;
}

/**
 * The trip's figures as text lines at most `width` columns wide: totals, wait and service times,
 * per group, per counter and arrivals per hour as a bar chart (quiet hours in), drawn in blocks or,
 * on the Linux console or with LUUDONG_ASCII=1, in '#' (see barGlyphs).
 */
export function figuresLines(t: Translate, lang: Lang, f: Figures, groups: readonly ServiceGroup[], width = 78, glyphs: BarGlyphs = barGlyphs(process.env)): string[] {
  const lines: string[] = [];
  lines.push(
    `${t('fig.issued')}: ${f.issued}  ${t('fig.served')}: ${f.served}  ${t('fig.noShows')}: ${f.noShows}  ${t('fig.waiting')}: ${f.waiting}  ${t('fig.priority')}: ${f.priority}  ${t('fig.walkIns')}: ${f.walkIns}`,
  );
  // a closed trip's tickets it closed on: not served, and not absent
  if (f.unserved) lines.push(`${t('fig.unserved')}: ${f.unserved}`);
  lines.push(`${t('fig.wait')}: ${spreadText(t, f.wait)}`);
  lines.push(`${t('fig.service')}: ${spreadText(t, f.service)}`);
  lines.push('');
  lines.push(`${t('fig.byGroup')}:`);
  // A table headed from the catalogue in words (two-line headings), the names wrapped, never cut;
  // the service times move to a second table below when the width cannot hold them beside the rest.
  const m = (ms: number | null) => (ms === null ? t('fig.none') : fmtDuration(t, ms));
  const rows = f.byGroup
    .filter((g) => g.issued !== 0 || g.served !== 0 || g.waiting !== 0 || g.unserved !== 0)
    .map((g) => [
      `${groups.find((x) => x.code === g.group)?.prefix ?? '?'} ${groupName(groups, g.group, lang)}`,
      String(g.issued),
      String(g.served),
      String(g.noShows),
      // left: still waiting, or closed not served
      String(g.waiting + g.unserved),
      m(g.wait.medianMs),
      m(g.wait.p90Ms),
      m(g.service.medianMs),
      m(g.service.p90Ms),
    ]);
  lines.push(...tableLines([t('rp.colGroup'), ...t('fig.col').split('|')], rows, width, { runs: [4, 2, 2] }));
  lines.push(`  ${t('fig.legend')}`);
  lines.push(`${t('fig.byCounter')}:`);
  lines.push(...tableLines(t('rp.colCounters').split('|'), f.byCounter.map((c) => [t('label.counter', { no: c.counter }), String(c.served), m(c.service.medianMs), m(c.service.p90Ms)]), width, { runs: [1, 2] }));
  lines.push(`${t('fig.arrivals')}:`);
  const hours = hourSeries(f.arrivalsByHour).map((h) => ({ label: `${String(h.hour).padStart(2, '0')}h`, value: h.count }));
  lines.push(...barChart(hours, width, glyphs));
  return fit(lines, width);
}

/** The trip's dossier figures as text lines: dossiers by procedure, fees, help, satisfaction. */
export function dossierFiguresLines(t: Translate, lang: Lang, f: DossierFigures, help: readonly HelpService[], width = 78): string[] {
  const lines: string[] = [];
  lines.push(`${t('fig.dossiers')}: ${f.dossiers}  ${t('fig.byPost')}: ${f.byPost}  ${t('fig.fees')}: ${fmtVnd(f.feesVnd)}`);
  if (f.receipt.n) lines.push(`${t('fig.receipt')}: ${spreadText(t, f.receipt)}`);
  for (const p of f.byProcedure) lines.push(`  ${lpad(String(p.n), 4)}  ${p.name[lang]}`);
  const fields = f.byField.filter((x) => x.n > 0);
  if (fields.length) lines.push(...wrap(`${t('rp.secFields')}: ${fields.map((x) => `${t(`field.${x.field}` as MessageKey)} ${x.n}`).join('; ')}`, width, 2));
  const paid = f.byPayment.filter((p) => p.n > 0);
  if (paid.length) lines.push(`${t('fig.payments')}: ${paid.map((p) => `${t(`pay.${p.method}` as MessageKey)} ${p.n} (${fmtVnd(p.vnd)})`).join('; ')}`);
  lines.push(`${t('fig.help')}: ${f.helpTotal}`);
  for (const h of f.help) if (h.n > 0) lines.push(`  ${lpad(String(h.n), 4)}  ${help.find((x) => x.code === h.code)?.name[lang] ?? h.code}`);
  const r = f.ratings;
  lines.push(`${t('fig.ratings')}: ${r.n ? `${r.mean?.toFixed(1)}/5 (${r.n})  ${r.counts.map((c, i) => `${i + 1}★ ${c}`).join('  ')}` : t('fig.none')}`);
  return fit(lines, width);
}

/** What happened to a print job, for the operator. */
/** What a job prints, in the operator's words ("Giấy hẹn A4 H26.107-261203-0002"), never its internal kind. */
export function jobTitle(t: Translate, j: { kind: string; ref: string | null }): string {
  const key = `print.kind.${j.kind}`;
  return `${isMessageKey(key) ? t(key) : j.kind} ${j.ref ?? ''}`.trim();
}

export function describeEvent(t: Translate, e: WorkerEvent): string {
  const title = jobTitle(t, e.job);
  if (e.kind === 'printed') return t('print.printed', { title, printer: e.job.printer });
  if (e.kind === 'interrupted') return t('print.interrupted', { title });
  const failure = t(`print.failure.${e.reason ?? 'unexpected'}` as MessageKey);
  if (e.kind === 'problem') return t('print.problem', { printer: e.job.printer, failure, title });
  // failed: the job itself cannot print (its dossier is gone, say); the reason in the operator's words
  const why = e.reason && isMessageKey(e.reason) ? t(e.reason, e.params) : t('print.failure.unexpected');
  return t('print.failed', { title, reason: why });
}
