// @ts-nocheck
// The one-stop forms on A4 as a PDF (src/core/print/form.ts): the heading of an administrative
// document (parent agency in capitals, the issuing unit in bold capitals under it; the national
// heading and the date line on the right), the title, the body in the form's order, the signatures.
// Text is real text in the shipped Noto Sans (data/fonts, OFL), laid out here, line by line, so
// every line fits its page: wrapped between words (a long code after a dot or dash), tables with
// wrapped cells and their heading repeated on a new page, the signatures never alone on a page (the
// last item of the body goes with them), and every further page starting with the code. Several
// forms (the two copies of the slip, a trip's control slips) go into one file, each from a new page.
// Written as a stream: a trip's handover list of 10,000 rows never sits in memory.
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { DomainError } from '../../core/errors.js';
import { lineText, wrapRuns, type FormDoc, type FormItem, type Run } from '../../core/print/form.js';
import type { Align, SignatureSlot } from '../../core/print/layout.js';
import { qrMatrix } from '../../core/print/qr.js';
import { existsSync } from 'node:fs';

const MM = 72 / 25.4;
// Margins of administrative documents (Decree 30/2020/NĐ-CP): left 30 mm, right 15 mm, top and bottom 20 mm.
const MARGIN = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM };
const A4 = { portrait: { width: 595.28, height: 841.89 }, landscape: { width: 841.89, height: 595.28 } };
const BODY = 11;
const HEAD = 11.5;
const CODE_QR = 17 * MM;
const PAY_QR = 24 * MM;
const SIGN_SPACE = 16 * MM;
const CELL_PAD = 2.5;

export interface FormPdfOptions {
  /** The PDF's creation date; pdfkit also derives the file ID from it (same model, same bytes). */
  createdAt: Date;
  /** Told after each page of a long document (rows done of all tables). */
  onRows?: (done: number) => void;
}

type Face = 'regular' | 'bold';

/** Render forms (each from a new page) into `out`. */
export async function writeFormsPdf(forms: readonly FormDoc[], fontsDir: string, out: Writable, opts: FormPdfOptions): Promise<void> {
  const regular = join(fontsDir, 'NotoSans-Regular.ttf');
  const bold = join(fontsDir, 'NotoSans-Bold.ttf');
  for (const f of [regular, bold]) if (!existsSync(f)) throw new DomainError('err.dataMissing', { file: f, detail: 'not found' });
  const first = forms[0];
  if (!first) throw new Error('formPdf: no form to render');
  const doc = new PDFDocument({
    size: 'A4',
    layout: first.orientation,
    margins: MARGIN,
    autoFirstPage: false,
    // The shipped font from the start: pdfkit would otherwise load its Helvetica, which has no Vietnamese.
    font: regular,
    info: { Title: `${first.title}${first.code ? ` ${first.code}` : ''}`, Author: first.unit, Creator: 'luudong', CreationDate: opts.createdAt },
  });
  // The regular face under the path it was opened with (pdfkit re-parses a font registered under a
  // second name on every use), the bold one registered once.
  doc.registerFont('bold', bold);
  const faces: Record<Face, string> = { regular, bold: 'bold' };
  const written = pipeline(doc, out);
  try {
    let rows = 0;
    for (const f of forms) rows = await layoutForm(doc, f, faces, rows, opts.onRows);
  } finally {
    doc.end();
  }
  await written;
}

/** The forms as PDF bytes (a slip, a request: a page or two). */
export async function renderFormsPdf(forms: readonly FormDoc[], fontsDir: string, opts: FormPdfOptions): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await writeFormsPdf(forms, fontsDir, sink, opts);
  return new Uint8Array(Buffer.concat(chunks));
}

interface Ctx {
  doc: PDFKit.PDFDocument;
  faces: Record<Face, string>;
  page: { width: number; height: number };
  left: number;
  width: number;
  bottom: number;
  y: number;
  pageNo: number;
  widths: Map<string, number>;
}

