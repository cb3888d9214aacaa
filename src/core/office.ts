// The offices the vehicle works for (data/offices.json, plus those set up on the vehicle) and the
// kinds of help given without a dossier (data/help-services.json). A city centre's vehicle serves
// several communes: each commune's one-stop office has its own agency code, names, bank account
// and the province's fee rates; a trip is opened for one of them. Pure: callers pass parsed JSON.
import { Checker } from './check.js';
import { DomainError } from './errors.js';
import type { LocalName } from './lang.js';
import { fold } from './text.js';
import { isHhmm } from './time.js';

/**
 * An agency code: groups of digits and capitals joined by dots. Every form in use fits: the older
 * `000.00.20.H26` (read right to left, H26 the province), the 2025 two-tier `H26.107` and a commune's
 * centre one level below, `H01.151.01`. At most 40 characters (it names a folder and starts a code).
 */
export const AGENCY_CODE = /^(?=.{1,40}$)[0-9A-Z]+(\.[0-9A-Z]+)*$/;

export interface BankAccount {
  /** Acquirer BIN of the bank (6 digits), as NAPAS lists it. */
  bin: string;
  bankName: string;
  account: string;
  accountName: string;
  /** Checked with the office: a placeholder (false) never gets a VietQR printed for it. */
  verified: boolean;
}

export interface Office {
  /** A short name for the operator and the CLI: "minh-chau". */
  id: string;
  /** Agency code of the receiving unit: the first part of every dossier code (000.00.20.H26, H26.107, H01.151.01). */
  agencyCode: string;
  /** The parent agency (cơ quan chủ quản), above the unit on every form: "UBND xã Minh Châu". */
  agencyName: LocalName;
  /** The issuing one-stop unit, in bold capitals under the parent agency. */
  unitName: LocalName;
  /** The place name of the date line: "<place>, ngày … tháng … năm …". */
  placeName: string;
  phone: string | null;
  /** The account fees are transferred to by VietQR; null: no bank transfer. */
  bank: BankAccount | null;
  /** Default fee for returning a result by public post, editable per dossier. */
  postalFeeVnd: number;
  /** The Provincial People's Council's rates, by the fee key of the catalogue (src/core/fees.ts). */
  provinceFees: Record<string, number>;
  /** Working hours: results due the same day are due by `end`. */
  hours: { start: string; end: string };
  /** Whether the agency code, names and rates were checked with the office. */
  verified: boolean;
}

export interface HelpService {
  code: string;
  /** The digit that logs it (1-9). */
  key: string;
  name: LocalName;
}

