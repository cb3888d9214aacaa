// What the counter screen does on the hub laptop, a workstation does too (issues 13/16), through a
// real hub process on loopback: the trip's transfers still awaited (what K lists) are read through
// the hub, only by a logged-in operator once operators are set up; T confirms one; a refusal with
// its form and a request to supplement, asked at the workstation, come out of the workstation's own
// printer (a file printer plugged into it, printed by `print-worker --hub`, decoded back from its
// ESC/POS bytes), not the hub laptop's. D's handover bundle is made and signed by the hub and
// written on the workstation's disk, then recorded; M's poster likewise.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { cli, dbRows, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { until } from '../helpers/serial-pty.js';
import { openRemote } from '../../src/hub/open.js';
import type { RemoteLuudong } from '../../src/hub/remote.js';
import { RemotePaper } from '../../src/hub/remotePaper.js';
import { startProxy } from '../helpers/tcpProxy.js';
import { DomainError } from '../../src/core/errors.js';
import { paymentState } from '../../src/core/dossier.js';

let dir: string;
let hub: HubProc;
let ws: string;
let wsPaper: string;
let hubPaper: string;
let worker: ChildProcess | undefined;
let app: RemoteLuudong | undefined;
const CITIZEN = '001152012345';
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const through = (...args: string[]) => cli(join(ws, 'station.db'), ['--hub', hub.address, ...args]);
const json = (r: ReturnType<typeof cli>) => {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const printed = (file: string): string => (existsSync(file) ? decodeEscPos(new Uint8Array(readFileSync(file))).lines.map((l) => l.text).join('\n') : '');
const hubRows = <T>(sql: string, ...args: unknown[]): T[] => dbRows<T>(hub.db, sql, ...args);
const errCode = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), `luudong-hub-parity-${process.pid}-`));
  const db = join(dir, 'hub', 'bus.db');
  hub = await startHub(db);
  expect(cli(db, ['office', 'set', 'minh-chau', '--bank-verified']).status).toBe(0);
  expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--office', 'minh-chau']).status).toBe(0);
  expect(cli(db, ['citizen', 'add', '--id', CITIZEN, '--name', 'Nguyễn Thị Hường', '--dob', '15/03/1952', '--gender', 'Nữ', '--address', 'Thôn Đồi Dùng, xã Mỹ Đức']).status).toBe(0);
  ws = join(dir, 'ws1');
  const wsId = pairWorkstation(hub, ws);
  hubPaper = join(dir, 'hub-paper.escpos');
  wsPaper = join(dir, 'ws-paper.escpos');
  expect(cli(db, ['printer', 'add', 'quay-chu', '--kind', 'file', '--target', hubPaper, '--paper', '80', '--role', 'slips']).status).toBe(0);
  expect(cli(db, ['printer', 'add', 'quay-ban-2', '--kind', 'file', '--target', wsPaper, '--paper', '80', '--role', 'slips', '--host', wsId]).status).toBe(0);
  worker = spawn(process.execPath, [BIN, '--db', join(ws, 'station.db'), '--hub', hub.address, 'print-worker'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LUUDONG_LANG: '' } });
  let out = '';
  worker.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  worker.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  await until(() => out.includes(wsId) || worker?.exitCode !== null, 20_000);
  app = openRemote({ dir: ws, role: 'screen', lang: 'vi' });
}, 90_000);

afterAll(async () => {
  app?.close();
  if (worker && worker.exitCode === null) {
    const gone = new Promise((r) => worker?.once('exit', r));
    worker.kill('SIGTERM');
    await gone;
  }
  await hub?.stop();
});