async function layoutForm(doc: PDFKit.PDFDocument, f: FormDoc, faces: Record<Face, string>, rowsBefore: number, onRows?: (n: number) => void): Promise<number> {
  const page = A4[f.orientation];
  const c: Ctx = { doc, faces, page, left: MARGIN.left, width: page.width - MARGIN.left - MARGIN.right, bottom: page.height - MARGIN.bottom, y: MARGIN.top, pageNo: 1, widths: new Map() };
  doc.addPage({ size: 'A4', layout: f.orientation, margins: MARGIN });
  let rows = rowsBefore;

  const measure = (size: number) => (text: string, bold: boolean) => {
    const key = `${bold ? 'b' : 'r'}${size}\u0000${text}`;
    let w = c.widths.get(key);
    if (w === undefined) {
      w = doc.font(faces[bold ? 'bold' : 'regular']).fontSize(size).widthOfString(text);
      c.widths.set(key, w);
    }
    return w;
  };
  const lineH = (size: number) => size * 1.28;
  /** Draw laid-out lines at x within width, aligned; returns the y under them. */
  const drawLines = (lines: Run[][], x: number, width: number, y: number, size: number, align: Align = 'left'): number => {
    const m = measure(size);
    for (const l of lines) {
      const w = l.reduce((a, r) => a + m(r.text, r.bold), 0);
      let pen = align === 'left' ? x : align === 'right' ? x + width - w : x + (width - w) / 2;
      for (const r of l) {
        doc.font(faces[r.bold ? 'bold' : 'regular']).fontSize(size).text(r.text, pen, y, { lineBreak: false });
        pen += m(r.text, r.bold);
      }
      y += lineH(size);
    }
    return y;
  };
  const wrapText = (runs: Run[], width: number, size: number) => wrapRuns(runs, width, measure(size));
  const rule = (cx: number, y: number, w: number) => doc.moveTo(cx - w / 2, y).lineTo(cx + w / 2, y).lineWidth(0.6).stroke();

  /** A new page of the same form: the code (or the form's name) and the page's number at the top. */
  const newPage = () => {
    footer();
    doc.addPage({ size: 'A4', layout: f.orientation, margins: MARGIN });
    c.pageNo++;
    c.y = MARGIN.top;
    const label = f.pageLabel.replace('{n}', String(c.pageNo));
    const lines = wrapText([{ text: f.continued, bold: true }], c.width - measure(9)(label, false) - 12, 9);
    drawLines([[{ text: label, bold: false }]], c.left, c.width, c.y, 9, 'right');
    c.y = drawLines(lines, c.left, c.width, c.y, 9) + 8;
  };
  const footer = () => {
    if (c.pageNo === 1 && !multi) return;
    const label = f.pageLabel.replace('{n}', String(c.pageNo));
    doc.font(faces.regular).fontSize(8).text(label, c.left + c.width - measure(8)(label, false), c.page.height - MARGIN.bottom + 8, { lineBreak: false });
  };
  let multi = false;

  // ---- heading: parent agency and unit on the left, the national heading and date on the right
  const leftW = c.width * (f.orientation === 'landscape' ? 0.4 : 0.44);
  const rightX = c.left + leftW;
  const rightW = c.width - leftW;
  let ly = drawLines(wrapText([{ text: f.parent, bold: false }], leftW, HEAD), c.left, leftW, c.y, HEAD, 'center');
  ly = drawLines(wrapText([{ text: f.unit, bold: true }], leftW, HEAD), c.left, leftW, ly, HEAD, 'center');
  rule(c.left + leftW / 2, ly + 4, leftW / 3);
  let ry = drawLines(wrapText([{ text: f.national[0], bold: true }], rightW, HEAD), rightX, rightW, c.y, HEAD, 'center');
  ry = drawLines(wrapText([{ text: f.national[1], bold: true }], rightW, HEAD + 0.5), rightX, rightW, ry, HEAD + 0.5, 'center');
  rule(rightX + rightW / 2, ry + 4, Math.min(rightW, measure(HEAD + 0.5)(f.national[1], true)));
  ry += 8;
  if (f.dateLine) ry = drawLines(wrapText([{ text: f.dateLine, bold: false }], rightW, BODY), rightX, rightW, ry, BODY, 'center');
  if (f.code) {
    // The code as a QR under the heading on the left: a scan at the office opens the dossier.
    drawQr(doc, qrMatrix(f.code), c.left + (leftW - CODE_QR) / 2, ly + 10, CODE_QR);
    ly += 10 + CODE_QR;
  }
  c.y = Math.max(ly, ry) + 12;

  // ---- title and what goes under it
  c.y = drawLines(wrapText([{ text: f.title, bold: true }], c.width, 14), c.left, c.width, c.y, 14, 'center');
  for (const s of f.subtitle) c.y = drawLines(wrapText([{ text: s, bold: s === f.subtitle[0] && !!f.code }], c.width, BODY), c.left, c.width, c.y, BODY, 'center');
  c.y += 8;

  // ---- the body, item by item; the signature block keeps the last item (or table row) company
  const sigLines = (s: SignatureSlot, w: number) => [...wrapText([{ text: s.title, bold: true }], w, BODY), ...(s.hint ? wrapText([{ text: s.hint, bold: false }], w, 10) : [])];
  const signHeight = () => {
    if (f.signatures.length === 0) return 0;
    const w = c.width / f.signatures.length;
    return 12 + Math.max(...f.signatures.map((s) => sigLines(s, w).length)) * lineH(BODY) + (f.signatures.some((s) => s.name) ? SIGN_SPACE + lineH(BODY) : SIGN_SPACE) + f.closing.length * lineH(BODY);
  };
  const fieldLines = (label: string, value: string, width: number) => wrapText([{ text: `${label}: `, bold: false }, { text: value || '…', bold: true }], width, BODY);

  /** Height and drawing of each kind of item (tables are laid out row by row below). */
  const measureItem = (it: Exclude<FormItem, { type: 'table' }>): { h: number; draw: () => void } => {
    switch (it.type) {
      case 'field': {
        const lines = fieldLines(it.label, it.value, c.width);
        return { h: lines.length * lineH(BODY) + 2, draw: () => void (c.y = drawLines(lines, c.left, c.width, c.y, BODY) + 2) };
      }
      case 'fields': {
        const half = c.width / it.fields.length;
        const each = it.fields.map((x) => fieldLines(x.label, x.value, half - 8));
        if (each.every((l) => l.length === 1)) {
          return { h: lineH(BODY) + 2, draw: () => { each.forEach((l, i) => drawLines(l, c.left + i * half, half, c.y, BODY)); c.y += lineH(BODY) + 2; } };
        }
        const stacked = it.fields.map((x) => fieldLines(x.label, x.value, c.width));
        const n = stacked.reduce((a, l) => a + l.length, 0);
        return { h: n * lineH(BODY) + 2 * stacked.length, draw: () => { for (const l of stacked) c.y = drawLines(l, c.left, c.width, c.y, BODY) + 2; } };
      }
      case 'para': {
        const lines = wrapText([{ text: it.text, bold: !!it.bold }], c.width, it.italic ? 10 : BODY);
        const size = it.italic ? 10 : BODY;
        return { h: lines.length * lineH(size) + 3, draw: () => void (c.y = drawLines(lines, c.left, c.width, c.y, size, it.align ?? 'left') + 3) };
      }
      case 'payqr': {
        const x = c.left + PAY_QR + 14;
        const lines = wrapText([{ text: it.caption, bold: false }], c.left + c.width - x, 10.5);
        const h = Math.max(PAY_QR, lines.length * lineH(10.5)) + 8;
        return { h, draw: () => { drawQr(doc, qrMatrix(it.data), c.left, c.y + 4, PAY_QR); drawLines(lines, x, c.left + c.width - x, c.y + 8, 10.5); c.y += h; } };
      }
    }
  };

  const items = f.body;
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as FormItem;
    const last = i === items.length - 1;
    if (it.type === 'table') {
      // The table's last row goes with whatever follows it to the signatures (a closing formula),
      // so a further page never starts with the signatures alone.
      const rest = items.slice(i + 1);
      const tail = rest.every((x) => x.type !== 'table') ? rest.reduce((a, x) => a + measureItem(x as Exclude<FormItem, { type: 'table' }>).h, 0) + signHeight() : 0;
      rows = await table(it, tail);
      continue;
    }
    const m = measureItem(it);
    const need = m.h + (last ? signHeight() : 0);
    if (c.y + need > c.bottom && c.y > MARGIN.top + 40) {
      multi = true;
      newPage();
    }
    m.draw();
  }
  if (items.length === 0 && c.y + signHeight() > c.bottom) newPage();
  signatures();
  footer();
  return rows;

  async function table(it: Extract<FormItem, { type: 'table' }>, tail: number): Promise<number> {
    const size = it.size ?? 10;
    const total = it.columns.reduce((a, col) => a + col.share, 0);
    const ws = it.columns.map((col) => (col.share / total) * c.width);
    const xs = ws.map((_, k) => c.left + ws.slice(0, k).reduce((a, b) => a + b, 0));
    const cellLines = (text: string, k: number, bold: boolean) => text.split('\n').flatMap((part) => wrapText([{ text: part, bold }], (ws[k] as number) - 2 * CELL_PAD, size));
    const rowOf = (cells: readonly string[], bold: boolean) => {
      const lines = cells.map((cell, k) => cellLines(cell, k, bold));
      return { lines, h: Math.max(1, ...lines.map((l) => l.length)) * lineH(size) + 2 * CELL_PAD };
    };
    const head = rowOf(it.columns.map((col) => col.title), true);
    const drawRow = (r: { lines: Run[][][]; h: number }, bold: boolean) => {
      r.lines.forEach((l, k) => drawLines(l.map((x) => x.map((run) => ({ ...run, bold: bold || run.bold }))), (xs[k] as number) + CELL_PAD, (ws[k] as number) - 2 * CELL_PAD, c.y + CELL_PAD, size, it.columns[k]?.align ?? 'left'));
      doc.lineWidth(0.5);
      for (let k = 0; k <= ws.length; k++) {
        const x = k === ws.length ? c.left + c.width : (xs[k] as number);
        doc.moveTo(x, c.y).lineTo(x, c.y + r.h);
      }
      doc.moveTo(c.left, c.y + r.h).lineTo(c.left + c.width, c.y + r.h).stroke();
      c.y += r.h;
    };
    const startTable = () => {
      doc.moveTo(c.left, c.y).lineTo(c.left + c.width, c.y).lineWidth(0.5).stroke();
      drawRow(head, true);
    };
    if (c.y + head.h + lineH(size) * 2 > c.bottom) {
      multi = true;
      newPage();
    }
    startTable();
    const n = it.rows.length;
    let pageRows = 0;
    for (let r = 0; r < n; r++) {
      const row = rowOf(it.rows[r] as string[], false);
      const need = row.h + (r === n - 1 && tail < (c.bottom - MARGIN.top) / 2 ? tail + 6 : 0);
      if (c.y + need > c.bottom) {
        multi = true;
        newPage();
        startTable();
        rowsDone(pageRows);
        pageRows = 0;
        // Let the page's bytes go to the file before the next one.
        await new Promise((ok) => setImmediate(ok));
      }
      drawRow(row, false);
      pageRows++;
    }
    rowsDone(pageRows);
    c.y += 6;
    return rows;
  }
  function rowsDone(k: number) {
    rows += k;
    onRows?.(rows);
  }

  function signatures() {
    if (f.signatures.length === 0) {
      for (const l of f.closing) c.y = drawLines(wrapText([{ text: l, bold: false }], c.width, BODY), c.left, c.width, c.y, BODY);
      return;
    }
    c.y += 12;
    const w = c.width / f.signatures.length;
    // A single place goes on the right, as the officer's signature does on a form.
    const slots = f.signatures.length === 1 ? [null, f.signatures[0] as SignatureSlot] : f.signatures;
    const sw = c.width / slots.length;
    let nameY = c.y;
    slots.forEach((s, k) => {
      if (!s) return;
      const lines = sigLines(s, sw);
      const y = drawLines(lines.slice(0, wrapText([{ text: s.title, bold: true }], sw, BODY).length), c.left + k * sw, sw, c.y, BODY, 'center');
      const hint = s.hint ? drawLines(wrapText([{ text: s.hint, bold: false }], sw, 10), c.left + k * sw, sw, y, 10, 'center') : y;
      nameY = Math.max(nameY, hint + SIGN_SPACE);
    });
    slots.forEach((s, k) => {
      if (s?.name) drawLines(wrapText([{ text: s.name, bold: true }], sw, BODY), c.left + k * sw, sw, nameY, BODY, 'center');
    });
    c.y = nameY + lineH(BODY);
    void w;
    for (const l of f.closing) c.y = drawLines(wrapText([{ text: l, bold: false }], c.width, BODY), c.left, c.width, c.y, BODY);
  }
}

/** A QR code as filled squares, `size` points wide; dark modules of a row merged into runs. */
function drawQr(doc: PDFKit.PDFDocument, m: boolean[][], x: number, y: number, size: number): void {
  const s = size / m.length;
  m.forEach((row, r) => {
    for (let k = 0; k < row.length; k++) {
      if (!row[k]) continue;
      const start = k;
      while (row[k + 1]) k++;
      doc.rect(x + start * s, y + r * s, (k - start + 1) * s, s);
    }
  });
  doc.fillColor('black').fill();
}

export { lineText };
