// The main screen: the counters and the waiting line, and every queue action of the desk. Its
// binding table is the counter's command set: function keys and letters, what each does now, when
// it is in the key bar and why it is refused.
import { syncLine } from '../../app/sync.js';
import { daysUntil } from '../../core/schedule.js';
import { displayDate, localDate, minutes } from '../../core/time.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { jobTitle } from '../../app/present.js';
import { handoverFrame } from './handover.js';
import { scheduleScreen, startSchedule } from './schedule.js';
import { keyLabel } from '../bindings.js';
import { scrollBy } from '../keys/list.js';
import { act, frame, push, step, type Binding, type ScreenEnv, type Screen, type ViewLine } from '../screen.js';
import { assistScreen } from './assist.js';
import { closeTripQuestion } from './closeTrip.js';
import { confirmFrame } from './confirm.js';
import { awaitedFrame, awaitedOf } from './payments.js';
import { figuresScreen } from './figures.js';
import { findScreen, startFind } from './find.js';
import { jobsScreen } from './jobs.js';
import { waitingRows } from './mainView.js';
import { openTripFrame } from './openTrip.js';
import { counterOffice, OFFICE_KEY, officeFrame } from './office.js';
import { officePlaceholders } from '../../core/office.js';
import { wrap } from '../../core/print/layout.js';
import { groupPickerFrame } from './pickGroup.js';
import { pickTicketFrame } from './pickTicket.js';
import { RATE_KEYS, rateScreen } from './rate.js';
import { readyScreen } from './ready.js';
import { receiptScreen, startReceipt } from './receipt.js';

export interface MainState {
  /** First waiting row shown (PgUp/PgDn). */
  scroll: number;
}

type Phase = 'noTrip' | 'idle' | 'called' | 'serving';

function phase(env: ScreenEnv): Phase {
  if (!env.trip) return 'noTrip';
  const cur = env.queue.currentAt(env.counter);
  return !cur ? 'idle' : cur.status === 'called' ? 'called' : 'serving';
}

/** In the key bar at this place in these phases (the few keys that matter at each moment of a ticket). */
const bar =
  (places: Partial<Record<Phase, number>>) =>
  (_: MainState, env: ScreenEnv): number | false =>
    places[phase(env)] ?? false;

const SCROLL_DOWN = 'pagedown';

const noTrip = (_: MainState, env: ScreenEnv) => (env.trip ? null : env.t('err.noOpenTrip'));
const counterName = (env: ScreenEnv, no = env.counter) => env.t('label.counter', { no });

