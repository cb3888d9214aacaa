// @ts-nocheck
// CSV, property: the report's writer (src/core/report.ts toCsv) against the import's reader
// (src/core/csv.ts parseCsv). Proves: (1) any records the writer takes (text with quotes, commas,
// semicolons, tabs, line breaks of every kind, BOMs, Vietnamese; numbers; nulls) are read back
// exactly, each with its row number, a record of one empty field being a blank line (skipped, still
// counted) as in a spreadsheet; the separator is found on its own when the first record is the
// report's header; (2) on random text the reader returns records or refuses an open quote with its
// own err.csv.quote, never another exception, and what it returns is a fixed point: written again
// with every field quoted, it reads back the same.
import { describe, it } from 'vitest';
import { parseCsv, sniffSeparator } from '../../src/core/csv.js';
import { toCsv, type CsvValue } from '../../src/core/report.js';
import { assert, expectRefusal, forAll, often, type Rng, same, text, TRICKY, vietnameseText } from '../helpers/property.js';

const HEADER = ['section', 'key', 'label', 'value'];
const NASTY = [...'"",,;;\t\r\n', '\r\n', '\uFEFF', ' ', 'ư', 'Đ'];

function value(r: Rng): CsvValue {
  return r.weighted<CsvValue>([
    [4, () => vietnameseText(r)],
    [3, () => text(r, 12, (x) => (x.chance(0.6) ? x.pick(NASTY) : String.fromCharCode(x.int(0x20, 0x7e))))],
    [1, () => r.pick(TRICKY)],
    [1, () => r.pick([0, -1, 1.5, 1e21, -0.000001, Number.MAX_SAFE_INTEGER, r.int(-1e6, 1e6)])],
    [1, () => null],
  ]);
}

const asRead = (v: CsvValue) => (v === null ? '' : String(v));
const blank = (rec: readonly CsvValue[]) => rec.length === 1 && asRead(rec[0] as CsvValue) === '';

/** Every field quoted: the plainest correct CSV, for the reader's fixed point. */
const quoteAll = (records: string[][], sep: string) => records.map((f) => f.map((x) => `"${x.replace(/"/g, '""')}"`).join(sep)).join('\r\n');

describe('CSV writer and reader, property', () => {
  it('6,000 random tables: toCsv then parseCsv gives every record back with its row number', () => {
    forAll(
      'round trip',
      {
        seed: 0xc5f,
        runs: 6000,
        gen: (r) => {
          const width = r.int(1, 6);
          const rows = Array.from({ length: r.int(1, 12) }, () => Array.from({ length: r.chance(0.9) ? width : r.int(1, 8) }, () => value(r)));
          return r.chance(0.5) ? [HEADER, ...rows] : rows;
        },
      },
      (records) => {
        const csv = toCsv(records);
        const want = records.map((rec, i) => ({ row: i + 1, fields: rec.map(asRead) })).filter((_, i) => !blank(records[i]!));
        same(parseCsv(csv, ','), want, 'read with ","');
        // the report's own files start with their header: the separator needs no telling
        if (records[0] === HEADER) same(parseCsv(csv), want, 'read with the separator sniffed');
      },
    );
  });

  it('8,000 random texts: records or err.csv.quote; rows increase; quoting every field and reading again changes nothing', () => {
    let refused = 0;
    const runs = forAll(
      'reader',
      { seed: 0xc60, runs: 8000, gen: (r) => (r.chance(0.8) ? text(r, 80, (x) => (x.chance(0.5) ? x.pick(NASTY) : x.pick([...'abcĐư1 ']))) : text(r, 60)) },
      (input) => {
        const sep = sniffSeparator(input.replace(/^\uFEFF/, ''));
        assert([',', ';', '\t'].includes(sep), `separator ${JSON.stringify(sep)}`);
        let recs;
        try {
          recs = parseCsv(input);
        } catch (e) {
          expectRefusal(e, ['err.csv.quote']);
          refused++;
          return;
        }
        let last = 0;
        for (const rec of recs) {
          assert(rec.row > last, `row ${rec.row} after ${last}`);
          assert(rec.fields.length >= 1 && !(rec.fields.length === 1 && rec.fields[0] === ''), `record ${JSON.stringify(rec)}`);
          last = rec.row;
        }
        const fields = recs.map((x) => x.fields);
        same(parseCsv(quoteAll(fields, sep), sep).map((x) => x.fields), fields, 'read, quoted, read again');
      },
    );
    often(refused, runs / 16, 'open quotes refused');
  });
});
