// A one-stop form (receipt slip, request to supplement, refusal, control slip, register, handover
// list) as data: the heading of an administrative document, the title, the body in the form's
// order, the signature places. The A4 renderer (src/app/print/formPdf.ts) and the thermal one (as
// layout blocks, below) lay out the same model; neither invents text. Pure.
import { Checker } from '../check.js';
import { splitWord, type Align, type Block, type PrintDocument, type SignatureSlot } from './layout.js';

export interface FormColumn {
  title: string;
  /** Share of the table's width. */
  share: number;
  align?: Align;
}

export type FormItem =
  /** "Label: value", the value in bold, wrapped under the line. */
  | { type: 'field'; label: string; value: string }
  /** Fields side by side on A4 where they fit ("Số điện thoại: …   Email: …"), else one under the other. */
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'para'; text: string; bold?: boolean; align?: Align; italic?: boolean }
  /** A table; on thermal paper each row becomes a numbered record. */
  | { type: 'table'; columns: FormColumn[]; rows: string[][]; size?: number }
  /** The bank-transfer VietQR and what it pays. */
  | { type: 'payqr'; data: string; caption: string };

export interface FormDoc {
  /** Which form, for the job list and file names: receipt, supplement, refusal, control, register, handover. */
  form: string;
  orientation: 'portrait' | 'landscape';
  /** The parent agency (regular capitals) and the issuing unit under it (bold capitals). */
  parent: string;
  unit: string;
  /** The national heading: the country and the motto. */
  national: [string, string];
  /** "<place>, ngày … tháng … năm …", under the national heading. */
  dateLine: string | null;
  title: string;
  /** Lines under the title, centred: the code, the copy ("Liên 1: Lưu"), the trip. */
  subtitle: string[];
  /** The dossier code: as a QR by the heading, and repeated at the top of every further page. */
  code: string | null;
  body: FormItem[];
  signatures: SignatureSlot[];
  /** Lines after the signatures (a closing formula). */
  closing: string[];
  /** The top line of a further page: "Mã hồ sơ: … (tiếp theo) – trang 2". */
  continued: string;
  /** "Trang {n}" in the document's words. */
  pageLabel: string;
}

/** A word-wrapped line made of runs in different faces (label regular, value bold). */
export interface Run {
  text: string;
  bold: boolean;
}

/**
 * Lay out runs of text in lines at most `width` wide, as `measure` says a text is wide in a face:
 * breaking between words, and a word wider than a whole line after a dot, dash or slash, else by
 * letters. Spaces at the start of a line are dropped.
 */
export function wrapRuns(runs: readonly Run[], width: number, measure: (text: string, bold: boolean) => number): Run[][] {
  const lines: Run[][] = [];
  let line: Run[] = [];
  let used = 0;
  const push = (text: string, bold: boolean) => {
    const last = line[line.length - 1];
    if (last && last.bold === bold) last.text += text;
    else line.push({ text, bold });
  };
  const flush = () => {
    const last = line[line.length - 1];
    if (last) last.text = last.text.replace(/ +$/, '');
    lines.push(line);
    line = [];
    used = 0;
  };
  for (const run of runs) {
    const words = run.text.split(/( +)/).filter((w) => w !== '');
    for (const word of words) {
      if (/^ +$/.test(word)) {
        if (line.length === 0) continue;
        used += measure(word, run.bold);
        push(word, run.bold);
        continue;
      }
      let w = word;
      let ww = measure(w, run.bold);
      if (used + ww > width && used > 0) {
        flush();
      }
      // A word wider than a whole line: cut where the layout allows, and go on with the rest.
      while (ww > width) {
        let room = [...w].length;
        while (room > 1 && measure(splitWord(w, room)[0], run.bold) > width - used) room--;
        const [head, rest] = splitWord(w, room);
        push(head, run.bold);
        flush();
        w = rest;
        ww = measure(w, run.bold);
      }
      push(w, run.bold);
      used += ww;
    }
  }
  if (line.length || lines.length === 0) flush();
  return lines;
}

/** The text of a laid-out line. */
export const lineText = (l: readonly Run[]): string => l.map((r) => r.text).join('');

