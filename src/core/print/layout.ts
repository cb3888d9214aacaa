// Printed documents as data: a list of blocks that each renderer (ESC/POS for 58 and 80 mm thermal
// paper, the A4 PDF, a plain-text preview) lays out for its medium. Pure.

export type Align = 'left' | 'center' | 'right';

export type Block =
  /** Running text, wrapped to the paper; `size` 2 is double width and height. */
  | { type: 'text'; text: string; align?: Align; bold?: boolean; size?: 1 | 2 }
  /** The ticket number: as large as the paper allows. */
  | { type: 'big'; text: string }
  /** A label and its value, the value wrapped under itself. */
  | { type: 'pair'; label: string; value: string }
  /** Two texts on one line: left and right aligned (e.g. "Quầy 2" ... "08:15"). */
  | { type: 'columns'; left: string; right: string }
  | { type: 'rule' }
  | { type: 'qr'; data: string; caption?: string }
  | { type: 'barcode'; data: string }
  | { type: 'feed'; lines: number }
  | { type: 'cut' };

export interface PrintDocument {
  kind: 'ticket' | 'slip' | 'help' | 'figures' | 'test';
  /** The ticket label or dossier code it prints, for the job list and reprints. */
  ref: string | null;
  title: string;
  blocks: Block[];
}

/** Characters per line of Font A (12 x 24 dots) on each paper width. */
export const PAPER_COLUMNS: Record<'58' | '80', number> = { '58': 32, '80': 48 };

/**
 * Word-wrap one line to `width` columns; continuation lines indented by `indent`. A word longer
 * than a line is cut. Every character counts one column (NFC Vietnamese is one code point per
 * letter).
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  const out: string[] = [];
  const room = () => width - (out.length ? indent : 0);
  let line = '';
  for (const word of text.split(' ')) {
    if (line && [...line].length + 1 + [...word].length > room()) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
    while ([...line].length > room()) {
      const chars = [...line];
      out.push(chars.slice(0, room()).join(''));
      line = chars.slice(room()).join('');
    }
  }
  out.push(line);
  return out.map((l, i) => (i > 0 ? ' '.repeat(indent) + l : l));
}

/** Pad a line to `width` columns for its alignment. */
export function alignLine(line: string, width: number, align: Align = 'left'): string {
  const n = [...line].length;
  if (n >= width || align === 'left') return line;
  const pad = width - n;
  return ' '.repeat(align === 'right' ? pad : Math.floor(pad / 2)) + line;
}

/** The document as plain text lines `width` wide, as the screen previews it. */
export function documentText(doc: PrintDocument, width: number): string[] {
  const lines: string[] = [];
  for (const b of doc.blocks) {
    switch (b.type) {
      case 'text':
        for (const l of wrap(b.text, b.size === 2 ? Math.floor(width / 2) : width)) lines.push(alignLine(l, width, b.align));
        break;
      case 'big':
        lines.push(alignLine(b.text, width, 'center'));
        break;
      case 'pair':
        lines.push(...wrap(`${b.label}: ${b.value}`, width, 2));
        break;
      case 'columns': {
        const gap = Math.max(1, width - [...b.left].length - [...b.right].length);
        lines.push(b.left + ' '.repeat(gap) + b.right);
        break;
      }
      case 'rule':
        lines.push('-'.repeat(width));
        break;
      case 'qr':
        lines.push(alignLine(`[QR ${b.data.length > width - 6 ? `${b.data.slice(0, width - 7)}…` : b.data}]`, width, 'center'));
        if (b.caption) for (const l of wrap(b.caption, width)) lines.push(alignLine(l, width, 'center'));
        break;
      case 'barcode':
        lines.push(alignLine(`|| ${b.data} ||`, width, 'center'));
        break;
      case 'feed':
        for (let i = 0; i < b.lines; i++) lines.push('');
        break;
      case 'cut':
        lines.push('✂'.padEnd(width, '-'));
        break;
    }
  }
  return lines;
}
