// Which bank transfer paid which dossier, at the centre and in the signed handover bundle (issue 13):
// a vehicle's confirmation of a transfer (with the bank's reference) goes to the centre at the next
// sync (the dossier sent again), is kept there (centre migration 7) and listed by `centre payments`;
// a send from before the confirmation (an old vehicle's, without the fields) never undoes it; a
// reference without a confirmation, or a confirmation of a cash fee, is refused; the handover bundle
// carries it, verifies, and is taken by the centre. Real PostgreSQL cluster, real HTTPS, real SQLite.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHandover, verifyHandover } from '../../src/app/handover.js';
import { findDataDir } from '../../src/app/data.js';
import { dossierStatus } from '../../src/app/sync.js';
import { loadDomainData } from '../../src/app/data.js';
import { Centre } from '../../src/centre/app/centre.js';
import { ingestDossiers } from '../../src/centre/app/ingest.js';
import { fleetReport } from '../../src/centre/app/report.js';
import type { FleetQuery } from '../../src/centre/core/figures.js';
import { FigureRepo } from '../../src/centre/store/figures.js';
import { listTransfers } from '../../src/centre/app/payments.js';
import { vehicleByName } from '../../src/centre/app/vehicles.js';
import { displayDate, hhmm, localDate } from '../../src/core/time.js';
import { translator } from '../../src/i18n/index.js';
import { OutboxRepo } from '../../src/store/outbox.js';
import { BIN, ensureBuilt } from '../helpers/build.js';
import { morning, testCentre, testVehicle, type TestCentre, type TestVehicle } from '../helpers/centre.js';

let c: TestCentre;
let v: TestVehicle;
let codes: string[];
const usb = mkdtempSync(join(tmpdir(), 'luudong-transfers-usb-'));

const q = async <R = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await c.centre.pool.query(sql, params)).rows as R[];
const row = async (code: string) => (await q<{ paid_at: Date | null; paid_ref: string | null }>('SELECT paid_at, paid_ref FROM dossiers WHERE code = $1', [code]))[0];
const errCode = async (p: Promise<unknown>) => ((await p.then(() => null, (e: unknown) => e)) as { code?: string; params?: Record<string, unknown> } | null);

beforeAll(async () => {
  c = await testCentre();
  const server = await c.serve();
  v = await testVehicle(c, server.url, 'Xe 05', new Date(2026, 10, 18, 7, 30));
  codes = morning(v, 'Xã Mỹ Đức', [3, 6, 9], { pay: 'bank_qr', fee: 8000 });
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(usb, { recursive: true, force: true });
});

