// Text presentation shared by the CLI and the TUI (no React, no I/O): durations, names, figures.
import type { ServiceGroup } from '../core/config.js';
import type { Lang } from '../core/lang.js';
import type { Figures, Spread } from '../core/queue/figures.js';
import type { Ticket } from '../core/queue/types.js';
import { isMessageKey, type MessageKey, type Translate } from '../i18n/index.js';
import type { WorkerEvent } from './print/spool.js';
import type { DossierFigures } from '../core/dossierFigures.js';
import type { HelpService } from '../core/office.js';
import { fmtVnd } from '../core/receipt.js';
import { barChart, barGlyphs, hourSeries, type BarGlyphs } from '../core/report.js';
import { wrap } from '../core/print/layout.js';

export function fmtDuration(t: Translate, ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return t('fig.none');
  const m = Math.round(ms / 60000);
  return m < 1 ? t('label.minutes', { n: '<1' }) : t('label.minutes', { n: m });
}

export function groupName(groups: readonly ServiceGroup[], code: string, lang: Lang): string {
  return groups.find((g) => g.code === code)?.name[lang] ?? code;
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

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
/** A name in `n` columns, shortened by rule and never cut mid-word: a part in brackets goes first, then the last words. */
function shortName(s: string, n: number): string {
  if (s.length <= n) return s;
  const plain = s.replace(/\s*\([^)]*\)/g, '').trim();
  if (plain.length <= n) return plain;
  const words = plain.split(' ');
  while (words.length > 1 && words.join(' ').length > n) words.pop();
  return words.join(' ').slice(0, n);
}
/** Lines longer than `width` wrapped at spaces (continued under a two-space indent), never cut. */
const fit = (lines: string[], width: number) => lines.flatMap((l) => (l.length > width ? wrap(l, width, 2) : [l]));
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
  lines.push(`${t('fig.wait')}: ${spreadText(t, f.wait)}`);
  lines.push(`${t('fig.service')}: ${spreadText(t, f.service)}`);
  lines.push('');
  lines.push(`${t('fig.byGroup')}:`);
  // A table: group name, then counts and times in fixed columns headed from the catalogue.
  const cols = t('fig.col').split('|');
  // every column at least one space wider than its heading, so headings never run together
  const widths = [7, 6, 6, 6, 8, 7, 8, 7].map((w, i) => Math.max(w, (cols[i] ?? '').length + 1));
  const nameW = Math.max(8, width - 2 - widths.reduce((a, b) => a + b, 0));
  const row = (name: string, cells: string[]) => '  ' + pad(shortName(name, nameW), nameW) + cells.map((c, i) => lpad(c, widths[i] ?? 8)).join('');
  lines.push(row('', cols));
  const m = (ms: number | null) => (ms === null ? t('fig.none') : t('label.minShort', { n: Math.round(ms / 60000) }));
  for (const g of f.byGroup) {
    if (g.issued === 0 && g.served === 0 && g.waiting === 0) continue;
    const gr = groups.find((x) => x.code === g.group);
    lines.push(
      row(`${gr?.prefix ?? '?'} ${groupName(groups, g.group, lang)}`, [
        String(g.issued),
        String(g.served),
        String(g.noShows),
        String(g.waiting),
        m(g.wait.medianMs),
        m(g.wait.p90Ms),
        m(g.service.medianMs),
        m(g.service.p90Ms),
      ]),
    );
  }
  lines.push(`  ${t('fig.legend')}`);
  lines.push(`${t('fig.byCounter')}:`);
  for (const c of f.byCounter) {
    lines.push(`  ${pad(t('label.counter', { no: c.counter }), 10)} ${t('fig.served')}: ${lpad(String(c.served), 4)}  ${t('fig.service')}: ${spreadText(t, c.service)}`);
  }
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
