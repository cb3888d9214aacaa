// The handover record (biên bản bàn giao hồ sơ) on A4 as a PDF: the agency and the national heading,
// who hands over to whom and when, the trip, then one line per dossier (code, citizen, procedure,
// due date, state), the table's heading repeated on every page, and the two signature blocks. Text
// in the shipped Noto Sans (data/fonts, OFL) so Vietnamese renders and stays searchable. Written as
// a stream, a page at a time: a trip of 10,000 dossiers is some 170 pages.
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';

export interface HandoverLogModel {
  agency: string;
  unit: string;
  country: string;
  motto: string;
  title: string;
  /** Label and value lines under the title. */
  info: { label: string; value: string }[];
  /** Titles of the six columns: number, code, citizen, procedure, due date, state. */
  columns: readonly [string, string, string, string, string, string];
  rows: readonly (readonly [string, string, string, string, string, string])[];
  /** Left: who hands over (with the name), right: who receives. */
  signatures: { title: string; name: string }[];
  signHint: string;
  /** "Page n" in the document's language. */
  page: (n: number) => string;
  createdAt: Date;
}

const MM = 72 / 25.4;
// Margins of administrative documents (Decree 30/2020/NĐ-CP), as on the slip.
const PAGE = { width: 595.28, height: 841.89, left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM };
const CONTENT = PAGE.width - PAGE.left - PAGE.right;
// Shares of the width: the code and the citizen's name are never cut at 8.5 pt; the procedure may be.
const SHARES = [0.05, 0.25, 0.2, 0.235, 0.115, 0.15];
const TABLE_SIZE = 8.5;
const ROW_H = 12.5;
const SIGN_SPACE = 18 * MM;

/** Render the record into `out`; `onRows` hears how many rows are laid out, after each page. */
export async function writeHandoverLog(model: HandoverLogModel, fontsDir: string, out: Writable, onRows?: (done: number) => void): Promise<void> {
  const regular = join(fontsDir, 'NotoSans-Regular.ttf');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    // The shipped font from the start: pdfkit would otherwise load its Helvetica, which has no Vietnamese.
    font: regular,
    info: { Title: model.title, Author: model.unit, Creator: 'luudong', CreationDate: model.createdAt },
  });
  // The regular face by the path it was first opened with: pdfkit caches a font under the name it
  // was asked for, except when a second name maps to a font it already has, which it then parses
  // again on every call (a registered 'regular' did so: 3 ms a table row).
  doc.registerFont('bold', join(fontsDir, 'NotoSans-Bold.ttf'));
  const written = pipeline(doc, out);
  try {
    await layout(doc, model, { regular, bold: 'bold' }, onRows);
  } finally {
    doc.end();
  }
  await written;
}

type Face = 'regular' | 'bold';

