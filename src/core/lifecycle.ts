// The life of a dossier as Vietnamese one-stop systems track it. Only the transitions below are
// allowed; each change is recorded as an event (with operator and time) by the store.
import { DomainError } from './errors.js';

export const DOSSIER_STATES = ['received', 'handed_over', 'processing', 'supplement_requested', 'result_ready', 'returned', 'refused', 'cancelled'] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

const NEXT: Record<DossierState, readonly DossierState[]> = {
  // at the vehicle: handed to the commune office, or dealt with on the spot
  received: ['handed_over', 'processing', 'supplement_requested', 'result_ready', 'refused', 'cancelled'],
  handed_over: ['processing', 'supplement_requested', 'result_ready', 'refused'],
  processing: ['supplement_requested', 'result_ready', 'refused'],
  // the citizen brings the missing papers, or gives up
  supplement_requested: ['processing', 'refused', 'cancelled'],
  result_ready: ['returned'],
  returned: [],
  refused: [],
  cancelled: [],
};

export function isDossierState(s: string): s is DossierState {
  return (DOSSIER_STATES as readonly string[]).includes(s);
}

export function allowedNext(from: DossierState): readonly DossierState[] {
  return NEXT[from];
}

/** Check a state change; throws err.dossier.transition naming both states when it is not allowed. */
export function checkTransition(from: DossierState, to: DossierState): void {
  if (!NEXT[from].includes(to)) throw new DomainError('err.dossier.transition', { from: `dossier.${from}`, to: `dossier.${to}` });
}

export function isFinal(s: DossierState): boolean {
  return NEXT[s].length === 0;
}

/**
 * The key of each state at the counter, fixed: a digit always names the same state, whatever state
 * the dossier is in (one that is not a move from there is refused with the reason, never taken for
 * another). "received" has none: nothing moves back to it.
 */
export const STATE_KEYS: Readonly<Record<Exclude<DossierState, 'received'>, string>> = {
  handed_over: '1',
  processing: '2',
  supplement_requested: '3',
  result_ready: '4',
  returned: '5',
  refused: '6',
  cancelled: '7',
};

/** The state a counter key names, if any. */
export function stateOfKey(key: string): DossierState | undefined {
  return (Object.keys(STATE_KEYS) as (keyof typeof STATE_KEYS)[]).find((s) => STATE_KEYS[s] === key);
}

/** Moves that say why, and the reason is printed on the form the citizen receives (refusal, request to supplement) or kept with the record (cancelling). */
export const REASON_STATES: readonly DossierState[] = ['supplement_requested', 'refused', 'cancelled'];

/**
 * Whether a move is asked about before it is made: one with a reason, and one that ends the dossier
 * (a final state is a legal record that cannot be taken back).
 */
export function asksFirst(to: DossierState): boolean {
  return REASON_STATES.includes(to) || isFinal(to);
}
