// @ts-nocheck
// The life of a dossier as Vietnamese one-stop systems track it. Only the transitions below are
// allowed; each change is recorded as an event (with operator and time) by the store.
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { DomainError } from './errors.js';
export const DOSSIER_STATES = ['received', 'handed_over', 'processing', 'supplement_requested', 'result_ready', 'returned', 'refused', 'cancelled'] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];
const NEXT: Record<DossierState, readonly DossierState[]> = stryMutAct_9fa48("341") ? {} : (stryCov_9fa48("341"), {
  // at the vehicle: handed to the commune office, or dealt with on the spot
  received: stryMutAct_9fa48("342") ? [] : (stryCov_9fa48("342"), [stryMutAct_9fa48("343") ? "" : (stryCov_9fa48("343"), 'handed_over'), stryMutAct_9fa48("344") ? "" : (stryCov_9fa48("344"), 'processing'), stryMutAct_9fa48("345") ? "" : (stryCov_9fa48("345"), 'supplement_requested'), stryMutAct_9fa48("346") ? "" : (stryCov_9fa48("346"), 'result_ready'), stryMutAct_9fa48("347") ? "" : (stryCov_9fa48("347"), 'refused'), stryMutAct_9fa48("348") ? "" : (stryCov_9fa48("348"), 'cancelled')]),
  handed_over: stryMutAct_9fa48("349") ? [] : (stryCov_9fa48("349"), [stryMutAct_9fa48("350") ? "" : (stryCov_9fa48("350"), 'processing'), stryMutAct_9fa48("351") ? "" : (stryCov_9fa48("351"), 'supplement_requested'), stryMutAct_9fa48("352") ? "" : (stryCov_9fa48("352"), 'result_ready'), stryMutAct_9fa48("353") ? "" : (stryCov_9fa48("353"), 'refused')]),
  processing: stryMutAct_9fa48("354") ? [] : (stryCov_9fa48("354"), [stryMutAct_9fa48("355") ? "" : (stryCov_9fa48("355"), 'supplement_requested'), stryMutAct_9fa48("356") ? "" : (stryCov_9fa48("356"), 'result_ready'), stryMutAct_9fa48("357") ? "" : (stryCov_9fa48("357"), 'refused')]),
  // the citizen brings the missing papers, or gives up
  supplement_requested: stryMutAct_9fa48("358") ? [] : (stryCov_9fa48("358"), [stryMutAct_9fa48("359") ? "" : (stryCov_9fa48("359"), 'processing'), stryMutAct_9fa48("360") ? "" : (stryCov_9fa48("360"), 'refused'), stryMutAct_9fa48("361") ? "" : (stryCov_9fa48("361"), 'cancelled')]),
  result_ready: stryMutAct_9fa48("362") ? [] : (stryCov_9fa48("362"), [stryMutAct_9fa48("363") ? "" : (stryCov_9fa48("363"), 'returned')]),
  returned: stryMutAct_9fa48("364") ? ["Stryker was here"] : (stryCov_9fa48("364"), []),
  refused: stryMutAct_9fa48("365") ? ["Stryker was here"] : (stryCov_9fa48("365"), []),
  cancelled: stryMutAct_9fa48("366") ? ["Stryker was here"] : (stryCov_9fa48("366"), [])
});
export function isDossierState(s: string): s is DossierState {
  if (stryMutAct_9fa48("367")) {
    {}
  } else {
    stryCov_9fa48("367");
    return (DOSSIER_STATES as readonly string[]).includes(s);
  }
}
export function allowedNext(from: DossierState): readonly DossierState[] {
  if (stryMutAct_9fa48("368")) {
    {}
  } else {
    stryCov_9fa48("368");
    return NEXT[from];
  }
}

/** Check a state change; throws err.dossier.transition naming both states when it is not allowed. */
export function checkTransition(from: DossierState, to: DossierState): void {
  if (stryMutAct_9fa48("369")) {
    {}
  } else {
    stryCov_9fa48("369");
    if (stryMutAct_9fa48("372") ? false : stryMutAct_9fa48("371") ? true : stryMutAct_9fa48("370") ? NEXT[from].includes(to) : (stryCov_9fa48("370", "371", "372"), !NEXT[from].includes(to))) throw new DomainError(stryMutAct_9fa48("373") ? "" : (stryCov_9fa48("373"), 'err.dossier.transition'), stryMutAct_9fa48("374") ? {} : (stryCov_9fa48("374"), {
      from: stryMutAct_9fa48("375") ? `` : (stryCov_9fa48("375"), `dossier.${from}`),
      to: stryMutAct_9fa48("376") ? `` : (stryCov_9fa48("376"), `dossier.${to}`)
    }));
  }
}
export function isFinal(s: DossierState): boolean {
  if (stryMutAct_9fa48("377")) {
    {}
  } else {
    stryCov_9fa48("377");
    return stryMutAct_9fa48("380") ? NEXT[s].length !== 0 : stryMutAct_9fa48("379") ? false : stryMutAct_9fa48("378") ? true : (stryCov_9fa48("378", "379", "380"), NEXT[s].length === 0);
  }
}