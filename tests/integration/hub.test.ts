// The hub and its workstations as real processes on loopback: pairing, one queue seen from two
// workstations, what a laptop that was not paired gets (nothing), a request sent twice (applied
// once), bytes of a recorded session sent again (refused), a wrong PIN through the hub (refused),
// a revoked workstation (refused).
import { connect as netConnect, createServer, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { openRemote } from '../../src/hub/open.js';
import { HubLink } from '../../src/hub/link.js';
import { encodeFrame, FrameReader } from '../../src/hub/frames.js';
import { clientTlsOptions } from '../../src/hub/tlsPsk.js';
import { parseAddress, readStation } from '../../src/hub/station.js';
import { DomainError } from '../../src/core/errors.js';
import { RemoteLuudong } from '../../src/hub/remote.js';

let dir: string;
let hub: HubProc;
const ws: string[] = [];

function until(cond: () => boolean, ms = 2000): boolean {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
  return cond();
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('not refused');
}

/** One request over a raw TLS-PSK session, as a workstation would send it. */
async function rawRequest(address: { host: string; port: number }, id: string, psk: Buffer, req: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ ...address, ...clientTlsOptions(id, psk) });
    const reader = new FrameReader();
    s.on('secureConnect', () => s.write(encodeFrame({ t: 'hello', v: 1, role: 'cli', lang: 'en', operator: null, trip: null, since: 0 })));
    s.on('data', (b: Buffer) => {
      for (const m of reader.push(b)) {
        if (m.t === 'welcome') s.write(encodeFrame({ t: 'req', ...req }));
        if (m.t === 'res') {
          s.destroy();
          resolve(m);
        }
      }
    });
    s.on('error', reject);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luudong-hub-'));
  const db = join(dir, 'hub', 'luudong.db');
  hub = await startHub(db);
  expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--counter', '2=*']).status).toBe(0);
  for (const name of ['ws1', 'ws2']) {
    pairWorkstation(hub, join(dir, name));
    ws.push(join(dir, name));
  }
}, 60_000);

afterAll(async () => {
  await hub?.stop();
});

