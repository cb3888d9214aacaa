// The centre against a real PostgreSQL cluster and real HTTPS, with vehicles on SQLite files linked
// through the real driver (certificate pinned, every request signed): enrolment, the sync both ways,
// what is refused (replays, forged or stale signatures, a revoked key, a tampered bundle, a history
// against the lifecycle) and that a refusal changes nothing, that a resend changes nothing, that a
// vehicle sees only its own data, two instances over one database, the offices' updates reaching the
// right vehicle's list of results to hand back, the schedule, fleet figures, staff roles, the purge.
import { createHash, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHandover } from '../../src/app/handover.js';
import { vehicleKey } from '../../src/app/handoverKey.js';
import { readyToReturn } from '../../src/app/officeUpdates.js';
import { enrolVehicle, syncStatus } from '../../src/app/sync.js';
import { fleetReport } from '../../src/centre/app/report.js';
import { purgeCentre } from '../../src/centre/app/retention.js';
import { announce, calendar, planTrip } from '../../src/centre/app/schedule.js';
import { importOfficeUpdates } from '../../src/centre/app/updates.js';
import { addVehicle, revokeVehicle } from '../../src/centre/app/vehicles.js';
import { makeCertificate } from '../../src/centre/app/tls.js';
import { serveCentre } from '../../src/centre/server/server.js';
import { Centre } from '../../src/centre/app/centre.js';
import { canonicalRequest, HEADER } from '../../src/core/sync.js';
import { findDataDir } from '../../src/app/data.js';
import { translator } from '../../src/i18n/index.js';
import { OutboxRepo } from '../../src/store/outbox.js';
import { data, links, morning, testCentre, testVehicle, type TestCentre, type TestVehicle } from '../helpers/centre.js';

const t = translator('vi');
let c: TestCentre;
let serverA: { url: string; port: number };
let serverB: { url: string; port: number };
let v1: TestVehicle;
let v2: TestVehicle;

