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
});
