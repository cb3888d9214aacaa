// Fees and charges (phí, lệ phí) of a procedure as formulas, not one number: a fixed sum per case or
// per copy, the certified-copy scale by pages (Circular 226/2016/TT-BTC), a sum that depends on
// whether the dossier was filed in person or online (residence, Circular 75/2022/TT-BTC), or a sum the
// Provincial People's Council sets (its value configured per office). Exemptions are conditions
// the operator confirms, each named. Pure.
import { Checker } from './check.js';
import type { LocalName } from './lang.js';
import { DomainError } from './errors.js';

/** phí (a charge for a service) or lệ phí (a fee for an administrative act); none: nothing is due. */
export const FEE_TYPES = ['phi', 'le_phi', 'none'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

export const CHANNELS = ['in_person', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];

export type FeeRule =
  /** Nothing is charged. */
  | { kind: 'none' }
  /** A fixed sum per unit (a case, a copy, a contract), times the number of units. */
  | { kind: 'fixed'; vnd: number; per: 'case' | 'copy' | 'contract' }
  /** Per page of each copy: `firstVnd` for each of the first `firstPages`, `nextVnd` after, at most `maxPerCopyVnd` a copy. */
  | { kind: 'pages'; firstPages: number; firstVnd: number; nextVnd: number; maxPerCopyVnd: number }
  /** Filed in person or online (the national or provincial public-service portal). */
  | { kind: 'channel'; inPersonVnd: number; onlineVnd: number }
  /** Set by the Provincial People's Council: the office's configured value under `key`, per case. */
  | { kind: 'province'; key: string };

export interface Exemption {
  code: string;
  /** The condition as the operator confirms it ("Đăng ký khai sinh đúng hạn…"). */
  name: LocalName;
  /** The legal text that grants it. */
  source: string;
  verified: boolean;
}

export interface FeeSpec {
  type: FeeType;
  rule: FeeRule;
  exemptions: Exemption[];
  /** Where the amounts come from (circular, article). */
  source: string;
  /** The amounts were checked against that source. */
  verified: boolean;
}

/** What a receipt says about the fee. */
export interface FeeQuery {
  pages?: number | undefined;
  copies?: number | undefined;
  channel?: Channel | undefined;
  /** The province's value for a 'province' rule, from the office; null when not configured. */
  provinceVnd?: number | null | undefined;
}

export interface FeeResult {
  /** The sum due, in dong; null: the province's value is not configured (the operator must enter it). */
  vnd: number | null;
  /** Units charged (copies, cases); 1 when the rule has none. */
  units: number;
  /** Pages of each copy, for the page scale. */
  pages: number | null;
  /** Per copy, for the page scale (after the cap). */
  perCopyVnd: number | null;
  /** The cap of the page scale applied. */
  capped: boolean;
  channel: Channel | null;
}

const MAX_UNITS = 1000;
const MAX_PAGES = 10_000;

function count(v: number | undefined, what: 'pages' | 'copies', max: number): number {
  const n = v ?? 1;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new DomainError('err.fee.count', { what: `fee.${what}`, value: String(v), max });
  return n;
}

/** The sum a rule charges for a receipt. Refuses a count of pages or copies out of range. */
export function computeFee(rule: FeeRule, q: FeeQuery): FeeResult {
  const base: FeeResult = { vnd: 0, units: 1, pages: null, perCopyVnd: null, capped: false, channel: null };
  switch (rule.kind) {
    case 'none':
      return base;
    case 'fixed': {
      const units = count(q.copies, 'copies', MAX_UNITS);
      return { ...base, vnd: rule.vnd * units, units };
    }
    case 'pages': {
      const pages = count(q.pages, 'pages', MAX_PAGES);
      const units = count(q.copies, 'copies', MAX_UNITS);
      const scale = Math.min(pages, rule.firstPages) * rule.firstVnd + Math.max(0, pages - rule.firstPages) * rule.nextVnd;
      const perCopy = Math.min(scale, rule.maxPerCopyVnd);
      return { ...base, vnd: perCopy * units, units, pages, perCopyVnd: perCopy, capped: scale > rule.maxPerCopyVnd };
    }
    case 'channel': {
      const channel = q.channel ?? 'in_person';
      return { ...base, vnd: channel === 'online' ? rule.onlineVnd : rule.inPersonVnd, channel };
    }
    case 'province':
      return { ...base, vnd: q.provinceVnd ?? null };
  }
}

/** The sum for the plainest case (one page, one copy, in person), as the catalogue lists it; 0 when the province sets it. */
export function baseFee(rule: FeeRule): number {
  return rule.kind === 'province' ? 0 : (computeFee(rule, {}).vnd ?? 0);
}

/** Whether a rule needs the number of pages, of copies (units), or the channel from the receipt. */
export function feeInputs(rule: FeeRule): { pages: boolean; copies: boolean; channel: boolean } {
  return { pages: rule.kind === 'pages', copies: rule.kind === 'pages' || rule.kind === 'fixed', channel: rule.kind === 'channel' };
}

const MAX_VND = 1_000_000_000;

/** Check the `fee` object of a procedure in procedures.json. */
export function checkFee(c: Checker, v: unknown, path: string): FeeSpec {
  const o = c.obj(v, path);
  const type = c.oneOf(o.type, `${path}.type`, FEE_TYPES);
  const r = c.obj(o.rule, `${path}.rule`);
  const rp = `${path}.rule`;
  const vnd = (x: unknown, p: string) => c.int(x, p, 0, MAX_VND);
  const kind = c.oneOf(r.kind, `${rp}.kind`, ['none', 'fixed', 'pages', 'channel', 'province'] as const);
  let rule: FeeRule;
  switch (kind) {
    case 'none':
      rule = { kind };
      break;
    case 'fixed':
      rule = { kind, vnd: vnd(r.vnd, `${rp}.vnd`), per: c.oneOf(r.per, `${rp}.per`, ['case', 'copy', 'contract'] as const) };
      break;
    case 'pages':
      rule = { kind, firstPages: c.int(r.firstPages, `${rp}.firstPages`, 0, 1000), firstVnd: vnd(r.firstVnd, `${rp}.firstVnd`), nextVnd: vnd(r.nextVnd, `${rp}.nextVnd`), maxPerCopyVnd: vnd(r.maxPerCopyVnd, `${rp}.maxPerCopyVnd`) };
      break;
    case 'channel':
      rule = { kind, inPersonVnd: vnd(r.inPersonVnd, `${rp}.inPersonVnd`), onlineVnd: vnd(r.onlineVnd, `${rp}.onlineVnd`) };
      break;
    case 'province':
      rule = { kind, key: c.str(r.key, `${rp}.key`, /^[a-z][a-z0-9_.-]{0,63}$/) };
      break;
  }
  if ((type === 'none') !== (rule.kind === 'none')) c.fail(`${path}.type`, 'type "none" goes with rule "none", and only with it');
  const exemptions = c.arr(o.exemptions, `${path}.exemptions`).map((e, i) => {
    const ep = `${path}.exemptions[${i}]`;
    const x = c.obj(e, ep);
    return { code: c.str(x.code, `${ep}.code`, /^[a-z][a-z0-9_]{0,39}$/), name: c.name(x.name, `${ep}.name`), source: c.str(x.source, `${ep}.source`), verified: c.bool(x.verified, `${ep}.verified`) };
  });
  c.unique(exemptions, (e) => e.code, `${path}.exemptions`, 'code');
  return { type, rule, exemptions, source: c.str(o.source, `${path}.source`), verified: c.bool(o.verified, `${path}.verified`) };
}
