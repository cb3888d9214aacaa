// The trip and day reports (issue 6): which trips (a trip: the one asked for, else the open one, else
// the last; a day: every trip of the date), their records read through a ReportSource and combined by
// core/report.ts, and the report said in the operator's language: sections of text lines for the
// screen and receipt paper, and long-format CSV rows (section, key, label, value) for a spreadsheet.
// Keys and sections in the CSV are stable codes; labels are in the operator's language.
import type { DomainData } from '../core/config.js';
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import { wrap } from '../core/print/layout.js';
import { fmtVnd } from '../core/receipt.js';
import type { Spread } from '../core/queue/figures.js';
import { barChart, buildReport, tableLines, type BarGlyphs, type CsvValue, type Report, type TripRecords } from '../core/report.js';
import { displayDate, isIsoDate, localDate } from '../core/time.js';
import type { Trip } from '../core/trip.js';
import { translator, type MessageKey, type Translate } from '../i18n/index.js';
import type { Office } from '../core/office.js';
import type { FormDoc, FormItem } from '../core/print/form.js';
import { dateLine } from './forms/model.js';
import { groupName } from './present.js';
import type { AuditHead } from '../store/audit.js';

/**
 * What the reports read: the trips and, for each, everything it recorded. Luudong is one; nothing
 * here reaches into a repository, so a workstation's link to the hub can be another.
 */
export interface ReportSource {
  readonly data: Pick<DomainData, 'groups' | 'helpServices'>;
  now(): number;
  currentTrip(): Trip | undefined;
  lastTrip(): Trip | undefined;
  getTrip(id: number): Trip | undefined;
  /** The trips of a date (YYYY-MM-DD), in the order of their start. */
  tripsOn(date: string): Trip[];
  /** A trip's queue log, dossiers, help without a dossier and ratings. */
  tripRecords(trip: Trip): TripRecords;
  /** The audit chain's head, kept beside the database as an anchor too (Luudong.auditAnchor). */
  auditAnchor(): AuditHead | null;
}

/** The report with the audit chain's head at its foot, the head also kept beside the database. */
function anchored(src: ReportSource, r: Report): Report {
  const head = src.auditAnchor();
  return head ? { ...r, audit: head } : r;
}

/** The report of one trip: the one given, else the open one, else the last one. */
export function tripReport(src: ReportSource, tripId?: number): Report {
  const trip = tripId === undefined ? (src.currentTrip() ?? src.lastTrip()) : src.getTrip(tripId);
  if (!trip) throw tripId === undefined ? new DomainError('err.report.noTrip') : new DomainError('err.tripNotFound', { id: tripId });
  return anchored(src, buildReport('trip', trip.date, [src.tripRecords(trip)], src.data.groups.map((g) => g.code), src.data.helpServices));
}

/** The report of a day (YYYY-MM-DD, default today): all its trips combined. */
export function dayReport(src: ReportSource, date: string = localDate(src.now())): Report {
  if (!isIsoDate(date)) throw new DomainError('err.tripDate', { value: date });
  const trips = src.tripsOn(date);
  if (trips.length === 0) throw new DomainError('err.report.noTripOn', { date: displayDate(date) });
  return anchored(src, buildReport('day', date, trips.map((tr) => src.tripRecords(tr)), src.data.groups.map((g) => g.code), src.data.helpServices));
}

export interface ReportSection {
  title: string;
  lines: string[];
}

/** The report as text: a heading and titled sections, each line at most `width` columns. */
export interface ReportView {
  heading: string[];
  sections: ReportSection[];
  /** The audit chain's head the report stands on (an anchor to check the log against later). */
  foot: string[];
}

export interface ViewOptions {
  width: number;
  glyphs: BarGlyphs;
  /** Indentation of the lines under a section title (2 on screen, 0 on paper where titles are bold). */
  indent: number;
}

type Data = Pick<DomainData, 'groups' | 'helpServices'>;

const hh = (h: number) => String(h).padStart(2, '0');

/** Whole minutes for the text, "<1" under half a minute, a dash for none. */
function minText(t: Translate, ms: number | null): string {
  if (ms === null) return t('fig.none');
  const m = Math.round(ms / 60000);
  return t('label.minutes', { n: m < 1 ? '<1' : m });
}

/** Minutes with one decimal for the spreadsheet; empty when nothing was measured. */
const csvMinutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6000) / 10);