async function layout(doc: PDFKit.PDFDocument, model: HandoverLogModel, faces: Record<Face, string>, onRows?: (done: number) => void): Promise<void> {
  let pageNo = 1;
  // In the bottom margin, aligned by hand: text given a width is wrapped, and pdfkit's wrapper
  // starts a new page for a line below the margin.
  const footer = () => {
    const text = model.page(pageNo);
    doc.font(faces.regular).fontSize(8);
    doc.text(text, PAGE.left + CONTENT - doc.widthOfString(text), PAGE.height - PAGE.bottom + 6, { lineBreak: false });
  };
  const centred = (text: string, face: Face, size: number, x: number, width: number, y: number) => {
    doc.font(faces[face]).fontSize(size).text(text, x, y, { width, align: 'center' });
    return doc.y + 1;
  };
  const rule = (cx: number, y: number, width: number) => doc.moveTo(cx - width / 2, y).lineTo(cx + width / 2, y).lineWidth(0.6).stroke();

  // The heading: agency and unit on the left, the country and motto on the right.
  const leftW = CONTENT * 0.44;
  const rightW = CONTENT - leftW;
  let y = centred(model.agency, 'bold', 11.5, PAGE.left, leftW, PAGE.top);
  y = centred(model.unit, 'regular', 11, PAGE.left, leftW, y);
  rule(PAGE.left + leftW / 2, y + 3, leftW / 3);
  let ry = centred(model.country, 'bold', 11.5, PAGE.left + leftW, rightW, PAGE.top);
  ry = centred(model.motto, 'bold', 12, PAGE.left + leftW, rightW, ry);
  rule(PAGE.left + leftW + rightW / 2, ry + 3, Math.min(rightW, doc.widthOfString(model.motto)));
  doc.y = Math.max(y, ry) + 18;
  doc.font(faces.bold).fontSize(14).text(model.title, PAGE.left, doc.y, { width: CONTENT, align: 'center' });
  doc.moveDown(0.6);
  for (const r of model.info) {
    doc.font(faces.regular).fontSize(10.5).text(`${r.label}: `, PAGE.left, doc.y, { width: CONTENT, continued: true, lineGap: 1, paragraphGap: 2 });
    doc.font(faces.bold).text(r.value || ' ');
  }
  doc.moveDown(0.6);

  // The table. Cells are cut to their width beforehand and drawn without line breaking: pdfkit's
  // wrapping is most of the cost of a long table.
  const widths = SHARES.map((s) => s * CONTENT);
  const xs = widths.map((_, i) => PAGE.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  // Procedures, states and many names repeat down the table: each is measured once per column.
  const fitted = new Map<string, string>();
  const fit = (text: string, width: number) => {
    const key = `${width}\u0000${text}`;
    let out = fitted.get(key);
    if (out === undefined) fitted.set(key, (out = cut(text, width)));
    return out;
  };
  const cut = (text: string, width: number) => {
    const room = width - 4;
    if (doc.widthOfString(text) <= room) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (doc.widthOfString(text.slice(0, mid) + '…') <= room) lo = mid;
      else hi = mid - 1;
    }
    return text.slice(0, lo).trimEnd() + '…';
  };
  const row = (cells: readonly string[], face: Face) => {
    doc.font(faces[face]).fontSize(TABLE_SIZE);
    cells.forEach((c, i) => doc.text(fit(c, widths[i] as number), xs[i] as number, y, { lineBreak: false }));
    y += ROW_H;
  };
  const heading = () => {
    row(model.columns, 'bold');
    doc.moveTo(PAGE.left, y - 2).lineTo(PAGE.left + CONTENT, y - 2).lineWidth(0.5).stroke();
    y += 2;
  };
  const bottom = PAGE.height - PAGE.bottom - ROW_H;
  y = doc.y;
  heading();
  let done = 0;
  for (const r of model.rows) {
    if (y > bottom) {
      footer();
      doc.addPage();
      pageNo++;
      y = PAGE.top;
      heading();
      onRows?.(done);
      // Let the page's bytes flow to the file and the progress show before the next one.
      await new Promise((ok) => setImmediate(ok));
    }
    row(r, 'regular');
    done++;
  }
  onRows?.(done);

  // Signatures, on a new page if they do not fit under the table.
  if (y + 50 + SIGN_SPACE > PAGE.height - PAGE.bottom) {
    footer();
    doc.addPage();
    pageNo++;
    y = PAGE.top;
  }
  y += 16;
  const half = CONTENT / model.signatures.length;
  let nameY = y;
  model.signatures.forEach((s, i) => {
    const x = PAGE.left + i * half;
    const below = centred(s.title, 'bold', 10.5, x, half, y);
    doc.font(faces.regular).fontSize(9.5).text(model.signHint, x, below, { width: half, align: 'center' });
    nameY = Math.max(nameY, doc.y + SIGN_SPACE);
  });
  model.signatures.forEach((s, i) => {
    if (s.name) doc.font(faces.bold).fontSize(10.5).text(s.name, PAGE.left + i * half, nameY, { width: half, align: 'center' });
  });
  footer();
}
