// One walk through every screen of the counter, in Vietnamese and in English, rendered by Ink in a
// terminal of 80x24 as the operator has it: no row may end in a cut mark (Ink's "…" for a line too
// wide, or layout.ts's "… +n" for lines that did not fit the rows), no row wider than 80, and the
// values the operator needs on each screen are there whole (issue 13 item 9).
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: aliased in vitest.config.ts to the string-width that Ink uses
import stringWidth from 'string-width-original';
import type { Luudong } from '../../src/app/luudong.js';
import type { Lang } from '../../src/core/lang.js';
import { translator } from '../../src/i18n/index.js';
import { App } from '../../src/ui/App.js';
import { TextContext } from '../../src/ui/context.js';
import { KEY, renderAt, strip, tempApp, waitFor } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T02:10:00Z'); // 09:10 in Hà Nội
const TYPING_ONLY = { minLength: Number.POSITIVE_INFINITY };
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const m of mounted.splice(0)) m.unmount();
});

/** A busy morning: three counters, tickets in every state, dossiers, a planned trip. */
function morning(): Luudong {
  const { app } = tempApp(() => NOW);
  app.openTrip({
    commune: 'Xã Mỹ Đức',
    place: 'Nhà văn hóa thôn Đồi Dùng, xóm Trại, gần chợ Đồi',
    date: '2026-11-23',
    start: '07:30',
    end: '11:30',
    operators: ['Nguyễn Thị Lan', 'Trần Văn Hùng'],
    counters: [
      { no: 1, groups: ['civil', 'welfare', 'merit'] },
      { no: 2, groups: ['land', 'digital', 'finance', 'labour'] },
      { no: 3, groups: ['legal', 'civil', 'digital'] },
    ],
  });
  for (let i = 0; i < 40; i++) app.issue(['civil', 'digital', 'land', 'welfare'][i % 4] as string, i % 5 === 0 ? 'elderly' : null);
  app.callNext(1);
  app.park(1);
  app.callNext(1);
  app.noShow(1);
  app.callNext(1);
  app.start(1);
  app.callNext(2);
  app.citizenFromQr(QR);
  app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
  app.schedule.add({ commune: 'Xã Phúc Lâm', place: 'Sân kho hợp tác xã Phúc Lâm', date: '2026-11-30', start: '07:30', end: '11:30', services: [], note: null });
  return app;
}

/** Every row: within 80 columns, 24 rows, and no cut mark. */
function whole(what: string, frame: string): void {
  const rows = frame.replace(/\n+$/, '').split('\n');
  const problems: string[] = [];
  if (rows.length > 24) problems.push(`${rows.length} rows`);
  rows.forEach((r, i) => {
    const w = stringWidth(r);
    if (w > 80) problems.push(`row ${i + 1}: ${w} columns`);
    // "… and 3 more (PgDn)" is a list that scrolls, not a cut
    if (r.includes('…') && !r.includes('PgDn')) problems.push(`row ${i + 1} cut: ${r.trim()}`);
  });
  expect([what, problems], frame).toEqual([what, []]);
}

