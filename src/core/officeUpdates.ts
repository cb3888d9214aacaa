// Status updates brought back from the commune's one-stop office (Bộ phận một cửa): for each dossier
// its code, the new status, the date it happened there and a note. They come as CSV (a spreadsheet)
// or JSON (the office's system). Pure: the file's bytes are parsed into rows, and every row is
// checked against the dossier lifecycle (src/core/lifecycle.ts) in file order, so two rows about one
// dossier (processing, then result ready) are judged one after the other. The app applies the plan
// only when no row is bad.
import { parseCsv } from './csv.js';
import { parseDossierCode } from './dossier.js';
import { DomainError } from './errors.js';
import { checkTransition, DOSSIER_STATES, isDossierState, type DossierState } from './lifecycle.js';
import { cleanText, fold } from './text.js';
import { displayDate, isIsoDate } from './time.js';

/** One row of the file, as written there (text cleaned, NFC). */
export interface StatusUpdate {
  /** CSV: the row as a spreadsheet numbers it (header = 1); JSON: the item's position, from 1. */
  row: number;
  code: string;
  status: string;
  date: string;
  note: string;
}

/** A row that cannot be applied, and why (a catalogue key with its parameters). */
export interface RowProblem {
  row: number;
  code: string | null;
  error: DomainError;
}

export interface ParsedUpdates {
  format: 'csv' | 'json';
  rows: StatusUpdate[];
  /** Rows unreadable as updates (wrong number of cells, not an object). */
  problems: RowProblem[];
}

type Column = 'code' | 'status' | 'date' | 'note';
const REQUIRED: readonly Column[] = ['code', 'status', 'date'];

// Column names as the office may write them, folded (no marks, no spaces, '_' or '-').
const COLUMNS: Record<string, Column> = {
  code: 'code', dossier: 'code', dossiercode: 'code', mahoso: 'code', ma: 'code',
  status: 'status', state: 'status', trangthai: 'status',
  date: 'date', ngay: 'date', ngaycapnhat: 'date',
  note: 'note', notes: 'note', ghichu: 'note',
};

/** A key of a name table, never a property every object inherits ("constructor" is no column or state). */
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const columnOf = (name: string): Column | undefined => own(COLUMNS, fold(cleanText(name)).replace(/[\s_-]+/g, ''));

/**
 * Read an update file: JSON when it starts with '[' or '{' (a list of rows, or {"updates": [...]}),
 * else CSV with a header row. Refused as a whole when it is not UTF-8, has no rows, or lacks a
 * required column; single bad rows are returned as problems.
 */
export function parseUpdateFile(bytes: Uint8Array): ParsedUpdates {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DomainError('err.update.encoding');
  }
  const parsed = /^\s*[[{]/.test(text) ? parseJson(text) : parseCsvUpdates(text);
  if (parsed.rows.length === 0 && parsed.problems.length === 0) throw new DomainError('err.update.empty');
  return parsed;
}

function missingColumns(have: Iterable<Column>): void {
  const got = new Set(have);
  const missing = REQUIRED.filter((c) => !got.has(c));
  if (missing.length) throw new DomainError('err.update.columns', { columns: missing.join(', ') });
}

function parseCsvUpdates(text: string): ParsedUpdates {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new DomainError('err.update.empty');
  const columns = header.fields.map(columnOf);
  missingColumns(columns.filter((c): c is Column => c !== undefined));
  const out: ParsedUpdates = { format: 'csv', rows: [], problems: [] };
  const at = (fields: string[], c: Column) => {
    const i = columns.indexOf(c);
    return i < 0 ? '' : cleanText(fields[i] ?? '');
  };
  for (const r of records) {
    // Fewer cells is what some tools write for empty trailing ones; more means a separator in a
    // cell that was not quoted, and the cells after it cannot be trusted.
    const short = REQUIRED.some((c) => columns.indexOf(c) >= r.fields.length);
    if (short || r.fields.length > header.fields.length) {
      const code = cleanText(r.fields[columns.indexOf('code')] ?? '') || null;
      out.problems.push({ row: r.row, code, error: new DomainError('err.update.cells', { found: r.fields.length, expected: header.fields.length }) });
      continue;
    }
    out.rows.push({ row: r.row, code: at(r.fields, 'code'), status: at(r.fields, 'status'), date: at(r.fields, 'date'), note: at(r.fields, 'note') });
  }
  return out;
}

function parseJson(text: string): ParsedUpdates {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new DomainError('err.update.json', { detail: (e as Error).message });
  }
  const list = Array.isArray(json) ? json : (json as { updates?: unknown }).updates;
  if (!Array.isArray(list)) throw new DomainError('err.update.json', { detail: 'expected a list of updates, or {"updates": [...]}' });
  const out: ParsedUpdates = { format: 'json', rows: [], problems: [] };
  const seen = new Set<Column>();
  list.forEach((item: unknown, i) => {
    const row = i + 1;
    const fields: Partial<Record<Column, string>> = {};
    let ok = typeof item === 'object' && item !== null && !Array.isArray(item);
    if (ok) {
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        const c = columnOf(k);
        if (!c) continue;
        seen.add(c);
        if (typeof v === 'string') fields[c] = cleanText(v);
        else if (!(v === null && c === 'note')) ok = false;
      }
    }
    if (!ok) out.problems.push({ row, code: fields.code || null, error: new DomainError('err.update.item') });
    else out.rows.push({ row, code: fields.code ?? '', status: fields.status ?? '', date: fields.date ?? '', note: fields.note ?? '' });
  });
  if (out.rows.length) missingColumns(seen);
  return out;
}