/** The bindings, one per command; the key bar's order at each phase is in `shown`. */
export const MAIN_BINDINGS: readonly Binding<MainState>[] = [
  { id: 'help', keys: ['f1', '?'], label: 'key.help', run: (s) => step(s, { kind: 'help' }) },
  {
    id: 'issue',
    keys: ['f2', 'n'],
    label: 'key.issue',
    shown: bar({ idle: 2, called: 5 }),
    disabled: noTrip,
    run: (s) => step(s, push(groupPickerFrame('issue'))),
  },
  {
    id: 'call',
    keys: ['f3', 'c'],
    label: 'key.call',
    shown: bar({ idle: 1, called: 4, serving: 4 }),
    disabled: noTrip,
    run: (s, env) => step(s, act((e) => e.t('ok.called', { ticket: e.app.callNext(env.counter).ticket.label, counter: counterName(e, env.counter) }))),
  },
  {
    id: 'recall',
    keys: ['f4', 'r'],
    label: 'key.recall',
    shown: bar({ called: 2 }),
    disabled: noTrip,
    run: (s, env) => step(s, act((e) => e.t('ok.recalled', { ticket: e.app.recall(env.counter).ticket.label, counter: counterName(e, env.counter) }))),
  },
  {
    id: 'start',
    keys: ['f5', 's'],
    label: 'key.start',
    shown: bar({ called: 1 }),
    disabled: noTrip,
    run: (s, env) => step(s, act((e) => e.t('ok.started', { ticket: e.app.start(env.counter).ticket.label }))),
  },
  {
    id: 'finish',
    keys: ['f6', 'f'],
    label: 'key.finish',
    shown: bar({ serving: 2 }),
    disabled: noTrip,
    run: (s, env) => step(s, act((e) => e.t('tui.finishedRate', { ticket: e.app.finish(env.counter).ticket.label, key: mainKey('rate'), score: RATE_KEYS }))),
  },
  {
    id: 'noShow',
    keys: ['f7', 'x'],
    label: 'key.noShow',
    shown: bar({ called: 3 }),
    disabled: noTrip,
    // A no-show takes the citizen out of the line: it asks first, naming the ticket.
    run: (s, env) =>
      step(
        s,
        push(
          confirmFrame({
            title: 'key.noShow',
            text: (e, keys) => e.t('tui.noShowConfirm', { ticket: e.queue.currentAt(env.counter)?.label ?? '', minutes: e.app.data.rules.noShowReturnMinutes, ...keys }),
            yes: [act((e) => e.t('ok.noShow', { ticket: e.app.noShow(env.counter).ticket.label, minutes: e.app.data.rules.noShowReturnMinutes }))],
          }),
        ),
      ),
  },
  {
    id: 'park',
    keys: ['f8', 'p'],
    label: 'key.park',
    shown: bar({ serving: 5 }),
    disabled: noTrip,
    run: (s, env) => step(s, act((e) => e.t('ok.parked', { ticket: e.app.park(env.counter).ticket.label }))),
  },
  {
    id: 'transfer',
    keys: ['f9', 't'],
    label: 'key.transfer',
    shown: bar({ called: 6, serving: 6 }),
    disabled: (s, env) => noTrip(s, env) ?? (env.queue.currentAt(env.counter) ? null : env.t('err.counterIdle', { counter: env.counter })),
    run: (s) => step(s, push(groupPickerFrame('transfer'))),
  },
  {
    id: 'figures',
    keys: ['f10', 'g'],
    label: 'key.figures',
    // After K the closed trip's figures stay viewable until the next trip opens.
    shown: (s, env) => (env.trip ? bar({ idle: 8 })(s, env) : env.app.lastTrip() ? 5 : false),
    disabled: (_s, env) => (env.trip || env.app.lastTrip() ? null : env.t('err.noOpenTrip')),
    run: (s, env) => {
      const last = env.trip ? undefined : env.app.lastTrip();
      return step(s, push(frame(figuresScreen, last ? { scroll: 0, tripId: last.id } : { scroll: 0 })));
    },
  },
  // The end of the trip on paper, with a trip open or after K (the last trip): the A4 report, the
  // handover bundle; and the coming trips with their announcements.
  {
    id: 'printReport',
    keys: ['i'],
    label: 'key.printReport',
    shown: (s, env) => (env.trip ? false : env.app.lastTrip() ? 6 : false),
    disabled: (_s, env) => (env.trip || env.app.lastTrip() ? null : env.t('tui.printReportNone')),
    run: (s, env) => {
      const trip = env.trip ?? env.app.lastTrip();
      if (!trip) return step(s);
      return step(
        s,
        act((e) => {
          const jobs = e.app.printing.print({ kind: 'figures_a4', tripId: trip.id, lang: e.lang }, String(trip.id));
          return e.t('print.queued', { title: jobTitle(e.t, { kind: 'figures_a4', ref: String(trip.id) }), printer: jobs.map((j) => j.printer).filter(Boolean).join(', ') });
        }),
      );
    },
  },
  {
    id: 'handover',
    keys: ['d'],
    label: 'key.handover',
    shown: (s, env) => (env.trip ? false : env.app.lastTrip() ? 7 : false),
    disabled: (_s, env) => (env.trip || env.app.lastTrip() ? null : env.t('err.handover.noTrip')),
    run: (s, env) => {
      const trip = env.trip ?? env.app.lastTrip();
      if (!trip) return step(s);
      try {
        return step(s, push(handoverFrame(env, trip)));
      } catch (e) {
        return step(s, { kind: 'status', status: { kind: 'error', text: userMessage(env.t, e) } });
      }
    },
  },
  // The office every printout names and every VietQR pays (issue 13 item 6): set here, a supervisor
  // approving; in the key bar while it is still an example (the main screen then says so, with this key).
  {
    id: 'office',
    keys: [OFFICE_KEY],
    label: 'key.office',
    shown: (_s, env) => (plan(env, env.app.now()).officeWarn ? 9 : false),
    run: (s, env) => {
      try {
        return step(s, push(officeFrame(env)));
      } catch (e) {
        return step(s, { kind: 'status', status: { kind: 'error', text: userMessage(env.t, e) } });
      }
    },
  },
  { id: 'schedule', keys: ['m'], label: 'key.schedule', shown: bar({ noTrip: 8 }), run: (s) => step(s, push(frame(scheduleScreen, startSchedule()))) },
  { id: 'resume', keys: ['u'], label: 'key.resume', disabled: noTrip, run: (s) => step(s, push(pickTicketFrame('resume'))) },
  { id: 'returnNoShow', keys: ['b'], label: 'key.return', disabled: noTrip, run: (s) => step(s, push(pickTicketFrame('return'))) },
  { id: 'walkIn', keys: ['w'], label: 'key.walkIn', shown: bar({ idle: 6 }), disabled: noTrip, run: (s) => step(s, push(groupPickerFrame('walkIn'))) },
  // Dossiers can be received and found with no trip open (at the commune office, say).
  { id: 'receive', keys: ['h', 'f11'], label: 'key.receive', shown: bar({ noTrip: 2, idle: 3, serving: 1 }), run: (s) => step(s, push(frame(receiptScreen, startReceipt()))) },
  { id: 'find', keys: ['/', 'l'], label: 'key.find', shown: bar({ noTrip: 3, idle: 4, serving: 7 }), run: (s) => step(s, push(frame(findScreen, startFind()))) },
  { id: 'assist', keys: ['a'], label: 'key.assist', shown: bar({ serving: 3 }), disabled: noTrip, run: (s) => step(s, push(frame(assistScreen, {}))) },
  {
    id: 'rate',
    keys: ['e'],
    label: 'key.rate',
    shown: bar({ idle: 5 }),
    disabled: (s, env) => noTrip(s, env) ?? (env.queue.lastFinishedAt(env.counter) ? null : env.t('err.rating.none', { counter: env.counter })),
    run: (s, env) => step(s, push(frame(rateScreen, { ticket: env.queue.lastFinishedAt(env.counter)?.label ?? '' }))),
  },
  { id: 'jobs', keys: ['j'], label: 'key.jobs', run: (s) => step(s, push(frame(jobsScreen, { index: 0 }))) },
  { id: 'ready', keys: ['v'], label: 'key.ready', run: (s) => step(s, push(frame(readyScreen, { index: 0 }))) },
  {
    id: 'counter',
    keys: ['tab', '1-9'],
    label: 'key.counter',
    shown: bar({ idle: 7, called: 7 }),
    disabled: noTrip,
    run: (s, env, key) => {
      const nos = env.trip?.counters.map((c) => c.no) ?? [];
      // Tab: the next counter of the trip; a digit: that counter, if the trip has it (else nothing).
      const no = key.name === 'tab' ? (nos[(nos.indexOf(env.counter) + 1) % nos.length] ?? env.counter) : Number(key.text);
      if (!nos.includes(no)) return step(s);
      return step(s, { kind: 'counter', no }, { kind: 'status', status: { kind: 'info', text: env.t('tui.counterPicked', { counter: counterName(env, no) }) } });
    },
  },
  {
    id: 'scroll',
    keys: ['pageup', SCROLL_DOWN],
    label: 'key.scroll',
    disabled: noTrip,
    run: (s, _env, key) => step({ scroll: scrollBy(s.scroll, key, 5) }),
  },
  {
    id: 'openTrip',
    keys: ['o'],
    label: 'key.openTrip',
    shown: bar({ noTrip: 1 }),
    disabled: (_s, env) => {
      const trip = env.trip;
      return trip ? env.t('err.tripAlreadyOpen', { id: trip.id, place: trip.place }) : null;
    },
    run: (s, env) => step(s, push(openTripFrame(env))),
  },
  {
    id: 'closeTrip',
    // Closing the trip ends the day's queue: it asks first (k or K, as every letter key).
    keys: ['K'],
    label: 'key.closeTrip',
    disabled: noTrip,
    // Transfers of this trip still awaited are listed first, each confirmed there (T) or left
    // awaited; K there goes on to the question.
    run: (s, env) => step(s, push(awaitedOf(env).length ? awaitedFrame() : closeTripQuestion())),
  },
  {
    id: 'quit',
    keys: ['q', 'ctrl+c'],
    label: 'key.quit',
    shown: bar({ noTrip: 5, idle: 10 }),
    // Q asks; Ctrl+C leaves at once, as anywhere.
    run: (s, _env, key) => (key.ctrl ? step(s, { kind: 'quit' }) : step(s, push(confirmFrame({ title: 'key.quit', text: (env, keys) => env.t('tui.quitConfirm', keys), yes: [{ kind: 'quit' }] })))),
  },
];

