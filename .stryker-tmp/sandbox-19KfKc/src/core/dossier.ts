// @ts-nocheck
// Dossier codes (Circular 01/2018/TT-VPCP art. 19, now under Decree 118/2025/NĐ-CP): the agency code
// from configuration, the receipt date as YYMMDD and the 4-digit sequence of the day,
// e.g. 000.00.20.H26-251014-0001.
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
import type { DossierState } from './lifecycle.js';
import type { ReceiptPlan } from './receipt.js';

/**
 * An agency code: groups of digits and capitals joined by dots. Every form in use fits: the older
 * `000.00.20.H26` (read right to left, H26 the province), the 2025 two-tier `H26.107` and a commune's
 * centre one level below, `H01.151.01`. At most 40 characters (it names a folder and starts a code).
 */
export const AGENCY_CODE = stryMutAct_9fa48("277") ? /^(?=.{1,40}$)[0-9A-Z]+(\.[^0-9A-Z]+)*$/ : stryMutAct_9fa48("276") ? /^(?=.{1,40}$)[0-9A-Z]+(\.[0-9A-Z])*$/ : stryMutAct_9fa48("275") ? /^(?=.{1,40}$)[0-9A-Z]+(\.[0-9A-Z]+)$/ : stryMutAct_9fa48("274") ? /^(?=.{1,40}$)[^0-9A-Z]+(\.[0-9A-Z]+)*$/ : stryMutAct_9fa48("273") ? /^(?=.{1,40}$)[0-9A-Z](\.[0-9A-Z]+)*$/ : stryMutAct_9fa48("272") ? /^(?=.$)[0-9A-Z]+(\.[0-9A-Z]+)*$/ : stryMutAct_9fa48("271") ? /^(?=.{1,40})[0-9A-Z]+(\.[0-9A-Z]+)*$/ : stryMutAct_9fa48("270") ? /^(?!.{1,40}$)[0-9A-Z]+(\.[0-9A-Z]+)*$/ : stryMutAct_9fa48("269") ? /^(?=.{1,40}$)[0-9A-Z]+(\.[0-9A-Z]+)*/ : stryMutAct_9fa48("268") ? /(?=.{1,40}$)[0-9A-Z]+(\.[0-9A-Z]+)*$/ : (stryCov_9fa48("268", "269", "270", "271", "272", "273", "274", "275", "276", "277"), /^(?=.{1,40}$)[0-9A-Z]+(\.[0-9A-Z]+)*$/);
const AGENCY = AGENCY_CODE;
export function dossierCode(agency: string, date: string, seq: number): string {
  if (stryMutAct_9fa48("278")) {
    {}
  } else {
    stryCov_9fa48("278");
    if (stryMutAct_9fa48("281") ? false : stryMutAct_9fa48("280") ? true : stryMutAct_9fa48("279") ? AGENCY.test(agency) : (stryCov_9fa48("279", "280", "281"), !AGENCY.test(agency))) throw new DomainError(stryMutAct_9fa48("282") ? "" : (stryCov_9fa48("282"), 'err.dossier.agency'), stryMutAct_9fa48("283") ? {} : (stryCov_9fa48("283"), {
      value: agency
    }));
    if (stryMutAct_9fa48("286") ? (!Number.isInteger(seq) || seq < 1) && seq > 9999 : stryMutAct_9fa48("285") ? false : stryMutAct_9fa48("284") ? true : (stryCov_9fa48("284", "285", "286"), (stryMutAct_9fa48("288") ? !Number.isInteger(seq) && seq < 1 : stryMutAct_9fa48("287") ? false : (stryCov_9fa48("287", "288"), (stryMutAct_9fa48("289") ? Number.isInteger(seq) : (stryCov_9fa48("289"), !Number.isInteger(seq))) || (stryMutAct_9fa48("292") ? seq >= 1 : stryMutAct_9fa48("291") ? seq <= 1 : stryMutAct_9fa48("290") ? false : (stryCov_9fa48("290", "291", "292"), seq < 1)))) || (stryMutAct_9fa48("295") ? seq <= 9999 : stryMutAct_9fa48("294") ? seq >= 9999 : stryMutAct_9fa48("293") ? false : (stryCov_9fa48("293", "294", "295"), seq > 9999)))) throw new DomainError(stryMutAct_9fa48("296") ? "" : (stryCov_9fa48("296"), 'err.dossier.seq'), stryMutAct_9fa48("297") ? {} : (stryCov_9fa48("297"), {
      value: seq
    }));
    const yymmdd = stryMutAct_9fa48("298") ? date.slice(2, 4) + date.slice(5, 7) - date.slice(8, 10) : (stryCov_9fa48("298"), (stryMutAct_9fa48("299") ? date.slice(2, 4) - date.slice(5, 7) : (stryCov_9fa48("299"), (stryMutAct_9fa48("300") ? date : (stryCov_9fa48("300"), date.slice(2, 4))) + (stryMutAct_9fa48("301") ? date : (stryCov_9fa48("301"), date.slice(5, 7))))) + (stryMutAct_9fa48("302") ? date : (stryCov_9fa48("302"), date.slice(8, 10))));
    return stryMutAct_9fa48("303") ? `` : (stryCov_9fa48("303"), `${agency}-${yymmdd}-${String(seq).padStart(4, stryMutAct_9fa48("304") ? "" : (stryCov_9fa48("304"), '0'))}`);
  }
}

