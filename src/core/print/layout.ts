// Printed documents as data: a list of blocks that each renderer (ESC/POS for 58 and 80 mm thermal
// paper, the A4 PDF, a plain-text preview) lays out for its medium. Pure.
//
// The rule every renderer keeps: each line fits its paper. Text breaks between words; a word longer
// than a whole line (a long dossier code on 58 mm) breaks after a dot, dash or slash where it has one,
// and only then by letters. Two texts meant side by side that do not fit one line are stacked.

export type Align = 'left' | 'center' | 'right';

/** A signature place: the title (NGƯỜI NỘP HỒ SƠ), the hint under it, and the name once signed. */
export interface SignatureSlot {
  title: string;
  hint?: string;
  name?: string | null;
}

export type Block =
  /** Running text, wrapped to the paper; `size` 2 is double width and height. */
  | { type: 'text'; text: string; align?: Align; bold?: boolean; size?: 1 | 2 }
  /** The ticket number: as large as the paper allows. */
  | { type: 'big'; text: string }
  /** A label and its value, the value wrapped under itself. */
  | { type: 'pair'; label: string; value: string }
  /** Two texts on one line: left and right aligned (e.g. "Quầy 2" ... "08:15"); stacked when too long. */
  | { type: 'columns'; left: string; right: string }
  /** Signature places side by side (each centred in its half) where they fit, else one under the other. */
  | { type: 'signatures'; slots: SignatureSlot[]; space: number }
  | { type: 'rule' }
  | { type: 'qr'; data: string; caption?: string }
  | { type: 'barcode'; data: string }
  | { type: 'feed'; lines: number }
  | { type: 'cut' };

export interface PrintDocument {
  kind: 'ticket' | 'slip' | 'help' | 'figures' | 'cash' | 'test' | 'form';
  /** The ticket label or dossier code it prints, for the job list and reprints. */
  ref: string | null;
  title: string;
  blocks: Block[];
}

/** Characters per line of Font A (12 x 24 dots) on each paper width. */
export const PAPER_COLUMNS: Record<'58' | '80', number> = { '58': 32, '80': 48 };

const len = (s: string) => [...s].length;

/** Where a word too long for a line may break: after these characters. */
const BREAK_AFTER = /[.\-/,;:_)]/;

/**
 * Cut a word longer than `room` columns into a head that fits and the rest: after the last dot, dash
 * or slash that keeps the head within `room` (a dossier code breaks between its parts), else by letters.
 */
export function splitWord(word: string, room: number): [string, string] {
  const chars = [...word];
  const limit = Math.max(1, room);
  for (let i = Math.min(limit, chars.length - 1); i >= Math.ceil(limit / 3); i--) {
    if (BREAK_AFTER.test(chars[i - 1] as string)) return [chars.slice(0, i).join(''), chars.slice(i).join('')];
  }
  return [chars.slice(0, limit).join(''), chars.slice(limit).join('')];
}

/**
 * Word-wrap one line to `width` columns; continuation lines indented by `indent`. Breaks between
 * words; a word longer than a line breaks as splitWord says. Every character counts one column
 * (NFC Vietnamese is one code point per letter).
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  const out: string[] = [];
  const room = () => Math.max(1, width - (out.length ? indent : 0));
  let line = '';
  for (const word of text.split(' ')) {
    if (line && len(line) + 1 + len(word) > room()) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
    while (len(line) > room()) {
      const [head, rest] = splitWord(line, room());
      out.push(head);
      line = rest;
    }
  }
  out.push(line);
  return out.map((l, i) => (i > 0 ? ' '.repeat(indent) + l : l));
}

/** Pad a line to `width` columns for its alignment. */
export function alignLine(line: string, width: number, align: Align = 'left'): string {
  const n = len(line);
  if (n >= width || align === 'left') return line;
  const pad = width - n;
  return ' '.repeat(align === 'right' ? pad : Math.floor(pad / 2)) + line;
}

/** One printed line of text: what the thermal renderers and the preview put on paper. */
export interface TextLine {
  text: string;
  bold: boolean;
  /** 1, or 2 for double width and height. */
  size: 1 | 2;
}

const plain = (text: string, bold = false): TextLine => ({ text, bold, size: 1 });

