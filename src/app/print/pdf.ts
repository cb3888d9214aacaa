// The receipt-and-appointment slip on A4 as a PDF, laid out like the official form (Giấy tiếp nhận hồ
// sơ và hẹn trả kết quả): agency and national heading side by side, the title, the dossier code in
// words and as a QR, the rows, the documents, the transfer QR, two signature blocks. Text is real
// text in the shipped Noto Sans (data/fonts, OFL), so it is selectable and searchable; QR codes are
// vector squares. With a fixed `createdAt` the same model gives the same bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { DomainError } from '../../core/errors.js';
import { qrMatrix } from '../../core/print/qr.js';
import type { SlipModel } from '../slip.js';

export interface SlipPdfOptions {
  /** The national heading: the country's name and the motto (the form is Vietnamese by law). */
  nationalMotto?: [string, string];
  /** Printed before the dossier code. */
  codeLabel?: string;
  /** Under each signature title. */
  signHint?: string;
  /** The PDF's creation date; pdfkit also derives the file ID from it. */
  createdAt?: Date;
}

const MM = 72 / 25.4;
// Margins of administrative documents (Decree 30/2020/ND-CP): left 30 mm, right 15 mm, top and bottom 20 mm.
const PAGE = { width: 595.28, height: 841.89, left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM };
const CONTENT = PAGE.width - PAGE.left - PAGE.right;
// Sizes chosen so a slip with a dozen rows, a few documents and the transfer QR fits on one page.
const BODY = 11.5;
const ROW = { lineGap: 1, paragraphGap: 2.5 };
const CODE_QR = 20 * MM;
const PAY_QR = 28 * MM;
const SIGN_SPACE = 18 * MM;

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

export async function renderSlipPdf(model: SlipModel, fontsDir: string, opts: SlipPdfOptions = {}): Promise<Uint8Array> {
  const [country, motto] = opts.nationalMotto ?? ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
  const { doc, done } = a4Document(fontsDir, { Title: `${model.title} ${model.code}`, Author: model.unit, CreationDate: opts.createdAt ?? new Date() });

  /**
   * Centred lines in a column; returns the y under them. A line too wide is set up to 2 points
   * smaller to keep it on one line, and wrapped beyond that, as long agency names are on the form.
   */
  const column = (lines: { text: string; face: Face; size: number }[], x: number, width: number, y: number): number => {
    for (const l of lines) {
      const w = doc.font(l.face).fontSize(l.size).widthOfString(l.text);
      const size = w <= width ? l.size : Math.max(l.size - 2, Math.floor((l.size * width * 10) / w) / 10);
      doc.fontSize(size).text(l.text, x, y, { width, align: 'center' });
      y = doc.y + 1;
    }
    return y;
  };
  /** A short rule centred in a column, as under the headings of the form. */
  const rule = (cx: number, y: number, width: number) => {
    doc.moveTo(cx - width / 2, y).lineTo(cx + width / 2, y).lineWidth(0.6).stroke();
  };
  /** The next block needs `height`: start a new page when it would cross the bottom margin. */
  const room = (height: number) => {
    if (doc.y + height > PAGE.height - PAGE.bottom) doc.addPage();
  };

  // The heading: agency on the left, the country and motto on the right, the code's QR under them.
  const leftW = CONTENT * 0.44;
  const rightX = PAGE.left + leftW;
  const rightW = CONTENT - leftW;
  let leftY = column([{ text: model.agency, face: 'bold', size: 12 }, { text: model.unit, face: 'regular', size: 12 }], PAGE.left, leftW, PAGE.top);
  rule(PAGE.left + leftW / 2, leftY + 3, leftW / 3);
  let rightY = column([{ text: country, face: 'bold', size: 12 }, { text: motto, face: 'bold', size: 12.5 }], rightX, rightW, PAGE.top);
  // Under the motto a rule as long as the motto (the font is still the motto's).
  rule(rightX + rightW / 2, rightY + 3, Math.min(rightW, doc.widthOfString(motto)));
  rightY += 12; // the QR's quiet zone: four modules
  drawQr(doc, qrMatrix(model.code), PAGE.width - PAGE.right - CODE_QR, rightY, CODE_QR);
  rightY += CODE_QR;
  leftY += 8;

  // Title and code.
  doc.y = Math.max(leftY, rightY) + 14;
  doc.font('bold').fontSize(15).text(model.title, PAGE.left, doc.y, { width: CONTENT, align: 'center' });
  doc.moveDown(0.3);
  // Label and code centred together: measured here, as pdfkit misplaces centred text split across fonts.
  const label = `${opts.codeLabel ?? 'Mã hồ sơ'}: `;
  const labelW = doc.font('regular').fontSize(BODY).widthOfString(label);
  const codeW = doc.font('bold').fontSize(BODY).widthOfString(model.code);
  const codeY = doc.y;
  const codeX = PAGE.left + (CONTENT - labelW - codeW) / 2;
  doc.font('regular').text(label, codeX, codeY, { lineBreak: false });
  doc.font('bold').text(model.code, codeX + labelW, codeY, { lineBreak: false });
  doc.y = codeY + doc.currentLineHeight(true);
  doc.moveDown(1);

  // The rows of the form, label then value, wrapped under the line's start.
  for (const r of model.rows) {
    doc.font('regular').fontSize(BODY).text(`${r.label}: `, PAGE.left, doc.y, { width: CONTENT, continued: true, ...ROW });
    doc.font('bold').text(r.value || ' ');
  }
  doc.moveDown(0.3);
  doc.font('regular').fontSize(BODY).text(model.documentsTitle, PAGE.left, doc.y, { width: CONTENT, ...ROW });
  for (const d of model.documents) doc.text(d, PAGE.left + 14, doc.y, { width: CONTENT - 14, ...ROW });

  // The bank transfer: the VietQR with its caption beside it.
  if (model.qr) {
    doc.moveDown(0.6);
    room(PAY_QR);
    const top = doc.y;
    drawQr(doc, qrMatrix(model.qr), PAGE.left, top, PAY_QR);
    if (model.qrCaption) {
      const x = PAGE.left + PAY_QR + 14;
      doc.font('regular').fontSize(10.5).text(model.qrCaption, x, top + 4, { width: PAGE.width - PAGE.right - x, lineGap: 1 });
    }
    doc.x = PAGE.left;
    doc.y = Math.max(doc.y, top + PAY_QR);
  }

  // Signatures: citizen on the left, the officer on the right with the operator's name.
  doc.moveDown(1);
  const hint = opts.signHint ?? '(Ký và ghi rõ họ tên)';
  room(50 + SIGN_SPACE);
  const signY = doc.y;
  const half = CONTENT / 2;
  model.signatures.forEach((title, i) => {
    const x = PAGE.left + i * half;
    const y = column([{ text: title, face: 'bold', size: BODY }], x, half, signY);
    doc.font('regular').fontSize(10.5).text(hint, x, y, { width: half, align: 'center' });
  });
  if (model.operator) doc.font('bold').fontSize(BODY).text(model.operator, PAGE.left + half, doc.y + SIGN_SPACE, { width: half, align: 'center' });

  doc.end();
  return done;
}

/** A QR code as filled squares, `size` points wide; dark modules of a row merged into runs. */
function drawQr(doc: PDFKit.PDFDocument, m: boolean[][], x: number, y: number, size: number): void {
  const s = size / m.length;
  m.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (row[c + 1]) c++;
      doc.rect(x + start * s, y + r * s, (c - start + 1) * s, s);
    }
  });
  doc.fillColor('black').fill();
}
