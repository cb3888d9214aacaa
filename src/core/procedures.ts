// The catalogue of commune-level administrative procedures (thủ tục hành chính cấp xã): what the
// citizen must bring, the fee, the processing time, and which queue group serves it. Pure: the
// caller reads data/procedures.json and hands the parsed JSON to checkProcedures.

import { Checker } from './check.js';
import { baseFee, checkFee, type FeeSpec } from './fees.js';
import { fold, nfc } from './text.js';

const FILE = 'procedures.json';

export const PROCEDURE_FIELDS = [
  'civil',
  'certification',
  'residence',
  'welfare',
  'merit',
  'labour',
  'land',
  'finance',
] as const;
export type ProcedureField = (typeof PROCEDURE_FIELDS)[number];

export const DOCUMENT_FORMS = ['original', 'copy', 'original_or_copy', 'form'] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];

export interface BilingualText {
  vi: string;
  en: string;
}

export interface ProcedureDocument {
  name: BilingualText;
  form: DocumentForm;
  count: number;
  mandatory: boolean;
}

export interface Procedure {
  /** National procedure code (e.g. "1.001193"), or null when not known. */
  code: string | null;
  name: BilingualText;
  field: ProcedureField;
  /** Queue service group code. */
  group: string;
  documents: ProcedureDocument[];
  /** The fee as a formula, its legal source and its exemptions (src/core/fees.ts). */
  fee: FeeSpec;
  /** The fee of the plainest case (one page, one copy, in person); 0 where the province sets it. */
  feeVnd: number;
  feeNote: BilingualText | null;
  /** Whose record it makes, when not the applicant's: the child born, the person who died. */
  subject: ProcedureSubject | null;
  /** Working days; 0 = same day. */
  processingDays: number;
  /** The result may be returned by public post (Decision 45/2016/QĐ-TTg). */
  postalReturn: boolean;
  agency: BilingualText;
  verified: boolean;
  /** Where the code or the entry was (or could not be) checked, for an entry that needs saying so. */
  source: string | null;
}

/** The person a civil-status record is about, and which date of theirs it records. */
export const PROCEDURE_SUBJECTS = ['birth', 'death'] as const;
export type ProcedureSubject = (typeof PROCEDURE_SUBJECTS)[number];

const c = new Checker(FILE);

function document(v: unknown, path: string): ProcedureDocument {
  const o = c.obj(v, path);
  return {
    name: c.name(o.name, `${path}.name`),
    form: c.oneOf(o.form, `${path}.form`, DOCUMENT_FORMS),
    count: c.int(o.count, `${path}.count`, 1, 100),
    mandatory: c.bool(o.mandatory, `${path}.mandatory`),
  };
}

/**
 * Check the parsed procedures.json strictly. Throws DataError naming the JSON path of the first
 * bad field. `groupCodes` are the queue service group codes a procedure may belong to.
 */
export function checkProcedures(json: unknown, groupCodes: readonly string[]): Procedure[] {
  const root = c.obj(json, '$');
  c.int(root.version, '$.version', 1, 1);
  const items = c.arr(root.procedures, '$.procedures');
  if (items.length === 0) c.fail('$.procedures', 'at least one procedure is needed');
  const codes = new Map<string, number>();
  const names = new Map<string, number>();
  return items.map((item, i) => {
    const p = `$.procedures[${i}]`;
    const o = c.obj(item, p);
    const code = o.code === null ? null : c.str(o.code, `${p}.code`, /^\d\.\d{6}$/);
    if (code !== null) {
      const first = codes.get(code);
      if (first !== undefined) c.fail(`${p}.code`, `duplicate code "${code}" (also $.procedures[${first}])`);
      codes.set(code, i);
    }
    const name = c.name(o.name, `${p}.name`);
    const first = names.get(name.vi);
    if (first !== undefined) {
      c.fail(`${p}.name.vi`, `duplicate name "${name.vi}" (also $.procedures[${first}])`);
    }
    names.set(name.vi, i);
    const field = c.oneOf(o.field, `${p}.field`, PROCEDURE_FIELDS);
    const group = c.oneOf(o.group, `${p}.group`, groupCodes);
    const docs = c.arr(o.documents, `${p}.documents`);
    if (docs.length === 0) c.fail(`${p}.documents`, 'at least one document is needed');
    const documents = docs.map((d, j) => document(d, `${p}.documents[${j}]`));
    const fee = checkFee(c, o.fee, `${p}.fee`);
    return {
      code,
      name,
      field,
      group,
      documents,
      fee,
      feeVnd: baseFee(fee.rule),
      feeNote: o.feeNote === null ? null : c.name(o.feeNote, `${p}.feeNote`),
      subject: o.subject === undefined || o.subject === null ? null : c.oneOf(o.subject, `${p}.subject`, PROCEDURE_SUBJECTS),
      processingDays: c.int(o.processingDays, `${p}.processingDays`, 0, 365),
      postalReturn: c.bool(o.postalReturn, `${p}.postalReturn`),
      agency: c.name(o.agency, `${p}.agency`),
      verified: c.bool(o.verified, `${p}.verified`),
      source: o.source === undefined || o.source === null ? null : c.str(o.source, `${p}.source`),
    };
  });
}

function squash(s: string): string {
  return fold(nfc(s)).replace(/\s+/g, ' ').trim();
}

/**
 * Type-to-filter over the catalogue, ignoring diacritics and case. Every word of the query must
 * appear in the Vietnamese name, the English name or the code. Ranking: exact code match, then
 * names starting with the query, then by the earliest position of the query (or its first word)
 * in a name, then shorter names; remaining ties keep catalogue order. An empty query returns the list up to `limit`.
 */
export function searchProcedures(list: readonly Procedure[], query: string, limit = 50): Procedure[] {
  const q = squash(query);
  if (q === '') return list.slice(0, limit);
  const words = q.split(' ');
  const scored: { p: Procedure; rank: number; pos: number; len: number; i: number }[] = [];
  list.forEach((p, i) => {
    const vi = squash(p.name.vi);
    const en = squash(p.name.en);
    const code = p.code === null ? '' : p.code.toLowerCase();
    const hay = `${vi}\n${en}\n${code}`;
    if (!words.every((w) => hay.includes(w))) return;
    let rank: number;
    let pos = 0;
    if (code !== '' && code === q) rank = 0;
    else if (vi.startsWith(q) || en.startsWith(q)) rank = 1;
    else {
      rank = 2;
      const at = (s: string): number => {
        const k = s.indexOf(q);
        if (k >= 0) return k;
        const w = s.indexOf(words[0] ?? q);
        return w >= 0 ? w + 1000 : 1_000_000;
      };
      pos = Math.min(at(vi), at(en));
    }
    scored.push({ p, rank, pos, len: vi.length, i });
  });
  scored.sort((a, b) => a.rank - b.rank || a.pos - b.pos || a.len - b.len || a.i - b.i);
  return scored.slice(0, limit).map((s) => s.p);
}

/**
 * What the receipt offers for a filter: the matches; with no filter, every procedure, those of
 * `group` (the service group of the ticket being served) first, each part in catalogue order.
 */
export function procedureChoices(list: readonly Procedure[], query: string, group: string | undefined, limit = 500): Procedure[] {
  const found = searchProcedures(list, query, limit);
  if (query.trim() !== '' || !group) return found;
  return [...found.filter((p) => p.group === group), ...found.filter((p) => p.group !== group)];
}