/** The parts of a dossier code, or undefined when the text is not one (e.g. an unknown scan). */
export function parseDossierCode(text: string): {
  agency: string;
  date: string;
  seq: number;
} | undefined {
  if (stryMutAct_9fa48("305")) {
    {}
  } else {
    stryCov_9fa48("305");
    const m = (stryMutAct_9fa48("320") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\D{4})$/ : stryMutAct_9fa48("319") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d)$/ : stryMutAct_9fa48("318") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\D{2})-(\d{4})$/ : stryMutAct_9fa48("317") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d)-(\d{4})$/ : stryMutAct_9fa48("316") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\D{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("315") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d)(\d{2})-(\d{4})$/ : stryMutAct_9fa48("314") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\D{2})(\d{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("313") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d)(\d{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("312") ? /^([0-9A-Z]+(?:\.[^0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("311") ? /^([0-9A-Z]+(?:\.[0-9A-Z])*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("310") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+))-(\d{2})(\d{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("309") ? /^([^0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("308") ? /^([0-9A-Z](?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/ : stryMutAct_9fa48("307") ? /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})/ : stryMutAct_9fa48("306") ? /([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/ : (stryCov_9fa48("306", "307", "308", "309", "310", "311", "312", "313", "314", "315", "316", "317", "318", "319", "320"), /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/)).exec(stryMutAct_9fa48("322") ? text.toUpperCase() : stryMutAct_9fa48("321") ? text.trim().toLowerCase() : (stryCov_9fa48("321", "322"), text.trim().toUpperCase()));
    if (stryMutAct_9fa48("325") ? false : stryMutAct_9fa48("324") ? true : stryMutAct_9fa48("323") ? m : (stryCov_9fa48("323", "324", "325"), !m)) return undefined;
    const [, agency, yy, mm, dd, seq] = m as unknown as [string, string, string, string, string, string];
    const date = stryMutAct_9fa48("326") ? `` : (stryCov_9fa48("326"), `20${yy}-${mm}-${dd}`);
    const dt = new Date(Date.UTC(Number(stryMutAct_9fa48("327") ? `` : (stryCov_9fa48("327"), `20${yy}`)), stryMutAct_9fa48("328") ? Number(mm) + 1 : (stryCov_9fa48("328"), Number(mm) - 1), Number(dd)));
    if (stryMutAct_9fa48("331") ? dt.toISOString().slice(0, 10) !== date && Number(seq) === 0 : stryMutAct_9fa48("330") ? false : stryMutAct_9fa48("329") ? true : (stryCov_9fa48("329", "330", "331"), (stryMutAct_9fa48("333") ? dt.toISOString().slice(0, 10) === date : stryMutAct_9fa48("332") ? false : (stryCov_9fa48("332", "333"), (stryMutAct_9fa48("334") ? dt.toISOString() : (stryCov_9fa48("334"), dt.toISOString().slice(0, 10))) !== date)) || (stryMutAct_9fa48("336") ? Number(seq) !== 0 : stryMutAct_9fa48("335") ? false : (stryCov_9fa48("335", "336"), Number(seq) === 0)))) return undefined;
    return stryMutAct_9fa48("337") ? {} : (stryCov_9fa48("337"), {
      agency,
      date,
      seq: Number(seq)
    });
  }
}

/** A stored dossier: the checked receipt, its code and where it stands. */
export interface Dossier extends Omit<ReceiptPlan, 'incomplete'> {
  id: number;
  code: string;
  /** The agency code the dossier was received under (the office of its trip). */
  agency: string;
  seq: number;
  tripId: number | null;
  ticketId: number | null;
  /** The queue ticket's label (e.g. A012), when received from one. */
  ticketLabel: string | null;
  /** Its entry in the register (Sổ theo dõi hồ sơ): the book ("01/2026") and the number in it. */
  register: {
    book: string;
    no: number;
  } | null;
  /** VietQR payload for a bank-transfer fee, with the code as the note. */
  vietqr: string | null;
  receivedAt: number;
  state: DossierState;
  stateAt: number;
  /** The day the result was ready (or the dossier refused): judged against the due date. */
  resultOn: string | null;
  operator: string | null;
}

/** The register's book of a date: one a year per agency, "01/2026". */
export function registerBook(date: string): string {
  if (stryMutAct_9fa48("338")) {
    {}
  } else {
    stryCov_9fa48("338");
    return stryMutAct_9fa48("339") ? `` : (stryCov_9fa48("339"), `01/${stryMutAct_9fa48("340") ? date : (stryCov_9fa48("340"), date.slice(0, 4))}`);
  }
}
export interface DossierEvent {
  at: number;
  from: DossierState | null;
  to: DossierState;
  operator: string | null;
  note: string | null;
}