// Opening a trip: commune, place, date, hours, operators on board and the counters with their
// groups. Offered: the next trip of the schedule (else the last trip's place and hours), the operator
// logged in, and the office of the commune typed (F3 chooses another); it says when that office or
// its bank account is still an example, when the date is a weekend or a holiday, and which letter is
// which group beside the counters.
import { parseDate } from '../../core/citizen.js';
import { WorkingDays } from '../../core/calendar.js';
import { officePlaceholders, type Office } from '../../core/office.js';
import { displayDate, isIsoDate, localDate } from '../../core/time.js';
import { formatCounterSpec, parseCounterSpec } from '../../core/trip.js';
import { userMessage, type MessageKey } from '../../i18n/index.js';
import { editLine, line, type Line } from '../keys/edit.js';
import { fieldLine } from '../fields.js';
import { keyLabel } from '../bindings.js';
import { OFFICE_KEY } from './office.js';
import { frame, pop, step, update, write, type Binding, type Frame, type Screen, type ScreenEnv, type ViewLine } from '../screen.js';

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
  /** The office chosen with F3; null: the office of the commune typed (else the first). */
  office: string | null;
  /** The planned trip the form was filled from, or null. */
  planned: { id: number; date: string } | null;
}

export function openTripFrame(env: ScreenEnv): Frame<TripFormState> {
  const { app } = env;
  const last = app.lastTrip();
  const plan = app.schedule.next();
  const f = (id: FieldId, label: MessageKey, value: string): Field => ({ id, label, value: line(value) });
  const me = app.session?.name;
  const operators = me ? [me, ...(last?.operators ?? []).filter((o) => o !== me)].slice(0, 1) : (last?.operators ?? []);
  return frame(openTripScreen, {
    focus: 0,
    error: null,
    office: null,
    planned: plan ? { id: plan.id, date: plan.date } : null,
    fields: [
      f('commune', 'label.commune', plan?.commune ?? last?.commune ?? ''),
      f('place', 'label.place', plan?.place ?? last?.place ?? ''),
      f('date', 'label.date', displayDate(plan?.date ?? localDate(app.now()))),
      f('start', 'label.start', plan?.start ?? last?.start ?? '07:30'),
      f('end', 'label.end', plan?.end ?? last?.end ?? '11:30'),
      f('operators', 'tui.field.operators', operators.join(', ')),
      f('counters', 'tui.field.counters', last ? last.counters.map((c) => formatCounterSpec(c, app.data.groups)).join(' ') : '1=*'),
    ],
  });
}

const valueOf = (s: TripFormState, id: FieldId) => s.fields.find((f) => f.id === id)?.value.text ?? '';

/** The office the trip would be opened for. */
function officeOf(s: TripFormState, env: ScreenEnv): Office {
  if (s.office) return env.app.offices.get(s.office);
  return env.app.offices.forCommune(valueOf(s, 'commune'));
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
        officeId: officeOf(s, env).id,
      });
      const text = env.t('ok.tripOpened', { id: opened.id, place: opened.place, commune: opened.commune, date: displayDate(opened.date), start: opened.start, end: opened.end });
      const office = opened.office ?? env.app.offices.ofTrip(opened);
      const warn = officePlaceholders(office).length > 0;
      return [pop(), { kind: 'status', status: warn ? { kind: 'error', text: `${text} ${env.t('tui.trip.officePlaceholder', { unit: office.unitName.vi })}` } : { kind: 'ok', text } }];
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
  {
    id: 'office',
    keys: ['f3'],
    label: 'key.tripOffice',
    shown: (_s, env) => (env.app.offices.list().length > 1 ? 3 : false),
    disabled: (_s, env) => (env.app.offices.list().length > 1 ? null : env.t('tui.trip.oneOffice')),
    run: (s, env) => {
      const all = env.app.offices.list().map((e) => e.office.id);
      const at = all.indexOf(officeOf(s, env).id);
      return step({ ...s, error: null, office: all[(at + 1) % all.length] as string });
    },
  },
  { id: 'back', keys: ['escape'], label: 'key.cancel', shown: () => 4, run: (s) => step(s, pop()) },
];

/** Words into lines of at most `width` columns, each after `indent`. */
function wrapWords(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const w of text.split(' ')) {
    if (cur && [...indent].length + [...cur].length + 1 + [...w].length > width) {
      out.push(indent + cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(indent + cur);
  return out;
}

/** Why the date is unusual for a trip (a weekend, a holiday), or null. */
function dateWarning(typed: string, env: ScreenEnv): string | null {
  const date = parseDate(typed); // as typed: 23/11/2026, 1/2/2027 or 2026-11-23
  if (!date || !isIsoDate(date)) return null;
  try {
    if (new WorkingDays(env.app.data.calendar).isWorkingDay(date)) return null;
  } catch {
    return null; // a year the calendar does not hold: openTrip says nothing of it either
  }
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return env.t(dow === 0 || dow === 6 ? 'tui.trip.weekend' : 'tui.trip.holiday', { date: displayDate(date), day: env.t(`sched.weekday.${dow}` as MessageKey) });
}

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
    const { t } = env;
    const width = Math.min(size.width, 76);
    const inner = width - 4;
    const label = (k: MessageKey) => t(k).padEnd(28);
    const indent = ' '.repeat(31);
    const lines: ViewLine[] = [];
    if (s.planned) lines.push({ text: t('tui.trip.planned', { id: s.planned.id, date: displayDate(s.planned.date) }), dim: true });
    s.fields.forEach((f, i) => {
      lines.push(fieldLine(`${i === s.focus ? '>' : ' '} ${label(f.label)} `, f.value, i === s.focus));
      if (f.id === 'commune') {
        let office: Office | null = null;
        try {
          office = officeOf(s, env);
        } catch (e) {
          lines.push({ text: `  ${label('tui.trip.office')} ! ${userMessage(t, e)}`, color: 'red' });
        }
        if (office) {
          for (const [j, l] of wrapWords(`${office.unitName.vi} (${office.agencyCode})`, inner, indent).entries()) lines.push(j === 0 ? `  ${label('tui.trip.office')} ${l.trimStart()}` : l);
          const left = officePlaceholders(office);
          // Wrapped: the key that fixes it is at the end and must not be cut at 80 columns.
          if (left.length) for (const l of wrapWords(`! ${t(left.includes('office') ? 'tui.trip.officeExample' : 'tui.trip.bankExample', { id: office.id, key: keyLabel(OFFICE_KEY) })}`, inner, '    ')) lines.push({ text: l, color: 'yellow' });
        }
      }
      if (f.id === 'date') {
        const w = dateWarning(f.value.text.trim(), env);
        if (w) lines.push({ text: `    ! ${w}`, color: 'yellow' });
      }
      if (f.id === 'counters') {
        const legend = env.app.data.groups.map((g) => `${g.prefix}=${g.name[env.lang]}`).join(', ');
        lines.push({ text: `    ${legend}`, dim: true });
      }
    });
    // The refusal first, under the title: a form that fills the box (an office still the example, a
    // weekend date) cuts its last rows, and the answer to Enter must not be among them.
    if (s.error) lines.unshift({ text: `! ${s.error}`, color: 'red' });
    return { frame: 'box', title: t('tui.openTripTitle'), lines, width, height: size.height };
  },
};
