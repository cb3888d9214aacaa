// @ts-nocheck
// What came out of a `file` printer (drivers/printer/file.ts appends each job's ESC/POS bytes): the
// jobs one by one, read back with tests/helpers/escpos-decode.ts. Each job starts with ESC @; that
// pair cannot occur inside a TCVN-3 job (text bytes are never ESC, QR data is the ASCII code), so
// it cuts the stream into jobs even when a job was cut short by a kill.
import { existsSync, readFileSync } from 'node:fs';
import { decodeEscPos } from '../../helpers/escpos-decode.js';

export interface Printout {
  /** QR contents: a slip's dossier code (and a VietQR payment when paid by transfer). */
  qr: string[];
  /** Lines printed in big letters: a ticket's number. */
  big: string[];
  /** Ends with its cut and holds nothing the decoder does not know. */
  complete: boolean;
}

export function printouts(file: string): Printout[] {
  if (!existsSync(file)) return [];
  const bytes = readFileSync(file);
  const starts: number[] = [];
  for (let i = bytes.indexOf(0x1b); i >= 0; i = bytes.indexOf(0x1b, i + 1)) if (bytes[i + 1] === 0x40) starts.push(i);
  const out: Printout[] = [];
  if (bytes.length > 0 && starts[0] !== 0) out.push({ qr: [], big: ['(bytes before the first job)'], complete: false });
  for (const [k, s] of starts.entries()) {
    const d = decodeEscPos(bytes.subarray(s, starts[k + 1] ?? bytes.length));
    out.push({ qr: d.qr, big: d.lines.filter((l) => l.size > 1).map((l) => l.text.trim()), complete: d.cuts === 1 && d.unknown.length === 0 });
  }
  return out;
}