/** How a main-screen command's first key is written (for sentences that name it). */
export function mainKey(id: string): string {
  const b = MAIN_BINDINGS.find((x) => x.id === id);
  return b ? keyLabel(b.keys[0] as string) : id;
}

interface Plan {
  key: string;
  readyCount: number;
  nextText: string | null;
  warnText: string | null;
  /** The link to the centre, once enrolled: when it last synced and what waits (one line). */
  syncText: string | null;
  /** The counter's office (the open trip's, else the default) still an example: what to say, with the key that sets it. */
  officeWarn: string | null;
}

interface Waiting {
  key: string;
  queue: object;
  rows: ReturnType<typeof waitingRows>;
}

/**
 * What the main view reads from the database, kept until something changes (not per key): the plan
 * line (results to hand back, the next trip) moves with the data; the waiting rows with the desk's
 * counter and the width too.
 */
const plans = new WeakMap<object, Plan>();
const waitings = new WeakMap<object, Waiting>();

function plan(env: ScreenEnv, now: number): Plan {
  const { app, t } = env;
  const minute = Math.floor(now / 60_000);
  const key = `${env.version}:${app.revision}:${env.lang}:${minute}`;
  const hit = plans.get(app);
  if (hit?.key === key) return hit;
  const next = app.schedule.next();
  const late = app.schedule.unannounced()[0];
  const sync = app.syncStatus();
  const p: Plan = {
    officeWarn: officeWarning(env),
    syncText: sync.enrolled ? syncLine(t, sync) : null,
    key,
    readyCount: env.trip ? app.readyToReturn().dossiers.length : 0,
    nextText: next ? t('sched.next', { day: displayDate(next.date), start: next.start, end: next.end, place: next.place, commune: next.commune }) : null,
    warnText: late ? t('sched.warn', { date: displayDate(late.date), place: late.place, days: daysUntil(localDate(now), late.date), id: late.id }) : null,
  };
  plans.set(app, p);
  return p;
}

