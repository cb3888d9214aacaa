// The rating question (issue 18) on a workstation's board (`luudong --hub ADDRESS board`), as real
// processes in a real terminal at 80x24, one board in Vietnamese and one in English: a ticket
// finished at a counter with a citizen's keypad (configured on the hub) puts the question and its
// five answers on both boards without a key; once the ticket is rated, both boards take it down.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { fits80, flat, needTmux, tmuxKit } from '../helpers/tmux.js';

const { press, screen, waitScreen, startApp, kill } = tmuxKit('hubrate');
const start = (session: string, args: string[]) => startApp(session, args, 'LUUDONG_LANG=');

let hub: HubProc | undefined;
beforeAll(() => {
  needTmux();
  ensureBuilt();
});
afterAll(async () => {
  kill();
  await hub?.stop();
});

describe('the rating question on a workstation’s board', () => {
  it('shows after a finish at a keypad’s counter, in both languages, and goes once rated', async () => {
    const dir = mkdtempSync(join(tmpdir(), `luudong-hubrate-${process.pid}-`));
    const hubDb = join(dir, 'hub', 'bus.db');
    hub = await startHub(hubDb);
    const [ws1, ws2, ws3] = ['ws1', 'ws2', 'ws3'].map((n) => join(dir, n)) as [string, string, string];
    for (const w of [ws1, ws2, ws3]) pairWorkstation(hub, w);
    const through = (...args: string[]) => {
      const r = cli(join(ws3, 'station.db'), ['--hub', hub!.address, ...args]);
      expect(r.status, r.stderr).toBe(0);
      return r;
    };
    through('trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
    // The citizens' keypad at counter 1 (plugged into the hub laptop).
    const rater = cli(hubDb, ['rater', 'add', 'ban-phim-1', '--target', '05ac:0250', '--counter', '1', '--timeout', '600']);
    expect(rater.status, rater.stderr).toBe(0);
    through('queue', 'issue', 'A');
    through('queue', 'issue', 'A');

    const [vi, en] = ['board-vi', 'board-en'];
    start(vi, ['--db', join(ws1, 'station.db'), '--hub', hub.address, 'board']);
    start(en, ['--db', join(ws2, 'station.db'), '--hub', hub.address, '--lang', 'en', 'board']);
    await waitScreen(vi, (x) => x.includes('Đồi Dùng'), 'the Vietnamese board');
    await waitScreen(en, (x) => x.includes('Đồi Dùng'), 'the English board');

    through('queue', 'call', '--counter', '1');
    through('queue', 'finish', '--counter', '1');
    const sv = await waitScreen(vi, (x) => flat(x).includes('Số A001 (quầy 1): Ông/Bà hài lòng thế nào? Bấm một phím:') && flat(x).includes('5 Rất hài lòng'), 'the question in Vietnamese', 5000);
    expect(flat(sv)).toContain('1 Rất không hài lòng');
    const se = await waitScreen(en, (x) => flat(x).includes('Ticket A001 (counter 1): how satisfied are you? Press a key:') && flat(x).includes('5 Very satisfied'), 'the question in English', 5000);
    expect(flat(se)).toContain('1 Very unsatisfied');
    for (const s of [sv, se]) {
      expect(fits80(s)).toBe(true);
      expect(s.trimEnd().split('\n').length).toBeLessThanOrEqual(24);
    }

    // Rated (the operator's key for a citizen who prefers to say it): both boards take it down.
    through('queue', 'rate', '5', '--ticket', 'A001');
    await waitScreen(vi, (x) => !x.includes('hài lòng thế nào') && x.includes('A001'), 'the question gone (vi)', 5000);
    await waitScreen(en, (x) => !x.includes('how satisfied') && x.includes('A001'), 'the question gone (en)', 5000);

    for (const s of [vi, en]) {
      press(s, 'q');
      await waitScreen(s, (x) => x.includes('EXITED 0'), `${s} exits cleanly`);
    }
  }, 120_000);
});