/**
 * The form on thermal paper: the same content as the A4 one, in the order of the form, each table
 * row as a numbered record, the two signature places side by side only where they fit.
 */
export function formBlocks(doc: FormDoc, kind: PrintDocument['kind'], title: string): PrintDocument {
  const blocks: Block[] = [
    { type: 'text', text: doc.parent.toUpperCase(), align: 'center' },
    { type: 'text', text: doc.unit.toUpperCase(), align: 'center', bold: true },
    { type: 'text', text: doc.national[0], align: 'center', bold: true },
    { type: 'text', text: doc.national[1], align: 'center' },
    { type: 'rule' },
  ];
  if (doc.dateLine) blocks.push({ type: 'text', text: doc.dateLine, align: 'right' });
  blocks.push({ type: 'text', text: doc.title, align: 'center', bold: true });
  for (const s of doc.subtitle) blocks.push({ type: 'text', text: s, align: 'center' });
  if (doc.code) blocks.push({ type: 'qr', data: doc.code });
  for (const item of doc.body) {
    switch (item.type) {
      case 'field':
        blocks.push({ type: 'pair', label: item.label, value: item.value });
        break;
      case 'fields':
        for (const f of item.fields) blocks.push({ type: 'pair', label: f.label, value: f.value });
        break;
      case 'para':
        blocks.push({ type: 'text', text: item.text, ...(item.bold ? { bold: true } : {}), ...(item.align ? { align: item.align } : {}) });
        break;
      case 'table':
        // Each row as a record: the first column (its number) leads, the second is the name, the
        // others follow as "Column: value" where they hold something.
        for (const row of item.rows) {
          const [no, name, ...rest] = row;
          const extra = rest.map((v, i) => (v && v !== '–' ? `${item.columns[i + 2]?.title ?? ''}: ${v}` : '')).filter(Boolean);
          blocks.push({ type: 'text', text: [`${no}. ${name ?? ''}`, ...extra].join('; ') });
        }
        break;
      case 'payqr':
        blocks.push({ type: 'rule' }, { type: 'qr', data: item.data, caption: item.caption });
        break;
    }
  }
  blocks.push({ type: 'rule' }, { type: 'signatures', slots: doc.signatures, space: 3 });
  for (const l of doc.closing) blocks.push({ type: 'text', text: l });
  blocks.push({ type: 'cut' });
  return { kind, ref: doc.code, title, blocks };
}

/** The form as plain text `width` columns wide (for a look on the screen or the CLI). */
export { documentText } from './layout.js';

/** A form as data/forms.json lists it: its number in the circular and how far its text was checked. */
export interface FormInfo {
  id: string;
  title: string;
  number: string | null;
  circular: string | null;
  earlier: string | null;
  paper: ('a4' | '80' | '58')[];
  verified: boolean;
}

export const FORM_IDS = ['receipt', 'supplement', 'refusal', 'control', 'register', 'handover'] as const;

/** Check data/forms.json: every form the app prints listed once. */
export function checkForms(json: unknown, file = 'forms.json'): FormInfo[] {
  const c = new Checker(file);
  const root = c.obj(json, '$');
  c.int(root.version, '$.version', 1, 1);
  const opt = (v: unknown, p: string) => (v === null ? null : c.str(v, p));
  const list = c.arr(root.forms, '$.forms').map((v, i) => {
    const p = `$.forms[${i}]`;
    const o = c.obj(v, p);
    return {
      id: c.oneOf(o.id, `${p}.id`, FORM_IDS),
      title: c.str(o.title, `${p}.title`),
      number: opt(o.number, `${p}.number`),
      circular: opt(o.circular, `${p}.circular`),
      earlier: opt(o.earlier, `${p}.earlier`),
      paper: c.arr(o.paper, `${p}.paper`).map((x, k) => c.oneOf(x, `${p}.paper[${k}]`, ['a4', '80', '58'] as const)),
      verified: c.bool(o.verified, `${p}.verified`),
    };
  });
  c.unique(list, (f) => f.id, '$.forms', 'id');
  for (const id of FORM_IDS) if (!list.some((f) => f.id === id)) c.fail('$.forms', `the form "${id}" is missing`);
  return list;
}