describe('hub and workstations', () => {
  it('two workstations share one queue: a change at one shows at the other, pushed', () => {
    const a = openRemote({ dir: ws[0] as string, role: 'cli', lang: 'en' });
    const b = openRemote({ dir: ws[1] as string, role: 'cli', lang: 'en' });
    try {
      expect(a.currentTrip()?.place).toBe('Đồi Dùng');
      const issued = a.issue('civil');
      expect(issued.ticket.label).toMatch(/^A\d{3}$/);
      // b has not asked for anything: the hub pushed the new ticket to it
      expect(until(() => (b.refresh(), b.queueState().tickets.has(issued.ticket.id)))).toBe(true);
      const called = b.callNext(2);
      expect(called.ticket.label).toBe(issued.ticket.label);
      expect(until(() => (a.refresh(), a.queueState().currentAt(2)?.label === issued.ticket.label))).toBe(true);
      // times come from the hub's clock, not the workstation's
      expect(Math.abs(a.now() - Date.now())).toBeLessThan(1000);
      // the numbers seen are recorded in each workstation's own folder
      const seen = new Database(join(ws[1] as string, 'seen.db'), { readonly: true });
      const n = (seen.prepare("SELECT n FROM seen WHERE kind = 'ticket' AND scope LIKE '%:A'").get() as { n: number }).n;
      seen.close();
      expect(n).toBe(Number(issued.ticket.label.slice(1)));
    } finally {
      a.close();
      b.close();
    }
  });

  it('a workstation that comes up while another is at work misses nothing: what is pushed with its welcome is kept', () => {
    const a = openRemote({ dir: ws[0] as string, role: 'cli', lang: 'en' });
    const cfg = readStation(ws[1] as string);
    if (!cfg) throw new Error('ws2 not paired');
    const { host, port } = parseAddress(cfg.hub);
    // b's link is up (its worker has the welcome) before b's app reads it; a issues meanwhile, so the
    // hub's push reaches b's worker right behind the welcome, as when a desk opens mid-morning.
    const link = new HubLink({ host, port, identity: cfg.id, key: Buffer.from(cfg.psk, 'hex'), hello: { role: 'cli', lang: 'en', operator: null }, epoch: cfg.epoch });
    let b: RemoteLuudong | undefined;
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
      const issued = a.issue('civil');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      b = new RemoteLuudong({ link, lang: 'en' });
      expect(b.queueState().tickets.has(issued.ticket.id)).toBe(true);
      // and what follows comes on top of it: b holds the same queue as a
      const later = a.issue('civil');
      expect(until(() => (b!.refresh(), b!.queueState().tickets.has(later.ticket.id)))).toBe(true);
      expect(b.queueState().tickets.size).toBe(a.queueState().tickets.size);
    } finally {
      a.close();
      if (b) b.close();
      else link.close();
    }
  });

  it('a laptop that has not been paired gets nothing, not even the queue', () => {
    const [host, port] = hub.address.split(':') as [string, string];
    const stranger = new HubLink({ host, port: Number(port), identity: 'ws-0badc0de', key: randomBytes(32), hello: { role: 'screen', lang: 'en', operator: null } });
    expect(refusal(() => stranger.connect())).toBe('err.hub.refused');
    // a paired id with a key that is not its own
    const cfg = readStation(ws[0] as string);
    const thief = new HubLink({ host, port: Number(port), identity: cfg?.id as string, key: randomBytes(32), hello: { role: 'screen', lang: 'en', operator: null } });
    expect(refusal(() => thief.connect())).toBe('err.hub.refused');
    // the pairing identity without an open window
    const pairer = new HubLink({ host, port: Number(port), identity: 'pair', key: randomBytes(32), hello: { role: 'screen', lang: 'en', operator: null } });
    expect(refusal(() => pairer.connect())).toBe('err.hub.refused');
  });

  it('a request sent again gets the recorded answer and is applied once; its id cannot be reused', async () => {
    const cfg = readStation(ws[0] as string);
    const [host, port] = hub.address.split(':') as [string, string];
    const psk = Buffer.from(cfg?.psk as string, 'hex');
    const rid = randomBytes(16).toString('hex');
    const first = await rawRequest({ host, port: Number(port) }, cfg?.id as string, psk, { n: 1, m: 'queue.issue', a: ['land', null], rid });
    const again = await rawRequest({ host, port: Number(port) }, cfg?.id as string, psk, { n: 7, m: 'queue.issue', a: ['land', null], rid });
    expect((first.ok as { ticket: { label: string } }).ticket.label).toBe('B001');
    expect(again.ok).toEqual(first.ok);
    const db = new Database(hub.db, { readonly: true });
    expect((db.prepare("SELECT count(*) AS n FROM tickets WHERE prefix = 'B'").get() as { n: number }).n).toBe(1);
    db.close();
    const reused = await rawRequest({ host, port: Number(port) }, cfg?.id as string, psk, { n: 8, m: 'queue.issue', a: ['civil', null], rid });
    expect((reused.err as { code: string }).code).toBe('err.hub.requestReused');
    // another workstation cannot get at it (ids are per workstation): for it this is a new request
    const cfg2 = readStation(ws[1] as string);
    const other = await rawRequest({ host, port: Number(port) }, cfg2?.id as string, Buffer.from(cfg2?.psk as string, 'hex'), { n: 1, m: 'queue.issue', a: ['land', null], rid });
    expect((other.ok as { ticket: { label: string } }).ticket.label).toBe('B002');
    // a write without a request id, a method that is not offered, arguments of the wrong shape
    expect(((await rawRequest({ host, port: Number(port) }, cfg?.id as string, psk, { n: 2, m: 'queue.issue', a: ['land', null] })).err as { code: string }).code).toBe('err.hub.badRequest');
    expect(((await rawRequest({ host, port: Number(port) }, cfg?.id as string, psk, { n: 3, m: 'db.exec', a: ['DROP TABLE tickets'] })).err as { code: string }).code).toBe('err.hub.unknownMethod');
    expect(((await rawRequest({ host, port: Number(port) }, cfg?.id as string, psk, { n: 4, m: 'queue.callNext', a: ['1; DROP'], rid: randomBytes(16).toString('hex') })).err as { code: string }).code).toBe('err.hub.badRequest');
  });

  it('the bytes of a recorded session, sent again, are refused by the handshake and change nothing', async () => {
    const [host, port] = hub.address.split(':') as [string, string];
    // a recording proxy: what the workstation sent, byte for byte
    const recorded: Buffer[] = [];
    const proxy = createServer((client: Socket) => {
      const up = netConnect(Number(port), host);
      client.on('data', (b: Buffer) => {
        recorded.push(b);
        up.write(b);
      });
      up.on('data', (b: Buffer) => client.write(b));
      client.on('close', () => up.destroy());
      up.on('close', () => client.destroy());
      client.on('error', () => undefined);
      up.on('error', () => undefined);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyPort = (proxy.address() as { port: number }).port;
    const cfg = readStation(ws[0] as string);
    const r = await rawRequest({ host: '127.0.0.1', port: proxyPort }, cfg?.id as string, Buffer.from(cfg?.psk as string, 'hex'), { n: 1, m: 'queue.issue', a: ['finance', null], rid: randomBytes(16).toString('hex') });
    expect((r.ok as { ticket: { label: string } }).ticket.label).toBe('C001');
    proxy.close();
    // replay the recording to the hub
    const replay = netConnect(Number(port), host);
    let answered = 0;
    replay.on('data', (b: Buffer) => (answered += b.length));
    replay.on('error', () => undefined);
    for (const b of recorded) replay.write(b);
    await new Promise<void>((resolve) => replay.on('close', () => resolve()));
    const db = new Database(hub.db, { readonly: true });
    expect((db.prepare("SELECT count(*) AS n FROM tickets WHERE prefix = 'C'").get() as { n: number }).n).toBe(1);
    db.close();
    expect(hub.log()).toMatch(/refused 127\.0\.0\.1 \(ws-[0-9a-f]{8}\)/);
  });

  it('a wrong PIN through the hub is refused and counted; the right one logs in', () => {
    expect(cli(hub.db, ['operator', 'add', 'Trần Văn Hùng', '--role', 'admin'], { LUUDONG_NEW_PIN: '2580' }).status).toBe(0);
    const a = openRemote({ dir: ws[0] as string, role: 'cli', lang: 'en' });
    try {
      expect(a.operators.enabled()).toBe(true);
      expect(refusal(() => a.login('Trần Văn Hùng', '1397'))).toBe('err.auth.bad');
      expect(refusal(() => a.issue('civil'))).toBe('err.auth.required');
      expect(a.login('Trần Văn Hùng', '2580').role).toBe('admin');
      expect(a.issue('civil').ticket.label).toMatch(/^A/);
    } finally {
      a.close();
    }
    const db = new Database(hub.db, { readonly: true });
    const kinds = (db.prepare("SELECT kind FROM audit_notes WHERE kind LIKE 'auth.%' ORDER BY id").all() as { kind: string }[]).map((r) => r.kind);
    db.close();
    expect(kinds).toEqual(['auth.failed', 'auth.login']);
    // the CLI through the hub asks for the PIN the same way
    const bad = cli(join(ws[1] as string, 'station.db'), ['--hub', hub.address, '--operator', 'Trần Văn Hùng', '--lang', 'en', 'queue', 'issue', 'A'], { LUUDONG_PIN: '0000' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Wrong name or PIN');
    const good = cli(join(ws[1] as string, 'station.db'), ['--hub', hub.address, '--operator', 'Trần Văn Hùng', '--json', 'queue', 'issue', 'A'], { LUUDONG_PIN: '2580' });
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ticket: expect.stringMatching(/^A\d{3}$/) });
  });

  it('a revoked workstation is refused from then on', () => {
    const cfg = readStation(ws[1] as string);
    expect(cli(hub.db, ['--operator', 'Trần Văn Hùng', 'hub', 'workstations', '--revoke', cfg?.id as string], { LUUDONG_PIN: '2580' }).status).toBe(0);
    expect(refusal(() => openRemote({ dir: ws[1] as string, role: 'cli', lang: 'en' }))).toBe('err.hub.refused');
    const list = JSON.parse(cli(hub.db, ['--operator', 'Trần Văn Hùng', '--json', 'hub', 'workstations'], { LUUDONG_PIN: '2580' }).stdout) as { workstations: { id: string; revokedAt: number | null }[] };
    expect(list.workstations.find((w) => w.id === cfg?.id)?.revokedAt).toBeTypeOf('number');
    void readFileSync;
  });
});
