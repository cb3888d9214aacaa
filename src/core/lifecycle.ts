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
