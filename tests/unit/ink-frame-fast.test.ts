// The bundle's row-to-string of Ink's output grid (scripts/ink-frame-fast.mjs) must give exactly what
// @alcalzone/ansi-tokenize's styledCharsToString gives, for rows of every mix of styles.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { styledCharsFromTokens, styledCharsToString, tokenize } from '@alcalzone/ansi-tokenize';
// @ts-expect-error: a build script in plain JavaScript, without types
import { BLANK, lineToString } from '../../scripts/ink-frame-fast.mjs';

type Cell = ReturnType<typeof styledCharsFromTokens>[number];
const chalk = new Chalk({ level: 3 });
const styles: ((s: string) => string)[] = [
  (s) => s,
  (s) => chalk.bold(s),
  (s) => chalk.inverse(s),
  (s) => chalk.inverse.bold(s),
  (s) => chalk.dim(s),
  (s) => chalk.bold.dim(s),
  (s) => chalk.red.bold(s),
  (s) => chalk.green(s),
  (s) => chalk.cyan(s),
  (s) => chalk.black.bgWhite(s),
  (s) => chalk.hex('#336699').bgRgb(10, 20, 30).underline(s),
  (s) => chalk.bold(`a${chalk.red('b')}c${chalk.dim('d')}`) + s,
];
const words = ['Quầy', ' ', 'A012', 'Nguyễn Thị Hường', '│', '', '≤ 8 phút', 'x'];

/** A pseudo-random row: runs of text in random styles, with blank cells between, as Ink's grid has. */
function row(seed: number): Cell[] {
  let x = seed;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
  const cells: Cell[] = [];
  for (let k = rnd(6); k >= 0; k--) {
    for (let b = rnd(4); b > 0; b--) cells.push(BLANK as Cell);
    let text = '';
    for (let w = rnd(4) + 1; w > 0; w--) text += words[rnd(words.length)];
    cells.push(...styledCharsFromTokens(tokenize((styles[rnd(styles.length)] as (s: string) => string)(text))));
  }
  return cells;
}

describe("Ink's output rows without empty style diffs", () => {
  it('gives the same string as styledCharsToString on 2,000 mixed rows', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const cells = row(seed);
      expect([seed, lineToString(cells)]).toEqual([seed, styledCharsToString(cells)]);
    }
  });
  it('gives the same string for a blank row, one cell, and a style held to the end', () => {
    const blanks = Array.from({ length: 80 }, () => BLANK as Cell);
    for (const cells of [blanks, [], styledCharsFromTokens(tokenize(chalk.inverse('F1 Trợ giúp'))), styledCharsFromTokens(tokenize(chalk.bold('x')))]) {
      expect(lineToString(cells)).toBe(styledCharsToString(cells));
    }
    expect(lineToString(styledCharsFromTokens(tokenize(chalk.inverse('ab'))))).toMatch(/^\u001b\[7mab\u001b\[27m$/);
  });
});
