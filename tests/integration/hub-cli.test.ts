// The citizen and dossier command lines on a workstation, through the hub (real processes on
// loopback): a citizen added at the workstation lands in the hub's database, a dossier received at
// the hub is found, shown (--json), moved on and refused from the workstation, and what stays the hub
// laptop's own work (checking the audit log) is refused with the reason instead of opening the
// workstation's own database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';

let dir: string;
let hub: HubProc;
let ws: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luudong-hub-cli-'));
  const db = join(dir, 'hub', 'bus.db');
  hub = await startHub(db);
  expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']).status).toBe(0);
  ws = join(dir, 'ws1');
  pairWorkstation(hub, ws);
}, 60_000);
afterAll(async () => {
  await hub?.stop();
});

const through = (...args: string[]) => cli(join(ws, 'station.db'), ['--hub', hub.address, ...args]);
const json = (r: ReturnType<typeof cli>) => {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('citizens and dossiers from a workstation’s command line', () => {
  it('add, find, show and move on through the hub; a laptop’s own work refused', () => {
    const added = json(through('--json', 'citizen', 'add', '--id', '001152012345', '--name', 'Nguyễn Thị Hường', '--dob', '15/03/1952', '--gender', 'Nữ', '--address', 'Thôn Đồi Dùng, xã Mỹ Đức'));
    expect(added.citizen).toMatchObject({ id: '001152012345', fullName: 'Nguyễn Thị Hường' });
    // In the hub's file, not in a database of the workstation's own.
    const hubDb = new Database(hub.db, { readonly: true });
    expect((hubDb.prepare('SELECT full_name AS n FROM citizens WHERE id = ?').get('001152012345') as { n: string }).n).toBe('Nguyễn Thị Hường');
    hubDb.close();

    const received = json(cli(hub.db, ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt']));
    const code = received.code as string;
    const found = json(through('--json', 'dossier', 'find', 'Hường'));
    expect(found.map((d: { code: string }) => d.code)).toEqual([code]);
    const shown = json(through('--json', 'dossier', 'show', code));
    expect(shown).toMatchObject({ code, state: 'received', citizen: { id: '001152012345' } });
    expect(shown.events.length).toBeGreaterThan(0);
    const moved = json(through('--json', 'dossier', 'status', code, 'processing', '--note', 'chuyển xã'));
    expect(moved).toMatchObject({ code, state: 'processing' });
    const person = json(through('--json', 'citizen', 'show', '001152012345'));
    expect(person.dossiers.map((d: { code: string; state: string }) => [d.code, d.state])).toEqual([[code, 'processing']]);
    const text = through('--lang', 'en', 'dossier', 'show', code);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(code);

    // A refusal goes through the hub, recorded there once (its form queued on this workstation's
    // printers, if it has any); checking the audit log is the hub laptop's own work: refused on a
    // workstation with the reason, instead of opening the workstation's own database.
    const refused = json(through('--json', 'dossier', 'refuse', '--citizen', '001152012345', '--procedure', '1.001193', '--reason', 'Không đủ điều kiện'));
    expect(refused).toMatchObject({ citizenName: 'Nguyễn Thị Hường', reason: 'Không đủ điều kiện' });
    const audit = through('--lang', 'en', 'audit', 'verify');
    expect(audit.status).toBe(1);
    expect(audit.stderr).toContain("only be done on the vehicle's hub itself");
    const check = new Database(hub.db, { readonly: true });
    expect((check.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n).toBe(1);
    expect((check.prepare('SELECT count(*) AS n FROM refusals').get() as { n: number }).n).toBe(1);
    check.close();
  }, 60_000);

  it('a bank transfer confirmed from the workstation (dossier paid --ref), recorded on the hub once', () => {
    // the trip's office takes fees on its account (a VietQR needs one)
    const office = cli(hub.db, ['office', 'set', 'my-duc', '--bank-bin', '970415', '--bank-name', 'VietinBank', '--bank-account', '113000001234', '--account-name', 'UBND XA MY DUC', '--bank-verified']);
    expect(office.status, office.stderr).toBe(0);
    const received = json(cli(hub.db, ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '2.000635', '--docs', 'mandatory', '--pay', 'bank']));
    const code = received.code as string;
    expect(received).toMatchObject({ paymentState: 'awaiting', paidRef: null });
    const paid = json(through('--json', 'dossier', 'paid', code, '--ref', 'FT26337 0042'));
    expect(paid).toMatchObject({ code, paymentState: 'paid', paidRef: 'FT26337 0042' });
    expect(paid.paidAt).not.toBeNull();
    const text = through('--lang', 'en', 'dossier', 'show', code);
    expect(text.status).toBe(0);
    // in the hub's file, with its logged event, not in a database of the workstation's own
    const hubDb = new Database(hub.db, { readonly: true });
    expect(hubDb.prepare('SELECT paid_ref AS ref, paid_at IS NOT NULL AS paid FROM dossiers WHERE code = ?').get(code)).toEqual({ ref: 'FT26337 0042', paid: 1 });
    hubDb.close();
    // a second confirmation, and a reference that is not a reference, are refused in the
    // operator's language; nothing changes
    const again = through('--lang', 'en', 'dossier', 'paid', code, '--ref', 'FT99999');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`The transfer for dossier ${code} is already confirmed.`);
    const other = json(cli(hub.db, ['--json', 'dossier', 'receive', '--citizen', '001152012345', '--procedure', '2.000635', '--docs', 'mandatory', '--pay', 'bank']));
    const bad = through('--lang', 'vi', 'dossier', 'paid', other.code, '--ref', 'FT1\u00072');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Mã giao dịch chỉ gồm chữ, số và dấu in được');
    expect(json(cli(hub.db, ['--json', 'dossier', 'show', code])).paidRef).toBe('FT26337 0042');
    expect(json(cli(hub.db, ['--json', 'dossier', 'show', other.code])).paymentState).toBe('awaiting');
  }, 60_000);
});
