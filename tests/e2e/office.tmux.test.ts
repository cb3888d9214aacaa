// The office set from the app on its first run (issue 13 item 6), met as an operator meets it: the
// real TUI built and run in tmux at 80x24, in Vietnamese and in English. A new vehicle's database,
// operators set up: Lan (an operator) logs in, the main screen says on one line that the office is
// still the shipped example and which key sets it; F12 opens the form filled with the example; each
// field is cleared and typed as a person types (the names in English too: left empty in Vietnamese,
// typed in English); saving asks for a supervisor (Mai gives her PIN) and
// the office is saved as `office set` saves it; the warning is gone. Nothing cut, nothing past 80x24.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';
import { fits80, flat, needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('office');
const { press, type, waitScreen } = kit;
const run = (db: string, args: string[], env: Record<string, string> = {}) => execFileSync('node', [BIN, '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '', ...env } });

/** Type into the focused field as a person does, and wait until it shows (the cursor after the text). */
async function typeSeen(s: string, text: string): Promise<void> {
  type(s, text);
  await waitScreen(s, (x) => x.includes(`${text}_`), `"${text}" typed`);
}

const fits = (sc: string) => sc.replace(/\n$/, '').split('\n').length <= 24 && fits80(sc);
/** The screen as one line, the boxes' borders left out. */
const words = (sc: string) => flat(sc.replace(/[│╭╮╰╯─┌┐└┘]/g, ' '));

beforeAll(needTmux);
afterAll(() => kit.kill());

const WORDS = {
  vi: {
    login: 'Đăng nhập',
    warn: 'Cơ quan minh-chau còn là mẫu, phiếu in sẽ sai: F12 để khai báo.',
    title: 'Khai báo cơ quan minh-chau',
    approve: 'Cần trưởng nhóm xác nhận: khai báo cơ quan minh-chau',
    saved: 'Đã lưu cơ quan: Bộ phận Một cửa xã Mỹ Đức (H26.107.2).',
    example: 'còn là mẫu',
  },
  en: {
    login: 'Log in',
    warn: 'Office minh-chau is an example, printouts would be wrong: F12 to set it.',
    title: 'Set office minh-chau',
    approve: 'A supervisor must approve: setting office minh-chau',
    saved: 'Office saved: Bộ phận Một cửa xã Mỹ Đức (H26.107.2).',
    example: 'example',
  },
} as const;

const MY_DUC = ['UBND xã Mỹ Đức', 'Bộ phận Một cửa xã Mỹ Đức', 'Mỹ Đức', 'H26.107.2', '970436', 'Vietcombank', '0451000123999', 'UBND XA MY DUC'];
/**
 * The names in English, after the agency code: in Vietnamese left empty (the English names are then
 * the Vietnamese ones), in English typed. The example's English names are emptied as the Vietnamese
 * names are typed over (they were the example's).
 */
const ENGLISH = { vi: ['', ''], en: ["My Duc Commune People's Committee", 'My Duc One-Stop Unit'] } as const;

describe('the office set from the app on first run, in a real terminal at 80x24', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`in ${lang}`, async () => {
      const w = WORDS[lang];
      const dir = mkdtempSync(join(tmpdir(), `luudong-office-e2e-${lang}-`));
      const db = join(dir, 'bus.db');
      run(db, ['operator', 'add', 'Trần Hùng', '--role', 'admin'], { LUUDONG_NEW_PIN: '2468' });
      run(db, ['--operator', 'Trần Hùng', 'operator', 'add', 'Lan'], { LUUDONG_PIN: '2468', LUUDONG_NEW_PIN: '1357' });
      run(db, ['--operator', 'Trần Hùng', 'operator', 'add', 'Mai', '--role', 'supervisor'], { LUUDONG_PIN: '2468', LUUDONG_NEW_PIN: '8642' });
      const s = `office-${lang}`;
      kit.startApp(s, ['--db', db, '--lang', lang]);
      const captures: string[] = [];
      await waitScreen(s, (x) => x.includes(w.login), 'the login form');
      await typeSeen(s, 'Lan');
      press(s, 'Enter');
      type(s, '1357');
      await waitScreen(s, (x) => x.includes('••••'), 'the PIN typed');
      press(s, 'Enter');
      const main = await waitScreen(s, (x) => words(x).includes(w.warn), 'the office warning');
      captures.push(main);
      press(s, 'F12');
      const form = await waitScreen(s, (x) => x.includes(w.title) && x.includes('113000001234'), 'the office form');
      captures.push(form);
      const values = [...MY_DUC.slice(0, 4), ...ENGLISH[lang], ...MY_DUC.slice(4)];
      for (const [i, v] of values.entries()) {
        press(s, 'C-u');
        if (v) await typeSeen(s, v);
        if (i === 3) {
          // the English names' fields, emptied since the Vietnamese names changed
          const named = await waitScreen(s, (x) => x.includes('H26.107.2_') && !x.includes('Minh Chau Commune'), 'the English names emptied');
          captures.push(named);
        }
        press(s, 'Enter');
      }
      const approve = await waitScreen(s, (x) => words(x).includes(w.approve), 'the approval dialog');
      captures.push(approve);
      await typeSeen(s, 'Mai');
      press(s, 'Enter');
      type(s, '8642');
      await waitScreen(s, (x) => x.includes('••••'), 'the PIN typed');
      press(s, 'Enter');
      const saved = await waitScreen(s, (x) => words(x).includes(w.saved), 'the office saved');
      captures.push(saved);
      expect(saved).not.toContain(w.example);
      const office = JSON.parse(run(db, ['--operator', 'Trần Hùng', '--json', 'office', 'show', 'minh-chau'], { LUUDONG_PIN: '2468' })) as Record<string, unknown>;
      expect(office).toMatchObject({ verified: true, agencyCode: 'H26.107.2', placeName: 'Mỹ Đức', agencyName: { vi: 'UBND xã Mỹ Đức', en: ENGLISH[lang][0] || 'UBND xã Mỹ Đức' }, unitName: { vi: 'Bộ phận Một cửa xã Mỹ Đức', en: ENGLISH[lang][1] || 'Bộ phận Một cửa xã Mỹ Đức' }, bank: { bin: '970436', account: '0451000123999', accountName: 'UBND XA MY DUC', verified: true } });
      for (const c of captures) expect(fits(c), c).toBe(true);
      for (const c of captures) expect(c.split('\n').filter((l) => l.trimEnd().endsWith('…')), c).toEqual([]);
      writeFileSync(join(dir, 'captures.txt'), captures.join('\n==========\n'));
      process.stdout.write(`captures: ${join(dir, 'captures.txt')}\n`);
      press(s, 'C-c');
    }, 120_000);
  }
});
