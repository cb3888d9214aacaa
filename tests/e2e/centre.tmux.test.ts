// The centre's screen in a real terminal (tmux, 80x24) over a real PostgreSQL database that two
// vehicles synced a morning into: the screen's own login step (name and PIN; a wrong PIN refused,
// five lock the account as on the command line), then the figures; the keys, the key bar and the
// help come from one binding table, in Vietnamese and in English, and nothing the staff need is cut
// at 80 columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { MAX_FAILED_PINS } from '../../src/core/auth.js';
import { centreHelpLines, centreKeyBar } from '../../src/ui/centre/screen.js';
import { morning, testCentre, testVehicle, type TestCentre } from '../helpers/centre.js';
import { flat, needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('centre');
const { screen, type } = kit;
const keys = kit.press;
const waitFor = (s: string, pred: (text: string) => boolean, what: string, ms?: number) => kit.waitScreen(s, pred, what, ms);

let c: TestCentre;

beforeAll(async () => {
  needTmux();
  c = await testCentre();
  const server = await c.serve();
  const v1 = await testVehicle(c, server.url, 'Xe 01', new Date(2026, 10, 16, 7, 30));
  const v2 = await testVehicle(c, server.url, 'Xe 02', new Date(2026, 10, 17, 7, 30));
  morning(v1, 'Xã Mỹ Đức', [4, 10, 16]);
  morning(v2, 'Xã Hải Anh', [2, 6]);
  await v1.sync();
  await v2.sync();
  // From the first member of staff on, the figures are for those who log in.
  await c.centre.addStaff('Trần Văn Hùng', 'admin', '2580');
  const admin = await (await import('../../src/centre/app/centre.js')).Centre.open(c.url, (await import('../helpers/centre.js')).data);
  try {
    await admin.login('Trần Văn Hùng', '2580');
    await admin.addStaff('Lan', 'operator', '1357');
    await admin.addStaff('Đỗ Minh', 'operator', '2468');
    await admin.addStaff('Lê Mai', 'supervisor', '8642');
  } finally {
    await admin.close();
  }
}, 120_000);

afterAll(async () => {
  kit.kill();
  await c?.close();
});

describe('luudong centre screen', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`shows the fleet's figures and answers its keys at 80x24 (${lang})`, async () => {
      const t = translator(lang);
      const s = `centre-${lang}`;
      kit.startApp(s, ['--lang', lang, 'centre', '--pg', `'${c.url}'`, 'screen', '--year', '2026']);
      // The screen's own login step: no figures before it, its key bar from the same table.
      const loginBar = centreKeyBar(t, 80, 'login');
      let text = await waitFor(s, (x) => x.includes(t('centre.screen.loginTitle')) && x.includes(t('auth.fieldPin')), 'the login step');
      expect(text.split('\n').some((l) => l.trimEnd() === loginBar.trimEnd())).toBe(true);
      for (const part of ['Enter', 'Tab', 'Esc', 'Ctrl+C', 'F1', t('key.login'), t('key.clearPin')]) expect(loginBar).toContain(part);
      expect(text).not.toContain('Xe 01');
      // Five wrong PINs lock the account, as on the command line: the right PIN is then refused too.
      const who = lang === 'vi' ? 'Đỗ Minh' : 'Lê Mai';
      const right = lang === 'vi' ? '2468' : '8642';
      type(s, who);
      keys(s, 'Enter');
      const bad = `! ${t('err.auth.bad')}`;
      for (let i = 0; i < MAX_FAILED_PINS; i++) {
        type(s, '1111');
        await waitFor(s, (x) => x.includes('••••') && !x.includes(bad), `the PIN typed (${i + 1})`);
        keys(s, 'Enter');
        text = await waitFor(s, (x) => x.includes(bad) && !x.includes(t('centre.screen.loginChecking')), `wrong PIN ${i + 1} refused`, 20_000);
        expect(text).not.toContain('1111'); // the PIN is never shown
      }
      type(s, right);
      await waitFor(s, (x) => x.includes('••••') && !x.includes(bad), 'the right PIN typed');
      keys(s, 'Enter');
      const locked = `! ${t('err.auth.locked', { name: who, minutes: 15 })}`;
      text = await waitFor(s, (x) => flat(x).includes(locked), 'the account locked', 20_000);
      for (const l of text.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
      // Someone else logs in: Tab back to the name, Ctrl+U empties it.
      keys(s, 'Tab', 'C-u');
      type(s, 'Lan');
      keys(s, 'Enter');
      type(s, '1357');
      keys(s, 'Enter');
      const byVehicle = t('centre.screen.title', { year: 2026, by: t('centre.dim.vehicle') });
      text = await waitFor(s, (x) => x.includes(byVehicle) && x.includes('Xe 01') && x.includes('Xe 02'), 'the figures by vehicle', 20_000);
      expect(text).toContain(t('auth.welcome', { name: 'Lan', role: t('auth.role.operator') }));
      expect(text).not.toContain(t('auth.fieldPin'));
      // dates as the office writes them, the table headed in words (issue 19)
      expect(text).toContain(t('centre.report.title', { by: t('centre.dim.vehicle'), from: '01/01/2026', to: '31/12/2026' }));
      expect(text).not.toMatch(/(^|\s)(P90|TV|Med\.)/m);
      // the key bar is the table's, whole, on the last line
      const bar = centreKeyBar(t, 80);
      expect(text.split('\n').some((l) => l.trimEnd() === bar.trimEnd())).toBe(true);
      for (const part of ['1–6', '←/→', t('centre.screen.refresh'), t('key.help')]) expect(bar).toContain(part);

      keys(s, '3'); // by procedure: the birth registration the mornings received
      text = await waitFor(s, (x) => x.includes(t('centre.screen.title', { year: 2026, by: t('centre.dim.procedure') })), 'the figures by procedure');
      keys(s, 'Left'); // a year back: nothing was received in 2025
      text = await waitFor(s, (x) => x.includes(t('centre.screen.title', { year: 2025, by: t('centre.dim.procedure') })) && !x.includes(t('centre.screen.loading')), 'the year before');
      keys(s, 'Right', '2');
      text = await waitFor(s, (x) => x.includes(t('centre.screen.title', { year: 2026, by: t('centre.dim.commune') })) && x.includes('Mỹ Đức') && x.includes('Hải Anh'), 'the figures by commune');

      keys(s, '?'); // the help: every binding of the table, and what each number cuts by
      text = await waitFor(s, (x) => x.includes(t('centre.dim.month')) && x.includes('Ctrl+C'), 'the help');
      for (const l of centreHelpLines(t).slice(0, 20)) expect(text).toContain(l.trimEnd());
      keys(s, 'Escape');
      await waitFor(s, (x) => x.includes('Hải Anh'), 'the figures again after the help');
      // no line of the screen runs past the terminal (tmux would wrap it onto the next row)
      for (const l of screen(s).split('\n')) expect([...l].length).toBeLessThanOrEqual(80);

      keys(s, 'Q'); // quits (either case): the shell's sleep is what is left
      await waitFor(s, (x) => !x.includes(bar.trimEnd().slice(0, 20)), 'the screen to close');
      kit.tmux('kill-session', '-t', s);
    }, 60_000);
  }
});
