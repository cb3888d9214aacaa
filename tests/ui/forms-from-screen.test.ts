// Asking for papers or refusing from the counter screen (issue 13 item 1): the move's dialog asks the
// reason, and the move records and prints the form the citizen receives (the request to supplement,
// the refusal to receive) through the spool in the same transaction, as the CLI does, and says where
// it went. Real database files, the real router; the printer is a file printer (its jobs queued).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Luudong } from '../../src/app/luudong.js';
import { STATE_KEYS } from '../../src/core/lifecycle.js';
import { translator } from '../../src/i18n/index.js';
import type { FindState } from '../../src/ui/screens/find.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T02:30:00Z');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function morning(printer: boolean): { app: Luudong; code: string } {
  const { app } = tempApp(() => NOW);
  if (printer) app.printing.addPrinter({ name: 'quay-1', kind: 'file', target: join(mkdtempSync(join(tmpdir(), 'luudong-forms-screen-')), 'out.escpos'), paper: '80', profile: 'tcvn3', roles: ['tickets', 'slips'] });
  app.citizenFromQr(QR);
  const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
  return { app, code: d.code };
}

/** The form's jobs (the receipt's slip has the same ref, the dossier's code). */
/** The state's name as the English screen says it (the catalogue's). */
const SUPPLEMENT = translator('en')('dossier.supplement_requested');

const jobsOf = (app: Luudong, ref: string) => app.printing.jobs(50).filter((j) => j.ref === ref && /^(supplement|refusal)/.test(j.kind));

describe('the forms a move hands the citizen, printed from the screen', () => {
  it('supplement requested: the request is recorded with the reason and sent to the printer, and the screen says so', () => {
    const { app, code } = morning(true);
    const d = testDesk(app, 'en');
    d.press('/', code, '\r', STATE_KEYS.supplement_requested, 'Bản sao giấy chứng sinh có chứng thực', '\r');
    const f = d.top().state as FindState;
    expect(f.open?.state).toBe('supplement_requested');
    expect(f.message).toBe(`Dossier ${code}: ${SUPPLEMENT}. Sent the request to supplement to quay-1.`);
    const dossier = app.dossiers.get(code);
    const req = app.dossiers.lastSupplement(dossier.id);
    expect(req).toMatchObject({ reason: 'Bản sao giấy chứng sinh có chứng thực' });
    // nothing mandatory was missing: the paper the reason names is what the form asks for
    expect(req?.items.map((i) => i.name.vi)).toEqual(['Bản sao giấy chứng sinh có chứng thực']);
    expect(jobsOf(app, code).map((j) => [j.kind, j.printer]).sort()).toEqual([
      ['supplement', 'quay-1'],
      ['supplement_a4', ''],
    ]);
    expect(app.dossiers.events(dossier).at(-1)).toMatchObject({ to: 'supplement_requested', note: 'Bản sao giấy chứng sinh có chứng thực' });
  });

  it('refused: the refusal form is recorded for the dossier and printed; in Vietnamese', () => {
    const { app, code } = morning(true);
    const d = testDesk(app, 'vi');
    d.press('/', code, '\r', STATE_KEYS.refused, 'Không thuộc thẩm quyền của xã', '\r');
    const f = d.top().state as FindState;
    expect(f.open?.state).toBe('refused');
    const refusal = app.dossiers.refusal(1);
    expect(refusal).toMatchObject({ reason: 'Không thuộc thẩm quyền của xã', citizenName: 'Nguyễn Thị Hường', dossierId: app.dossiers.get(code).id });
    expect(f.message).toBe(`Hồ sơ ${code}: Từ chối giải quyết. Đã gửi in Phiếu từ chối tiếp nhận giải quyết hồ sơ tới quay-1.`);
    expect(jobsOf(app, 'refusal-1').map((j) => j.kind)).toEqual(['refusal']);
  });

  it('with no printer for it, says how to print it later and that the PDF is kept', () => {
    const { app, code } = morning(false);
    const d = testDesk(app, 'en');
    d.press('/', code, '\r', STATE_KEYS.supplement_requested, 'Giấy tờ bị mờ', '\r');
    expect((d.top().state as FindState).message).toBe(`Dossier ${code}: ${SUPPLEMENT}. No printer for the request to supplement (its PDF is kept with the dossier): print it later with luudong forms supplement ${code}.`);
    expect(jobsOf(app, code).map((j) => [j.kind, j.printer])).toEqual([['supplement_a4', '']]);
  });

  it('a move with no form prints nothing', () => {
    const { app, code } = morning(true);
    const before = app.printing.jobs(50).length;
    const d = testDesk(app, 'en');
    d.press('/', code, '\r', STATE_KEYS.handed_over);
    expect((d.top().state as FindState).message).toBe(`Dossier ${code}: Handed over.`);
    expect(app.printing.jobs(50).length).toBe(before);
  });
});
