// What the main screen shows, as plain rows: pure, memoised by the caller, and only the visible
// window of it is ever rendered.
import type { CounterApp } from '../../app/counterApp.js';
import type { Lang } from '../../core/lang.js';
import type { Translate } from '../../i18n/index.js';
import { hhmm } from '../../core/time.js';

export interface Row {
  key: string;
  text: string;
  /** A group heading (bold); `mine`: the group is served by this desk's counter. */
  heading?: boolean;
  mine?: boolean;
}

// "A003* 07:30 ~120 phút" and a gap: three to a row at 80 columns, the minutes in words (issue 19).
const CELL = 22;

/** A waiting-time estimate in short form: "now" when a free counter calls it at once (see forecast). */
const estShort = (t: Translate, ms: number) => (ms <= 0 ? t('label.estNow') : t('label.minutes', { n: Math.ceil(ms / 60000) }));

export function waitingRows(app: CounterApp, t: Translate, lang: Lang, activeCounter: number, width: number): { rows: Row[]; total: number } {
  const trip = app.currentTrip();
  if (!trip) return { rows: [], total: 0 };
  const mine = new Set(trip.counters.find((c) => c.no === activeCounter)?.groups ?? []);
  const perRow = Math.max(1, Math.floor((width - 2) / CELL));
  const rows: Row[] = [];
  let total = 0;
  for (const g of app.data.groups) {
    const line = app.waitingLine(g.code);
    if (line.length === 0) continue;
    total += line.length;
    const last = line[line.length - 1];
    rows.push({
      key: `g-${g.code}`,
      heading: true,
      mine: mine.has(g.code),
      text: `${g.prefix} ${g.name[lang]} – ${line.length} ${t('label.waiting').toLowerCase()}${last?.estimateMs !== undefined ? ` (${last.estimateMs > 0 ? '≤ ' : ''}${estShort(t, last.estimateMs)})` : ''}`,
    });
    for (let i = 0; i < line.length; i += perRow) {
      const cells = line.slice(i, i + perRow).map((w) => {
        const est = w.estimateMs === undefined ? '' : `~${estShort(t, w.estimateMs)}`;
        return `${w.ticket.label}${w.ticket.priority ? '*' : ' '} ${hhmm(w.ticket.issuedAt)} ${est}`.padEnd(CELL - 1) + ' ';
      });
      rows.push({ key: `c-${g.code}-${i}`, text: '  ' + cells.join('') });
    }
  }
  return { rows, total };
}
