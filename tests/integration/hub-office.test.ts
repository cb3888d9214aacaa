// The office set from a workstation's counter screen (issue 13 item 6), through a real hub process on
// loopback: the workstation reads the offices as the hub has them (so the warning goes once an office
// is set anywhere), the office form's save is the hub's `offices.set`, the same use case as `office
// set`; the hub checks who acts: an operator alone is refused, a supervisor's approval (PIN checked on
// the hub, a one-time token) is taken once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRemote } from '../../src/hub/open.js';
import type { RemoteLuudong } from '../../src/hub/remote.js';
import type { Luudong } from '../../src/app/luudong.js';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { refusal } from '../helpers/refusal.js';
import { testDesk } from '../helpers/desk.js';

let hub: HubProc | undefined;
let app: RemoteLuudong | undefined;
let db: string;

const F12 = '\x1b[24~';
const F2 = '\x1bOQ';
const CLEAR = '\x15';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-hub-office-'));
  db = join(dir, 'hub', 'bus.db');
  hub = await startHub(db);
  const ws = join(dir, 'ws1');
  pairWorkstation(hub, ws);
  expect(cli(db, ['operator', 'add', 'Trần Hùng', '--role', 'admin'], { LUUDONG_NEW_PIN: '2468' }).status).toBe(0);
  expect(cli(db, ['--operator', 'Trần Hùng', 'operator', 'add', 'Lan'], { LUUDONG_PIN: '2468', LUUDONG_NEW_PIN: '1357' }).status).toBe(0);
  expect(cli(db, ['--operator', 'Trần Hùng', 'operator', 'add', 'Mai', '--role', 'supervisor'], { LUUDONG_PIN: '2468', LUUDONG_NEW_PIN: '8642' }).status).toBe(0);
  app = openRemote({ dir: ws, role: 'screen', lang: 'vi' });
}, 60_000);
afterAll(async () => {
  app?.close();
  await hub?.stop();
});

const shown = (db: string, id: string) => JSON.parse(cli(db, ['--operator', 'Trần Hùng', '--json', 'office', 'show', id], { LUUDONG_PIN: '2468' }).stdout) as { verified: boolean; agencyCode: string; unitName: { vi: string }; bank: { account: string; verified: boolean } | null; source: string };

describe('the office set from a workstation', () => {
  it('an operator alone is refused by the hub; the form with a supervisor’s PIN saves it there', () => {
    const a = app as RemoteLuudong;
    a.login('Lan', '1357');
    // the hub checks the operator: without an approval, an operator may not set the office
    expect(refusal(() => a.offices.set('minh-chau', { verified: true })).code).toBe('err.auth.forbidden');
    expect(shown(db, 'minh-chau').verified).toBe(false);
    const d = testDesk(a as unknown as Luudong, 'vi');
    expect(d.text()).toContain('Cơ quan minh-chau còn là mẫu, phiếu in sẽ sai: F12 để khai báo.');
    d.press(F12);
    expect(d.text()).toContain('113000001234');
    // the one-stop unit and the account changed (past the place, the code, the names in English, the
    // bank's BIN and name); the rest as the office holds it
    d.press('\t', CLEAR, 'Bộ phận Một cửa xã Minh Châu', '\t', '\t', '\t', '\t', '\t', '\t', '\t', CLEAR, '1130007777', F2);
    expect(d.top().screen.id).toBe('approve');
    d.press('Mai', '\r', '8642', '\r');
    expect(d.desk.state.status).toEqual({ kind: 'ok', text: 'Đã lưu cơ quan: Bộ phận Một cửa xã Minh Châu (000.00.20.H26).' });
    const o = shown(db, 'minh-chau');
    expect(o).toMatchObject({ verified: true, source: 'vehicle', agencyCode: '000.00.20.H26', unitName: { vi: 'Bộ phận Một cửa xã Minh Châu' }, bank: { account: '1130007777', verified: true } });
    // the workstation reads the offices from the hub: the warning is gone at once (its own write)
    expect(d.text()).not.toMatch(/còn là mẫu/);
    expect(a.offices.get('minh-chau').bank?.account).toBe('1130007777');
    // the approval was used once: the same token again is refused
    const mai = a.operators.supervisor('Mai', '8642', 'office.manage');
    expect(a.offices.set('minh-chau', { placeName: 'Minh Châu' }, mai).placeName).toBe('Minh Châu');
    expect(refusal(() => a.offices.set('minh-chau', { placeName: 'Minh Châu 2' }, mai)).code).toBe('err.auth.required');
    // "no bank transfer" crosses the link as such
    const again = a.operators.supervisor('Mai', '8642', 'office.manage');
    expect(a.offices.set('minh-chau', { bank: null }, again).bank).toBeNull();
    expect(shown(db, 'minh-chau').bank).toBeNull();
  });
});
