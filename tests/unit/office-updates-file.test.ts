// The office's update file as read (src/core/officeUpdates.ts parseUpdateFile, allProblems), beyond
// tests/unit/handover.test.ts: what is CSV and what is JSON, a file of broken rows only, the cell
// named when a row is short, BOMs, the words of a JSON refusal, values that are not text in JSON
// items, keys an item leaves out, and the report's problems in row order.
import { describe, expect, it } from 'vitest';
import { allProblems, parseUpdateFile, planUpdates, type DossierNow, type ParsedUpdates, type RowProblem } from '../../src/core/officeUpdates.js';
import { refusal } from '../helpers/refusal.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const CODE1 = '000.00.20.H26-261123-0001';
const CODE2 = '000.00.20.H26-261123-0002';
const CODE3 = '000.00.20.H26-261123-0003';

/** A report's problems as [row, dossier code, catalogue key, parameters]. */
const problems = (list: RowProblem[]) => list.map((p) => [p.row, p.code, p.error.code, p.error.params]);
/** A read file with its problems as [row, code, key, parameters]. */
const read = (text: string) => {
  const p: ParsedUpdates = parseUpdateFile(bytes(text));
  return { format: p.format, rows: p.rows, problems: problems(p.problems) };
};
/** What JSON.parse says of `text`: the detail an err.update.json refusal carries. */
function jsonParserSays(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} is JSON`);
}

describe('CSV or JSON', () => {
  it('a CSV file whose note starts with "[" somewhere after the first line is read as CSV', () => {
    expect(read(`code,status,date,note\n${CODE1},result_ready,2026-11-25,[Giấy khai sinh] bản chính\n`)).toEqual({
      format: 'csv',
      rows: [{ row: 2, code: CODE1, status: 'result_ready', date: '2026-11-25', note: '[Giấy khai sinh] bản chính' }],
      problems: [],
    });
  });
});

describe('a file whose rows are all broken', () => {
  it('CSV: given back with its problems, not refused as empty', () => {
    expect(read(`code,status,date\n${CODE1},processing,2026-11-24,Phòng Tư pháp\n`)).toEqual({
      format: 'csv',
      rows: [],
      problems: [[2, CODE1, 'err.update.cells', { found: 4, expected: 3 }]],
    });
  });

  it('JSON: items that are no updates are problems, and the columns are not asked for when no item is an update', () => {
    expect(read('["oops", 5]')).toEqual({
      format: 'json',
      rows: [],
      problems: [
        [1, null, 'err.update.item', {}],
        [2, null, 'err.update.item', {}],
      ],
    });
  });
});

describe('a CSV row too short to reach a needed column', () => {
  it('is named without a code when the code column is one of the cells left out', () => {
    expect(read(`status,date,code\nprocessing,2026-11-24,${CODE1}\nprocessing,2026-11-24\n`)).toEqual({
      format: 'csv',
      rows: [{ row: 2, code: CODE1, status: 'processing', date: '2026-11-24', note: '' }],
      problems: [[3, null, 'err.update.cells', { found: 2, expected: 3 }]],
    });
  });
});

describe('BOMs in a JSON file', () => {
  it('a file saved with two BOMs in front (a BOM added again by a second editor) is read', () => {
    expect(read(`\uFEFF\uFEFF[{"code": "${CODE1}", "status": "processing", "date": "2026-11-24"}]`)).toEqual({
      format: 'json',
      rows: [{ row: 1, code: CODE1, status: 'processing', date: '2026-11-24', note: '' }],
      problems: [],
    });
  });

  it('a BOM after the start is no JSON whitespace: the file is refused with what the JSON parser says', () => {
    const text = `[\uFEFF{"code": "${CODE1}", "status": "processing", "date": "2026-11-24"}]`;
    const e = refusal(() => parseUpdateFile(bytes(text)));
    expect([e.code, e.params]).toEqual(['err.update.json', { detail: jsonParserSays(text) }]);
  });
});

describe('the words of a JSON refusal', () => {
  it('text that is not JSON: the detail is what the JSON parser says', () => {
    const e = refusal(() => parseUpdateFile(bytes('[{"code": "x",')));
    expect([e.code, e.params]).toEqual(['err.update.json', { detail: jsonParserSays('[{"code": "x",') }]);
  });

  it('JSON without a list: the detail says the two shapes a file may have', () => {
    const e = refusal(() => parseUpdateFile(bytes('{"updates": 3}')));
    expect([e.code, e.params]).toEqual(['err.update.json', { detail: 'expected a list of updates, or {"updates": [...]}' }]);
  });
});

describe('JSON items', () => {
  it('only the note may be null; null elsewhere, or a number anywhere, makes the item a bad row named by its code', () => {
    const text = `[
      {"code": "${CODE1}", "status": null, "date": "2026-11-24"},
      {"code": "${CODE2}", "status": "processing", "date": "2026-11-24", "note": 5},
      {"code": "${CODE3}", "status": "processing", "date": null},
      {"code": "${CODE1}", "status": "processing", "date": "2026-11-24", "note": null}
    ]`;
    expect(read(text)).toEqual({
      format: 'json',
      rows: [{ row: 4, code: CODE1, status: 'processing', date: '2026-11-24', note: '' }],
      problems: [
        [1, CODE1, 'err.update.item', {}],
        [2, CODE2, 'err.update.item', {}],
        [3, CODE3, 'err.update.item', {}],
      ],
    });
  });

  it('an item that leaves out a key other items have is read with that cell empty (the plan then names it)', () => {
    const text = `[
      {"code": "${CODE1}", "status": "processing", "date": "2026-11-24"},
      {"status": "processing", "date": "2026-11-24"},
      {"code": "${CODE2}", "date": "2026-11-24"},
      {"code": "${CODE3}", "status": "processing"}
    ]`;
    expect(read(text)).toEqual({
      format: 'json',
      rows: [
        { row: 1, code: CODE1, status: 'processing', date: '2026-11-24', note: '' },
        { row: 2, code: '', status: 'processing', date: '2026-11-24', note: '' },
        { row: 3, code: CODE2, status: '', date: '2026-11-24', note: '' },
        { row: 4, code: CODE3, status: 'processing', date: '', note: '' },
      ],
      problems: [],
    });
  });
});

describe('the problems of a file, read and checked', () => {
  it('come in row order: a row the plan refuses (row 2) before a row too long to read (row 3)', () => {
    const dossiers = new Map<string, DossierNow>([[CODE1, { state: 'handed_over', receivedOn: '2026-11-23' }]]);
    const parsed = parseUpdateFile(bytes(`code,status,date\n${CODE2},processing,2026-11-24\n${CODE1},processing,2026-11-24,Phòng Tư pháp\n`));
    const plan = planUpdates(parsed.rows, (c) => dossiers.get(c), '2026-11-30');
    expect(problems(allProblems(parsed, plan))).toEqual([
      [2, CODE2, 'err.update.unknown', { code: CODE2 }],
      [3, CODE1, 'err.update.cells', { found: 4, expected: 3 }],
    ]);
  });
});
