// @ts-nocheck
// The office's update files (handover import), property. Proves:
//  (1) any bytes (noise, random CSV- and JSON-like text, damaged real files) give a report or one of
//      the import's own refusals of the whole file, never another exception; a report's rows and
//      problems have distinct row numbers and cleaned text, and planning them puts every row in
//      exactly one of changes, unchanged and problems, each problem a catalogue refusal, each change
//      one the lifecycle allows and dated between the receipt and today;
//  (2) a valid file, written as a spreadsheet or the office's system would (CSV with ',' ';' or tab,
//      BOM or none, CRLF or LF, quoted cells with separators, quotes and line breaks, blank lines,
//      columns in any order under any of their names, extra columns; or JSON, a list or
//      {"updates": [...]}) reads back exactly, with the row numbers a spreadsheet shows, and rows
//      broken on purpose (a cell too many, cells missing, an item that is no update) are the
//      problems, named by row, and nothing else;
//  (3) each row is judged as the lifecycle says, in file order: a status that is no state (even one
//      named like a property of every JavaScript object) is err.update.status.
import { describe, it } from 'vitest';
import { dossierCode } from '../../src/core/dossier.js';
import { allowedNext, DOSSIER_STATES, isDossierState, type DossierState } from '../../src/core/lifecycle.js';
import { parseState, parseUpdateFile, planUpdates, type DossierNow, type ParsedUpdates, type StatusUpdate } from '../../src/core/officeUpdates.js';
import { cleanText } from '../../src/core/text.js';
import { translator } from '../../src/i18n/index.js';
import { assert, expectRefusal, forAll, isoDate, mutate, often, resultOrRefusal, type Rng, same, show, text, TRICKY, vietnameseText } from '../helpers/property.js';

const TODAY = '2026-11-23';
const vi = translator('vi');
const FILE_REFUSALS = ['err.update.encoding', 'err.update.empty', 'err.update.columns', 'err.update.json', 'err.csv.quote'];
const ROW_PROBLEMS = ['err.update.cells', 'err.update.item'];
const PLAN_PROBLEMS = ['err.update.code', 'err.update.unknown', 'err.update.status', 'err.update.date', 'err.update.future', 'err.update.beforeReceipt', 'err.dossier.transition'];

/** The dossiers on the vehicle: codes, where each stands, when each was received. */
const DOSSIERS = new Map<string, DossierNow>(
  DOSSIER_STATES.map((state, i) => [dossierCode('000.00.20.H26', `2026-11-${String(2 + i).padStart(2, '0')}`, i + 1), { state, receivedOn: `2026-11-${String(2 + i).padStart(2, '0')}` }]),
);
const CODES = [...DOSSIERS.keys()];
const lookup = (code: string) => DOSSIERS.get(code);

const NAMES = {
  code: ['code', 'Mã hồ sơ', 'ma_ho_so', 'dossier', 'Dossier code', 'MÃ'],
  status: ['status', 'Trạng thái', 'TRANG-THAI', 'state'],
  date: ['date', 'Ngày', 'ngay cap nhat'],
  note: ['note', 'Ghi chú', 'notes'],
} as const;
type Col = keyof typeof NAMES;