const q = async <R = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await c.centre.pool.query(sql, params)).rows as R[];
const count = async (table: string) => Number((await q<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
/** Every table's rows, to prove a refusal changed nothing. */
const snapshot = async () => {
  const out: Record<string, number> = {};
  for (const tb of ['trips', 'tickets', 'queue_events', 'help', 'dossiers', 'bundles', 'bundle_files', 'blobs', 'citizens', 'office_updates']) out[tb] = await count(tb);
  out.personal = Number((await q<{ n: string }>('SELECT count(*) AS n FROM dossiers WHERE personal IS NOT NULL'))[0]?.n);
  return out;
};

/** A request signed by hand, to replay it or forge parts of it. */
function raw(url: string, o: { method: string; path: string; body?: Buffer; vehicle: string; key: ReturnType<typeof vehicleKey>; time?: number; nonce?: string; signBody?: Buffer }): Promise<{ status: number; body: { error?: { code: string } } & Record<string, unknown> }> {
  const body = o.body ?? Buffer.alloc(0);
  const time = o.time ?? Date.now();
  const nonce = o.nonce ?? randomBytes(16).toString('hex');
  const bodySha256 = createHash('sha256').update(o.signBody ?? body).digest('hex');
  const sig = sign(null, Buffer.from(canonicalRequest({ method: o.method, path: o.path, bodySha256, time, nonce, vehicle: o.vehicle })), o.key.privateKey).toString('base64');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, method: o.method, path: o.path, ca: [readFileSync(c.tls.cert)], checkServerIdentity: () => undefined, headers: { [HEADER.vehicle]: o.vehicle, [HEADER.time]: String(time), [HEADER.nonce]: nonce, [HEADER.signature]: sig, 'content-length': body.length } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (x: Buffer) => parts.push(x));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString() || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const vehicleId = (v: TestVehicle) => new OutboxRepo(v.app.db).link()?.vehicleId as number;

beforeAll(async () => {
  c = await testCentre();
  serverA = await c.serve();
  serverB = await c.serve();
  // Vehicle 1 enrols through instance A, vehicle 2 through B: either serves either afterwards.
  v1 = await testVehicle(c, serverA.url, 'Xe 01', new Date(2026, 10, 16, 7, 30));
  v2 = await testVehicle(c, serverB.url, 'Xe 02', new Date(2026, 10, 16, 7, 30));
}, 60_000);

afterAll(async () => {
  await c?.close();
});

describe('enrolment', () => {
  it('pins the certificate the staff named and refuses another', async () => {
    const other = makeCertificate(join(mkdtempSync(join(tmpdir(), 'luudong-other-')), 'tls'), ['127.0.0.1']);
    const impostor = await serveCentre({ centre: c.centre, cert: readFileSync(other.cert), key: readFileSync(other.key), port: 0 });
    try {
      const { code } = await addVehicle(c.centre, 'Xe 09');
      const file = join(mkdtempSync(join(tmpdir(), 'luudong-v9-')), 'bus.db');
      const { Luudong } = await import('../../src/app/luudong.js');
      const { openDatabase } = await import('../../src/store/db.js');
      const app = new Luudong({ db: openDatabase(file), data, file });
      // The staff read out the real centre's fingerprint; the server at this address has another certificate.
      const e = await enrolVehicle(app, links, { url: `https://127.0.0.1:${impostor.port}`, code, fingerprint: c.tls.fingerprint, dbFile: file }).catch((x) => x);
      expect(e.code).toBe('err.sync.certMismatch');
      expect(syncStatus(app).enrolled).toBe(false);
      // A wrong code is refused by the centre, nothing kept.
      const bad = await enrolVehicle(app, links, { url: serverA.url, code: 'AAAA-BBBB-CCCC-DDDD-EEEE', fingerprint: c.tls.fingerprint, dbFile: file }).catch((x) => x);
      expect(bad.code).toBe('err.centre.enrolCode');
      // The right one works once; the code is used up.
      await enrolVehicle(app, links, { url: serverA.url, code, fingerprint: c.tls.fingerprint, dbFile: file });
      const again = await enrolVehicle(app, links, { url: serverA.url, code, fingerprint: c.tls.fingerprint, dbFile: file }).catch((x) => x);
      expect(again.code).toBe('err.centre.enrolCode');
      // Enrolled, the link refuses a server with another certificate at the enrolled address.
      app.db.prepare('UPDATE sync_link SET url = ?').run(`https://127.0.0.1:${impostor.port}`);
      const r = await (await import('../../src/app/sync.js')).syncNow(app, { dbFile: file, links });
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('err.sync.certificate');
      app.db.close();
    } finally {
      await impostor.close();
    }
  });
});

describe('signed requests', () => {
  it('refuses a replay (on either instance), a stale time, a forged body and an unknown vehicle', async () => {
    const key = vehicleKey(v1.file);
    const id = String(vehicleId(v1));
    const nonce = randomBytes(16).toString('hex');
    const first = await raw(serverA.url, { method: 'GET', path: '/v1/status', vehicle: id, key, nonce, time: Date.now() });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ vehicle: { name: 'Xe 01' } });
    const replayB = await raw(serverB.url, { method: 'GET', path: '/v1/status', vehicle: id, key, nonce, time: Date.now() });
    expect([replayB.status, replayB.body.error?.code]).toEqual([401, 'err.centre.replay']);
    const stale = await raw(serverA.url, { method: 'GET', path: '/v1/status', vehicle: id, key, time: Date.now() - 10 * 60_000 });
    expect(stale.body.error?.code).toBe('err.centre.clock');
    const forged = await raw(serverA.url, { method: 'POST', path: '/v1/dossiers', vehicle: id, key, body: Buffer.from('{"dossiers":[]}'), signBody: Buffer.from('{"dossiers":[1]}') });
    expect(forged.body.error?.code).toBe('err.centre.signature');
    // Vehicle 2's key cannot speak for vehicle 1.
    const other = await raw(serverA.url, { method: 'GET', path: '/v1/status', vehicle: id, key: vehicleKey(v2.file) });
    expect(other.body.error?.code).toBe('err.centre.signature');
    const unknown = await raw(serverA.url, { method: 'GET', path: '/v1/status', vehicle: '999', key });
    expect(unknown.body.error?.code).toBe('err.centre.unknownVehicle');
  });
});

