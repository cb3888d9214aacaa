// Refusing a dossier from the Find screen (issue 15): a final state, so it asks the reason first,
// then a supervisor's approval when the operator is not one; the reason is what the dossier's event
// records. Esc at either step leaves the dossier as it was. Real database files, the real router.
import { describe, expect, it } from 'vitest';
import { STATE_KEYS } from '../../src/core/lifecycle.js';
import type { FindState } from '../../src/ui/screens/find.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T01:30:00Z');
const ESC = '\x1b';
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const REFUSE = STATE_KEYS.refused;

function desk(lang: 'en' | 'vi' = 'en') {
  const { app } = tempApp(() => NOW);
  const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
  app.operators.add('Lan', 'operator', '1357', admin);
  app.operators.add('Mai', 'supervisor', '8642', admin);
  app.citizenFromQr(QR);
  const receive = () => app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
  const d = testDesk(app, lang);
  const ids = () => d.desk.state.stack.map((f) => f.screen.id);
  const find = () => d.top().state as FindState;
  return { app, d, ids, find, receive };
}

describe('refusing a dossier at the counter', () => {
  it('asks the reason, then a supervisor; the event keeps the reason and the supervisor', () => {
    const { app, d, ids, find, receive } = desk();
    const dossier = receive();
    d.press('Lan', '\r', '1357', '\r', '/', dossier.code, '\r');
    expect(find().open?.code).toBe(dossier.code);
    d.press(REFUSE);
    // nothing moved yet: the move's dialog asks the reason
    expect(ids()).toEqual(['main', 'find', 'moveDossier']);
    expect(d.text()).toContain('from “Received” to “Refused');
    expect(app.dossiers.get(dossier.code).state).toBe('received');
    // too short a reason is refused
    d.press('ab', '\r');
    expect(d.text()).toContain('Give the reason (at least 3 characters)');
    expect(ids()).toEqual(['main', 'find', 'moveDossier']);
    // letters typed go to the field, not to the Find screen's keys (p: slip, i: reprint)
    d.press('\x15', 'Thiếu giấy tờ gốc, xin lại', '\r');
    expect(ids()).toEqual(['main', 'find', 'approve']);
    expect(d.view().title).toBe(`A supervisor must approve: ${dossier.code} → Refused`);
    d.press('Mai', '\t', '8642', '\r');
    expect(ids()).toEqual(['main', 'find']);
    expect(find().open?.state).toBe('refused');
    expect(find().pending).toBeNull();
    const events = app.dossiers.events(app.dossiers.get(dossier.code));
    expect(events.at(-1)).toMatchObject({ to: 'refused', operator: 'Mai', note: 'Thiếu giấy tờ gốc, xin lại' });
  });

  it('Esc at the reason or at the approval leaves the dossier as it was', () => {
    const { app, d, ids, find, receive } = desk();
    const dossier = receive();
    d.press('Lan', '\r', '1357', '\r', '/', dossier.code, '\r', REFUSE, 'không đủ', ESC);
    expect(ids()).toEqual(['main', 'find']);
    expect(find().open?.state).toBe('received');
    d.press(REFUSE, 'Không đủ điều kiện', '\r');
    expect(ids()).toEqual(['main', 'find', 'approve']);
    d.press(ESC);
    expect(ids()).toEqual(['main', 'find']);
    expect(app.dossiers.get(dossier.code).state).toBe('received');
    expect(app.dossiers.events(app.dossiers.get(dossier.code)).map((e) => e.to)).toEqual(['received']);
  });

  it('a supervisor at the desk refuses with the reason and no second PIN; the Vietnamese screen asks in Vietnamese', () => {
    const { app, d, ids, find, receive } = desk('vi');
    const dossier = receive();
    d.press('Mai', '\r', '8642', '\r', '/', dossier.code, '\r', REFUSE);
    expect(d.text()).toContain('Lý do');
    d.press('Hồ sơ giả mạo', '\r');
    expect(ids()).toEqual(['main', 'find']);
    expect(find().open?.state).toBe('refused');
    expect(app.dossiers.events(app.dossiers.get(dossier.code)).at(-1)).toMatchObject({ to: 'refused', operator: 'Mai', note: 'Hồ sơ giả mạo' });
  });
});