async function walk(lang: Lang) {
  const app = morning();
  const t = translator(lang);
  const r = renderAt(<TextContext.Provider value={{ t, lang }}><App app={app} wedge={TYPING_ONLY} /></TextContext.Provider>, { columns: 80, rows: 24 });
  mounted.push(r);
  const key = (...k: string[]) => k.forEach((x) => r.stdin.write(x));
  const screen = async (what: string, shows: string[], ...then: string[]) => {
    const f = await waitFor(r.lastFrame, (x) => shows.every((s) => x.includes(s)), 3000).catch((e) => {
      throw new Error(`${lang} ${what}: ${(e as Error).message}`);
    });
    whole(`${lang} ${what}`, f);
    key(...then);
  };
  await screen('main', ['A006', t('tui.countersTitle'), 'PgDn'], KEY.f1);
  await screen('help', [t('tui.helpTitle'), 'Ctrl+C'], KEY.esc, KEY.f10);
  await screen('figures', [t('fig.byGroup'), 'PgDn'], KEY.esc, KEY.f2);
  await screen('group picker', [t('tui.issueTitle'), 'K'], 'a');
  await screen('priority picker', ['Enter'], KEY.esc, KEY.esc, 'u');
  await screen('parked', [t('tui.pickResume')], KEY.esc, 'b');
  await screen('no-shows', [t('tui.pickReturn')], KEY.esc, 'K');
  await screen('close trip', [t('key.closeTrip')], KEY.esc, 'q');
  await screen('quit', [t('key.quit')], KEY.esc, 'w');
  await screen('walk-in', [t('tui.walkInTitle')], KEY.esc, 'h');
  // The receipt, every step (issue 13 item 9): the citizen by number, the procedure by code, the
  // papers, the fee, the return, the details, the confirmation, the slip.
  await screen('receipt', ['1/8'], '001152012345', KEY.enter);
  await screen('receipt: procedure', ['2/8'], '1.001193', KEY.enter);
  await screen('receipt: documents', ['3/8', '*'], 'a', KEY.enter);
  await screen('receipt: fee', ['4/8'], KEY.enter);
  await screen('receipt: return', ['5/8', t('ret.commune_office')], KEY.enter);
  await screen('receipt: details', ['6/8'], KEY.enter);
  await screen('receipt: confirm', ['7/8'], KEY.enter);
  await screen('receipt: slip', [t('rc.slipTitle', { code: '' }).trim()], KEY.enter);
  await screen('main after the receipt', ['A006'], 'f');
  // the rating prompt on the status line after a finish, then the rating dialog
  await screen('rating prompt', [t('tui.finishedRate', { ticket: 'A', key: 'E', score: '1–5' }).split(' A')[0] as string], 'e');
  await screen('rating', [t('tui.rateTitle', { ticket: 'X' }).split(' X')[0] as string, '1   2   3   4   5'], KEY.esc, '/', 'nguy');
  await screen('find', [t('fd.title'), 'Nguyễn Thị Hường'], KEY.enter);
  await screen('dossier', ['Nguyễn Thị Hường', '001152012345'], 'p');
  await screen('slip', [t('rc.slipTitle', { code: '' }).trim()], KEY.esc, KEY.esc, KEY.esc, 'j');
  await screen('print jobs', [t('print.jobsTitle')], KEY.esc, 'v');
  await screen('results to return', [t('tui.readyTitle', { commune: 'Xã Mỹ Đức', n: 0 }).split(' –')[0] as string], KEY.esc, 'a');
  await screen('help without a dossier', [t('tui.assistTitle').split(' –')[0] as string], KEY.esc);
  await screen('main again', ['A006'], 'K');
  // End of trip (issue 13 item 24): after K the closed trip's figures stay viewable from the main screen.
  await screen('close trip, asked', [t('key.closeTrip')], 'y');
  await screen('main, trip closed', [t('key.openTrip'), t('key.figures')], 'g');
  await screen('closed trip figures', [t('tui.figuresClosedTitle', { id: 1, place: '' }).split(',')[0] as string, t('fig.byGroup')], KEY.esc);
  // The end of the trip on paper (item 24): its keys in the bar, the schedule with an announcement, the handover form.
  await screen('main, end-of-trip keys', [`I ${t('key.printReport')}`, `D ${t('key.handover')}`, `M ${t('key.schedule')}`, `F10 ${t('key.figures')}`], 'm');
  await screen('schedule', [t('sched.tui.title', { n: 1 }), 'Sân kho hợp tác xã Phúc Lâm', `1 ${t('key.announceSpeech')}`], '1');
  await screen('schedule: loudspeaker text', ['Sân kho hợp tác xã Phúc Lâm', `Esc ${t('key.back')}`], KEY.esc, KEY.esc, 'd');
  await screen('handover', [t('hov.tui.title', { id: 1 }), `Enter ${t('key.handoverWrite')}`], KEY.esc, 'o');
  // The trip form (item 9): every field and its legend.
  await screen('trip form', [t('tui.openTripTitle')], KEY.esc);
}

describe('the login form at 80x24 (issue 13 item 9)', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`in ${lang}`, async () => {
      const app = morning();
      const admin = app.operators.add('Trần Văn Hùng', 'admin', '2468', null);
      app.operators.add('Nguyễn Thị Lan', 'operator', '1357', admin);
      const t = translator(lang);
      const r = renderAt(<TextContext.Provider value={{ t, lang }}><App app={app} wedge={TYPING_ONLY} /></TextContext.Provider>, { columns: 80, rows: 24 });
      mounted.push(r);
      let f = await waitFor(r.lastFrame, (x) => x.includes(t('auth.loginTitle')) && x.includes(`Enter ${t('key.login')}`), 3000);
      whole(`${lang} login`, f);
      // a wrong PIN: the refusal shown whole on the form
      r.stdin.write('Nguyễn Thị Lan');
      r.stdin.write(KEY.enter);
      r.stdin.write('9999');
      r.stdin.write(KEY.enter);
      f = await waitFor(r.lastFrame, (x) => x.includes('! '), 5000);
      whole(`${lang} login refused`, f);
    });
  }
});

describe('every screen at 80x24, nothing cut (issue 13 item 9)', () => {
  it('in Vietnamese', async () => {
    await walk('vi');
  });
  it('in English', async () => {
    await walk('en');
  });
});
