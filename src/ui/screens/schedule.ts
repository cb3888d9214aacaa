// The schedule of coming trips (issue 13 item 24): the planned trips, and for the one chosen the
// announcements the village gets, as `schedule announce` makes them: the loudspeaker text, the
// social-media post (shown here to read out or copy), the A4 poster (written as a PDF to the stick,
// else beside the database; the screen says where). Handing one out marks the trip announced.
import type { PlannedTrip } from '../../core/schedule.js';
import { displayDate } from '../../core/time.js';
import { wrap } from '../../core/print/layout.js';
import { scrollBy, windowStart } from '../keys/list.js';
import { back, choose, status, step, task, update, write, type Binding, type Screen, type ScreenEnv, type Step, type ViewLine } from '../screen.js';

export interface ScheduleState {
  index: number;
  /** The announcement shown (loudspeaker or social post) for the plan of this id, and how far it is scrolled. */
  shown: { id: number; text: string } | null;
  scroll: number;
}

export const startSchedule = (): ScheduleState => ({ index: 0, shown: null, scroll: 0 });

const plans = (env: ScreenEnv): PlannedTrip[] => env.app.schedule.list();
const chosen = (s: ScheduleState, env: ScreenEnv) => plans(env)[s.index];
const none = (_s: ScheduleState, env: ScreenEnv) => (plans(env).length ? null : env.t('sched.none'));

/** The loudspeaker text or the social post of the chosen trip: a write (the trip is marked announced). */
const announce = (format: 'speech' | 'social') => (s: ScheduleState, env: ScreenEnv): Step<ScheduleState> => {
  const p = chosen(s, env);
  if (!p) return step(s);
  return step<ScheduleState>(s, write<ScheduleState>((e) => [update<ScheduleState>((x) => ({ ...x, shown: { id: p.id, text: e.app.schedule.announce(p.id, format) }, scroll: 0 }))]));
};

const bindings: readonly Binding<ScheduleState>[] = [
  choose((_s, env) => plans(env).length, ['up', 'down']),
  { id: 'speech', keys: ['1'], label: 'key.announceSpeech', shown: () => 2, disabled: none, run: announce('speech') },
  { id: 'social', keys: ['2'], label: 'key.announceSocial', shown: () => 3, disabled: none, run: announce('social') },
  {
    id: 'poster',
    keys: ['3'],
    label: 'key.announcePoster',
    shown: () => 4,
    disabled: none,
    run: (s, env) => {
      const p = chosen(s, env);
      if (!p) return step(s);
      return step(
        s,
        status('info', env.t('sched.tui.posterWorking', { id: p.id })),
        task<ScheduleState>(async (e) => {
          const file = await e.app.paper.writePoster(p.id, e.app.paper.posterTarget().dir);
          return [status('ok', e.t('sched.posterSaved', { file }))];
        }),
      );
    },
  },
  { id: 'scroll', keys: ['pageup', 'pagedown'], keyText: 'PgUp/PgDn', label: 'key.scroll', shown: (s) => (s.shown ? 6 : false), run: (s, _env, key) => step({ ...s, scroll: scrollBy(s.scroll, key, 5) }) },
  back(5, (s) => (s.shown ? step({ ...s, shown: null, scroll: 0 }) : step(s, { kind: 'pop' }))),
];

export const scheduleScreen: Screen<ScheduleState> = {
  id: 'schedule',
  bindings,
  scans: () => 'idle',
  view: (s, env, size) => {
    const { t } = env;
    const width = size.width;
    const list = plans(env);
    const room = Math.max(3, size.height - 3);
    if (!list.length) return { frame: 'box', title: t('sched.tui.title', { n: 0 }), lines: [t('sched.none'), ...wrap(t('sched.tui.addHint'), Math.max(20, width - 4))], width, height: size.height };
    const rows = list.map((p, i): ViewLine => {
      const state = p.announcedAt ? t('sched.announced') : '';
      const text = `${i === s.index ? '>' : ' '} ${t('sched.line', { id: p.id, date: displayDate(p.date), start: p.start, end: p.end, place: p.place, commune: p.commune, state })}`;
      return i === s.index ? { text, bold: true } : text;
    });
    // the list takes what the announcement leaves (at least the chosen row)
    const text = s.shown ? ['', ...s.shown.text.split('\n').flatMap((l) => (l.trim() ? wrap(l, Math.max(20, width - 4)) : ['']))] : [];
    const listRoom = s.shown ? Math.min(rows.length, Math.max(1, Math.floor(room / 3))) : room;
    const from = windowStart(s.index, rows.length, listRoom);
    const textRoom = room - Math.min(rows.length, listRoom);
    const more = text.length - s.scroll - textRoom;
    const shownText = more > 0 ? [...text.slice(s.scroll, s.scroll + textRoom - 1), t('tui.moreLines', { n: more + 1, key: 'PgDn' })] : text.slice(s.scroll, s.scroll + textRoom);
    return { frame: 'box', title: t('sched.tui.title', { n: list.length }), lines: [...rows.slice(from, from + listRoom), ...shownText], width, height: size.height };
  },
};
