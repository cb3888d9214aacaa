// A centre and vehicles for the tests, all real: a PostgreSQL database of its own in the run's
// cluster (tests/helpers/pg.ts), the centre's HTTPS server on a loopback port the OS chooses, a
// certificate made by openssl, and vehicles on SQLite files on disk with their own keys, linked
// through the real HTTPS driver with the certificate pinned.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { enrolVehicle, syncNow, type LinkFactory, type SyncReport } from '../../src/app/sync.js';
import { Centre } from '../../src/centre/app/centre.js';
import { makeCertificate } from '../../src/centre/app/tls.js';
import { addVehicle } from '../../src/centre/app/vehicles.js';
import { serveCentre } from '../../src/centre/server/server.js';
import { openDatabase } from '../../src/store/db.js';
import { httpsLink, probeCertificate } from '../../drivers/centre/https.js';
import { readFileSync } from 'node:fs';
import { freshDatabase } from './pg.js';

export const data = loadDomainData();

export const links: LinkFactory = { probe: (url) => probeCertificate(url), open: (o) => httpsLink(o) };

export interface TestCentre {
  dir: string;
  url: string;
  centre: Centre;
  tls: { cert: string; key: string; fingerprint: string };
  /** Start one more instance on the same database (stateless: any can serve any request). */
  serve(): Promise<{ port: number; url: string; close: () => Promise<void> }>;
  close(): Promise<void>;
}

export async function testCentre(): Promise<TestCentre> {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-centre-'));
  const url = await freshDatabase();
  const centre = await Centre.open(url, data, { poolSize: 4 });
  const tls = makeCertificate(join(dir, 'tls'), ['localhost', '127.0.0.1']);
  const servers: { close: () => Promise<void> }[] = [];
  const serve = async () => {
    const s = await serveCentre({ centre, cert: readFileSync(tls.cert), key: readFileSync(tls.key), host: '127.0.0.1', port: 0 });
    servers.push(s);
    return { port: s.port, url: `https://127.0.0.1:${s.port}`, close: s.close };
  };
  return {
    dir,
    url,
    centre,
    tls,
    serve,
    async close() {
      for (const s of servers) await s.close();
      await centre.close();
    },
  };
}

export interface TestVehicle {
  name: string;
  file: string;
  app: Luudong;
  clock: { now: number };
  sync(): Promise<SyncReport>;
}

/** A vehicle on its own database, enrolled with the centre at `serverUrl`. */
export async function testVehicle(c: TestCentre, serverUrl: string, name: string, start: Date): Promise<TestVehicle> {
  const v = localVehicle(name, start);
  const { code } = await addVehicle(c.centre, name);
  await enrolVehicle(v.app, links, { url: serverUrl, code, fingerprint: c.tls.fingerprint, dbFile: v.file });
  return v;
}

/** A vehicle on its own database, not enrolled (the caller enrols it, e.g. through the CLI). */
export function localVehicle(name: string, start: Date): TestVehicle {
  const file = join(mkdtempSync(join(tmpdir(), 'luudong-vehicle-')), 'data', 'bus.db');
  const clock = { now: start.getTime() };
  const app = new Luudong({ db: openDatabase(file), data, now: () => clock.now, operator: 'Lan', file });
  // The shipped office's account is a placeholder, which takes no transfer until the office confirms
  // it; the mornings here pay by transfer to it, so it is confirmed as an office would its own.
  app.offices.set(app.offices.default().id, { bank: { verified: true } });
  return { name, file, app, clock, sync: () => syncNow(app, { dbFile: file, links }) };
}

export const QRS = [
  '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021',
  '036090001234||Trần Văn An|02011990|Nam|Xóm 3, xã Hải Anh, Nam Định|01022022',
];

/** Mandatory documents of a procedure, by index. */
export const docsOf = (key: string) => (data.procedures.find((p) => p.code === key)?.documents ?? []).flatMap((d, i) => (d.mandatory ? [i] : []));

/**
 * A morning at a commune: tickets waiting the given minutes before their call, each served five
 * minutes and rated, one dossier per ticket; the trip closed. Returns the dossiers' codes.
 */
export function morning(v: TestVehicle, commune: string, waits: readonly number[], opts: { pay?: 'cash' | 'bank_qr' | 'exempt'; fee?: number; everyMin?: number } = {}): string[] {
  const app = v.app;
  const start = v.clock.now;
  const date = new Date(start);
  const iso = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  app.openTrip({ commune, place: 'Nhà văn hóa', date: iso, start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }], officeId: 'minh-chau' });
  // results come back at the next visit there, ten days on: one is scheduled (a receipt for the next
  // visit needs it, and its date is the result's due date, so a report at the month's end has some overdue)
  const later = new Date(start + 10 * 86_400_000);
  const visit = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, '0')}-${String(later.getDate()).padStart(2, '0')}`;
  if (!app.schedule.list().some((p) => p.date === visit && p.commune === commune)) app.schedule.add({ commune, place: 'Nhà văn hóa', date: visit, start: '07:30', end: '11:30', services: [], note: null });
  for (const q of QRS) app.citizenFromQr(q);
  const codes: string[] = [];
  for (const [i, w] of waits.entries()) {
    v.clock.now = start + i * (opts.everyMin ?? 60) * 60_000; // apart: each waits alone
    app.issue('civil');
    v.clock.now += w * 60_000;
    app.callNext(1);
    app.start(1);
    const d = app.dossiers.receive(
      { citizenId: i % 2 ? '036090001234' : '001152012345', procedure: '1.001193', documents: docsOf('1.001193'), payment: opts.pay ?? 'exempt', returnMethod: 'next_visit', ...(opts.fee !== undefined ? { feeVnd: opts.fee } : {}) },
      { counter: 1 },
    );
    codes.push(d.code);
    v.clock.now += 5 * 60_000;
    app.finish(1);
    app.dossiers.rate(5 - (i % 3), { counter: 1 });
  }
  app.dossiers.logHelp('vneid', { counter: 1 });
  v.clock.now += 10 * 60_000;
  app.closeTrip();
  return codes;
}
