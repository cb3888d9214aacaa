// A dossier received and a supplement asked for at a workstation's command line, through the hub
// (real hub process on loopback): the dossier lands in the hub's database numbered by the hub, the
// request to supplement is recorded and queued for printing there, and a receipt whose answer was
// lost on the link is sent again with its request id and given one code, not two.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, dbRows, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { startProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { openRemote } from '../../src/hub/open.js';
import type { RemoteEvent } from '../../src/hub/remote.js';
import { DomainError } from '../../src/core/errors.js';
import { findProcedure } from '../../src/core/receipt.js';

let dir: string;
let hub: HubProc;
let ws: string;
let proxy: TcpProxy;

const CITIZEN = '001152012345';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), `luudong-hub-dossier-${process.pid}-`));
  const db = join(dir, 'hub', 'bus.db');
  hub = await startHub(db);
  expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']).status).toBe(0);
  // results come back at the next visit there (a receipt for the next visit needs one scheduled)
  expect(cli(db, ['schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--date', '1/1/2099'.replace('2099', String(new Date().getFullYear() + 1))]).status).toBe(0);
  expect(cli(db, ['citizen', 'add', '--id', CITIZEN, '--name', 'Nguyễn Thị Hường', '--dob', '15/03/1952', '--gender', 'Nữ', '--address', 'Thôn Đồi Dùng, xã Mỹ Đức']).status).toBe(0);
  ws = join(dir, 'ws1');
  pairWorkstation(hub, ws);
  proxy = await startProxy({ host: '127.0.0.1', port: hub.port });
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await hub?.stop();
});

const through = (...args: string[]) => cli(join(ws, 'station.db'), ['--hub', hub.address, ...args]);
const json = (r: ReturnType<typeof cli>) => {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const hubRows = <T>(sql: string, ...args: unknown[]): T[] => dbRows<T>(hub.db, sql, ...args);
const dossierCount = () => hubRows<{ n: number }>('SELECT count(*) AS n FROM dossiers')[0]?.n ?? 0;

async function until(cond: () => boolean, ms = 8000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return cond();
}

describe('dossier receive and supplement from a workstation’s command line', () => {
  it('receives through the hub, in the hub’s file, numbered there', () => {
    const before = dossierCount();
    const d = json(through('--json', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt'));
    expect(d.code).toMatch(/-\d{6}-\d{4}$/);
    expect(d).toMatchObject({ state: 'received', citizen: { id: CITIZEN } });
    expect(dossierCount()).toBe(before + 1);
    expect(hubRows<{ code: string }>('SELECT code FROM dossiers ORDER BY id DESC LIMIT 1')[0]?.code).toBe(d.code);
    // The slip's job is queued with the dossier on the hub, as at the counter.
    expect(hubRows<{ kind: string }>("SELECT kind FROM print_jobs WHERE ref = ? AND kind = 'slip_a4'", d.code).length).toBe(1);
    // In English, with the appointment's date.
    const en = through('--lang', 'en', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt');
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/Dossier .+-\d{4} received/);
    expect(dossierCount()).toBe(before + 2);
  }, 60_000);

  it('asks for a supplement through the hub: the state moves and the request is recorded and queued there', () => {
    const d = json(through('--json', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt'));
    const r = json(through('--json', 'dossier', 'status', d.code, 'supplement_requested', '--note', 'Thiếu bản sao giấy khai sinh', '--contact', 'Chị Lan 0912345678', '--missing', '1'));
    expect(r).toMatchObject({ code: d.code, state: 'supplement_requested' });
    const req = hubRows<{ reason: string; contact: string | null }>(
      'SELECT s.reason, s.contact FROM supplement_requests s JOIN dossiers d ON d.id = s.dossier_id WHERE d.code = ?',
      d.code,
    );
    expect(req).toEqual([{ reason: 'Thiếu bản sao giấy khai sinh', contact: 'Chị Lan 0912345678' }]);
    expect(hubRows<{ kind: string }>("SELECT kind FROM print_jobs WHERE ref = ? AND kind LIKE 'supplement%' ORDER BY kind", d.code).map((j) => j.kind)).toContain('supplement_a4');
    // A bad reason is refused in the operator's language, nothing changed.
    const bad = through('--lang', 'en', 'dossier', 'status', d.code, 'supplement_requested', '--note', 'x');
    expect(bad.status).toBe(1);
    expect(bad.stderr).not.toMatch(/only be done on the vehicle's hub/);
    expect(req.length).toBe(1);
  }, 60_000);

  it('a receipt whose answer is lost is sent again with its request id: one dossier, one code', async () => {
    const app = openRemote({ dir: ws, address: `127.0.0.1:${proxy.port}`, role: 'cli', lang: 'en' });
    const events: RemoteEvent[] = [];
    app.subscribe((e) => events.push(e));
    try {
      const before = dossierCount();
      const proc = findProcedure(app.data.procedures, '1.001193');
      const documents = proc.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
      await proxy.mode('deaf'); // reaches the hub; the answer never comes back
      let code = 'ok';
      try {
        app.dossiers.receive({ citizenId: CITIZEN, procedure: '1.001193', documents, payment: 'exempt', returnMethod: 'next_visit' }, null);
      } catch (e) {
        code = e instanceof DomainError ? e.code : String(e);
      }
      expect(code).toBe('err.hub.pending');
      // It reached the hub (on a loaded machine, perhaps a moment after the caller gave up).
      expect(await until(() => dossierCount() === before + 1)).toBe(true);
      await proxy.mode('pass');
      expect(await until(() => events.some((e) => e.kind === 'outcome'))).toBe(true);
      const outcome = events.find((e) => e.kind === 'outcome') as Extract<RemoteEvent, { kind: 'outcome' }>;
      expect(outcome.method).toBe('dossier.receive');
      expect(outcome.err?.message).toBeUndefined();
      const given = (outcome.ok as { code: string }).code;
      expect(dossierCount()).toBe(before + 1);
      expect(hubRows<{ code: string }>('SELECT code FROM dossiers ORDER BY id DESC LIMIT 1')[0]?.code).toBe(given);
    } finally {
      app.close();
    }
  }, 60_000);
});