export const OFFICE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const FEE_KEY = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Check one office object (from data/offices.json or the vehicle's own list) at `path`. */
export function checkOfficeAt(c: Checker, json: unknown, path: string): Office {
  const o = c.obj(json, path);
  let bank: BankAccount | null = null;
  if (o.bank !== null) {
    const b = c.obj(o.bank, `${path}.bank`);
    bank = {
      bin: c.str(b.bin, `${path}.bank.bin`, /^\d{6}$/),
      bankName: c.str(b.bankName, `${path}.bank.bankName`),
      account: c.str(b.account, `${path}.bank.account`, /^[0-9A-Za-z]{1,19}$/),
      accountName: c.str(b.accountName, `${path}.bank.accountName`),
      verified: c.bool(b.verified, `${path}.bank.verified`),
    };
  }
  const fees = c.obj(o.provinceFees, `${path}.provinceFees`);
  const provinceFees: Record<string, number> = {};
  for (const [k, v] of Object.entries(fees)) {
    if (!FEE_KEY.test(k)) c.fail(`${path}.provinceFees`, `"${k}" is not a fee key`);
    provinceFees[k] = c.int(v, `${path}.provinceFees.${k}`, 0, 1_000_000_000);
  }
  const h = c.obj(o.hours, `${path}.hours`);
  const hours = { start: c.str(h.start, `${path}.hours.start`, /^([01]\d|2[0-3]):[0-5]\d$/), end: c.str(h.end, `${path}.hours.end`, /^([01]\d|2[0-3]):[0-5]\d$/) };
  if (hours.end <= hours.start) c.fail(`${path}.hours.end`, 'the day must end after it starts');
  return {
    id: c.str(o.id, `${path}.id`, OFFICE_ID),
    agencyCode: c.str(o.agencyCode, `${path}.agencyCode`, AGENCY_CODE),
    agencyName: c.name(o.agencyName, `${path}.agencyName`),
    unitName: c.name(o.unitName, `${path}.unitName`),
    placeName: c.str(o.placeName, `${path}.placeName`),
    phone: o.phone === null ? null : c.str(o.phone, `${path}.phone`, /^[0-9 .+()-]{6,20}$/),
    bank,
    postalFeeVnd: c.int(o.postalFeeVnd, `${path}.postalFeeVnd`, 0, 10_000_000),
    provinceFees,
    hours,
    verified: c.bool(o.verified, `${path}.verified`),
  };
}

/** data/offices.json: the offices the vehicle serves; the first is the default. */
export function checkOffices(json: unknown, file = 'offices.json'): Office[] {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  c.int(root.version, '$.version', 1, 1);
  const list = c.arr(root.offices, '$.offices').map((v, i) => checkOfficeAt(c, v, `$.offices[${i}]`));
  if (list.length === 0) c.fail('$.offices', 'at least one office is needed');
  c.unique(list, (x) => x.id, '$.offices', 'id');
  c.unique(list, (x) => x.agencyCode, '$.offices', 'agency code');
  return list;
}

/** What may be changed on an office from the app (`luudong office add|set`). */
export interface OfficePatch {
  agencyCode?: string;
  agencyName?: Partial<LocalName>;
  unitName?: Partial<LocalName>;
  placeName?: string;
  phone?: string | null;
  bank?: Partial<BankAccount> | null;
  postalFeeVnd?: number;
  /** Rates to set; a null value removes the key. */
  provinceFees?: Record<string, number | null>;
  hours?: Partial<Office['hours']>;
  verified?: boolean;
}

const text = (v: string | undefined, field: string): string | undefined => {
  if (v === undefined) return undefined;
  const s = v.normalize('NFC').replace(/[\x00-\x1f\x7f]/g, ' ').trim().replace(/\s+/g, ' ');
  if (s === '' || s.length > 200) throw new DomainError('err.office.field', { field, value: v });
  return s;
};

/**
 * An office with a change applied, checked field by field with the operator's messages: the agency
 * code's form, the bank's BIN and account, a phone number, the rates and hours.
 */
export function applyOfficePatch(base: Office, patch: OfficePatch): Office {
  const out: Office = structuredClone(base);
  if (patch.agencyCode !== undefined) {
    const code = patch.agencyCode.trim().toUpperCase();
    if (!AGENCY_CODE.test(code)) throw new DomainError('err.dossier.agency', { value: patch.agencyCode });
    out.agencyCode = code;
  }
  // A name changed in Vietnamese with no English name given: the English name is the Vietnamese one
  // (the one it had was the old name's, an example's most often, and would be wrong under the new).
  for (const k of ['agencyName', 'unitName'] as const) {
    const n = patch[k];
    if (!n) continue;
    const vi = text(n.vi, `${k}.vi`) ?? out[k].vi;
    out[k] = { vi, en: text(n.en, `${k}.en`) ?? (vi !== out[k].vi ? vi : out[k].en) };
  }
  if (patch.placeName !== undefined) out.placeName = text(patch.placeName, 'placeName') as string;
  if (patch.phone !== undefined) {
    if (patch.phone !== null && !/^[0-9 .+()-]{6,20}$/.test(patch.phone.trim())) throw new DomainError('err.office.field', { field: 'phone', value: patch.phone });
    out.phone = patch.phone === null ? null : patch.phone.trim();
  }
  if (patch.bank === null) out.bank = null;
  else if (patch.bank) {
    const b = { ...(out.bank ?? { bin: '', bankName: '', account: '', accountName: '', verified: false }), ...patch.bank };
    // A changed account is a new one: checked again before any QR is printed for it.
    if (patch.bank.verified === undefined && (patch.bank.account !== undefined || patch.bank.bin !== undefined)) b.verified = false;
    if (!/^\d{6}$/.test(b.bin)) throw new DomainError('err.vietqr.bin', { value: b.bin });
    if (!/^[0-9A-Za-z]{1,19}$/.test(b.account)) throw new DomainError('err.vietqr.account', { value: b.account });
    b.bankName = text(b.bankName, 'bank.bankName') as string;
    b.accountName = text(b.accountName, 'bank.accountName') as string;
    out.bank = b;
  }
  if (patch.postalFeeVnd !== undefined) {
    if (!Number.isSafeInteger(patch.postalFeeVnd) || patch.postalFeeVnd < 0 || patch.postalFeeVnd > 10_000_000) throw new DomainError('err.office.field', { field: 'postalFeeVnd', value: String(patch.postalFeeVnd) });
    out.postalFeeVnd = patch.postalFeeVnd;
  }
  for (const [k, v] of Object.entries(patch.provinceFees ?? {})) {
    if (!FEE_KEY.test(k)) throw new DomainError('err.office.feeKey', { value: k });
    if (v === null) delete out.provinceFees[k];
    else if (!Number.isSafeInteger(v) || v < 0 || v > 1_000_000_000) throw new DomainError('err.office.field', { field: k, value: String(v) });
    else out.provinceFees[k] = v;
  }
  if (patch.hours) {
    const h = { ...out.hours, ...patch.hours };
    if (!isHhmm(h.start) || !isHhmm(h.end) || h.end <= h.start) throw new DomainError('err.office.field', { field: 'hours', value: `${h.start}-${h.end}` });
    out.hours = h;
  }
  if (patch.verified !== undefined) out.verified = patch.verified;
  return out;
}

/** The bank account a VietQR may be printed for: configured and checked with the office. */
export function payableAccount(o: Office): BankAccount | null {
  return o.bank && o.bank.verified ? o.bank : null;
}

export function checkHelpServices(json: unknown, file = 'help-services.json'): HelpService[] {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  c.int(root.version, '$.version', 1, 1);
  const list = c.arr(root.services, '$.services').map((v, i) => {
    const p = `$.services[${i}]`;
    const o = c.obj(v, p);
    return { code: c.str(o.code, `${p}.code`, /^[a-z][a-z0-9_]*$/), key: c.str(o.key, `${p}.key`, /^[1-9]$/), name: c.name(o.name, `${p}.name`) };
  });
  if (list.length === 0) c.fail('$.services', 'at least one kind of help is needed');
  c.unique(list, (x) => x.code, '$.services', 'code');
  c.unique(list, (x) => x.key, '$.services', 'key');
  return list;
}

/** A commune's name with its kind (xã, phường, thị trấn, UBND…) and province left out, folded: "Xã Mỹ Đức, Hà Nội" → "my duc". */
function communeKey(s: string): string {
  return fold(s.split(',')[0] ?? '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/^\s*(ubnd|uy ban nhan dan)\s+/, ' ')
    .replace(/^\s*(xa|phuong|thi tran|dac khu)\s+/, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * The office of a commune: the one whose place name or parent agency names that commune ("Xã Mỹ
 * Đức" → the office placed at Mỹ Đức, "UBND xã Mỹ Đức"), or null when none does (the caller then
 * takes the default, and says so).
 */
export function officeForCommune<O extends Pick<Office, 'placeName' | 'agencyName'>>(offices: readonly O[], commune: string): O | null {
  const k = communeKey(commune);
  if (!k) return null;
  return offices.find((o) => communeKey(o.placeName) === k || communeKey(o.agencyName.vi) === k) ?? null;
}

/** What is still a placeholder in an office: its names and codes, its bank account (none: nothing). */
export function officePlaceholders(o: Office): ('office' | 'bank')[] {
  const out: ('office' | 'bank')[] = [];
  if (!o.verified) out.push('office');
  if (o.bank && !o.bank.verified) out.push('bank');
  return out;
}

/** The offices as the screens read them (src/app/offices.ts on the vehicle; `listedOffices` elsewhere). */
export interface OfficeOps {
  list(): readonly { office: Office }[];
  /** By id or agency code; refused naming the ones there are. */
  get(idOrCode: string): Office;
  /** The office of a commune, else the first. */
  forCommune(commune: string): Office;
  /** The office of a trip: its own as listed now, else its snapshot, else the first. */
  ofTrip(trip: { officeId?: string | null; office?: Office | null } | undefined): Office;
  ofDossier(d: { agency: string }, trip: { officeId?: string | null; office?: Office | null } | undefined): Office;
}

/**
 * The offices of a list, for a screen that does not hold the vehicle's database (a workstation: the
 * list as the hub has it, read by `offices()` when asked). As on the vehicle, a trip's office as
 * listed now counts first (an account set during the trip counts at once), then the trip's snapshot.
 */
export function listedOffices(offices: () => readonly Office[]): OfficeOps {
  const first = () => offices()[0] as Office;
  const list = () => offices().map((office) => ({ office }));
  const ofTrip: OfficeOps['ofTrip'] = (trip) => (trip?.officeId ? offices().find((o) => o.id === trip.officeId) : undefined) ?? trip?.office ?? first();
  return {
    list,
    get: (k) => {
      const all = offices();
      const hit = all.find((o) => o.id === k.trim().toLowerCase()) ?? all.find((o) => o.agencyCode === k.trim().toUpperCase());
      if (!hit) throw new DomainError('err.office.unknown', { value: k, list: all.map((o) => o.id).join(', ') });
      return hit;
    },
    forCommune: (c) => officeForCommune(offices(), c) ?? first(),
    ofTrip,
    ofDossier: (d, trip) => {
      const own = trip ? ofTrip(trip) : undefined;
      if (own && own.agencyCode === d.agency) return own;
      return offices().find((o) => o.agencyCode === d.agency) ?? ofTrip(trip);
    },
  };
}
