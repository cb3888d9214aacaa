// The end of a trip on paper from the counter screen (issue 13 item 24), met as an operator meets it:
// the real TUI built and run in tmux at 80x24, in Vietnamese and in English. After the trip is
// closed, the main screen names the keys; M shows the schedule and 1 the loudspeaker text; D the
// handover form, Enter writes the bundle (no operators set up: nobody to ask) and says where; I
// without an A4 printer says so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/time.js';
import { BIN } from '../helpers/build.js';
import { fits80, needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('trip-paper');
const { press } = kit;
const cli = (db: string, ...args: string[]) => JSON.parse(execFileSync('node', [BIN, '--db', db, ...args, '--json'], { encoding: 'utf8' }));
const waitScreen = (s: string, pred: (text: string) => boolean, what: string, ms = 15_000) => kit.waitScreen(s, pred, what, ms);

const fits = (sc: string) => sc.replace(/\n$/, '').split('\n').length <= 24 && fits80(sc);

beforeAll(needTmux);
afterAll(() => kit.kill());

const WORDS = {
  vi: { closed: 'Chuyến 1 (Đồi Dùng) đã đóng', schedule: 'Lịch các chuyến sắp tới (1)', speech: 'Kính thưa bà con', handover: 'Bàn giao hồ sơ chuyến 1', done: 'Đã ghi bộ bàn giao (1 hồ sơ, 0 tệp đính kèm) vào', noA4: 'A4' },
  en: { closed: 'Trip 1 (Đồi Dùng) is closed', schedule: 'Coming trips (1)', speech: 'Kính thưa bà con', handover: 'Hand trip 1 dossiers over', done: 'Handover bundle written (1 dossiers, 0 attachments) to', noA4: 'a4' },
} as const;

describe('the end of the trip on paper, in a real terminal at 80x24', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`in ${lang}`, async () => {
      const w = WORDS[lang];
      const dir = mkdtempSync(join(tmpdir(), `luudong-trip-paper-e2e-${lang}-`));
      const db = join(dir, 'bus.db');
      cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
      const qr = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
      execFileSync('node', [BIN, '--db', db, 'dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'all', '--json'], { input: qr, encoding: 'utf8' });
      cli(db, 'trip', 'close');
      cli(db, 'schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--date', localDate(Date.now() + 7 * 86_400_000));
      const s = `tp-${lang}`;
      kit.startApp(s, ['--db', db, '--lang', lang]);
      const captures: string[] = [];
      const main = await waitScreen(s, (x) => x.includes(w.closed), 'the closed trip and its keys');
      captures.push(main);
      const flat = main.replace(/\s+/g, ' ');
      expect(flat).toMatch(lang === 'vi' ? /I In báo cáo A4 · D Bàn giao · M Lịch chuyến/ : /I Print A4 report · D Handover · M Schedule/);
      press(s, 'm');
      captures.push(await waitScreen(s, (x) => x.includes(w.schedule) && x.includes('Đồi Dùng'), 'the schedule'));
      press(s, '1');
      const speech = await waitScreen(s, (x) => x.includes(w.speech), 'the loudspeaker text');
      captures.push(speech);
      press(s, 'Escape', 'Escape', 'd');
      const form = await waitScreen(s, (x) => x.includes(w.handover), 'the handover form');
      captures.push(form);
      const target = join(dirname(db), `ban-giao-chuyen-1-${localDate(Date.now()).replace(/-/g, '')}`);
      press(s, 'Enter');
      const done = await waitScreen(s, (x) => x.includes(w.done), 'the bundle written');
      captures.push(done);
      expect(done.replace(/\s+/g, '')).toContain(target.replace(/\s+/g, ''));
      expect(existsSync(join(target, 'manifest.json'))).toBe(true);
      press(s, 'Escape', 'i');
      captures.push(await waitScreen(s, (x) => x.includes(w.noA4), 'no A4 printer said'));
      for (const c of captures) expect(fits(c), c).toBe(true);
      // nothing cut (Ink's … at a row's end), and the key bar of the announcement keeps Esc
      for (const c of captures) expect(c.split('\n').filter((l) => l.trimEnd().endsWith('…')), c).toEqual([]);
      expect(speech).toMatch(/Esc (Quay lại|Back)/);
      writeFileSync(join(dir, 'captures.txt'), captures.join('\n==========\n'));
      process.stdout.write(`captures: ${join(dir, 'captures.txt')}\n`);
      press(s, 'C-c');
    }, 90_000);
  }
});
