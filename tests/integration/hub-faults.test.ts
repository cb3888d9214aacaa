// The link between a workstation and the hub failing mid-command, through a TCP proxy that drops,
// stalls or swallows answers, and the hub killed and started again: the workstation says so within
// 2 s, keeps its last state readable, refuses writes at once while down, reconnects by itself, and
// a write whose answer was lost is sent again with its request id and applied once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { startProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { openRemote } from '../../src/hub/open.js';
import type { RemoteEvent, RemoteLuudong } from '../../src/hub/remote.js';
import { DomainError } from '../../src/core/errors.js';

let dir: string;
let hub: HubProc;
let proxy: TcpProxy;
let ws: string;

/** Wait on the event loop (link messages are handled there) until `cond`, up to `ms`. */
async function until(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return cond();
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'ok';
}

function ticketCount(prefix: string): number {
  const db = new Database(hub.db, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM tickets WHERE prefix = ?').get(prefix) as { n: number }).n;
  } finally {
    db.close();
  }
}

function watch(app: RemoteLuudong): RemoteEvent[] {
  const seen: RemoteEvent[] = [];
  app.subscribe((e) => seen.push(e));
  return seen;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'luudong-hub-faults-'));
  hub = await startHub(join(dir, 'hub', 'luudong.db'));
  expect(cli(hub.db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--counter', '2=*']).status).toBe(0);
  ws = join(dir, 'ws1');
  pairWorkstation(hub, ws);
  proxy = await startProxy({ host: '127.0.0.1', port: hub.port });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await hub?.stop();
});

describe('the link fails', () => {
  it('answers swallowed mid-command: said within 2 s, the write goes again with its id, applied once', async () => {
    const app = openRemote({ dir: ws, address: `127.0.0.1:${proxy.port}`, role: 'screen', lang: 'en' });
    const events = watch(app);
    try {
      const before = ticketCount('A');
      await proxy.mode('deaf'); // the request reaches the hub; its answer never comes back
      const t0 = Date.now();
      expect(code(() => app.issue('civil'))).toBe('err.hub.pending');
      const waited = Date.now() - t0;
      expect(waited).toBeLessThan(2600);
      // the hub did it once already
      expect(ticketCount('A')).toBe(before + 1);
      expect(await until(() => events.some((e) => e.kind === 'link' && !e.up), 500)).toBe(true);
      // the last state stays readable; writes are refused at once, and nothing is sent
      expect(app.currentTrip()?.place).toBe('Đồi Dùng');
      const t1 = Date.now();
      expect(code(() => app.callNext(1))).toBe('err.hub.down');
      expect(Date.now() - t1).toBeLessThan(200);
      await proxy.mode('pass');
      // back by itself; the write in flight was sent again with its request id: the recorded answer
      expect(await until(() => events.some((e) => e.kind === 'outcome'))).toBe(true);
      const outcome = events.find((e) => e.kind === 'outcome') as Extract<RemoteEvent, { kind: 'outcome' }>;
      expect(outcome.method).toBe('queue.issue');
      expect(outcome.err).toBeUndefined();
      expect(ticketCount('A')).toBe(before + 1);
      const label = (outcome.ok as { ticket: { label: string } }).ticket.label;
      expect(await until(() => [...app.queueState().tickets.values()].some((t) => t.label === label))).toBe(true);
      expect(app.online).toBe(true);
    } finally {
      app.close();
    }
  });

  it('a stalled link: said within 2 s; the request held in the stall is sent again after, applied once', async () => {
    const app = openRemote({ dir: ws, address: `127.0.0.1:${proxy.port}`, role: 'screen', lang: 'en' });
    const events = watch(app);
    try {
      const before = ticketCount('B');
      await proxy.mode('stall');
      const t0 = Date.now();
      expect(code(() => app.issue('land'))).toBe('err.hub.pending');
      expect(ticketCount('B')).toBe(before); // it never got through
      expect(await until(() => events.some((e) => e.kind === 'link' && !e.up), 2000 - (Date.now() - t0))).toBe(true);
      await proxy.mode('pass');
      expect(await until(() => events.some((e) => e.kind === 'outcome'), 8000)).toBe(true);
      expect(ticketCount('B')).toBe(before + 1);
    } finally {
      app.close();
    }
  });

  it('the same action asked again while its outcome is unknown is applied once', async () => {
    const app = openRemote({ dir: ws, address: `127.0.0.1:${proxy.port}`, role: 'screen', lang: 'en' });
    try {
      const before = ticketCount('C');
      await proxy.mode('deaf');
      expect(code(() => app.issue('finance'))).toBe('err.hub.pending');
      await proxy.mode('pass');
      // the operator presses the key again before the outcome came back: same request id
      let r: ReturnType<RemoteLuudong['issue']> | undefined;
      for (let i = 0; i < 50 && !r; i++) {
        try {
          r = app.issue('finance');
        } catch (e) {
          if (!(e instanceof DomainError) || !['err.hub.down', 'err.hub.pending'].includes(e.code)) throw e;
          await new Promise((res) => setTimeout(res, 100));
        }
      }
      expect(r?.ticket.label).toBe('C' + String(before + 1).padStart(3, '0'));
      expect(ticketCount('C')).toBe(before + 1);
    } finally {
      app.close();
    }
  });

  it('the hub killed and started again: the workstation reconnects and catches up', async () => {
    const app = openRemote({ dir: ws, address: `127.0.0.1:${proxy.port}`, role: 'screen', lang: 'en' });
    const events = watch(app);
    try {
      const port = hub.port;
      await hub.kill();
      expect(await until(() => events.some((e) => e.kind === 'link' && !e.up), 2000)).toBe(true);
      // while it is down, another process on the hub laptop issues a ticket
      expect(cli(hub.db, ['queue', 'issue', 'legal']).status).toBe(0);
      hub = await startHub(hub.db, port);
      expect(await until(() => app.online, 5000)).toBe(true);
      // caught up with what was committed while it was away
      expect(await until(() => [...app.queueState().tickets.values()].some((t) => t.group === 'legal'))).toBe(true);
      expect(app.callNext(1).ticket.label).toMatch(/^[A-Z]\d{3}$/);
    } finally {
      app.close();
    }
  });
});