/** A status as the office writes it: its code in any case and joining, or its Vietnamese name with or without marks. */
function writeStatus(r: Rng, s: DossierState): string {
  const label = vi(`dossier.${s}`);
  return r.pick([s, s.replace(/_/g, '-'), s.toUpperCase(), label, label.toLowerCase(), label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd'), ` ${label} `]);
}
/** Statuses that are no state, known in advance (random text could spell one by chance). */
const NOT_STATES = [...TRICKY, 'done', 'xong', 'Đã xong', 'result ready!', 'received.', 'tiếp', 'valueOf', 'isPrototypeOf'];

function writeDate(r: Rng, iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const sep = r.pick(['/', '.', '-']);
  return r.pick([iso, `${d}${sep}${m}${sep}${y}`, `${Number(d)}${sep}${Number(m)}${sep}${y}`]);
}
const NOT_DATES = ['', '31/02/2026', '2026-13-01', '1/1/26', 'hôm nay', '2026/11/01', '2026-1-5', '00/00/0000', 'constructor'];

/** One update row as generated, with what the plan must make of it. */
interface Row {
  code: string;
  status: string;
  date: string;
  note: string;
  /** The state meant, or undefined when the status is no state. */
  to: DossierState | undefined;
  /** The day meant, or undefined when the date is no date. */
  day: string | undefined;
}

function row(r: Rng): Row {
  const code = r.weighted<string>([
    [8, () => r.pick(CODES)],
    [1, () => ` ${r.pick(CODES).toLowerCase()} `],
    [1, () => dossierCode('000.00.20.H26', '2026-11-20', r.int(100, 9999))], // a code, but not on the vehicle
    [1, () => r.pick(TRICKY)],
  ]);
  const to = r.chance(0.85) ? r.pick(DOSSIER_STATES) : undefined;
  const day = r.chance(0.85) ? r.weighted<string>([[6, () => isoDate(r, '2026-11-01', TODAY)], [1, () => isoDate(r, '2026-11-24', '2027-12-31')], [1, () => isoDate(r, '2020-01-01', '2026-10-31')]]) : undefined;
  return { code, status: to ? writeStatus(r, to) : r.pick(NOT_STATES), date: day ? writeDate(r, day) : r.pick(NOT_DATES), note: r.chance(0.5) ? vietnameseText(r) : '', to, day };
}

interface File {
  bytes: Uint8Array;
  /** Good rows with their row numbers as the parser must give them. */
  rows: (Row & { at: number })[];
  /** Row numbers of the rows broken on purpose. */
  broken: number[];
  format: 'csv' | 'json';
}

function csvFile(r: Rng, rows: Row[]): File {
  const sep = r.pick([',', ';', '\t']);
  const cols: (Col | 'extra')[] = r.shuffle(['code', 'status', 'date', ...(r.chance(0.7) ? (['note'] as const) : []), ...(r.chance(0.3) ? (['extra'] as const) : [])]);
  const always = r.chance(0.3);
  const cell = (s: string) => (always || s.includes(sep) || /["\r\n]/.test(s) || s.startsWith(' ') ? `"${s.replace(/"/g, '""')}"` : s);
  const eol = r.pick(['\n', '\r\n']);
  const lines = [cols.map((c) => cell(c === 'extra' ? 'Họ tên' : r.pick(NAMES[c]))).join(sep)];
  let at = 1;
  const good: File['rows'] = [];
  const broken: number[] = [];
  // the last required column: a row cut before it is short
  const lastRequired = Math.max(...(['code', 'status', 'date'] as const).map((c) => cols.indexOf(c)));
  for (const given of rows) {
    // without a note column, there is no note to read back
    const x = cols.includes('note') ? given : { ...given, note: '' };
    while (r.chance(0.1)) {
      lines.push('');
      at++;
    }
    at++;
    const cells = cols.map((c) => cell(c === 'extra' ? vietnameseText(r, 2) : c === 'note' ? x.note : x[c]));
    const breakIt = r.chance(0.1) ? r.pick(['more', 'fewer'] as const) : null;
    if (breakIt === 'more') {
      lines.push([...cells, 'thừa'].join(sep));
      broken.push(at);
    } else if (breakIt === 'fewer') {
      const kept = cells.slice(0, r.int(1, lastRequired));
      lines.push(kept.join(sep));
      // one empty cell is a blank line, skipped (still counted) like any other
      if (!(kept.length === 1 && (kept[0] === '' || kept[0] === '""'))) broken.push(at);
    } else {
      // the empty note cell at the end may be left out, as some tools write it
      const keep = cols.at(-1) === 'note' && x.note === '' && r.chance(0.5) ? cells.slice(0, -1) : cells;
      lines.push(keep.join(sep));
      good.push({ ...x, at });
    }
  }
  const body = lines.join(eol) + (r.chance(0.5) ? eol : '');
  return { bytes: new TextEncoder().encode((r.chance(0.4) ? '\uFEFF' : '') + body), rows: good, broken, format: 'csv' };
}

function jsonFile(r: Rng, rows: Row[]): File {
  const good: File['rows'] = [];
  const broken: number[] = [];
  const items = rows.map((x, i) => {
    if (r.chance(0.1)) {
      broken.push(i + 1);
      return r.pick<unknown>([42, 'code', null, [x.code, x.status, x.date], { [r.pick(NAMES.code)]: x.code, [r.pick(NAMES.status)]: 3, [r.pick(NAMES.date)]: x.date }]);
    }
    good.push({ ...x, at: i + 1 });
    const o: Record<string, unknown> = { [r.pick(NAMES.code)]: x.code, [r.pick(NAMES.status)]: x.status, [r.pick(NAMES.date)]: x.date };
    if (x.note || r.chance(0.3)) o[r.pick(NAMES.note)] = x.note || r.pick([null, '']);
    // columns the import does not know are passed over, whatever their names and values
    if (r.chance(0.2)) Object.defineProperty(o, r.pick(['Họ tên', 'constructor', 'Constructor', '__proto__']), { value: r.pick<unknown>([vietnameseText(r, 2), 42, null, true]), enumerable: true });
    return o;
  });
  const doc = r.chance(0.5) ? items : { updates: items };
  const body = JSON.stringify(doc, null, r.pick([0, 2]));
  return { bytes: new TextEncoder().encode((r.chance(0.3) ? '\uFEFF' : '') + (r.chance(0.3) ? '\n  ' : '') + body), rows: good, broken, format: 'json' };
}

function validFile(r: Rng): File {
  const rows = Array.from({ length: r.int(1, 12) }, () => row(r));
  return r.chance(0.6) ? csvFile(r, rows) : jsonFile(r, rows);
}

/** What the plan must say of each row, worked out from the generated rows in file order (the lifecycle as the oracle). */
function expectedPlan(rows: File['rows']): Map<number, string> {
  const now = new Map<string, DossierState>();
  const out = new Map<number, string>();
  for (const x of rows) {
    const code = cleanText(x.code).toUpperCase();
    const d = DOSSIERS.get(code);
    let verdict: string;
    if (!/^000\.00\.20\.H26-\d{6}-\d{4}$/.test(code)) verdict = 'err.update.code';
    else if (!d) verdict = 'err.update.unknown';
    else if (!x.to) verdict = 'err.update.status';
    else if (!x.day) verdict = 'err.update.date';
    else if (x.day > TODAY) verdict = 'err.update.future';
    else if (x.day < d.receivedOn) verdict = 'err.update.beforeReceipt';
    else {
      const from = now.get(code) ?? d.state;
      if (from === x.to) verdict = 'unchanged';
      else if (allowedNext(from).includes(x.to)) {
        verdict = 'change';
        now.set(code, x.to);
      } else verdict = 'err.dossier.transition';
    }
    out.set(x.at, verdict);
  }
  return out;
}

/** Invariants of any report and of its plan, whatever file it came from. */
function checkReport(p: ParsedUpdates): void {
  const numbers = [...p.rows.map((x) => x.row), ...p.problems.map((x) => x.row)];
  assert(new Set(numbers).size === numbers.length && numbers.every((n) => Number.isInteger(n) && n >= (p.format === 'csv' ? 2 : 1)), () => `row numbers ${show(numbers)}`);
  for (const x of p.rows) for (const v of [x.code, x.status, x.date, x.note]) assert(cleanText(v) === v, () => `uncleaned ${show(v)}`);
  for (const x of p.problems) expectRefusal(x.error, ROW_PROBLEMS);
  const plan = planUpdates(p.rows, lookup, TODAY);
  const placed = [...plan.changes.map((c) => c.row), ...plan.unchanged.map((c) => c.row), ...plan.problems.map((c) => c.row)].sort((a, b) => a - b);
  same(placed, p.rows.map((x) => x.row).sort((a, b) => a - b), 'every row placed once');
  for (const x of plan.problems) {
    const e = expectRefusal(x.error, PLAN_PROBLEMS);
    if (e.code === 'err.dossier.transition') assert([e.params.from, e.params.to].every((s) => typeof s === 'string' && isDossierState(s.replace(/^dossier\./, ''))), () => `transition between ${show(e.params)}`);
  }
  for (const c of [...plan.changes, ...plan.unchanged]) {
    const status = p.rows.find((x) => x.row === c.row)!.status;
    assert(isDossierState(parseState(status) ?? ''), () => `status ${show(status)} read as ${show(String(parseState(status)))}`);
  }
  for (const c of plan.changes) {
    assert(allowedNext(c.from).includes(c.to), `change ${c.from} -> ${c.to}`);
    assert(c.date <= TODAY && c.date >= lookup(c.code)!.receivedOn, `change dated ${c.date}`);
  }
}

describe('office update files, property', () => {
  it('2,500 valid files, CSV and JSON, some rows broken on purpose: rows read back exactly, the broken ones are the problems', () => {
    forAll('valid files', { seed: 0x0ff1, runs: 2500, gen: validFile }, (f) => {
      if (f.rows.length === 0 && f.broken.length === 0) {
        // every row cut down to a blank line: nothing to import, and the file is refused as such
        const res = resultOrRefusal(() => parseUpdateFile(f.bytes), ['err.update.empty']);
        return assert(!res.ok, 'an empty file read as updates');
      }
      const p = parseUpdateFile(f.bytes);
      same(p.format, f.format, 'format');
      same(
        p.rows,
        f.rows.map((x): StatusUpdate => ({ row: x.at, code: cleanText(x.code), status: cleanText(x.status), date: cleanText(x.date), note: cleanText(x.note) })),
        'rows',
      );
      same(p.problems.map((x) => x.row), f.broken, 'broken rows');
      checkReport(p);
      // (3) each row judged as the lifecycle says, in file order
      const plan = planUpdates(p.rows, lookup, TODAY);
      const verdicts = new Map<number, string>([
        ...plan.changes.map((c) => [c.row, 'change'] as const),
        ...plan.unchanged.map((c) => [c.row, 'unchanged'] as const),
        ...plan.problems.map((c) => [c.row, c.error.code] as const),
      ]);
      same(verdicts, expectedPlan(f.rows), 'verdicts by row');
    });
  });

  it('4,000 random and damaged files: a report that holds together, or the import’s own refusal of the file', () => {
    const outcomes = new Map<string, number>();
    const runs = forAll(
      'any bytes',
      {
        seed: 0x0ff2,
        runs: 4000,
        gen: (r) =>
          r.weighted<Uint8Array>([
            [1, () => r.bytes(r.int(0, 200))],
            [2, () => new TextEncoder().encode(text(r, 200, (x) => x.pick([...'{}[]":,;\t\r\n "code" "status" ngày 2026-11-23 \uFEFF'.split(' '), 'null', '1', 'a'])))],
            [5, () => {
              const f = validFile(r);
              const s = new TextDecoder().decode(f.bytes);
              return new TextEncoder().encode(mutate(r, s, [...'",;\t\r\n{}[]:0123456789abcđư-/. '], 6));
            }],
            [1, () => {
              // not UTF-8: a Windows-1258 or Latin-1 save of a real file
              const b = validFile(r).bytes.slice();
              b[r.int(0, b.length - 1)] = r.pick([0xc0, 0xff, 0x80, 0xe0]);
              return b;
            }],
          ]),
      },
      (bytes) => {
        let p: ParsedUpdates;
        try {
          p = parseUpdateFile(bytes);
        } catch (e) {
          const code = expectRefusal(e, FILE_REFUSALS).code;
          outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
          return;
        }
        outcomes.set('report', (outcomes.get('report') ?? 0) + 1);
        checkReport(p);
      },
    );
    for (const k of ['report', ...FILE_REFUSALS]) often(outcomes.get(k) ?? 0, runs / 800, `${k} in ${show([...outcomes])}`);
  });
});
