// @ts-nocheck
// Test helper: a strict RFC 4180 reader for what the app writes as CSV. Records end in CRLF only, so
// a bare LF or CR outside quotes (a line ending the writer got wrong) throws instead of passing.

/** The records of CSV text (its BOM already taken off), each a list of fields. */
export function readCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('open quote');
        if (text[i] === '"' && text[i + 1] === '"') field += text[i++];
        else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
    } else if (text[i] === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (text.startsWith('\r\n', i)) {
      row.push(field);
      out.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (text[i] === '\r' || text[i] === '\n') throw new Error(`bare line break at ${i}`);
    else field += text[i++];
  }
  if (field !== '' || row.length) throw new Error('last record without CRLF');
  return out;
}