function ratingMean(lang: Lang, mean: number): string {
  return mean.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * The report as titled sections of text at most `width` columns: by service group (counts, waits,
 * service times, a total row), by counter, arrivals per hour as bars, dossiers (by procedure, by
 * field, fees; these three only when there are dossiers), help without a dossier, satisfaction.
 */
export function reportView(t: Translate, lang: Lang, r: Report, data: Data, o: ViewOptions): ReportView {
  const { width, glyphs, indent } = o;
  const table = (head: string[] | null, rows: string[][], runs?: number[]) => tableLines(head, rows, width, { indent, ...(runs ? { runs } : {}) });
  const text = (s: string) => wrap(s, width - indent).map((l) => ' '.repeat(indent) + l);
  const none = [' '.repeat(indent) + t('fig.none')];
  const q = r.queue;
  const d = r.dossiers;

  const heading =
    r.scope === 'trip'
      ? [
          ...wrap(t('rp.tripTitle', { id: r.trips[0]?.id ?? '' }), width),
          ...r.trips.flatMap((tr) => [
            ...wrap(`${tr.place}, ${tr.commune}`, width),
            ...wrap(`${displayDate(tr.date)} ${tr.start}–${tr.end} (${t(tr.closedAt === null ? 'trip.open' : 'trip.closed')})`, width),
          ]),
        ]
      : [...wrap(t('rp.dayTitle', { date: displayDate(r.date), n: r.trips.length }), width), ...r.trips.flatMap((tr) => wrap(t('rp.tripLine', { id: tr.id, start: tr.start, end: tr.end, place: tr.place, commune: tr.commune }), width, 2))];

  const sections: ReportSection[] = [];
  const groupRow = (name: string, g: { issued: number; served: number; noShows: number; waiting: number; unserved: number; wait: Spread; service: Spread }) => [
    name,
    String(g.issued),
    String(g.served),
    String(g.noShows),
    // left: still waiting, or closed not served (never absent)
    String(g.waiting + g.unserved),
    minText(t, g.wait.medianMs),
    minText(t, g.wait.p90Ms),
    minText(t, g.service.medianMs),
    minText(t, g.service.p90Ms),
  ];
  const active = q.byGroup.filter((g) => g.issued > 0 || g.served > 0 || g.noShows > 0 || g.waiting > 0 || g.unserved > 0);
  sections.push({
    title: t('rp.secGroups'),
    lines: [
      ...table(
        [t('rp.colGroup'), ...t('fig.col').split('|')],
        [...active.map((g) => groupRow(`${data.groups.find((x) => x.code === g.group)?.prefix ?? '?'} ${groupName(data.groups, g.group, lang)}`, g)), groupRow(t('pt.total'), q)],
        [4, 2, 2], // counts, waits, services: kept together on narrow paper
      ),
      ...text(`${t('fig.priority')}: ${q.priority}; ${t('fig.walkIns')}: ${q.walkIns}.`),
      ...text(t('fig.legend')),
    ],
  });
  if (q.byCounter.length)
    sections.push({
      title: t('fig.byCounter'),
      lines: table(
        t('rp.colCounters').split('|'),
        q.byCounter.map((c) => [t('label.counter', { no: c.counter }), String(c.served), minText(t, c.service.medianMs), minText(t, c.service.p90Ms)]),
        [1, 2],
      ),
    });
  sections.push({
    title: t('fig.arrivals'),
    lines: r.arrivals.length ? barChart(r.arrivals.map((a) => ({ label: `${hh(a.hour)}h`, value: a.count })), width, glyphs, indent) : none,
  });

  const summary = [
    [t('fig.dossiers'), String(d.dossiers)],
    [t('rp.byPost'), String(d.byPost)],
    [t('rp.fees'), fmtVnd(d.feesVnd)],
  ];
  if (d.receipt.n) summary.push([t('rp.receiptMedian'), minText(t, d.receipt.medianMs)], [t('rp.receiptP90'), minText(t, d.receipt.p90Ms)]);
  sections.push({ title: t('rp.secDossiers'), lines: table(null, summary) });
  if (d.dossiers) {
    sections.push({ title: t('rp.secProcedures'), lines: table([t('rp.colProcedure'), t('rp.colDossiers')], d.byProcedure.map((p) => [p.name[lang], String(p.n)])) });
    sections.push({
      title: t('rp.secFields'),
      lines: table(
        [t('rp.colField'), t('rp.colDossiers')],
        d.byField.filter((f) => f.n > 0).map((f) => [t(`field.${f.field}` as MessageKey), String(f.n)]),
      ),
    });
    sections.push({
      title: t('fig.payments'),
      lines: table(
        [t('rp.colPayment'), t('rp.colDossiers'), t('rp.colAmount')],
        d.byPayment.filter((p) => p.n > 0).map((p) => [t(`pay.${p.method}` as MessageKey), String(p.n), fmtVnd(p.vnd)]),
      ),
    });
  }
  const helpName = (code: string) => data.helpServices.find((h) => h.code === code)?.name[lang] ?? code;
  sections.push({
    title: t('fig.help'),
    lines: d.helpTotal ? table([t('rp.colHelp'), t('rp.colTimes')], [...d.help.filter((h) => h.n > 0).map((h) => [helpName(h.code), String(h.n)]), [t('pt.total'), String(d.helpTotal)]]) : none,
  });
  const rt = d.ratings;
  sections.push({
    title: t('rp.secRatings'),
    lines:
      rt.n && rt.mean !== null
        ? [
            ...text(t('rp.ratingLine', { mean: ratingMean(lang, rt.mean), n: rt.n })),
            ...barChart([5, 4, 3, 2, 1].map((s) => ({ label: t('rp.score', { n: s }), value: rt.counts[s - 1] ?? 0 })), width, glyphs, indent),
          ]
        : none,
  });
  const foot = r.audit ? [...wrap(t('rp.auditFoot', { entries: r.audit.entries }), width), ...wrap(`${r.audit.entries}:${r.audit.mac}`, width)] : [];
  return { heading, sections, foot };
}

/** The view as the screen shows it: heading, then each section under its title, a blank line between. */
export function viewLines(v: ReportView): string[] {
  return [...v.heading, ...v.sections.flatMap((s) => ['', s.title, ...s.lines]), ...(v.foot.length ? ['', ...v.foot] : [])];
}

/**
 * The report as long-format CSV records, header first: one figure per record, under a section
 * code, its stable key, its label in the operator's language, and its value (minutes with one
 * decimal, money in whole đồng, empty when there is nothing to measure).
 */
export function reportCsvRecords(t: Translate, lang: Lang, r: Report, data: Data): CsvValue[][] {
  const out: CsvValue[][] = [['section', 'key', 'label', 'value']];
  const add = (section: string, key: string, label: string, value: CsvValue) => out.push([section, key, label, value]);
  const spreadRows = (section: string, prefix: string, label: string, what: string, s: Spread) => {
    add(section, `${prefix}${what}_n`, t('rp.csv.n', { what: label }), s.n);
    add(section, `${prefix}${what}_median_min`, t('rp.csv.median', { what: label }), csvMinutes(s.medianMs));
    add(section, `${prefix}${what}_p90_min`, t('rp.csv.p90', { what: label }), csvMinutes(s.p90Ms));
  };
  const q = r.queue;
  const d = r.dossiers;

  add('report', 'scope', t('rp.csv.scope'), t(r.scope === 'trip' ? 'rp.scope.trip' : 'rp.scope.day'));
  add('report', 'date', t('label.date'), r.date);
  for (const tr of r.trips) add('trip', String(tr.id), `${tr.place}, ${tr.commune}`, `${tr.start}–${tr.end}`);

  const counts = (section: string, prefix: string, name: string, g: { issued: number; served: number; noShows: number; waiting: number; unserved: number }) => {
    add(section, `${prefix}issued`, `${name}${t('fig.issued')}`, g.issued);
    add(section, `${prefix}served`, `${name}${t('fig.served')}`, g.served);
    add(section, `${prefix}no_shows`, `${name}${t('fig.noShows')}`, g.noShows);
    add(section, `${prefix}waiting`, `${name}${t('fig.waiting')}`, g.waiting);
    add(section, `${prefix}unserved`, `${name}${t('fig.unserved')}`, g.unserved);
  };
  counts('queue', '', '', q);
  add('queue', 'priority', t('fig.priority'), q.priority);
  add('queue', 'walk_ins', t('fig.walkIns'), q.walkIns);
  spreadRows('queue', '', t('fig.wait'), 'wait', q.wait);
  spreadRows('queue', '', t('fig.service'), 'service', q.service);
  for (const g of q.byGroup) {
    const name = `${data.groups.find((x) => x.code === g.group)?.prefix ?? '?'} ${groupName(data.groups, g.group, lang)} – `;
    counts('group', `${g.group}.`, name, g);
    spreadRows('group', `${g.group}.`, `${name}${t('fig.wait')}`, 'wait', g.wait);
    spreadRows('group', `${g.group}.`, `${name}${t('fig.service')}`, 'service', g.service);
  }
  for (const c of q.byCounter) {
    const name = `${t('label.counter', { no: c.counter })} – `;
    add('counter', `${c.counter}.served`, `${name}${t('fig.served')}`, c.served);
    spreadRows('counter', `${c.counter}.`, `${name}${t('fig.service')}`, 'service', c.service);
  }
  for (const a of r.arrivals) add('arrivals', hh(a.hour), `${hh(a.hour)}:00–${hh(a.hour)}:59`, a.count);

  add('dossier', 'count', t('fig.dossiers'), d.dossiers);
  add('dossier', 'by_post', t('rp.byPost'), d.byPost);
  add('dossier', 'fees_vnd', t('rp.feesVnd'), d.feesVnd);
  spreadRows('dossier', '', t('fig.receipt'), 'receipt', d.receipt);
  for (const p of d.byProcedure) add('procedure', p.key, p.name[lang], p.n);
  for (const f of d.byField) add('field', f.field, t(`field.${f.field}` as MessageKey), f.n);
  for (const p of d.byPayment) {
    const name = `${t(`pay.${p.method}` as MessageKey)} – `;
    add('payment', `${p.method}.n`, `${name}${t('rp.colDossiers')}`, p.n);
    add('payment', `${p.method}.vnd`, `${name}${t('rp.feesVnd')}`, p.vnd);
  }
  for (const h of d.help) add('help', h.code, data.helpServices.find((x) => x.code === h.code)?.name[lang] ?? h.code, h.n);
  add('help', 'total', t('pt.total'), d.helpTotal);
  add('rating', 'n', t('rp.csv.ratings'), d.ratings.n);
  add('rating', 'mean', t('rp.csv.mean'), d.ratings.mean === null ? null : Math.round(d.ratings.mean * 100) / 100);
  for (const [i, n] of d.ratings.counts.entries()) add('rating', `score_${i + 1}`, t('rp.score', { n: i + 1 }), n);
  if (r.audit) add('report', 'audit_head', t('rp.auditFoot', { entries: r.audit.entries }), `${r.audit.entries}:${r.audit.mac}`);
  return out;
}

/**
 * The report of a trip (or a day) as an A4 document for the office's files: the office's heading, the
 * same figures as the screen and the receipt paper, as tables (a proportional font cannot align
 * columns of text), and the signatures of whoever made and checked it. Vietnamese: it is filed.
 */
export function reportForm(r: Report, data: Data, office: Office, at: number): FormDoc {
  const t = translator('vi');
  const lang: Lang = 'vi';
  const q = r.queue;
  const d = r.dossiers;
  const body: FormItem[] = [];
  const section = (title: string) => body.push({ type: 'para', text: title, bold: true });
  const none = () => body.push({ type: 'para', text: t('fig.none') });
  // a table with no rows is said as "none", never printed as a bare header
  const table = (titles: string[], shares: number[], rows: string[][]) =>
    rows.length ? body.push({ type: 'table', size: 9, columns: titles.map((title, i) => ({ title, share: shares[i] ?? 0.1, ...(i > 0 ? { align: 'right' as const } : {}) })), rows }) : none();

  section(t('rp.secGroups'));
  const groupRow = (name: string, g: { issued: number; served: number; noShows: number; waiting: number; wait: Spread; service: Spread }) => [
    name,
    String(g.issued),
    String(g.served),
    String(g.noShows),
    String(g.waiting),
    minText(t, g.wait.medianMs),
    minText(t, g.wait.p90Ms),
    minText(t, g.service.medianMs),
    minText(t, g.service.p90Ms),
  ];
  const active = q.byGroup.filter((g) => g.issued > 0 || g.served > 0 || g.noShows > 0 || g.waiting > 0);
  table(
    [t('rp.colGroup'), ...t('fig.col').split('|')],
    [0.28, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09, 0.09],
    [...active.map((g) => groupRow(`${data.groups.find((x) => x.code === g.group)?.prefix ?? '?'} ${groupName(data.groups, g.group, lang)}`, g)), groupRow(t('pt.total'), q)],
  );
  body.push({ type: 'para', text: `${t('fig.priority')}: ${q.priority}; ${t('fig.walkIns')}: ${q.walkIns}.` }, { type: 'para', text: t('fig.legend'), italic: true });
  if (q.byCounter.length) {
    section(t('fig.byCounter'));
    table(t('rp.colCounters').split('|'), [0.4, 0.2, 0.2, 0.2], q.byCounter.map((c) => [t('label.counter', { no: c.counter }), String(c.served), minText(t, c.service.medianMs), minText(t, c.service.p90Ms)]));
  }
  section(t('fig.arrivals'));
  if (r.arrivals.length) table([t('rp.colHour'), t('rp.colArrivals')], [0.5, 0.5], r.arrivals.map((a) => [`${hh(a.hour)}h`, String(a.count)]));
  else none();

  section(t('rp.secDossiers'));
  body.push({ type: 'field', label: t('fig.dossiers'), value: String(d.dossiers) }, { type: 'field', label: t('rp.byPost'), value: String(d.byPost) }, { type: 'field', label: t('rp.fees'), value: fmtVnd(d.feesVnd) });
  if (d.receipt.n) body.push({ type: 'field', label: t('rp.receiptMedian'), value: minText(t, d.receipt.medianMs) }, { type: 'field', label: t('rp.receiptP90'), value: minText(t, d.receipt.p90Ms) });
  if (d.dossiers) {
    section(t('rp.secProcedures'));
    table([t('rp.colProcedure'), t('rp.colDossiers')], [0.8, 0.2], d.byProcedure.map((p) => [p.name[lang], String(p.n)]));
    section(t('rp.secFields'));
    table([t('rp.colField'), t('rp.colDossiers')], [0.8, 0.2], d.byField.filter((f) => f.n > 0).map((f) => [t(`field.${f.field}` as MessageKey), String(f.n)]));
    section(t('fig.payments'));
    table([t('rp.colPayment'), t('rp.colDossiers'), t('rp.colAmount')], [0.5, 0.2, 0.3], d.byPayment.filter((p) => p.n > 0).map((p) => [t(`pay.${p.method}` as MessageKey), String(p.n), fmtVnd(p.vnd)]));
  }
  section(t('fig.help'));
  const helpName = (code: string) => data.helpServices.find((h) => h.code === code)?.name[lang] ?? code;
  if (d.helpTotal) table([t('rp.colHelp'), t('rp.colTimes')], [0.8, 0.2], [...d.help.filter((h) => h.n > 0).map((h) => [helpName(h.code), String(h.n)]), [t('pt.total'), String(d.helpTotal)]]);
  else none();
  section(t('rp.secRatings'));
  const rt = d.ratings;
  if (rt.n && rt.mean !== null) {
    body.push({ type: 'para', text: t('rp.ratingLine', { mean: ratingMean(lang, rt.mean), n: rt.n }) });
    table([t('rp.colScore'), t('rp.colTimes')], [0.5, 0.5], [5, 4, 3, 2, 1].map((s) => [t('rp.score', { n: s }), String(rt.counts[s - 1] ?? 0)]));
  } else none();
  if (r.audit) body.push({ type: 'para', text: `${t('rp.auditFoot', { entries: r.audit.entries })} ${r.audit.entries}:${r.audit.mac}`, italic: true });

  const trips = r.trips.map((tr) => `${tr.place}, ${tr.commune} · ${displayDate(tr.date)} ${tr.start}–${tr.end} (${t(tr.closedAt === null ? 'trip.open' : 'trip.closed')})`);
  const title = r.scope === 'trip' ? t('rp.tripTitle', { id: r.trips[0]?.id ?? '' }) : t('rp.dayTitle', { date: displayDate(r.date), n: r.trips.length });
  return {
    form: 'report',
    orientation: 'portrait',
    parent: office.agencyName.vi.toLocaleUpperCase('vi'),
    unit: office.unitName.vi.toLocaleUpperCase('vi'),
    national: [t('slip.nationalCountry'), t('slip.nationalMotto')],
    dateLine: dateLine(office.placeName, localDate(at)),
    title: title.toLocaleUpperCase('vi'),
    subtitle: r.scope === 'trip' ? trips : [],
    code: null,
    body,
    signatures: [
      { title: t('rp.signMaker'), hint: t('slip.signHint'), name: null },
      { title: t('rp.signChecker'), hint: t('slip.signHint'), name: null },
    ],
    closing: [],
    continued: t('rp.continued', { title }),
    pageLabel: t('hov.pdf.page'),
  };
}
