// Keeps a dossier's A4 slip as a PDF next to the database: <db dir>/files/<dossier code>/slip.pdf, with
// a dossier_files row. Written so a power cut leaves either the old file or the new one, never half a
// PDF: temporary file in the same directory, fsync, rename over, fsync the directory.
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Dossier } from '../../core/dossier.js';
import { writeFileDurably } from '../../store/durable.js';
import type { DossierDesk } from '../dossiers.js';

const NAME = 'slip.pdf';

/** Where the slip (or another form) of a dossier is kept, relative to the database's directory. */
export function slipPdfPath(code: string, name = NAME): string {
  // The code becomes a directory name: it must stay one (agency codes are digits, letters, dots).
  if (!/^[0-9A-Za-z][0-9A-Za-z.-]*$/.test(code)) throw new Error(`slip pdf: a dossier code unfit for a file name: ${JSON.stringify(code)}`);
  return join('files', code, name);
}

/**
 * Write the slip durably (mode 0600, directories 0700) and record it. Writing a dossier's slip again
 * replaces the file and adds a row. A full disk is refused as err.dbFull, leaving no partial file.
 * Returns the file's absolute path.
 */
export function storeSlipPdf(files: Pick<DossierDesk, 'keepFile'>, dbFile: string, dossier: Dossier, pdf: Uint8Array, at: number): { path: string } {
  return storeFormPdf(files, dbFile, dossier, 'slip', pdf, at);
}

/**
 * A form of a dossier kept as files/CODE/<form>.pdf (the slip, the request to supplement), with a
 * dossier_files row of kind <form>_pdf; written and recorded as storeSlipPdf says.
 */
export function storeFormPdf(files: Pick<DossierDesk, 'keepFile'>, dbFile: string, dossier: Dossier, form: 'slip' | 'supplement', pdf: Uint8Array, at: number): { path: string } {
  const rel = slipPdfPath(dossier.code, `${form}.pdf`);
  const file = resolve(dirname(dbFile), rel);
  writeFileDurably(file, pdf);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  files.keepFile(dossier, `${form}_pdf`, rel, 'application/pdf', pdf.length, sha256, at);
  return { path: file };
}
