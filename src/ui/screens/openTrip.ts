// Opening a trip: commune, place, date, hours, operators on board and the counters with their
// groups, prefilled from the last trip.
import { displayDate, localDate } from '../../core/time.js';
import { formatCounterSpec, parseCounterSpec } from '../../core/trip.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { editLine, line, type Line } from '../keys/edit.js';
import { fieldLine } from '../fields.js';
import { frame, pop, step, update, write, type Binding, type Frame, type Screen, type ScreenEnv } from '../screen.js';

type FieldId = 'commune' | 'place' | 'date' | 'start' | 'end' | 'operators' | 'counters';

interface Field {
  id: FieldId;
  label: MessageKey;
  value: Line;
}

export interface TripFormState {
  fields: Field[];
  focus: number;
  error: string | null;
}

export function openTripFrame(env: ScreenEnv): Frame<TripFormState> {
  const { app } = env;
  const last = app.lastTrip();
  const f = (id: FieldId, label: MessageKey, value: string): Field => ({ id, label, value: line(value) });
  return frame(openTripScreen, {
    focus: 0,
    error: null,
    fields: [
      f('commune', 'label.commune', last?.commune ?? ''),
      f('place', 'label.place', last?.place ?? ''),
      f('date', 'label.date', localDate(app.now())),
      f('start', 'label.start', last?.start ?? '07:30'),
      f('end', 'label.end', last?.end ?? '11:30'),
      f('operators', 'tui.field.operators', last?.operators.join(', ') ?? ''),
      f('counters', 'tui.field.counters', last ? last.counters.map((c) => formatCounterSpec(c, app.data.groups)).join(' ') : '1=*'),
    ],
  });
}

function submit(s: TripFormState) {
  return write<TripFormState>((env) => {
    const v = Object.fromEntries(s.fields.map((x) => [x.id, x.value.text])) as Record<FieldId, string>;
    try {
      const opened = env.app.openTrip({
        commune: v.commune,
        place: v.place,
        date: v.date,
        start: v.start,
        end: v.end,
        operators: v.operators.split(',').map((x) => x.trim()).filter(Boolean),
        counters: v.counters.split(/\s+/).filter(Boolean).map((x) => parseCounterSpec(x, env.app.data.groups)),
      });
      const text = env.t('ok.tripOpened', { id: opened.id, place: opened.place, commune: opened.commune, date: displayDate(opened.date), start: opened.start, end: opened.end });
      return [pop(), { kind: 'status', status: { kind: 'ok', text } }];
    } catch (e) {
      // Refused: the form stays with what was typed, and says why.
      const error = userMessage(env.t, e);
      return [update((x) => ({ ...x, error }))];
    }
  });
}

const bindings: readonly Binding<TripFormState>[] = [
  {
    id: 'next',
    keys: ['enter'],
    label: 'key.nextOrOpen',
    shown: () => 1,
    run: (s) => (s.focus < s.fields.length - 1 ? step({ ...s, focus: s.focus + 1 }) : step(s, submit(s))),
  },
  { id: 'field', keys: ['tab', 'down'], label: 'key.nextField', shown: () => 2, run: (s) => step({ ...s, focus: (s.focus + 1) % s.fields.length }) },
  { id: 'previous', keys: ['backtab', 'up'], label: 'key.previousField', run: (s) => step({ ...s, focus: (s.focus + s.fields.length - 1) % s.fields.length }) },
  { id: 'back', keys: ['escape'], label: 'key.cancel', shown: () => 3, run: (s) => step(s, pop()) },
];

export const openTripScreen: Screen<TripFormState> = {
  id: 'openTrip',
  bindings,
  edits: () => true,
  other: (s, _env, key) => {
    const field = s.fields[s.focus] as Field;
    const v = editLine(field.value, key);
    if (!v) return null;
    return step({ ...s, error: null, fields: s.fields.map((f, i) => (i === s.focus ? { ...f, value: v } : f)) });
  },
  view: (s, env, size) => {
    const lines = s.fields.map((f, i) => fieldLine(`${i === s.focus ? '>' : ' '} ${env.t(f.label).padEnd(28)} `, f.value, i === s.focus));
    if (s.error) lines.push('', `! ${s.error}`);
    return { frame: 'box', title: env.t('tui.openTripTitle'), lines, width: Math.min(size.width, 76), height: size.height };
  },
};
