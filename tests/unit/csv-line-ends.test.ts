// CSV (src/core/csv.ts), beyond tests/unit/handover.test.ts: the separator is the header line's
// alone, whatever line ending closes it; CR LF is one line end, taken whole; the last line of a file
// is kept when no line break follows it.
import { describe, expect, it } from 'vitest';
import { parseCsv, sniffSeparator } from '../../src/core/csv.js';

describe('the separator is taken from the header line only', () => {
  it('a header with commas over data lines full of semicolons is read with commas, whatever ends the header: LF, CR or CRLF', () => {
    // The notes below the header hold more ';' than the header holds ','.
    for (const eol of ['\n', '\r', '\r\n']) {
      const text = `code,note${eol}A;1;2;3,x${eol}`;
      expect(sniffSeparator(text), JSON.stringify(eol)).toBe(',');
      expect(parseCsv(text), JSON.stringify(eol)).toEqual([
        { row: 1, fields: ['code', 'note'] },
        { row: 2, fields: ['A;1;2;3', 'x'] },
      ]);
    }
  });

  it('a line break inside a quoted header cell does not end the header', () => {
    // The ';' after the quoted line break still belong to the header: three of them against one ','.
    expect(sniffSeparator('"Mã\nhồ sơ";Trạng thái;Ngày;"Ghi chú, nếu có"\n1,2,3,4,5\n')).toBe(';');
  });
});

describe('CR LF', () => {
  it('is one line end, taken whole before the separator is looked at (even a line feed given as the separator)', () => {
    expect(parseCsv('a\nb\r\nc\nd\r\n', '\n')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['c', 'd'] },
    ]);
  });
});

describe('the last line without a line break after it', () => {
  it('is kept as a record whatever its one cell says', () => {
    // Only an empty last line is dropped: the check compares the cell with the empty text, so any
    // other text makes a record ('Stryker was here!' is what mutation testing puts in place of '').
    for (const last of ['x', 'Stryker was here!', '0']) {
      expect(parseCsv(`note\n${last}`), last).toEqual([
        { row: 1, fields: ['note'] },
        { row: 2, fields: [last] },
      ]);
    }
  });
});
