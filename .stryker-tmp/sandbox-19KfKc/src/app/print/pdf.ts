// @ts-nocheck
// An A4 document for the app's own printouts (the poster of the schedule): the shipped Noto Sans
// (data/fonts, OFL) registered as 'regular' and 'bold', the margins of administrative documents. The
// one-stop forms have their own layout (./formPdf.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { DomainError } from '../../core/errors.js';

const MM = 72 / 25.4;
// Margins of administrative documents (Decree 30/2020/ND-CP): left 30 mm, right 15 mm, top and bottom 20 mm.
const PAGE = { width: 595.28, height: 841.89, left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM };

const FONT_FILES = { regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' } as const;
type Face = keyof typeof FONT_FILES;

function readFont(fontsDir: string, face: Face): Buffer {
  const file = join(fontsDir, FONT_FILES[face]);
  try {
    return readFileSync(file);
  } catch (e) {
    throw new DomainError('err.dataMissing', { file, detail: (e as Error).message });
  }
}

/**
 * An A4 document set in the shipped fonts (registered as 'regular' and 'bold'), with the margins of
 * administrative documents; `done` gives its bytes once `doc.end()` is called.
 */
export function a4Document(fontsDir: string, info: PDFKit.DocumentInfo): { doc: PDFKit.PDFDocument; done: Promise<Uint8Array> } {
  const fonts = { regular: readFont(fontsDir, 'regular'), bold: readFont(fontsDir, 'bold') };
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    // The shipped font from the start: pdfkit would otherwise load its Helvetica, which has no Vietnamese.
    font: join(fontsDir, FONT_FILES.regular),
    info: { Creator: 'luudong', ...info },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  return { doc, done };
}
