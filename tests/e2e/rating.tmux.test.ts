// The citizens' board asks for a rating after a ticket is finished at a counter with a rating keypad
// (issue 18), in a real terminal at 80x24 in both languages: the question and its five answers
// whole, nothing past the 80th column, and the question gone once its time is over.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { BIN } from '../helpers/build.js';
import { needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('rating');
const { screen, waitScreen } = kit;
const cli = (db: string, ...args: string[]) => execFileSync('node', [BIN, '--db', db, ...args], { encoding: 'utf8' });
const TIMEOUT_S = 12;

beforeAll(needTmux);
afterAll(() => kit.kill());

describe('the rating question on the board', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`is shown whole at 80x24 and leaves when its time is over (${lang})`, async () => {
      const t = translator(lang);
      const db = join(mkdtempSync(join(tmpdir(), `luudong-rating-${process.pid}-`)), 'bus.db');
      cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
      cli(db, 'rater', 'add', 'quay-1', '--target', '05ac:0250', '--counter', '1', '--timeout', String(TIMEOUT_S));
      cli(db, 'queue', 'issue', 'A');
      cli(db, 'queue', 'call', '--counter', '1');
      cli(db, 'queue', 'finish', '--counter', '1');
      const finished = Date.now();
      const s = `r-${lang}`;
      kit.startApp(s, ['--db', db, '--lang', lang, 'board']);
      const question = t('board.rateQuestion', { ticket: 'A001', counter: 1 });
      const shown = await waitScreen(s, (f) => f.includes(question), 'the rating question');
      console.log(`board at 80x24 (${lang}), ${((Date.now() - finished) / 1000).toFixed(1)} s after the finish:\n${shown}`);
      const lines = shown.split('\n');
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(80);
      // The five answers, each whole, on the screen with the question.
      for (let d = 1; d <= 5; d++) {
        const answer = t('board.rateAnswers').split(/\s*·\s*|(?=\s[1-5]\s)/).map((x) => x.trim()).find((x) => x.startsWith(`${d} `));
        expect(answer, `answer ${d}`).toBeTruthy();
        expect(shown.replace(/\s+/g, ' ')).toContain(answer!);
      }
      // Its time over: gone from the board within a second or so, not at the next minute.
      await waitScreen(s, (f) => !f.includes(question), 'the question to leave', TIMEOUT_S * 1000 + 5000);
      const goneAfter = (Date.now() - finished) / 1000;
      expect(goneAfter).toBeGreaterThanOrEqual(TIMEOUT_S - 0.5);
      expect(goneAfter).toBeLessThan(TIMEOUT_S + 3);
      expect(screen(s)).toContain('A001'); // the board itself goes on
      kit.tmux('kill-session', '-t', s);
    }, 60_000);
  }
});