/** What the main screen says while the counter's office or its bank account is still an example, or null. */
function officeWarning(env: ScreenEnv): string | null {
  let left: ReturnType<typeof officePlaceholders>;
  let id: string;
  try {
    const office = counterOffice(env);
    left = officePlaceholders(office);
    id = office.id;
  } catch {
    return null; // the offices cannot be read now (a workstation whose hub is away): nothing to say
  }
  if (!left.length) return null;
  return env.t(left.includes('office') ? 'tui.office.warnOffice' : 'tui.office.warnBank', { id, key: mainKey('office') });
}

/** The office warning as rows of the main screen: wrapped, never cut. */
const officeRows = (text: string | null, width: number): ViewLine[] => (text ? wrap(`! ${text}`, width - 2).map((l) => ({ text: ` ${l}`, color: 'yellow' })) : []);

/**
 * The waiting rows change only with the queue (its folded events), the trip's counters, this desk's
 * counter, the width, the language and the minute: not with every commit anywhere (a print job
 * claimed, a dossier moved on) that redraws the screen, nor with each of the hub's pushes.
 */
function waiting(env: ScreenEnv, width: number, now: number): Waiting['rows'] {
  const trip = env.trip;
  const counters = trip ? trip.counters.map((c) => `${c.no}=${c.groups.join(',')}`).join(';') : '';
  const key = `${trip?.id}:${trip?.closedAt}:${counters}:${env.queue.lastEventId}:${env.counter}:${width}:${env.lang}:${Math.floor(now / 60_000)}`;
  const hit = waitings.get(env.app);
  if (hit?.key === key && hit.queue === env.queue) return hit.rows;
  const rows = waitingRows(env.app, env.t, env.lang, env.counter, width);
  waitings.set(env.app, { key, queue: env.queue, rows });
  return rows;
}

/** Tickets out of the line but not done: set aside (U takes one up) and no-shows who may come back (B). */
function aside(env: ScreenEnv): string {
  const parked = env.queue.byStatus('parked').length;
  const absent = env.queue.byStatus('no_show').length;
  if (!parked && !absent) return '';
  return ` · ${env.t('tui.asideCounts', { parked, absent, resume: mainKey('resume'), back: mainKey('returnNoShow') })}`;
}

