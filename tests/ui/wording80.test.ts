// Issue 19 at 80x24, in both languages: the figures' tables headed in words (no TV/PV/P90/ph), the
// receipt's document rows as the slip prints them and never wider than the dialog, long procedure
// names whole in the picker, and the status after a priority ticket on its one row. Driven through
// the real router on a real database file (tests/helpers/desk.ts), the lines laid out as the
// dialog lays them (src/ui/layout.ts).
import { describe, expect, it } from 'vitest';
import { documentLine } from '../../src/app/slip.js';
import type { Lang } from '../../src/core/lang.js';
import { procedureChoices } from '../../src/core/procedures.js';
import { translator, type MessageKey } from '../../src/i18n/index.js';
import { CUT, layLines, wrapLine } from '../../src/ui/layout.js';
import type { ReceiptFlow } from '../../src/ui/screens/receipt.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T02:10:00Z'); // 09:10 in Hà Nội
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const DOWN = '\x1b[B';
const LANGS: Lang[] = ['vi', 'en'];
/** Abbreviations an official would have to guess (issue 19), in either language. */
const ABBREVIATIONS = /(^|[\s|(])(TV|PV|P90|ph|md|Med\.|Serv|m)(?=$|[\s|).,:;])/;

function morning() {
  const { app } = tempApp(() => NOW);
  app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Nguyễn Thị Lan'], counters: [{ no: 1, groups: ['civil', 'digital'] }, { no: 2, groups: ['land', 'digital'] }] });
  for (let i = 0; i < 6; i++) app.issue(i % 2 ? 'digital' : 'civil', i === 1 ? 'merit' : null);
  app.callNext(1);
  app.start(1);
  app.callNext(2);
  return app;
}

/** The dialog's rows as Dialog lays them out at 80x`height`: title rows, then the lines; and how many did not fit. */
function dialog(view: { title?: string; lines: Parameters<typeof layLines>[0] }, height: number) {
  const title = wrapLine(view.title ?? '', 76);
  const laid = layLines(view.lines, 76, height - 2 - title.length);
  return { rows: [...title, ...laid.rows.map((r) => (typeof r === 'string' ? r : r.text))], hidden: laid.hidden };
}

