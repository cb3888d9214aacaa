// Fleet figures (`luudong centre report`, the centre screen): by vehicle, commune, procedure, field,
// week or month over a period; dossiers, results on time, overdue, waits (median and P90 over every
// ticket), help by kind, satisfaction, fees collected and awaiting. Counted in the database, put
// together by src/centre/core/figures.ts, said here in the staff's language as text lines, CSV
// (long format, as the vehicle's report: section, key, label, value) or JSON.
import type { Lang } from '../../core/lang.js';
import type { HelpService } from '../../core/office.js';
import { communeKey } from '../../core/officeUpdates.js';
import { wrap } from '../../core/print/layout.js';
import { fmtVnd } from '../../core/receipt.js';
import { tableLines, type CsvValue } from '../../core/report.js';
import { displayDate, localDate } from '../../core/time.js';
import { isMessageKey, type MessageKey, type Translate } from '../../i18n/index.js';
import { buildFleetReport, checkPeriod, sumCounts, type FleetQuery, type FleetReport, type FleetRow } from '../core/figures.js';
import { ReportRepo } from '../store/report.js';
import { CommuneRepo } from '../store/vehicles.js';
import type { Centre } from './centre.js';
import { vehicleByName } from './vehicles.js';

export async function fleetReport(centre: Centre, q: FleetQuery, t: Translate, lang: Lang): Promise<FleetReport> {
  await centre.guard('report');
  checkPeriod(q.from, q.to);
  const vehicleId = q.vehicle ? (await vehicleByName(centre, q.vehicle)).id : undefined;
  const commune = q.commune ? await new CommuneRepo(centre.pool).byKey(communeKey(q.commune)) : undefined;
  // A commune nobody has visited: an empty report, not every commune's.
  const communeId = q.commune ? (commune?.id ?? -1) : undefined;
  const today = localDate(centre.now());
  const base = { from: q.from, to: q.to, asOf: q.to < today ? q.to : today, vehicleId, communeId, lang };
  const repo = new ReportRepo(centre.pool);
  // Every dimension puts each dossier in one row, and each ticket in one row, except procedures and
  // fields, where a ticket counts under each procedure it came for: the total is the rows added up
  // (histograms bucket by bucket, so its median is still over all tickets), with the tickets counted
  // apart for procedures and fields.
  const ticketRows = q.by !== 'procedure' && q.by !== 'field';
  const [rows, tickets] = await Promise.all([repo.counts({ ...base, by: q.by }), ticketRows ? Promise.resolve(undefined) : repo.counts({ ...base, by: 'total' }, { dossiers: false, tickets: true })]);
  const summed = sumCounts('total', '', [...rows.values()]);
  const ticketTotal = tickets?.get('total');
  const total = ticketTotal ? { ...summed, waits: ticketTotal.waits, help: ticketTotal.help, ratings: ticketTotal.ratings } : summed;
  for (const r of rows.values()) {
    if (q.by === 'field') r.label = isMessageKey(`field.${r.key}`) ? t(`field.${r.key}` as MessageKey) : r.key;
    if (q.by === 'commune' && r.key === '-') r.label = t('centre.report.noCommune');
  }
  total.label = t('pt.total');
  return buildFleetReport(q, [...rows.values()], total);
}

/** A wait: minutes and seconds under 10 minutes (kept to the second or 10 s, migration 4), whole minutes beyond. */
const minutes = (t: Translate, ms: number | null) => {
  if (ms === null) return t('fig.none');
  const s = Math.round(ms / 1000);
  return s < 600 ? t('label.minSecShort', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') }) : t('label.minutes', { n: Math.round(s / 60) });
};
const pct = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)}%`);
const mean = (lang: Lang, m: number | null) => (m === null ? '–' : m.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** The report as text lines at most `width` columns: a heading, the main table, fees, help. */
export function fleetReportLines(t: Translate, lang: Lang, r: FleetReport, width: number, helpServices: readonly HelpService[]): string[] {
  const q = r.query;
  const head = [
    t('centre.report.title', { by: t(`centre.dim.${q.by}` as MessageKey), from: displayDate(q.from), to: displayDate(q.to) }),
    ...(q.vehicle ? [t('centre.report.onlyVehicle', { name: q.vehicle })] : []),
    ...(q.commune ? [t('centre.report.onlyCommune', { name: q.commune })] : []),
  ];
  const all = [...r.rows, r.total];
  const main = tableLines(
    t('centre.report.cols').split('|'),
    all.map((x: FleetRow) => [x.label, String(x.dossiers), pct(x.onTime.rate), String(x.overdue), String(x.wait.n), minutes(t, x.wait.medianMs), minutes(t, x.wait.p90Ms), mean(lang, x.ratings.mean)]),
    width,
    { runs: [3, 3, 1] },
  );
  const fees = tableLines(t('centre.report.feeCols').split('|'), all.map((x) => [x.label, fmtVnd(x.fees.collectedVnd), fmtVnd(x.fees.awaitingVnd)]), width);
  const helpName = (code: string) => helpServices.find((h) => h.code === code)?.name[lang] ?? code;
  const help = r.total.helpTotal ? tableLines([t('rp.colHelp'), t('rp.colTimes')], [...r.total.help.map((h) => [helpName(h.kind), String(h.n)]), [t('pt.total'), String(r.total.helpTotal)]], width) : ['  ' + t('fig.none')];
  return [...head, '', ...main, '', t('centre.report.fees'), ...fees, '', t('fig.help'), ...help, '', ...t('centre.report.legend').split('\n').flatMap((l) => wrap(l, width))];
}

/** The report as long-format CSV records, header first (src/core/report.ts toCsv writes them). */
export function fleetReportCsv(r: FleetReport): CsvValue[][] {
  const out: CsvValue[][] = [['dimension', 'key', 'label', 'figure', 'value']];
  const q = r.query;
  const min = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);
  for (const x of [...r.rows, r.total]) {
    const add = (figure: string, value: CsvValue) => out.push([x === r.total ? 'total' : q.by, x.key, x.label, figure, value]);
    add('dossiers', x.dossiers);
    add('with_result', x.onTime.withResult);
    add('on_time', x.onTime.onTime);
    add('on_time_rate', x.onTime.rate === null ? null : Math.round(x.onTime.rate * 1000) / 1000);
    add('overdue', x.overdue);
    add('wait_n', x.wait.n);
    add('wait_median_min', min(x.wait.medianMs));
    add('wait_p90_min', min(x.wait.p90Ms));
    add('wait_median_s', x.wait.medianMs === null ? null : Math.round(x.wait.medianMs / 1000));
    add('wait_p90_s', x.wait.p90Ms === null ? null : Math.round(x.wait.p90Ms / 1000));
    for (const h of x.help) add(`help.${h.kind}`, h.n);
    add('help_total', x.helpTotal);
    add('ratings_n', x.ratings.n);
    add('rating_mean', x.ratings.mean === null ? null : Math.round(x.ratings.mean * 100) / 100);
    x.ratings.counts.forEach((n, i) => add(`score_${i + 1}`, n));
    add('fees_collected_vnd', x.fees.collectedVnd);
    add('fees_awaiting_vnd', x.fees.awaitingVnd);
  }
  return out;
}