describe('a confirmed transfer at the centre', () => {
  it('awaited, then confirmed on the vehicle: sent again at the next sync, kept with its reference, listed', async () => {
    expect((await v.sync()).sent.dossiers).toBe(3);
    for (const code of codes) expect(await row(code)).toEqual({ paid_at: null, paid_ref: null });

    // the money arrives for two of them: one with the bank's reference, one without
    v.clock.now += 60 * 60_000;
    const confirmedAt = v.clock.now;
    v.app.dossiers.confirmPayment(codes[0] as string, 'FT26322 0042');
    v.app.dossiers.confirmPayment(codes[1] as string);
    const r = await v.sync();
    expect(r).toMatchObject({ ok: true, sent: { dossiers: 2, trips: 0 } });
    expect(await row(codes[0] as string)).toEqual({ paid_at: new Date(confirmedAt), paid_ref: 'FT26322 0042' });
    expect(await row(codes[1] as string)).toEqual({ paid_at: new Date(confirmedAt), paid_ref: null });
    expect(await row(codes[2] as string)).toEqual({ paid_at: null, paid_ref: null });

    const list = await listTransfers(c.centre, { from: '2026-11-01', to: '2026-11-30' });
    expect(list.map((x) => [x.code, x.vehicle, x.feeVnd, x.paidAt, x.paidRef])).toEqual([
      [codes[0], 'Xe 05', 8000, confirmedAt, 'FT26322 0042'],
      [codes[1], 'Xe 05', 8000, confirmedAt, null],
      [codes[2], 'Xe 05', 8000, null, null],
    ]);
    expect(list[0]?.commune).toBe('Xã Mỹ Đức');
    expect(await listTransfers(c.centre, { from: '2026-12-01', to: '2026-12-31' })).toEqual([]);

    // the staff's command, in both languages and --json
    ensureBuilt();
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_CENTRE_DB: c.url, LUUDONG_LANG: '' } });
    const at = `${hhmm(confirmedAt)} ${displayDate(localDate(confirmedAt))}`;
    const vi = cli('--lang', 'vi', 'centre', 'payments', '--from', '01/11/2026', '--to', '30/11/2026');
    expect(vi.status, vi.stderr).toBe(0);
    const t = translator('vi');
    expect(vi.stdout).toContain(`${codes[0]}  Xe 05  Xã Mỹ Đức  8.000 đ  ${t('centre.transfer.paidRef', { at, ref: 'FT26322 0042' })}`);
    expect(vi.stdout).toContain(`${codes[1]}  Xe 05  Xã Mỹ Đức  8.000 đ  ${t('centre.transfer.paid', { at })}`);
    expect(vi.stdout).toContain(`${codes[2]}  Xe 05  Xã Mỹ Đức  8.000 đ  đang chờ chuyển khoản`);
    const en = cli('--lang', 'en', 'centre', 'payments', '--from', '01/12/2026', '--to', '31/12/2026');
    expect(en.stdout.trim()).toBe('No fee by bank transfer in this period.');
    const json = cli('--json', 'centre', 'payments', '--from', '01/11/2026', '--to', '30/11/2026', '--vehicle', 'Xe 05');
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ code: codes[0], paidAt: new Date(confirmedAt).toISOString(), paidRef: 'FT26322 0042' });
  }, 60_000);

  it('the fleet report counts a confirmed transfer as collected and the other as awaited, in every dimension; migration 8 counts again what was summed before it', async () => {
    const t = translator('vi');
    const fees = async () => {
      const out: unknown[] = [];
      for (const by of ['vehicle', 'commune', 'procedure', 'field', 'month'] as const)
        for (const [from, to] of [['2026-11-01', '2026-11-30'], ['2026-11-18', '2026-11-18'], ['2026-01-01', '2026-12-31']]) {
          const q: FleetQuery = { by, from: from as string, to: to as string };
          out.push([by, from, (await fleetReport(c.centre, q, t, 'vi')).total.fees]);
        }
      return out;
    };
    // two of the three 8.000 đ transfers confirmed (the test before): collected 16.000, awaited 8.000
    const now = await fees();
    for (const [, , f] of now as [string, string, unknown][]) expect(f).toEqual({ collectedVnd: 16_000, awaitingVnd: 8_000 });

    // The summaries as the rule before migration 8 made them (every transfer awaited), with the
    // confirmations kept: migration 8, run again, counts them as they are now.
    const kept = await q<{ code: string; paid_at: Date }>('SELECT code, paid_at FROM dossiers WHERE paid_at IS NOT NULL');
    expect(kept).toHaveLength(2);
    await q('UPDATE dossiers SET paid_at = NULL');
    await new FigureRepo(c.centre.pool).rebuild();
    for (const [, , f] of (await fees()) as [string, string, unknown][]) expect(f).toEqual({ collectedVnd: 0, awaitingVnd: 24_000 });
    for (const k of kept) await q('UPDATE dossiers SET paid_at = $2 WHERE code = $1', [k.code, k.paid_at]);
    await q("DELETE FROM centre_migrations WHERE name = '008-confirmed-fees'");
    const again = await Centre.open(c.url, loadDomainData(), { poolSize: 2 });
    expect(await again.schema()).toEqual({ found: 8, known: 8 });
    await again.close();
    expect(await fees()).toEqual(now);
  }, 60_000);

  it('a send from before the confirmation (an old vehicle’s, without the fields) does not undo it; an inconsistent one is refused', async () => {
    const vehicle = await vehicleByName(c.centre, 'Xe 05');
    const outbox = new OutboxRepo(v.app.db);
    const paid = dossierStatus(v.app, outbox, v.app.dossiers.get(codes[0] as string).id) as unknown as Record<string, unknown>;
    const { paidAt: _a, paidRef: _r, ...old } = paid;
    expect(await ingestDossiers(c.centre, vehicle, { dossiers: [old] })).toMatchObject({ received: 1 });
    expect((await row(codes[0] as string))?.paid_ref).toBe('FT26322 0042');

    // a reference with no confirmation; a confirmation of a fee not paid by transfer
    const refused = await errCode(ingestDossiers(c.centre, vehicle, { dossiers: [{ ...paid, paidAt: null }] }));
    expect([refused?.code, String(refused?.params?.detail)]).toEqual(['err.centre.payload', '$.dossiers[0].paidRef: a reference with no confirmed transfer']);
    const cash = await errCode(ingestDossiers(c.centre, vehicle, { dossiers: [{ ...paid, payment: 'cash' }] }));
    expect(String(cash?.params?.detail)).toBe('$.dossiers[0].paidAt: the fee was not paid by bank transfer');
    const long = await errCode(ingestDossiers(c.centre, vehicle, { dossiers: [{ ...paid, paidRef: 'F'.repeat(41) }] }));
    expect(long?.code).toBe('err.centre.payload');
    expect((await row(codes[0] as string))?.paid_ref).toBe('FT26322 0042');
  });
});

describe('the handover bundle', () => {
  it('carries each transfer’s confirmation and reference, verifies, and the centre takes it', async () => {
    const trip = v.app.lastTrip()?.id as number;
    const dir = join(usb, 'b');
    await exportHandover(v.app, { dir, tripId: trip, dbFile: v.file, fontsDir: join(findDataDir(), 'fonts'), t: translator('vi'), lang: 'vi', by: 'Lan', toOffice: 'Bộ phận một cửa xã Mỹ Đức' });
    const records = readFileSync(join(dir, 'dossiers.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { code: string; paidAt: string | null; paidRef: string | null });
    const byCode = new Map(records.map((r) => [r.code, r]));
    const confirmedAt = v.app.dossiers.get(codes[0] as string).paidAt as number;
    expect(byCode.get(codes[0] as string)).toMatchObject({ paidAt: new Date(confirmedAt).toISOString(), paidRef: 'FT26322 0042' });
    expect(byCode.get(codes[1] as string)).toMatchObject({ paidAt: new Date(confirmedAt).toISOString(), paidRef: null });
    expect(byCode.get(codes[2] as string)).toMatchObject({ paidAt: null, paidRef: null });
    const verified = await verifyHandover(dir);
    expect(verified.ok).toBe(true);

    const r = await v.sync();
    expect(r).toMatchObject({ ok: true, sent: { bundles: 1 }, refused: [] });
    expect((await row(codes[0] as string))?.paid_ref).toBe('FT26322 0042');
    const personal = (await q<{ personal: { paidRef: string | null } }>('SELECT personal FROM dossiers WHERE code = $1', [codes[0]]))[0]?.personal;
    expect(personal?.paidRef).toBe('FT26322 0042');
  }, 60_000);
});