describe('wording at 80 columns (issue 19)', () => {
  for (const lang of LANGS) {
    const t = translator(lang);

    it(`the main screen gives minutes in words, three waiting tickets to a row within 80 columns (${lang})`, () => {
      const app = morning();
      const d = testDesk(app, lang, { width: 80, height: 24 });
      const text = d.text();
      for (const l of text.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
      expect(text).not.toMatch(/\d(ph|m)\b/);
      expect(text).toMatch(lang === 'vi' ? /[A-Z]\d{3}\*? +đang phục vụ 0 phút/ : /[A-Z]\d{3}\*? +\S.* 0 min/);
      expect(text).toMatch(lang === 'vi' ? /~\d+ phút/ : /~\d+ min/);
    });

    it(`the figures are headed in words, the group names whole, every line within the dialog (${lang})`, () => {
      const app = morning();
      const d = testDesk(app, lang, { width: 80, height: 20 });
      d.press('g');
      expect(d.top().screen.id).toBe('figures');
      // every line of the figures, scrolled through
      const seen: string[] = [];
      for (let i = 0; i < 6; i++, d.press('\x1b[6~')) seen.push(...d.view().lines.map((l) => (typeof l === 'string' ? l : l.text)));
      for (const l of seen) expect([...l].length, l).toBeLessThanOrEqual(76);
      const text = seen.join('\n');
      expect(text).not.toMatch(ABBREVIATIONS);
      expect(text).toContain(t('fig.p90'));
      for (const g of ['civil', 'digital']) expect(text, g).toContain(app.data.groups.find((x) => x.code === g)?.name[lang]);
      // the headings as the catalogue gives them, each heading's words on its lines
      for (const h of t('fig.col').split('|')) for (const part of h.split('\n')) expect(text, h).toContain(part);
    });

    it(`the document rows read as the slip prints them and fit the dialog, the mandatory mark in view (${lang})`, () => {
      const app = morning();
      const d = testDesk(app, lang, { width: 80, height: 20 });
      d.press('h', QR, '\r');
      const flow = () => d.top().state as ReceiptFlow;
      expect(flow().step).toBe('procedure');
      // guardianship: a 54-letter document that is 'original or copy', the longest form name
      const list = procedureChoices(app.data.procedures, 'giam ho', undefined);
      const at = list.findIndex((p) => p.code === '1.004837');
      expect(at).toBeGreaterThanOrEqual(0);
      d.press('giam ho', ...Array<string>(at).fill(DOWN), '\r');
      expect(flow().step).toBe('documents');
      const p = flow().procedure!;
      expect(p.documents.some((x) => x.form === 'original_or_copy')).toBe(true);
      const { rows, hidden } = dialog(d.view(), 20);
      expect(hidden).toBe(0);
      for (const r of rows) expect([...r].length, r).toBeLessThanOrEqual(76);
      expect(rows.join('\n')).not.toContain(CUT);
      // each document whole, in the slip's words, with its mark: rows joined back
      const flat = rows.slice(wrapLine(d.view().title ?? '', 76).length).join(' ').replace(/\s+/g, ' ');
      p.documents.forEach((x, i) => {
        const line = documentLine(t, lang, i + 1, x.name, t(`slip.form.${x.form}` as MessageKey), x.count) + (x.mandatory ? ' *' : '');
        expect(flat, line).toContain(line);
      });
      expect(flat).not.toMatch(/, \d\)/);
      // the title keeps the whole procedure name
      expect(rows.slice(0, 3).join(' ').replace(/\s+/g, ' ')).toContain(p.name[lang]);
    });

    it(`a long procedure name is wrapped in the picker, never cut, and stays whole when chosen (${lang})`, () => {
      const app = morning();
      const d = testDesk(app, lang, { width: 80, height: 20 });
      d.press('h', QR, '\r');
      // the longest names of the catalogue: every procedure, in the order offered with no filter
      const list = procedureChoices(app.data.procedures, '', d.env().queue.currentAt(1)?.group);
      expect(Math.max(...list.map((p) => p.name[lang].length))).toBeGreaterThan(100);
      for (let i = 0; i < list.length; i++) {
        const { rows, hidden } = dialog(d.view(), 20);
        expect(hidden, rows.join('\n')).toBe(0);
        const title = wrapLine(d.view().title ?? '', 76).length;
        for (const r of rows) expect([...r].length, r).toBeLessThanOrEqual(76);
        // a name's further rows stand under the name, past the code
        for (const r of rows.slice(title + 1)) expect(r, rows.join('\n')).toMatch(/^([> ] .{9} | {12})\S/);
        // the chosen one is in view, whole
        const chosen = list[(d.top().state as ReceiptFlow).index]!;
        expect(rows.join(' ').replace(/\s+/g, ' '), chosen.name[lang]).toContain(`> ${chosen.code ?? ''}`.trim());
        expect(rows.join(' ').replace(/\s+/g, ' ')).toContain(chosen.name[lang]);
        d.press(DOWN);
      }
    });

    it(`the status after a priority ticket fits its row of 80 columns, the category named where it fits (${lang})`, () => {
      const app = morning();
      const d = testDesk(app, lang, { width: 80, height: 20 });
      // the longest group name with the longest category
      const digital = app.data.groups.find((g) => g.code === 'digital')!;
      const merit = app.data.priorities.find((p) => p.code === 'merit')!;
      d.press('n', digital.prefix.toLowerCase(), merit.key);
      const text = d.desk.state.status?.text ?? '';
      expect([...text].length, text).toBeLessThanOrEqual(80);
      expect(text).toMatch(/^(Đã cấp số|Ticket) H\d{3}/);
      // on a wide terminal the whole message, group and category
      const wide = testDesk(app, lang, { width: 200, height: 20 });
      wide.press('n', digital.prefix.toLowerCase(), merit.key);
      expect(wide.desk.state.status?.text).toContain(`${digital.name[lang]} – ${merit.name[lang]}`);
    });
  }
});