describe('the counter screen’s dossier actions on a workstation', () => {
  it('K’s transfers awaited are read through the hub, and T confirms one there', () => {
    const a = app as RemoteLuudong;
    const bank = json(through('--json', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '2.000635', '--docs', 'mandatory', '--pay', 'bank'));
    const cash = json(through('--json', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '2.000635', '--docs', 'mandatory', '--pay', 'cash'));
    const trip = a.currentTrip();
    expect(trip).toBeDefined();
    const mine = a.dossiers.byTrip(trip!.id);
    expect(mine.map((d) => d.code)).toEqual([bank.code, cash.code]);
    expect(mine.filter((d) => paymentState(d) === 'awaiting').map((d) => d.code)).toEqual([bank.code]);
    const paid = a.dossiers.confirmPayment(bank.code);
    expect(paymentState(paid)).toBe('paid');
    expect(a.dossiers.byTrip(trip!.id).filter((d) => paymentState(d) === 'awaiting')).toEqual([]);
    // the shape of the request is checked at the hub
    expect(errCode(() => (a.dossiers.byTrip as (x: unknown) => unknown)('1'))).toBe('err.hub.badRequest');
  }, 60_000);

  it('a refusal and a request to supplement print on the workstation’s own printer', async () => {
    const a = app as RemoteLuudong;
    const d = json(through('--json', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt'));
    const r = a.dossiers.refuse({ citizenId: CITIZEN, procedure: '1.001193', reason: 'Không thuộc thẩm quyền của xã', code: d.code });
    expect(r).toMatchObject({ citizenName: 'Nguyễn Thị Hường', dossierCode: d.code, reason: 'Không thuộc thẩm quyền của xã' });
    expect(a.dossiers.get(d.code).state).toBe('refused');
    // a reason too short is refused in the operator's language, nothing recorded
    expect(errCode(() => a.dossiers.refuse({ citizenId: CITIZEN, procedure: '1.001193', reason: 'x' }))).toBe('err.refusal.reason');
    const other = json(through('--json', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt'));
    a.dossiers.requestSupplement(other.code, { reason: 'Thiếu bản sao giấy chứng sinh', documents: [], others: ['Bản sao giấy chứng sinh'] });
    await until(() => printed(wsPaper).includes('PHIẾU TỪ CHỐI') && printed(wsPaper).includes('PHIẾU YÊU CẦU BỔ SUNG'), 20_000);
    const out = printed(wsPaper);
    expect(out).toContain('Không thuộc thẩm quyền của xã');
    expect(out).toContain('Thiếu bản sao giấy chứng sinh');
    expect(printed(hubPaper)).not.toContain('PHIẾU TỪ CHỐI');
    // each once, on the workstation's printer, marked done once the worker has said so
    const jobs = () => hubRows<{ printer: string; kind: string; state: string }>("SELECT printer, kind, state FROM print_jobs WHERE kind IN ('refusal', 'supplement') ORDER BY id");
    await until(() => jobs().every((j) => j.state === 'done'), 10_000);
    expect(jobs()).toEqual([
      { printer: 'quay-ban-2', kind: 'refusal', state: 'done' },
      { printer: 'quay-ban-2', kind: 'supplement', state: 'done' },
    ]);
  }, 60_000);

  it('D: the hub makes and signs the handover bundle, the workstation writes it on its own disk, then it is recorded', async () => {
    const a = app as RemoteLuudong;
    const trip = a.currentTrip() as { id: number };
    // the folder suggested is the workstation's own (no stick in here)
    expect(a.paper.handoverTarget(trip.id).dir).toBe(join(ws, `ban-giao-chuyen-${trip.id}-${(a.currentTrip() as { date: string }).date.replace(/-/g, '')}`));
    // a folder already used is refused before the hub makes anything
    const used = join(dir, 'stick', 'used');
    mkdirSync(used, { recursive: true });
    writeFileSync(join(used, 'x.txt'), 'x');
    await expect(a.paper.exportHandover({ tripId: trip.id, dir: used })).rejects.toMatchObject({ code: 'err.handover.exists' });
    expect(hubRows('SELECT * FROM handovers')).toEqual([]);
    const target = join(dir, 'stick', 'ban-giao');
    const done = await a.paper.exportHandover({ tripId: trip.id, dir: target });
    expect(done).toMatchObject({ dir: target, dossiers: 4, files: 0, handedOver: 2 });
    // the bundle on the workstation's disk checks out against the vehicle's key
    const { verifyHandover } = await import('../../src/app/handover.js');
    const v = await verifyHandover(target);
    expect(v).toMatchObject({ ok: true, signature: 'ok', manifest: { counts: { dossiers: 4 } } });
    expect(readdirSync(target)).toEqual(expect.arrayContaining(['manifest.json', 'manifest.sig']));
    // recorded on the hub once, the dossiers still received handed over; nothing left staged there
    expect(hubRows<{ dossiers: number }>('SELECT dossiers FROM handovers')).toEqual([{ dossiers: 4 }]);
    expect(hubRows<{ state: string }>("SELECT state FROM dossiers WHERE state = 'handed_over'").length).toBe(2);
    expect(readdirSync(join(hub.db, '..')).filter((n) => n.startsWith('.handover-out'))).toEqual([]);
  }, 120_000);

  it('M: the poster of a planned trip, made on the hub, is written on the workstation', async () => {
    const a = app as RemoteLuudong;
    const year = new Date().getFullYear() + 1;
    const plan = json(cli(hub.db, ['--json', 'schedule', 'add', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--date', `15/06/${year}`]));
    const folder = a.paper.posterTarget().dir;
    expect(folder).toBe(join(ws, 'thong-bao'));
    const file = await a.paper.writePoster(plan.id, folder);
    expect(file).toBe(join(folder, `thong-bao-chuyen-${plan.id}-${year}0615.pdf`));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Nhà văn hóa thôn Đồi Dùng');
    expect(hubRows<{ announced_at: number | null }>('SELECT announced_at FROM planned_trips WHERE id = ?', plan.id)[0]?.announced_at).not.toBeNull();
    // a plan that is not there is said so, nothing written
    await expect(a.paper.writePoster(9999, folder)).rejects.toBeInstanceOf(DomainError);
  }, 120_000);

  it('D whose record’s answer is lost on the link: asked again with the same request id, recorded once, the bundle kept', async () => {
    const proxy = await startProxy({ host: '127.0.0.1', port: hub.port });
    const b = openRemote({ dir: ws, address: `127.0.0.1:${proxy.port}`, role: 'screen', lang: 'en' });
    try {
      const trip = b.currentTrip() as { id: number };
      // (run alone, the trip has no dossier yet)
      if (!b.dossiers.byTrip(trip.id).length) json(through('--json', 'dossier', 'receive', '--citizen', CITIZEN, '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt'));
      const count = b.dossiers.byTrip(trip.id).length;
      const before = hubRows('SELECT id FROM handovers').length;
      let lost = false;
      // The hub's answer to the record is swallowed (the request reaches it), then the link is back.
      const call = (m: string, args: unknown[], write = false) => {
        if (m === 'paper.handoverRecord' && !lost) {
          lost = true;
          void proxy.mode('deaf');
          pause(200);
          setTimeout(() => void proxy.mode('pass'), 2500);
        }
        return (b as unknown as { call(m: string, a: unknown[], w: boolean): unknown }).call(m, args, write);
      };
      const paper = new RemotePaper(call, (id) => b.getTrip(id), ws);
      mkdirSync(join(dir, 'stick'), { recursive: true });
      const target = join(dir, 'stick', 'lost-answer');
      const done = await paper.exportHandover({ tripId: trip.id, dir: target });
      expect(lost).toBe(true);
      expect(done).toMatchObject({ dir: target, dossiers: count });
      expect(existsSync(join(target, 'manifest.json'))).toBe(true);
      expect(hubRows('SELECT id FROM handovers').length).toBe(before + 1);
    } finally {
      b.close();
      await proxy.close();
    }
  }, 90_000);

  it('a printer test from the workstation while its print-worker service runs: printed once, on that printer, said at once', () => {
    const testPages = () => printed(wsPaper).split('\n').filter((l) => l.includes('ĂÂÊÔƠƯĐ')).length;
    const before = testPages();
    const t0 = Date.now();
    const r = through('--json', 'printer', 'test', 'quay-ban-2');
    const took = Date.now() - t0;
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject([{ printer: 'quay-ban-2', kind: 'test', state: 'done' }]);
    // whichever worker took it (the service, woken by the hub's push, or the command's own), the
    // command ends with it, not at its 30 s deadline
    expect(took).toBeLessThan(20_000);
    expect(testPages()).toBe(before + 1);
    expect(printed(hubPaper)).not.toContain('ĂÂÊÔƠƯĐ');
    expect(hubRows<{ printer: string; state: string }>("SELECT printer, state FROM print_jobs WHERE kind = 'test'")).toEqual([{ printer: 'quay-ban-2', state: 'done' }]);
  }, 60_000);

  it('once operators are set up, a link not logged in reads no dossier of the trip', () => {
    expect(cli(hub.db, ['operator', 'add', 'Trần Văn Hùng', '--role', 'admin'], { LUUDONG_NEW_PIN: '2580' }).status).toBe(0);
    const b = openRemote({ dir: ws, role: 'screen', lang: 'en' });
    try {
      const trip = b.currentTrip() as { id: number };
      expect(errCode(() => b.dossiers.byTrip(trip.id))).toBe('err.auth.required');
      expect(errCode(() => b.dossiers.refuse({ citizenId: CITIZEN, procedure: '1.001193', reason: 'Không thuộc thẩm quyền' }))).toBe('err.auth.required');
      b.login('Trần Văn Hùng', '2580');
      expect(b.dossiers.byTrip(trip.id).length).toBe(4);
    } finally {
      b.close();
    }
  }, 60_000);

  it('D by a plain operator needs a supervisor’s PIN, checked at the hub', async () => {
    expect(cli(hub.db, ['--operator', 'Trần Văn Hùng', 'operator', 'add', 'Lan', '--role', 'operator'], { LUUDONG_PIN: '2580', LUUDONG_NEW_PIN: '1357' }).status).toBe(0);
    const b = openRemote({ dir: ws, role: 'screen', lang: 'en' });
    try {
      b.login('Lan', '1357');
      const trip = b.currentTrip() as { id: number };
      const before = hubRows('SELECT id FROM handovers').length;
      await expect(b.paper.exportHandover({ tripId: trip.id, dir: join(dir, 'stick', 'lan') })).rejects.toMatchObject({ code: 'err.auth.forbidden' });
      expect(existsSync(join(dir, 'stick', 'lan'))).toBe(false);
      const approver = b.operators.supervisor('Trần Văn Hùng', '2580', 'handover.export');
      const done = await b.paper.exportHandover({ tripId: trip.id, dir: join(dir, 'stick', 'lan'), approver });
      expect(done.dossiers).toBe(4);
      expect(hubRows('SELECT id FROM handovers').length).toBe(before + 1);
      // the approval is used once: the same token again is refused
      await expect(b.paper.exportHandover({ tripId: trip.id, dir: join(dir, 'stick', 'lan2'), approver })).rejects.toMatchObject({ code: 'err.auth.required' });
    } finally {
      b.close();
    }
  }, 60_000);
});