// The states by the names the office's staff use (the labels of the message catalogue, folded).
const STATE_NAMES: Record<string, DossierState> = {
  'da tiep nhan': 'received',
  'tiep nhan': 'received',
  'da ban giao': 'handed_over',
  'dang xu ly': 'processing',
  'dang giai quyet': 'processing',
  'cho bo sung, hoan thien ho so': 'supplement_requested',
  'cho bo sung': 'supplement_requested',
  'yeu cau bo sung': 'supplement_requested',
  'bo sung': 'supplement_requested',
  'da co ket qua': 'result_ready',
  'co ket qua': 'result_ready',
  'da tra ket qua': 'returned',
  'tra ket qua': 'returned',
  'tu choi giai quyet': 'refused',
  'tu choi': 'refused',
  'da huy': 'cancelled',
  huy: 'cancelled',
};

/** A state by its code (result_ready, result-ready) or its Vietnamese name, marks optional. */
export function parseState(s: string): DossierState | undefined {
  const words = fold(cleanText(s)).replace(/[\s_-]+/g, ' ').trim();
  const code = words.replace(/ /g, '_');
  return isDossierState(code) ? code : own(STATE_NAMES, words);
}

/** YYYY-MM-DD, or D/M/YYYY as written in Vietnam ('.' and '-' also); undefined if not a real day. */
export function parseUpdateDate(s: string): string | undefined {
  const t = s.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = dmy ? `${dmy[3]}-${(dmy[2] as string).padStart(2, '0')}-${(dmy[1] as string).padStart(2, '0')}` : t;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isIsoDate(iso) ? iso : undefined;
}

/** What the plan needs to know of a dossier. */
export interface DossierNow {
  state: DossierState;
  receivedOn: string;
}

export interface PlannedChange {
  row: number;
  code: string;
  from: DossierState;
  to: DossierState;
  /** YYYY-MM-DD: when it happened at the office (the result's date, judged against the due date). */
  date: string;
  note: string | null;
}

export interface UpdatePlan {
  changes: PlannedChange[];
  /** Rows asking for the state the dossier is already in (a file imported twice): nothing to do. */
  unchanged: { row: number; code: string; state: DossierState }[];
  problems: RowProblem[];
}

/**
 * Check rows in file order against the dossiers as they stand (`lookup`) and the day (`today`,
 * YYYY-MM-DD): the code is a dossier code and known, the status a state, the date a real day,
 * not in the future nor before the receipt, and the change one the lifecycle allows.
 */
export function planUpdates(rows: readonly StatusUpdate[], lookup: (code: string) => DossierNow | undefined, today: string): UpdatePlan {
  const plan: UpdatePlan = { changes: [], unchanged: [], problems: [] };
  // States after the rows above, so later rows about the same dossier are judged from there.
  const after = new Map<string, DossierState>();
  for (const r of rows) {
    const code = r.code.toUpperCase();
    const problem = (error: DomainError) => plan.problems.push({ row: r.row, code: code || null, error });
    if (!parseDossierCode(code)) {
      problem(new DomainError('err.update.code', { value: r.code }));
      continue;
    }
    const d = lookup(code);
    if (!d) {
      problem(new DomainError('err.update.unknown', { code }));
      continue;
    }
    const to = parseState(r.status);
    if (!to) {
      problem(new DomainError('err.update.status', { value: r.status, list: DOSSIER_STATES.join(', ') }));
      continue;
    }
    const date = parseUpdateDate(r.date);
    if (!date) {
      problem(new DomainError('err.update.date', { value: r.date }));
      continue;
    }
    if (date > today) {
      problem(new DomainError('err.update.future', { date: displayDate(date) }));
      continue;
    }
    if (date < d.receivedOn) {
      problem(new DomainError('err.update.beforeReceipt', { date: displayDate(date), received: displayDate(d.receivedOn) }));
      continue;
    }
    const from = after.get(code) ?? d.state;
    if (from === to) {
      plan.unchanged.push({ row: r.row, code, state: to });
      continue;
    }
    try {
      checkTransition(from, to);
    } catch (e) {
      problem(e as DomainError);
      continue;
    }
    after.set(code, to);
    plan.changes.push({ row: r.row, code, from, to, date, note: r.note || null });
  }
  return plan;
}

/** Problems from reading and from checking, in row order. */
export function allProblems(parsed: ParsedUpdates, plan: UpdatePlan): RowProblem[] {
  return [...parsed.problems, ...plan.problems].sort((a, b) => a.row - b.row);
}

/**
 * Whether two ways of writing a commune name the same one: marks, case and spacing aside, without
 * the unit word in front (xã, phường, thị trấn, đặc khu) and what follows a comma (the province).
 */
export function sameCommune(a: string, b: string): boolean {
  return communeKey(a) === communeKey(b);
}

/** A commune's name as a key: folded, without the unit word in front and the province after a comma. */
export function communeKey(s: string): string {
  return (fold(cleanText(s)).split(',')[0] as string).trim().replace(/\s+/g, ' ').replace(/^(xa|phuong|thi tran|dac khu)\s+/, '');
}
