// @ts-nocheck
// CSV as spreadsheets write it (RFC 4180 and what Excel and LibreOffice do beyond it): fields in
// double quotes may hold the separator, line breaks and doubled quotes; lines end in LF or CRLF; a
// leading BOM (Excel's "CSV UTF-8") is dropped. Vietnamese Excel uses ';' as its list separator
// (',' is the decimal mark there), so the separator is taken from the header line. Pure: text in,
// records out, each with its number as a spreadsheet shows it (the header is row 1).
import { DomainError } from './errors.js';

export interface CsvRecord {
  /** 1-based, counting records (a quoted line break does not start a new row). */
  row: number;
  fields: string[];
}

const SEPARATORS = [',', ';', '\t'] as const;

/** The separator that occurs most often outside quotes in the first record (',' on a tie or none). */
export function sniffSeparator(text: string): string {
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ',';
  for (const s of SEPARATORS) if ((counts.get(s) as number) > (counts.get(best) as number)) best = s;
  return best;
}

/**
 * Split CSV text into records. Blank lines are skipped (they still count as rows, as in a
 * spreadsheet). A quote inside an unquoted field is kept as text, as spreadsheets read it; a quoted
 * field left open at the end of the text is refused (err.csv.quote).
 */
export function parseCsv(input: string, separator = sniffSeparator(input.replace(/^\uFEFF/, ''))): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, '');
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field started with a quote
  let row = 1;
  let quoteRow = 0;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) out.push({ row, fields });
    fields = [];
    row++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      quoteRow = row;
    } else if (ch === separator) endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (ch === '\n' || ch === '\r') endRecord();
    else field += ch;
  }
  // A quote never closed would swallow every row after it: refused, naming the row it opened in.
  if (quoted) throw new DomainError('err.csv.quote', { row: quoteRow });
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return out;
}
