// The board asks the citizen for a rating while a keypad's question stands (issue 18), at 80x24 in
// both languages, and takes the question down once the keypad answered it.
import { afterEach, describe, expect, it } from 'vitest';
import { Board } from '../../src/ui/Board.js';
import { TextContext } from '../../src/ui/context.js';
import { translator } from '../../src/i18n/index.js';
import { renderAt, strip, tempApp, waitFor } from '../helpers/ui.js';

const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

describe('board: the rating question', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`shows the question and the five answers for the ticket just finished, within 80x24 (${lang})`, async () => {
      const { app } = tempApp();
      const groups = app.data.groups.map((g) => g.code);
      app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: new Date().toISOString().slice(0, 10), start: '00:00', end: '23:59', operators: ['Lan'], counters: [{ no: 1, groups }] });
      app.raters.add({ name: 'quay-1', target: '05ac:0250', counter: 1, timeoutS: 60 });
      const a = app.issue(groups[0]!).ticket;
      app.callNext(1);
      app.finish(1);
      const t = translator(lang);
      const r = renderAt(<TextContext.Provider value={{ t, lang }}><Board app={app} /></TextContext.Provider>, { columns: 80, rows: 24 });
      mounted.push(r);
      const f = await waitFor(r.lastFrame, (x) => x.includes(t('board.rateAnswers')));
      expect(f).toContain(t('board.rateQuestion', { ticket: a.label, counter: 1 }));
      const lines = strip(f).split('\n');
      expect(lines.length).toBeLessThanOrEqual(23);
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(80);
      // Answered on the keypad: the question goes (the board hears the commit).
      app.raters.pressed(1, 5);
      r.unmount();
      const r2 = renderAt(<TextContext.Provider value={{ t, lang }}><Board app={app} /></TextContext.Provider>, { columns: 80, rows: 24 });
      mounted.push(r2);
      const g = await waitFor(r2.lastFrame, (x) => x.includes(a.label));
      expect(g).not.toContain(t('board.rateAnswers'));
    });
  }

  it('takes the question down when its time is over, not at the next minute, and a press after it records nothing', async () => {
    // A clock 20 s past a minute: the board's minute clock does not tick during this test, so only
    // the question's own timer can take it down.
    let offset = 0;
    const clock = () => Date.now() + offset;
    offset = 20_000 - (Date.now() % 60_000);
    const { app } = tempApp(clock);
    const groups = app.data.groups.map((g) => g.code);
    app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: new Date(clock()).toISOString().slice(0, 10), start: '00:00', end: '23:59', operators: ['Lan'], counters: [{ no: 1, groups }] });
    app.raters.add({ name: 'quay-1', target: '05ac:0250', counter: 1, timeoutS: 5 });
    const a = app.issue(groups[0]!).ticket;
    app.callNext(1);
    app.finish(1);
    // 4.3 s later the question still stands, with 0.7 s to go.
    offset += 4_300;
    const t = translator('vi');
    const r = renderAt(<TextContext.Provider value={{ t, lang: 'vi' }}><Board app={app} /></TextContext.Provider>, { columns: 80, rows: 24 });
    mounted.push(r);
    await waitFor(r.lastFrame, (x) => x.includes(t('board.rateAnswers')));
    const shownAt = Date.now();
    const gone = await waitFor(r.lastFrame, (x) => x.includes(a.label) && !x.includes(t('board.rateAnswers')), 3000);
    expect(gone).not.toContain(t('board.rateQuestion', { ticket: a.label, counter: 1 }));
    expect(Date.now() - shownAt).toBeGreaterThanOrEqual(600); // not before its time
    expect(app.raters.pressed(1, 5)).toBeUndefined();
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM ratings').get()).toEqual({ n: 0 });
  });
});
