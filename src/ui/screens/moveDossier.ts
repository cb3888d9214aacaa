// Before a dossier moves to a state that says why (refused, supplement requested, cancelled) or
// that ends it (returned): what moves where, the reason typed in (it is printed on the form the
// citizen receives), Enter to make the record, Esc to leave it as it was. Closes with
// `{ reason }` (null when the move needs none); Esc closes with nothing.
import type { Dossier } from '../../core/dossier.js';
import { REASON_STATES, type DossierState } from '../../core/lifecycle.js';
import type { MessageKey } from '../../i18n/index.js';
import { wrap } from '../../app/slip.js';
import { fieldLine } from '../fields.js';
import { editLine, line, type Line } from '../keys/edit.js';
import { frame, pop, step, type Binding, type Frame, type Screen } from '../screen.js';

export interface MoveState {
  code: string;
  from: DossierState;
  to: DossierState;
  /** Mandatory papers not handed over (1-based), for a request to supplement. */
  missing: number[];
  reason: Line;
  error: string | null;
}

/** What the dialog closes with when the move is confirmed. */
export interface MoveConfirmed {
  reason: string | null;
}

/** The shortest reason taken (as the forms require). */
const MIN_REASON = 3;
const needsReason = (s: MoveState) => REASON_STATES.includes(s.to);

const bindings: readonly Binding<MoveState>[] = [
  {
    id: 'confirm',
    keys: ['enter'],
    label: 'key.confirmMove',
    shown: () => 1,
    run: (s, env) => {
      const reason = s.reason.text.trim();
      if (needsReason(s) && [...reason].length < MIN_REASON) return step({ ...s, error: env.t('fd.reasonNeeded', { n: MIN_REASON }) });
      return step(s, pop({ reason: needsReason(s) ? reason : null } satisfies MoveConfirmed));
    },
  },
  { id: 'back', keys: ['escape'], label: 'key.back', shown: () => 2, run: (s) => step(s, pop()) },
];

export const moveScreen: Screen<MoveState> = {
  id: 'moveDossier',
  bindings,
  edits: needsReason,
  other: (s, _env, key) => {
    if (!needsReason(s)) return null;
    const v = editLine(s.reason, key, { max: 300 });
    return v ? step({ ...s, reason: v, error: null }) : null;
  },
  view: (s, env, size) => {
    const { t } = env;
    const width = Math.min(size.width, 78);
    const inner = width - 4;
    const state = (x: DossierState) => t(`dossier.${x}` as MessageKey);
    const lines = [...wrap(t('fd.moveWhat', { code: s.code, from: state(s.from), to: state(s.to) }), inner, 2)];
    if (s.to === 'supplement_requested' && s.missing.length) lines.push(...wrap(t('fd.supplementMissing', { numbers: s.missing.join(', ') }), inner, 2));
    if (!needsReason(s)) lines.push(...wrap(t('fd.finalWarning'), inner, 2));
    const body = needsReason(s) ? [...lines, '', fieldLine(`${t('fd.reason')}: `, s.reason, true)] : lines;
    const all = [...body, ...(s.error ? wrap(`! ${s.error}`, inner, 2) : [])];
    return { frame: 'box', title: t('fd.moveTitle', { to: state(s.to) }), lines: all, width, height: Math.min(size.height, all.length + 4) };
  },
};

export function moveFrame(d: Dossier, to: DossierState): Frame<MoveState> {
  const missing = d.documents.flatMap((x, i) => (x.mandatory && !x.received ? [i + 1] : []));
  return frame(moveScreen, { code: d.code, from: d.state, to, missing, reason: line(''), error: null });
}