export const mainScreen: Screen<MainState> = {
  id: 'main',
  bindings: MAIN_BINDINGS,
  scans: () => 'idle',
  view: (s, env, size) => {
    const { app, t } = env;
    const width = size.width;
    const now = app.now();
    const trip = env.trip;
    const d = plan(env, now);
    if (!trip) {
      const lines: ViewLine[] = [{ text: ` ${t('tui.noTripTitle')}`, bold: true }, ` ${t('tui.noTripHint', { open: mainKey('openTrip'), quit: mainKey('quit') })}`, ...officeRows(d.officeWarn, width)];
      // After K: the end of the last trip on paper, its keys on screen (the key bar has no room for them all at 80 columns).
      const last = app.lastTrip();
      if (last) {
        const keys = (['figures', 'printReport', 'handover', 'schedule'] as const).map((id) => `${mainKey(id === 'figures' ? 'figures' : id)} ${t(MAIN_BINDINGS.find((b) => b.id === id)?.label ?? 'key.help')}`);
        // wrapped between keys, never between a key and what it does
        const rows: string[] = [];
        let row = ` ${t('tui.lastTripKeys', { id: last.id, place: last.place })}`;
        keys.forEach((k, i) => {
          const sep = i === 0 ? ' ' : ' · ';
          if ([...row].length + sep.length + [...k].length > width - 1) {
            rows.push(i === 0 ? row : `${row} ·`);
            row = `   ${k}`;
          } else row += sep + k;
        });
        rows.push(row);
        lines.push(' ', ...rows);
      }
      if (d.nextText) lines.push(' ', ` ${d.nextText}`.slice(0, width - 1));
      if (d.warnText) lines.push({ text: ` ! ${d.warnText}`.slice(0, width - 1), color: 'yellow' });
      if (d.syncText) lines.push({ text: ` ${d.syncText}`.slice(0, width - 1), dim: true });
      return { frame: 'plain', lines };
    }
    const state = env.queue;
    const groupOf = (code: string) => app.data.groups.find((g) => g.code === code);
    const counterRows = trip.counters.map((c) => {
      const cur = state.currentAt(c.no);
      const since = cur ? (cur.status === 'serving' ? cur.spanStart : cur.lastCalledAt) : null;
      const what = cur ? `${cur.label}${cur.priority ? '*' : ' '} ${t(`status.${cur.status}` as MessageKey)} ${since ? t('label.minutes', { n: minutes(now - since) }) : ''}` : t('label.idle');
      const groups = c.groups.map((g) => groupOf(g)?.prefix ?? g).join(' ');
      return { text: `${c.no === env.counter ? '>' : ' '} ${counterName(env, c.no).padEnd(9)} ${what.padEnd(28)} [${groups}]`, bold: c.no === env.counter };
    });
    const planLine = d.readyCount ? t('tui.readyLine', { n: d.readyCount, commune: trip.commune, key: mainKey('ready') }) : d.warnText ? `! ${d.warnText}` : d.nextText;
    const shownCounters = counterRows.slice(0, Math.max(1, Math.min(counterRows.length, size.height - 4)));
    const warn = officeRows(d.officeWarn, width);
    const avail = Math.max(1, size.height - shownCounters.length - 2 - (planLine ? 1 : 0) - (d.syncText ? 1 : 0) - warn.length);
    const w = waiting(env, width, now);
    const rows = w.rows;
    const from = Math.min(s.scroll, Math.max(0, rows.length - avail));
    const more = rows.length - from - avail;
    const visible = rows.slice(from, from + (more > 0 ? avail - 1 : avail));
    const lines: ViewLine[] = [
      ...warn,
      { text: `── ${t('tui.countersTitle')} ──`, dim: true },
      ...shownCounters,
      { text: `── ${t('tui.waitingTitle', { n: w.total })}${aside(env)} ──`, dim: true },
      ...(visible.length === 0 ? [`  ${t('tui.noneWaiting')}`] : []),
      ...visible.map((r): ViewLine => (r.heading ? { text: r.text, bold: !!r.mine, ...(r.mine ? { color: 'yellow' } : {}) } : r.text)),
      ...(more > 0 ? [{ text: t('tui.more', { n: more, key: keyLabel(SCROLL_DOWN) }), dim: true }] : []),
      ...(planLine ? [{ text: planLine.slice(0, width), dim: !d.warnText && !d.readyCount, ...(d.warnText || d.readyCount ? { color: 'yellow' } : {}) }] : []),
      ...(d.syncText ? [{ text: d.syncText.slice(0, width), dim: true }] : []),
    ];
    return { frame: 'plain', lines };
  },
};