describe('two vehicles offline, then synced', () => {
  let codes1: string[];
  let codes2: string[];

  beforeAll(async () => {
    // Days of work with no link: everything waits in each vehicle's outbox.
    codes1 = morning(v1, 'Xã Mỹ Đức', [1, 2, 3]);
    v1.clock.now = new Date(2026, 10, 17, 7, 30).getTime();
    codes1.push(...morning(v1, 'Xã An Phú', [4], { pay: 'cash', fee: 8000 }));
    codes2 = morning(v2, 'Xã Mỹ Đức', [10, 20], { pay: 'bank_qr', fee: 8000 });
  });

  it('sends what waited; the centre holds both vehicles', async () => {
    expect(syncStatus(v1.app).waiting).toMatchObject({ trip: 2, dossier: 4, bundle: 0 });
    const r1 = await v1.sync();
    const r2 = await v2.sync();
    expect(r1).toMatchObject({ ok: true, sent: { dossiers: 4, trips: 2, bundles: 0 } });
    expect(r2).toMatchObject({ ok: true, sent: { dossiers: 2, trips: 1 } });
    expect(syncStatus(v1.app).waiting).toMatchObject({ trip: 0, dossier: 0, bundle: 0, refused: 0 });
    expect(syncStatus(v1.app).lastSuccessAt).not.toBeNull();
    const rows = await q<{ name: string; n: string }>('SELECT v.name, count(*) AS n FROM dossiers d JOIN vehicles v ON v.id = d.vehicle_id GROUP BY 1 ORDER BY 1');
    expect(rows.map((r) => [r.name, Number(r.n)])).toEqual([
      ['Xe 01', 4],
      ['Xe 02', 2],
    ]);
    expect(await count('trips')).toBe(3);
    expect(await count('tickets')).toBe(6);
    // Every queue event of each vehicle, no more, no less.
    const events = (v: TestVehicle) => (v.app.db.prepare('SELECT count(*) AS n FROM queue_events').get() as { n: number }).n;
    expect(await count('queue_events')).toBe(events(v1) + events(v2));
    // No personal data travels outside a signed bundle.
    expect((await q('SELECT 1 FROM dossiers WHERE personal IS NOT NULL OR citizen_id IS NOT NULL')).length).toBe(0);
  });

  it('a second sync sends nothing again; a resend of a trip changes nothing', async () => {
    const before = await snapshot();
    const r = await v1.sync();
    expect(r.sent).toEqual({ dossiers: 0, trips: 0, bundles: 0 });
    // The trip and dossiers offered again (their answers "lost"): the centre takes them as the same.
    v1.app.db.prepare('UPDATE outbox SET sent_at = NULL').run();
    const again = await v1.sync();
    expect(again.sent.trips).toBe(2);
    expect(await snapshot()).toEqual(before);
  });

  it('fleet waits are the median and P90 over every ticket, not an average of vehicles', async () => {
    const r = await fleetReport(c.centre, { by: 'vehicle', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    const byName = Object.fromEntries(r.rows.map((x) => [x.label, x]));
    expect(byName['Xe 01']?.wait).toEqual({ n: 4, medianMs: 2.5 * 60_000, p90Ms: 4 * 60_000 });
    expect(byName['Xe 02']?.wait).toEqual({ n: 2, medianMs: 15 * 60_000, p90Ms: 20 * 60_000 });
    // Waits 1, 2, 3, 4, 10, 20 minutes: median 3.5, P90 (nearest rank) 20; the mean of the two medians would be 8.75.
    expect(r.total.wait).toEqual({ n: 6, medianMs: 3.5 * 60_000, p90Ms: 20 * 60_000 });
    expect(r.total.dossiers).toBe(6);
    expect(r.total.fees).toEqual({ collectedVnd: 8000, awaitingVnd: 16000 });
    expect(r.total.help).toEqual([{ kind: 'vneid', n: 3 }]);
    expect(r.total.ratings.counts).toEqual([0, 0, 1, 2, 3]);
    const byCommune = await fleetReport(c.centre, { by: 'commune', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    expect(byCommune.rows.map((x) => [x.label, x.dossiers, x.wait.n])).toEqual([
      ['Xã An Phú', 1, 1],
      ['Xã Mỹ Đức', 5, 5],
    ]);
    const byMonth = await fleetReport(c.centre, { by: 'month', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    expect(byMonth.rows.map((x) => x.key)).toEqual(['2026-11']);
    const byProc = await fleetReport(c.centre, { by: 'procedure', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    // A procedure's waits and ratings are those of the tickets that filed it: here every ticket filed a birth registration.
    expect(byProc.rows[0]).toMatchObject({ key: '1.001193', label: 'Đăng ký khai sinh', dossiers: 6, wait: r.total.wait });
    expect(byProc.rows[0]?.ratings.counts).toEqual([0, 0, 1, 2, 3]);
    expect(byProc.rows[0]?.help).toEqual([]); // help belongs to a trip, not a procedure
    expect(byProc.total.wait).toEqual(r.total.wait);
    const byField = await fleetReport(c.centre, { by: 'field', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    expect(byField.rows.map((x) => [x.key, x.dossiers, x.wait.n, x.ratings.n])).toEqual([['civil', 6, 6, 6]]);
    const byWeek = await fleetReport(c.centre, { by: 'week', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
    expect(byWeek.rows.map((x) => x.key)).toEqual(['2026-11-16']);
  });

  it('an office update imported at the centre reaches the right vehicle and its list of results to hand back', async () => {
    // Both vehicles gave 000.00.20.H26-261116-0001 (one agency code, one day): the office's file
    // cannot say whose, and the centre refuses to guess.
    const same = await importOfficeUpdates(c.centre, Buffer.from(`code,status,date\n${codes1[0]},result_ready,2026-11-20\n`), { apply: true });
    expect(codes2).toContain(codes1[0]);
    expect(same.problems.map((p) => p.error.code)).toEqual(['err.centre.ambiguous']);
    const code = codes1[3] as string;
    const csv = Buffer.from(`code,status,date,note\n${code},result_ready,2026-11-20,Đã ký\n`);
    // A dossier not yet handed over can still get its result (received -> result_ready is allowed).
    const dry = await importOfficeUpdates(c.centre, csv, { apply: false });
    expect(dry).toMatchObject({ applied: false, problems: [] });
    expect(await count('office_updates')).toBe(0);
    const r = await importOfficeUpdates(c.centre, csv, { apply: true });
    expect(r.changes).toMatchObject([{ code, to: 'result_ready', vehicle: 'Xe 01' }]);
    // Days later, vehicle 2 syncs first: nothing of vehicle 1's comes to it.
    v1.clock.now = v2.clock.now = new Date(2026, 10, 21, 8, 0).getTime();
    const s2 = await v2.sync();
    expect(s2.updates).toEqual({ applied: 0, unchanged: 0, refused: 0 });
    // Vehicle 1 applies it, once; at its next visit to Mỹ Đức the result is in its V list.
    const s1 = await v1.sync();
    expect(s1.updates).toEqual({ applied: 1, unchanged: 0, refused: 0 });
    expect(v1.app.dossiers.get(code).state).toBe('result_ready');
    expect(readyToReturn(v1.app, { commune: 'An Phú' }).dossiers.map((d) => d.dossier.code)).toEqual([code]);
    const [u] = await q<{ outcome: string }>('SELECT outcome FROM office_updates');
    expect(u?.outcome).toBe('applied');
    const [d] = await q<{ state: string; result_on: string }>('SELECT state, result_on FROM dossiers WHERE code = $1', [code]);
    expect(d).toEqual({ state: 'result_ready', result_on: '2026-11-20' });
    // The answer lost on the way: delivered again, applied once only.
    await q('UPDATE office_updates SET acked_at = NULL, outcome = NULL');
    const events = v1.app.dossiers.events(v1.app.dossiers.get(code)).length;
    const s3 = await v1.sync();
    expect(s3.updates).toEqual({ applied: 0, unchanged: 0, refused: 0 });
    expect(v1.app.dossiers.events(v1.app.dossiers.get(code)).length).toBe(events);
    expect((await q<{ outcome: string }>('SELECT outcome FROM office_updates'))[0]?.outcome).toBe('applied');
    // A row against the lifecycle (a result back to received) refuses the whole file, keeps nothing.
    const bad = await importOfficeUpdates(c.centre, Buffer.from(`code,status,date\n${codes1[2]},processing,2026-11-20\n${code},received,2026-11-20\n`), { apply: true });
    expect(bad.applied).toBe(false);
    expect(bad.problems.map((p) => [p.row, p.error.code])).toEqual([[3, 'err.dossier.transition']]);
    expect(await count('office_updates')).toBe(1);
  });

  it('a handover bundle: stored once with its files; a resend changes nothing; a tampered one is refused with its reason, changing nothing', async () => {
    const trip = v2.app.lastTrip()?.id as number;
    const usb = mkdtempSync(join(tmpdir(), 'luudong-usb-'));
    const ex = await exportHandover(v2.app, { dir: join(usb, 'b'), tripId: trip, dbFile: v2.file, fontsDir: join(findDataDir(), 'fonts'), t, lang: 'vi', by: 'Lan', toOffice: 'Bộ phận một cửa xã Mỹ Đức' });
    expect(syncStatus(v2.app).waiting.bundle).toBe(1);
    const repo = new OutboxRepo(v2.app.db);
    const item = repo.pending('bundle')[0] as { id: number };
    const original = repo.bundleFiles(item.id).get('dossiers.jsonl') as Buffer;

    // Tampered on the vehicle after signing: a name changed in dossiers.jsonl.
    const before = await snapshot();
    v2.app.db.prepare("UPDATE outbox_files SET content = ? WHERE outbox_id = ? AND path = 'dossiers.jsonl'").run(Buffer.from(original.toString().replace('Trần Văn An', 'Trần Văn Ẩn')), item.id);
    const r1 = await v2.sync();
    expect(r1.ok).toBe(true);
    expect(r1.refused).toHaveLength(1);
    expect(r1.refused[0]?.reason).toMatchObject({ code: 'err.centre.bundle', params: { reason: 'centre.bundleReason.altered', path: 'dossiers.jsonl' } });
    expect(await snapshot()).toEqual({ ...before, blobs: (await snapshot()).blobs });
    expect(await count('bundles')).toBe(0);
    expect(syncStatus(v2.app).waiting.refused).toBe(1);

    // The manifest changed (a count): its signature no longer holds.
    v2.app.db.prepare("UPDATE outbox_files SET content = ? WHERE outbox_id = ? AND path = 'dossiers.jsonl'").run(original, item.id);
    const manifest = repo.bundleFiles(item.id).get('manifest.json') as Buffer;
    v2.app.db.prepare("UPDATE outbox_files SET content = ? WHERE outbox_id = ? AND path = 'manifest.json'").run(Buffer.from(manifest.toString().replace('"dossiers": 2', '"dossiers": 3')), item.id);
    const r2 = await v2.sync();
    expect(r2.refused).toHaveLength(0); // refused items wait for --retry-refused
    v2.app.db.prepare('UPDATE outbox SET refused = NULL').run();
    const r3 = await v2.sync();
    expect(r3.refused[0]?.reason).toMatchObject({ code: 'err.centre.bundle', params: { reason: 'centre.bundleReason.signature' } });
    expect(await count('bundles')).toBe(0);

    // As signed: stored, with the personal data of its dossiers and citizens.
    v2.app.db.prepare("UPDATE outbox_files SET content = ? WHERE outbox_id = ? AND path = 'manifest.json'").run(manifest, item.id);
    v2.app.db.prepare('UPDATE outbox SET refused = NULL').run();
    const r4 = await v2.sync();
    expect(r4).toMatchObject({ ok: true, sent: { bundles: 1 }, refused: [] });
    const [b] = await q<{ id: string; trip_no: number }>('SELECT id, trip_no FROM bundles');
    expect(b).toEqual({ id: ex.id, trip_no: trip });
    expect(await count('bundle_files')).toBe(JSON.parse(manifest.toString()).files.length);
    expect((await q('SELECT 1 FROM dossiers WHERE bundle_id IS NOT NULL AND personal IS NOT NULL')).length).toBe(2);
    expect(await count('citizens')).toBe(2);
    // The centre keeps the dossier's latest state: the bundle's older history does not undo it.
    expect((await q<{ state: string }>('SELECT DISTINCT state FROM dossiers WHERE bundle_id IS NOT NULL')).map((x) => x.state)).toEqual(['handed_over']);

    // Sent again (the answer lost): nothing changes.
    const stored = await snapshot();
    v2.app.db.prepare("UPDATE outbox SET sent_at = NULL WHERE kind = 'bundle'").run();
    const r5 = await v2.sync();
    expect(r5.sent.bundles).toBe(1);
    expect(await snapshot()).toEqual(stored);
    rmSync(usb, { recursive: true, force: true });
  });

  it('a bundle correctly signed but whose history breaks the lifecycle is refused, changing nothing', async () => {
    const key = vehicleKey(v1.file);
    const id = String(vehicleId(v1));
    const code = codes1[2] as string;
    const files: Record<string, Buffer> = {
      'dossiers.jsonl': Buffer.from(JSON.stringify({ code, state: 'returned', stateAt: '2026-11-17T03:00:00.000Z', receivedOn: '2026-11-17', receivedAt: '2026-11-17T01:00:00.000Z', dueDate: '2026-11-18', resultOn: null, citizen: { id: '001152012345', name: 'x' }, procedure: { key: '1.001193', code: '1.001193', name: { vi: 'a', en: 'a' }, field: 'civil', group: 'civil' }, feeVnd: 0, payment: 'exempt', returnMethod: 'next_visit', attachments: [] }) + '\n'),
      // received -> returned skips the result: not an allowed change.
      'events.jsonl': Buffer.from(JSON.stringify({ code, at: '2026-11-17T01:00:00.000Z', from: null, to: 'received' }) + '\n' + JSON.stringify({ code, at: '2026-11-17T03:00:00.000Z', from: 'received', to: 'returned' }) + '\n'),
      'citizens.jsonl': Buffer.from(JSON.stringify({ id: '001152012345', fullName: 'x' }) + '\n'),
      'vehicle.pub.pem': Buffer.from(key.publicPem),
    };
    const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const manifest = JSON.stringify({
      format: 'luudong-handover',
      version: 1,
      id: '6f0c7a40-0000-4000-8000-000000000001',
      createdAt: '2026-11-17T04:00:00.000Z',
      from: { agencyCode: '000.00.20.H26', unit: 'u', by: 'Lan' },
      to: { office: 'o' },
      trip: { id: 2, commune: 'Xã An Phú', place: 'p', date: '2026-11-17' },
      counts: { dossiers: 1, citizens: 1, events: 2, attachments: 0 },
      key: { algorithm: 'ed25519', fingerprint: key.fingerprint, file: 'vehicle.pub.pem' },
      anchor: { auditHead: 'a field a later version adds: tolerated' },
      files: Object.entries(files).map(([path, b]) => ({ path, bytes: b.length, sha256: hash(b) })),
    });
    for (const b of Object.values(files)) expect((await raw(serverA.url, { method: 'PUT', path: `/v1/blobs/${hash(b)}`, vehicle: id, key, body: b })).status).toBe(200);
    const before = await snapshot();
    const body = Buffer.from(JSON.stringify({ manifest, signature: sign(null, Buffer.from(manifest), key.privateKey).toString('base64') }));
    const r = await raw(serverA.url, { method: 'POST', path: '/v1/bundles', vehicle: id, key, body });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'err.centre.lifecycle', params: { code } });
    expect(await snapshot()).toEqual(before);
    // A file under a hash it does not have is refused on arrival.
    const lie = await raw(serverA.url, { method: 'PUT', path: `/v1/blobs/${'0'.repeat(64)}`, vehicle: id, key, body: Buffer.from('x') });
    expect(lie.body.error?.code).toBe('err.centre.bundle');
  });

  it('a vehicle sees only its own data', async () => {
    const key2 = vehicleKey(v2.file);
    const id2 = String(vehicleId(v2));
    // Vehicle 1's files are unknown to vehicle 2: asked, they are "missing" for it.
    const [h] = await q<{ sha256: string }>('SELECT sha256 FROM blobs b JOIN vehicles v ON v.id = b.vehicle_id WHERE v.name = $1 LIMIT 1', ['Xe 01']);
    const r = await raw(serverA.url, { method: 'POST', path: '/v1/blobs/missing', vehicle: id2, key: key2, body: Buffer.from(JSON.stringify({ hashes: [h?.sha256] })) });
    expect(r.body).toEqual({ missing: [h?.sha256] });
    const plan = await planTrip(c.centre, 'Xe 01', { commune: 'Xã Mỹ Đức', place: 'Trường tiểu học', date: '2026-12-20', start: '07:30', end: '11:00', services: [], note: null });
    const sched2 = await raw(serverB.url, { method: 'GET', path: '/v1/schedule', vehicle: id2, key: key2 });
    expect((sched2.body.trips as unknown[]).length).toBe(0);
    const upd2 = await raw(serverB.url, { method: 'GET', path: '/v1/updates', vehicle: id2, key: key2 });
    expect(upd2.body.updates).toEqual([]);
    // Vehicle 2 cannot answer vehicle 1's update.
    await q("UPDATE office_updates SET acked_at = NULL, outcome = NULL");
    const ack = await raw(serverB.url, { method: 'POST', path: '/v1/updates/ack', vehicle: id2, key: key2, body: Buffer.from(JSON.stringify({ outcomes: [{ id: 1, outcome: 'refused', reason: 'x' }] })) });
    expect(ack.body).toEqual({ acknowledged: 0 });
    await q("UPDATE office_updates SET acked_at = now(), outcome = 'applied'");
    expect(plan.vehicle).toBe('Xe 01');
  });

  it('the schedule planned at the centre reaches its vehicle, with its announcements made at the centre', async () => {
    const clash = await planTrip(c.centre, 'Xe 01', { commune: 'Xã An Phú', place: 'Chợ', date: '2026-12-20', start: '10:00', end: '12:00', services: [], note: null }).catch((e) => e);
    expect(clash.code).toBe('err.centre.planClash');
    const p = await planTrip(c.centre, 'Xe 01', { commune: 'Xã An Phú', place: 'Chợ An Phú', date: '2026-12-21', start: '13:30', end: '16:30', services: ['civil'], note: null });
    const s = await v1.sync();
    expect(s.plans).toBe(2);
    // the centre's plans (the vehicle's own next visits, planned on board, stay beside them)
    const planned = v1.app.db.prepare('SELECT place, date, centre_id FROM planned_trips WHERE centre_id IS NOT NULL ORDER BY date').all();
    expect(planned).toEqual([
      { place: 'Trường tiểu học', date: '2026-12-20', centre_id: 1 },
      { place: 'Chợ An Phú', date: '2026-12-21', centre_id: p.id },
    ]);
    // Pulled again: updated in place, not doubled.
    await v1.sync();
    expect((v1.app.db.prepare('SELECT count(*) AS n FROM planned_trips WHERE centre_id IS NOT NULL').get() as { n: number }).n).toBe(2);
    const speech = await announce(c.centre, p.id, 'speech', t, 'vi');
    expect(speech).toContain('Chợ An Phú');
    expect(speech).toContain('thứ Hai, ngày 21 tháng 12 năm 2026');
    const ics = await calendar(c.centre, { vehicle: 'Xe 01', from: '2026-12-01' }, t, 'vi');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20261221T133000\r\n');
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });

  it('a revoked vehicle is refused; what it sent stays', async () => {
    const v3 = await testVehicle(c, serverA.url, 'Xe 03', new Date(2026, 10, 18, 7, 30));
    morning(v3, 'Xã Mỹ Đức', [5]);
    expect((await v3.sync()).ok).toBe(true);
    await revokeVehicle(c.centre, 'Xe 03');
    v3.clock.now += 86_400_000;
    morning(v3, 'Xã Mỹ Đức', [5]);
    const r = await v3.sync();
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('err.centre.revoked');
    expect(syncStatus(v3.app).waiting.trip).toBe(1); // kept, nothing lost
    expect(Number((await q<{ n: string }>("SELECT count(*) AS n FROM trips t JOIN vehicles v ON v.id = t.vehicle_id WHERE v.name = 'Xe 03'"))[0]?.n)).toBe(1);
    // Its figures stay in the fleet's: the report below counts them.
    await q("DELETE FROM tickets WHERE vehicle_id = (SELECT id FROM vehicles WHERE name = 'Xe 03')");
    await q("DELETE FROM queue_events WHERE vehicle_id = (SELECT id FROM vehicles WHERE name = 'Xe 03')");
    await q("DELETE FROM help WHERE vehicle_id = (SELECT id FROM vehicles WHERE name = 'Xe 03')");
    await q("DELETE FROM trips WHERE vehicle_id = (SELECT id FROM vehicles WHERE name = 'Xe 03')");
    await q("DELETE FROM dossiers WHERE vehicle_id = (SELECT id FROM vehicles WHERE name = 'Xe 03')");
  });
});

describe('staff and retention', () => {
  it('roles as on the vehicle; the purge removes personal data and keeps every figure', async () => {
    await c.centre.addStaff('Hùng', 'admin', '2580');
    const staff = await Centre.open(c.url, data);
    try {
      const refused = await fleetReport(staff, { by: 'vehicle', from: '2026-11-01', to: '2026-11-30' }, t, 'vi').catch((e) => e);
      expect(refused.code).toBe('err.auth.required');
      await staff.login('Hùng', '2580');
      await staff.addStaff('Lan', 'operator', '1357');
      const wrong = await staff.login('Lan', '0000').catch((e) => e);
      expect(wrong.code).toBe('err.auth.bad');
      await staff.login('Lan', '1357');
      expect((await importOfficeUpdates(staff, Buffer.from('code,status,date\n'), { apply: false }).catch((e) => e)).code).toBe('err.auth.forbidden');
      const figures = await fleetReport(staff, { by: 'vehicle', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
      await staff.login('Hùng', '2580');
      // The bundle's dossiers finished long ago (the clock moved on) lose their personal data.
      await q("UPDATE dossiers SET state = 'returned', state_at = '2026-01-01' WHERE bundle_id IS NOT NULL");
      const dry = await purgeCentre(staff, { personalDataDays: 30 }, { apply: false });
      expect(dry).toMatchObject({ applied: false, dossiers: 2 });
      expect((await q('SELECT 1 FROM dossiers WHERE personal IS NOT NULL')).length).toBe(2);
      const done = await purgeCentre(staff, { personalDataDays: 30 }, { apply: true });
      expect(done).toMatchObject({ applied: true, dossiers: 2, citizens: 2 });
      expect(done.blobs).toBeGreaterThan(0);
      expect((await q('SELECT 1 FROM dossiers WHERE personal IS NOT NULL OR citizen_id IS NOT NULL')).length).toBe(0);
      expect(await count('citizens')).toBe(0);
      await q("UPDATE dossiers SET state = 'handed_over' WHERE bundle_id IS NOT NULL");
      const after = await fleetReport(staff, { by: 'vehicle', from: '2026-11-01', to: '2026-11-30' }, t, 'vi');
      expect(after.total.dossiers).toBe(figures.total.dossiers);
      expect(after.total.wait).toEqual(figures.total.wait);
    } finally {
      await staff.close();
    }
  });
});


describe('on its own', () => {
  it('the print worker syncs a closed trip without being asked', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN, ensureBuilt } = await import('../helpers/build.js');
    ensureBuilt();
    const before = Number((await q<{ n: string }>('SELECT count(*) AS n FROM trips'))[0]?.n);
    const worker = spawn(process.execPath, [BIN, '--db', v1.file, 'print-worker'], { stdio: 'ignore' });
    try {
      // Worked on while the worker runs: the trip closes, the worker sees the database change.
      await new Promise((r) => setTimeout(r, 1500));
      v1.clock.now = new Date(2026, 10, 24, 7, 30).getTime();
      morning(v1, 'Xã An Phú', [3]);
      for (const until = Date.now() + 30_000; ; ) {
        const n = Number((await q<{ n: string }>('SELECT count(*) AS n FROM trips'))[0]?.n);
        const w = syncStatus(v1.app).waiting;
        if (n === before + 1 && w.trip + w.dossier === 0) break;
        if (Date.now() > until) throw new Error('the print worker did not sync the trip');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(syncStatus(v1.app).waiting).toMatchObject({ trip: 0, dossier: 0 });
    } finally {
      worker.kill('SIGTERM');
    }
  }, 60_000);
});
