// @ts-nocheck
// The thermal layout, property: for any text (Vietnamese words, long codes, addresses) and any paper
// from 8 to 64 columns, every line of a text, a label and value, two columns or the signature places
// fits its width; nothing is lost or reordered (the lines hold the words in order); a word breaks
// only when it is longer than a whole line.
import { describe, it } from 'vitest';
import { blockLines, type Block } from '../../src/core/print/layout.js';
import { assert, forAll, type Rng } from '../helpers/property.js';

const WORDS = ['Nguyễn', 'Thị', 'Hường', 'xã', 'Mỹ', 'Đức', 'thôn', 'Đồi', 'Dùng', 'NGƯỜI', 'NỘP', 'HỒ', 'SƠ', 'TIẾP', 'NHẬN', '(Ký', 'và', 'ghi', 'rõ', 'họ', 'tên)', 'Số', '12,', 'ngõ', '345', '000.00.20.H26-261123-0001', 'H01.151.01-261123-0042', 'giang.ctn@example.vn', 'Trung-tâm-Phục-vụ-hành-chính-công'];
const phrase = (r: Rng, n: number) => Array.from({ length: r.int(1, n) }, () => r.pick(WORDS)).join(' ');
const squash = (s: string) => s.replace(/\s+/g, '');

describe('thermal layout, property', () => {
  it('5,000 blocks on papers 8-64 columns wide: every line fits, the words come out whole and in order', () => {
    forAll(
      'layout',
      {
        seed: 0x1a70,
        runs: 5000,
        gen: (r) => {
          const width = r.int(8, 64);
          const block = r.weighted<Block>([
            [3, () => ({ type: 'text', text: phrase(r, 20), align: r.pick(['left', 'center', 'right'] as const), ...(r.chance(0.2) ? { size: 2 as const } : {}) })],
            [3, () => ({ type: 'pair', label: phrase(r, 4), value: phrase(r, 15) })],
            [2, () => ({ type: 'columns', left: phrase(r, 6), right: phrase(r, 6) })],
            [2, () => ({ type: 'signatures', slots: Array.from({ length: r.int(1, 2) }, () => ({ title: phrase(r, 4), hint: phrase(r, 5), name: phrase(r, 5) })), space: r.int(0, 3) })],
          ]);
          return { width, block };
        },
      },
      ({ width, block }) => {
        const lines = blockLines(block, width) ?? [];
        for (const l of lines) assert([...l.text].length * l.size <= width, () => `"${l.text}" (${[...l.text].length} × ${l.size}) is wider than ${width}`);
        const text = lines.map((l) => l.text).join(' ');
        const source =
          block.type === 'text' ? block.text : block.type === 'pair' ? `${block.label}: ${block.value}` : block.type === 'columns' ? `${block.left} ${block.right}` : block.type === 'signatures' ? '' : '';
        if (block.type !== 'signatures') assert(squash(text) === squash(source), () => `lost or reordered: ${JSON.stringify(source)} -> ${JSON.stringify(lines.map((l) => l.text))}`);
        else for (const s of block.slots) for (const part of [s.title, s.hint ?? '', s.name ?? '']) assert(squash(text).includes(squash(part)), () => `signature text lost: ${part}`);
        // a word no longer than a line is never cut
        const room = block.type === 'text' && block.size === 2 ? Math.floor(width / 2) : width - 2;
        const words = new Set(text.split(/\s+/));
        for (const w of source.split(' ')) if ([...w].length <= room - 2) assert(words.has(w) || text.includes(w), () => `"${w}" cut at ${width} columns: ${JSON.stringify(lines.map((l) => l.text))}`);
      },
    );
  });
});
