// wrapRuns lays out the A4 forms' text (src/app/print/formPdf.ts): "Label: value" with the value in
// bold, paragraphs, table cells. Measured here as a fixed-pitch face (one unit a letter, NFC
// Vietnamese is one code point a letter), the lines are exact: breaks between words at the limit, a
// code longer than a line cut after its dots and dashes, a word with none cut by letters, the bold
// value kept as a bold run, no spaces left at either end of a line.
import { describe, expect, it } from 'vitest';
import { lineText, wrapRuns, type Run } from '../../src/core/print/form.js';

const mono = (t: string) => [...t].length;
const texts = (lines: Run[][]) => lines.map(lineText);
const reg = (text: string): Run => ({ text, bold: false });
const bold = (text: string): Run => ({ text, bold: true });

describe('wrapRuns: a label and its bold value', () => {
  it('on one line: the label one regular run, the value one bold run, not a run a word', () => {
    expect(wrapRuns([reg('Họ và tên: '), bold('Công Tôn Nữ Thị Thanh')], 40, mono)).toEqual([[reg('Họ và tên: '), bold('Công Tôn Nữ Thị Thanh')]]);
  });

  it('a value wrapped under the label stays bold on every line, the label regular', () => {
    const lines = wrapRuns([reg('Địa chỉ: '), bold('Số 12, ngõ 345 đường Nguyễn Văn Cừ, xã Minh Châu')], 24, mono);
    expect(lines).toEqual([
      [reg('Địa chỉ: '), bold('Số 12, ngõ 345')],
      [bold('đường Nguyễn Văn Cừ, xã')],
      [bold('Minh Châu')],
    ]);
    for (const l of lines) expect(mono(lineText(l))).toBeLessThanOrEqual(24);
  });

  it('two runs of the same face in a row make one run', () => {
    expect(wrapRuns([reg('Lý do: '), reg('thiếu giấy tờ')], 40, mono)).toEqual([[reg('Lý do: thiếu giấy tờ')]]);
  });
});

describe('wrapRuns: breaks between words at the column limit', () => {
  it('a word that ends exactly at the limit stays on the line', () => {
    expect(texts(wrapRuns([reg('Bản chính: 1 Bản sao: 2')], 12, mono))).toEqual(['Bản chính: 1', 'Bản sao: 2']);
    expect(texts(wrapRuns([reg('ab cd ef')], 5, mono))).toEqual(['ab cd', 'ef']);
  });

  it('the spaces where a line breaks are dropped, however many, at its end and at the next one’s start', () => {
    expect(wrapRuns([reg('Trả kết quả   tại nhà')], 11, mono)).toEqual([[reg('Trả kết quả')], [reg('tại nhà')]]);
    expect(texts(wrapRuns([reg('aaa  bbb')], 4, mono))).toEqual(['aaa', 'bbb']);
    expect(texts(wrapRuns([reg('aaaa bbbb')], 4, mono))).toEqual(['aaaa', 'bbbb']);
  });

  it('spaces at the start of the text are dropped; spaces inside a line kept', () => {
    expect(wrapRuns([reg('  Lý do:  thiếu')], 40, mono)).toEqual([[reg('Lý do:  thiếu')]]);
    expect(wrapRuns([reg(' '), bold(' Nguyễn Văn An')], 40, mono)).toEqual([[bold('Nguyễn Văn An')]]);
  });

  it('an empty text still takes one, empty, line (the row keeps its height)', () => {
    expect(wrapRuns([], 10, mono)).toEqual([[]]);
    expect(wrapRuns([reg('')], 10, mono)).toEqual([[]]);
    expect(wrapRuns([reg('   ')], 10, mono)).toEqual([[]]);
  });

  it('each face measured as itself: a bold letter two units wide wraps sooner', () => {
    const wide = (t: string, b: boolean) => [...t].length * (b ? 2 : 1);
    expect(texts(wrapRuns([reg('Mã: '), bold('AB CD')], 10, wide))).toEqual(['Mã: AB', 'CD']);
    expect(texts(wrapRuns([reg('Mã: '), reg('AB CD')], 10, wide))).toEqual(['Mã: AB CD']);
  });
});

describe('wrapRuns: a word longer than a whole line', () => {
  it('a dossier code breaks after its dots and dashes, each piece within the line', () => {
    expect(texts(wrapRuns([reg('H01.23-261123-0001')], 10, mono))).toEqual(['H01.23-', '261123-', '0001']);
  });

  it('a word with no dot or dash is cut by letters, each line filled to the limit', () => {
    expect(texts(wrapRuns([reg('abcdefghij')], 4, mono))).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapRuns([bold('Nghiêngnghiêng')], 5, mono)).toEqual([[bold('Nghiê')], [bold('ngngh')], [bold('iêng')]]);
  });

  it('a long word after other words goes to a line of its own, then the text goes on after it', () => {
    expect(texts(wrapRuns([reg('Mã: H01.23-261123-0001 nhận')], 10, mono))).toEqual(['Mã:', 'H01.23-', '261123-', '0001 nhận']);
  });

  it('a word exactly a line wide is not cut and leaves no empty line', () => {
    expect(wrapRuns([reg('abcd')], 4, mono)).toEqual([[reg('abcd')]]);
    expect(wrapRuns([reg('abcd efgh')], 4, mono)).toEqual([[reg('abcd')], [reg('efgh')]]);
  });

  it('a column narrower than one letter still puts out every letter, one a line, and ends', () => {
    const lines = texts(wrapRuns([reg('abc')], 0.5, mono)).filter((l) => l !== '');
    expect(lines).toEqual(['a', 'b', 'c']);
  });
});

describe('lineText', () => {
  it('is the line’s runs’ text joined as they stand', () => {
    expect(lineText([reg('Số điện thoại: '), bold('0912345678')])).toBe('Số điện thoại: 0912345678');
    expect(lineText([])).toBe('');
  });
});
