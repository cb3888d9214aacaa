// Scanned documents kept with a dossier: the pages of one checklist item assembled into one PDF,
// stored content-addressed (its SHA-256 names it) under the database's directory, linked to the
// dossier and the item, size-limited, and checked against its hash when read back.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Dossier } from '../core/dossier.js';
import { DomainError } from '../core/errors.js';
import { writeFileDurably } from '../store/durable.js';
import type { DossierFile } from '../store/files.js';
import type { DossierDesk } from './dossiers.js';

/** No scan of one checklist item is larger than this. */
export const MAX_SCAN_BYTES = 50 * 2 ** 20;

/**
 * The pages (PNG) as one PDF, each page an A4 sheet with the image fitted to it. `fontsDir`: the
 * shipped fonts (pdfkit would otherwise load its Helvetica files, which the bundle does not carry).
 */
export async function pagesToPdf(pages: readonly Uint8Array[], fontsDir: string, createdAt = new Date()): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, font: join(fontsDir, 'NotoSans-Regular.ttf'), info: { Creator: 'luudong', CreationDate: createdAt } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((ok, fail) => {
    doc.on('end', () => ok(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', fail);
  });
  for (const page of pages) {
    doc.addPage({ size: 'A4', margin: 0 });
    doc.image(Buffer.from(page), 0, 0, { fit: [doc.page.width, doc.page.height], align: 'center', valign: 'center' });
  }
  doc.end();
  return done;
}

/** Keep a scan with its dossier and checklist item; returns the stored file's row. */
export function storeScan(files: Pick<DossierDesk, 'keepFile' | 'fileRows'>, dbFile: string, dossier: Dossier, item: number, pdf: Uint8Array, at: number): DossierFile {
  if (!Number.isInteger(item) || item < 0 || item >= dossier.documents.length) throw new DomainError('err.receipt.document', { value: String(item + 1), max: dossier.documents.length });
  if (pdf.length > MAX_SCAN_BYTES) throw new DomainError('err.scan.tooBig', { mb: Math.ceil(pdf.length / 2 ** 20), max: MAX_SCAN_BYTES / 2 ** 20 });
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const rel = join('attachments', sha256.slice(0, 2), `${sha256}.pdf`);
  writeFileDurably(resolve(dirname(dbFile), rel), pdf);
  files.keepFile(dossier, 'scan', rel, 'application/pdf', pdf.length, sha256, at, item);
  return files.fileRows(dossier.id).at(-1) as DossierFile;
}

/** A stored file's bytes, refused when they no longer match the hash they were stored with. */
export function readStoredFile(dbFile: string, f: DossierFile): Uint8Array {
  const bytes = readFileSync(resolve(dirname(dbFile), f.path));
  if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) throw new DomainError('err.scan.damaged', { path: f.path });
  return bytes;
}