/**
 * Two texts on one line, left and right, when they fit with a space between; else the left one
 * wrapped, then the right one wrapped and set to the right edge.
 */
export function columnLines(left: string, right: string, width: number): string[] {
  if (len(left) + 1 + len(right) <= width) return [left + ' '.repeat(width - len(left) - len(right)) + right];
  return [...wrap(left, width), ...wrap(right, width).map((l) => alignLine(l, width, 'right'))];
}

/**
 * Signature places: side by side, each centred in its share of the line, when every title, hint and
 * name fits its share; else one under the other, each centred, with its signing space.
 */
export function signatureLines(slots: readonly SignatureSlot[], space: number, width: number): TextLine[] {
  const share = Math.floor(width / Math.max(1, slots.length));
  const parts = (s: SignatureSlot) => [s.title, s.hint ?? '', s.name ?? ''];
  const fits = slots.every((s) => parts(s).every((p) => len(p) <= share - 1));
  const out: TextLine[] = [];
  if (fits && slots.length > 1) {
    const row = (pick: (s: SignatureSlot) => string) => slots.map((s, i) => alignLine(pick(s), i === slots.length - 1 ? width - share * i : share, 'center').padEnd(i === slots.length - 1 ? 0 : share)).join('').trimEnd();
    out.push(plain(row((s) => s.title), true));
    if (slots.some((s) => s.hint)) out.push(plain(row((s) => s.hint ?? '')));
    for (let i = 0; i < space; i++) out.push(plain(''));
    if (slots.some((s) => s.name)) out.push(plain(row((s) => s.name ?? ''), true));
    return out;
  }
  slots.forEach((s, i) => {
    if (i > 0) out.push(plain(''));
    for (const l of wrap(s.title, width)) out.push(plain(alignLine(l, width, 'center'), true));
    if (s.hint) for (const l of wrap(s.hint, width)) out.push(plain(alignLine(l, width, 'center')));
    for (let k = 0; k < space; k++) out.push(plain(''));
    if (s.name) for (const l of wrap(s.name, width)) out.push(plain(alignLine(l, width, 'center'), true));
  });
  return out;
}

/**
 * The lines of a text-like block on a paper `width` columns wide (text, pair, columns, signatures,
 * rule, feed); undefined for blocks the renderer draws itself (big, qr, barcode, cut).
 */
export function blockLines(b: Block, width: number): TextLine[] | undefined {
  switch (b.type) {
    case 'text': {
      const size = b.size ?? 1;
      const w = Math.max(1, Math.floor(width / size));
      // a line that fits stays as it is, its leading spaces too (a table's heading stands over its column)
      return (len(b.text) <= w ? [b.text] : wrap(b.text, w)).map((l) => ({ text: alignLine(l, w, b.align), bold: !!b.bold, size }));
    }
    case 'pair':
      return wrap(`${b.label}: ${b.value}`, width, 2).map((l) => plain(l));
    case 'columns':
      return columnLines(b.left, b.right, width).map((l) => plain(l));
    case 'signatures':
      return signatureLines(b.slots, b.space, width);
    case 'rule':
      return [plain('-'.repeat(width))];
    case 'feed':
      return Array.from({ length: b.lines }, () => plain(''));
    default:
      return undefined;
  }
}

/** The document as plain text lines `width` wide, as the screen previews it. */
export function documentText(doc: PrintDocument, width: number): string[] {
  const lines: string[] = [];
  for (const b of doc.blocks) {
    const text = blockLines(b, width);
    if (text) {
      for (const l of text) lines.push(l.text);
      continue;
    }
    switch (b.type) {
      case 'big':
        for (const l of wrap(b.text, width)) lines.push(alignLine(l, width, 'center'));
        break;
      case 'qr':
        lines.push(alignLine(`[QR ${b.data.length > width - 6 ? `${b.data.slice(0, Math.max(1, width - 7))}…` : b.data}]`, width, 'center'));
        if (b.caption) for (const l of wrap(b.caption, width)) lines.push(alignLine(l, width, 'center'));
        break;
      case 'barcode':
        for (const l of wrap(`|| ${b.data} ||`, width)) lines.push(alignLine(l, width, 'center'));
        break;
      case 'cut':
        lines.push('✂'.padEnd(width, '-'));
        break;
    }
  }
  return lines;
}
