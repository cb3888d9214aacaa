// The handover bundle from the counter screen (issue 13 item 24), as `handover export` makes it: the
// folder it goes to (a new folder on the USB stick when one is in, else beside the database; the
// operator may type another), a supervisor's PIN through the approval dialog (personal data of a
// whole trip leaves the vehicle), then the bundle written while the screen keeps answering, and
// where it went said on the screen.
import type { Trip } from '../../core/trip.js';
import { userMessage } from '../../i18n/index.js';
import { wrap } from '../../core/print/layout.js';
import { fieldLine } from '../fields.js';
import { editLine, line, type Line } from '../keys/edit.js';
import { back, frame, push, step, task, update, type Binding, type Effect, type Frame, type Screen, type ScreenEnv, type Step } from '../screen.js';
import { approvalFrame, type Approved } from './login.js';
import type { Operator } from '../../app/operators.js';

export interface HandoverState {
  tripId: number;
  dir: Line;
  /** Where the folder suggested is: on a stick, or beside the database (no stick in). */
  removable: boolean;
  busy: boolean;
  message: string | null;
  error: boolean;
  /** Written: where. */
  done: string | null;
}

/** The handover screen for a trip, its folder suggested; throws where the app cannot write one (a workstation). */
export function handoverFrame(env: ScreenEnv, trip: Trip): Frame<HandoverState> {
  const target = env.app.paper.handoverTarget(trip.id);
  return frame(handoverScreen, { tripId: trip.id, dir: line(target.dir), removable: target.removable, busy: false, message: null, error: false, done: null });
}

function exportNow(s: HandoverState, approver?: Operator): Effect<HandoverState> {
  const { tripId } = s;
  const dir = s.dir.text;
  return task<HandoverState>(async (env) => {
    try {
      const r = await env.app.paper.exportHandover({ tripId, dir, ...(approver ? { approver } : {}) });
      const text = env.t('hov.tui.done', { n: r.dossiers, files: r.files, dir: r.dir });
      // said in the box, whole (a path is too long for the status line's one row)
      return [update((x) => ({ ...x, busy: false, done: r.dir, message: text, error: false }))];
    } catch (e) {
      return [update((x) => ({ ...x, busy: false, message: userMessage(env.t, e), error: true }))];
    }
  });
}

const bindings: readonly Binding<HandoverState>[] = [
  {
    id: 'export',
    keys: ['enter'],
    label: 'key.handoverWrite',
    shown: (s) => (s.busy || s.done ? false : 1),
    disabled: (s, env) => (s.busy ? env.t('hov.tui.working') : s.done ? env.t('hov.tui.already', { dir: s.done }) : null),
    run: (s, env) => {
      const busy = { ...s, busy: true, message: env.t('hov.tui.working'), error: false };
      // a supervisor gives their PIN first, when operators are set up (as `handover export` asks)
      if (env.app.operators.enabled()) return step({ ...s, message: null, error: false }, push(approvalFrame('handover.export', env.t('hov.tui.what', { id: s.tripId }))));
      return step(busy, exportNow(s));
    },
  },
  back(2),
];

export const handoverScreen: Screen<HandoverState> = {
  id: 'handover',
  bindings,
  edits: (s) => !s.busy && !s.done,
  other: (s, _env, key) => {
    if (s.busy || s.done) return null;
    const v = editLine(s.dir, key, { max: 400 });
    return v ? step({ ...s, dir: v, message: null, error: false }) : null;
  },
  resume: (s, result, env): Step<HandoverState> => {
    const approver = (result as Partial<Approved> | undefined)?.approver;
    if (!approver) return step({ ...s, message: env.t('hov.tui.notApproved'), error: true });
    return step({ ...s, busy: true, message: env.t('hov.tui.working'), error: false }, exportNow(s, approver));
  },
  scans: () => 'busy',
  view: (s, env, size) => {
    const { t } = env;
    const width = Math.max(20, size.width - 4);
    const lines = [
      ...wrap(t('hov.tui.intro', { id: s.tripId }), width),
      '',
      fieldLine(`${t('hov.tui.dir')}: `, s.dir, !s.busy && !s.done),
      ...wrap(t(s.removable ? 'hov.tui.onStick' : 'hov.tui.noStick'), width),
      ...(s.message ? ['', ...wrap(`${s.error ? '! ' : ''}${s.message}`, width)] : []),
    ];
    return { frame: 'box', title: t('hov.tui.title', { id: s.tripId }), lines, width: size.width, height: size.height };
  },
};
