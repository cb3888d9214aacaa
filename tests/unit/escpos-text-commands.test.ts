// The commands around printer text, in the order the printer gets them: a TCVN-3 code page is
// selected only when the text needs another one (never for plain ASCII), a style (ESC E bold, GS !
// size) only when it changes, and plain type is set back after bold or large text; the rule, a
// ticket label too long for one line, the Code 128 barcode at the edges of what fits, the cut.
import { describe, expect, it } from 'vitest';
import { renderEscPos, type EscPosOptions } from '../../src/core/print/escpos.js';
import { alignLine, wrap, type Block, type PrintDocument } from '../../src/core/print/layout.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';

const doc = (...blocks: Block[]): PrintDocument => ({ kind: 'test', ref: null, title: 'commands', blocks });
const tcvn3 = (paper: '58' | '80' = '58'): EscPosOptions => ({ paper, profile: 'tcvn3' });
const read = (o: EscPosOptions, ...blocks: Block[]) => decodeEscPos(renderEscPos(doc(...blocks), o));
const START = ['ESC @', 'ESC M 0'];
const PLAIN = ['ESC E 0', 'GS ! 0'];
const BOLD = ['ESC E 1', 'GS ! 0'];

describe('TCVN-3 code pages', () => {
  it('lower-case Vietnamese on two lines selects the lower-case page once; a capital Đ switches and back', () => {
    const d = read(tcvn3(), { type: 'text', text: 'hồ sơ' }, { type: 'text', text: 'xã Mỹ Đức' });
    expect(d.commands).toEqual([...START, ...PLAIN, 'ESC t 30', 'text hồ sơ', 'LF', ...PLAIN, 'text xã Mỹ ', 'ESC t 31', 'text Đ', 'ESC t 30', 'text ức', 'LF']);
  });

  it('a line of plain ASCII selects no page, alone or between Vietnamese lines', () => {
    expect(read(tcvn3(), { type: 'text', text: 'Quay 2 - 08:15' }).pages).toEqual([]);
    const d = read(tcvn3(), { type: 'text', text: 'hồ sơ' }, { type: 'text', text: 'Quay 2' }, { type: 'text', text: 'hồ sơ' });
    expect(d.pages).toEqual([30]);
    expect(d.lines.map((l) => l.text)).toEqual(['hồ sơ', 'Quay 2', 'hồ sơ']);
  });
});

describe('styles', () => {
  it('the lines of one text share one style command; after bold text, plain type is set back once; after plain text, nothing', () => {
    const text = 'Giấy tờ tùy thân (thẻ căn cước/căn cước công dân, hộ chiếu) – xuất trình';
    const lines = wrap(text.replace('–', '-'), 32);
    expect(lines).toHaveLength(3);
    const d = read({ paper: '58', profile: 'ascii' }, { type: 'text', text }, { type: 'text', text: 'KET QUA', bold: true }, { type: 'text', text: 'SO 5', size: 2 });
    const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd');
    expect(d.commands).toEqual([
      ...START,
      ...PLAIN, ...lines.flatMap((l) => [`text ${ascii(l)}`, 'LF']),
      ...BOLD, 'text KET QUA', 'LF', ...PLAIN,
      'ESC E 0', 'GS ! 17', 'text SO 5', 'LF', ...PLAIN,
    ]);
  });

  it('a signatures block with no places prints nothing at all, not even a style', () => {
    expect(read(tcvn3(), { type: 'signatures', slots: [], space: 3 }).commands).toEqual(START);
  });

  it('a ticket label longer than the line wraps at the normal size, bold, each line centred, then plain type again', () => {
    const label = 'PHONG TIEP NHAN VA TRA KET QUA - QUAY SO 2';
    const d = read(tcvn3(), { type: 'big', text: label });
    expect(d.commands).toEqual([...START, ...BOLD, ...wrap(label, 32).flatMap((l) => [`text ${alignLine(l, 32, 'center')}`, 'LF']), ...PLAIN]);
  });
});

describe('a rule', () => {
  for (const [paper, n] of [['58', 32], ['80', 48]] as const) {
    it(`${paper} mm: a line of ${n} dashes`, () => {
      expect(read(tcvn3(paper), { type: 'rule' }).commands).toEqual([...START, `text ${'-'.repeat(n)}`, 'LF']);
    });
  }
});

describe('the cut', () => {
  it('four line feeds bring the last line past the cutter, then a partial cut', () => {
    expect(read(tcvn3(), { type: 'cut' }).commands).toEqual([...START, 'LF', 'LF', 'LF', 'LF', 'cut', 'LF']);
  });
});

describe('Code 128 at the edges of what fits', () => {
  // 11 modules a character, start, check and stop and quiet zones: 11 n + 55 modules in all.
  // 58 mm (384 dots): 2 dots a module up to 12 characters (187 modules), text from 13 (198).
  // 80 mm (576 dots): 3 dots up to 12, 2 dots up to 21 (286 modules), text from 22 (297).
  const code = (n: number) => 'A012.2611230001234567890'.slice(0, n);
  const moduleDots = (paper: '58' | '80', n: number) => {
    const d = read(tcvn3(paper), { type: 'barcode', data: code(n) });
    const w = d.commands.find((c) => c.startsWith('GS w '));
    return d.barcodes.length ? Number(w?.slice(5)) : d.lines.map((l) => l.text);
  };

  it('58 mm: never wider than 2 dots a module, even for a short label; 12 characters fit; 13 are printed as text', () => {
    expect(moduleDots('58', 4)).toBe(2);
    expect(moduleDots('58', 12)).toBe(2);
    expect(moduleDots('58', 13)).toEqual([alignLine(code(13), 32, 'center')]);
  });

  it('80 mm: 3 dots up to 12 characters, 2 dots from 13 to 21, text from 22', () => {
    expect(moduleDots('80', 12)).toBe(3);
    expect(moduleDots('80', 13)).toBe(2);
    expect(moduleDots('80', 21)).toBe(2);
    expect(moduleDots('80', 22)).toEqual([alignLine(code(22), 48, 'center')]);
  });
});
