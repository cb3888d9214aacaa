// Standby copies and promotion, with real processes: the hub streams its database through
// Litestream to an SSH server on each workstation's standby (over a TLS-PSK tunnel); the hub
// laptop dies (the hub and its Litestream SIGKILLed); a supervisor promotes a workstation, which
// restores the copy, says how far behind it was, asks the other workstation what numbers it saw,
// starts every numbering above them, and serves; the others follow it and refuse the old hub.
// As root, in a folder under /var/lib (sshd chroots only into root-owned paths).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, dbRows, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { startJsonProcess, startStandby, type StandbyProc } from '../helpers/standby.js';
import { openRemote } from '../../src/hub/open.js';
import { readStation } from '../../src/hub/station.js';
import { lz4Whole, replicaPosition } from '../../src/hub/litestream.js';
import { promotedLines, type PromoteReport } from '../../src/hub/promote.js';
import { translator } from '../../src/i18n/index.js';
import { displayDateTime } from '../../src/core/time.js';
import { DomainError } from '../../src/core/errors.js';

const root = process.getuid?.() === 0 && existsSync('/usr/sbin/sshd');
const base = `/var/lib/luudong-hubtest-${process.pid}`;
const procs: { stop(): Promise<void> }[] = [];

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

function generations(replica: string): string[] {
  return existsSync(join(replica, 'generations')) ? readdirSync(join(replica, 'generations')) : [];
}

afterAll(async () => {
  // (stopping each process waits for its exit)
  for (const p of procs.reverse()) await p.stop().catch(() => undefined);
  rmSync(base, { recursive: true, force: true });
}, 60_000);

describe.runIf(root)('standby copies and promotion', () => {
  it('a workstation is promoted from its copy; no number is given twice; the old hub is refused', async () => {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const db = join(base, 'hub', 'luudong.db');
    let hub: HubProc = await startHub(db);
    procs.push(hub);
    expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*', '--counter', '2=*']).status).toBe(0);
    const ws1 = join(base, 'ws1');
    const ws2 = join(base, 'ws2');
    pairWorkstation(hub, ws1);
    pairWorkstation(hub, ws2);
    expect(readStation(ws1)?.replicaPub).toMatch(/^ssh-ed25519 /);
    const s1: StandbyProc = await startStandby(ws1);
    const s2: StandbyProc = await startStandby(ws2);
    procs.push(s1, s2);
    expect(s1.chroot).toBe(true);

    // the copies arrive
    for (let i = 0; i < 100 && (generations(s1.replica).length === 0 || generations(s2.replica).length === 0); i++) await sleep(100);
    expect(generations(s1.replica)).toHaveLength(1);
    expect(generations(s2.replica)).toHaveLength(1);
    expect(hub.log()).toContain('litestream replicating to 2 workstation(s)');

    // a morning's work through the workstations
    const a = openRemote({ dir: ws2, role: 'cli', lang: 'en' });
    const b = openRemote({ dir: ws1, role: 'cli', lang: 'en' });
    a.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, Xã Mỹ Đức' });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      a.issue('civil');
      codes.push(a.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' }).code);
    }
    await sleep(2500); // Litestream syncs every second
    // the last ones right before the laptop dies: seen by the workstations, maybe not in the copy
    const lastTicket = a.issue('civil').ticket.label;
    const lastCode = a.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' }).code;
    await sleep(50);
    // the hub laptop dies: the hub and its Litestream
    const lsPid = Number(readFileSync(join(base, 'hub', 'litestream.pid'), 'utf8'));
    process.kill(lsPid, 'SIGKILL');
    await hub.kill();
    a.close();
    b.close();

    // promote ws1
    const promoted = await startJsonProcess(['--db', join(ws1, 'station.db'), '--json', 'hub', 'promote', '--listen', '127.0.0.1:0'], {}, (o) => 'listening' in o);
    procs.push({ stop: async () => void (promoted.proc.kill('SIGTERM'), await promoted.exited) });
    const report = (promoted.lines().find((o) => 'promoted' in o) as { promoted: { epoch: number; behindMs: number | null; peers: { id: string; reached: boolean }[]; skipped: { kind: string; scope: string; copy: number; seen: number; next: number }[] } }).promoted;
    expect(report.epoch).toBe(2);
    expect(report.behindMs).not.toBeNull();
    expect(report.behindMs as number).toBeLessThan(10_000);
    expect(report.peers).toEqual([{ id: readStation(ws2)?.id, reached: true }]);
    const tickets = report.skipped.find((k) => k.kind === 'ticket' && k.scope.endsWith(':A'));
    expect(tickets?.seen).toBe(Number(lastTicket.slice(1)));
    expect(tickets?.next).toBe(Number(lastTicket.slice(1)) + 4);
    const dossiers = report.skipped.find((k) => k.kind === 'dossier');
    expect(dossiers?.seen).toBe(Number(lastCode.slice(-4)));

    // the restored copy is whole: every dossier given before the last sync, integrity ok
    const newDb = join(ws1, 'station.db');
    const check = new Database(newDb, { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    const have = (check.prepare('SELECT code FROM dossiers').all() as { code: string }[]).map((r) => r.code);
    for (const c of codes) expect(have).toContain(c);
    expect((check.prepare("SELECT kind FROM audit_notes WHERE kind = 'hub.promote'").all() as unknown[]).length).toBe(1);
    check.close();
    // the hub handed each standby the vehicle's key (owner-only, outside the SFTP chroot); the promoted
    // hub carries on with that same key: the copy's audit chain and PINs were made with it
    const hubKey = readFileSync(join(base, 'hub', 'keys', 'handover-ed25519.pem'), 'utf8');
    expect(readFileSync(join(ws2, 'standby', 'keys', 'handover-ed25519.pem'), 'utf8')).toBe(hubKey);
    expect(statSync(join(ws2, 'standby', 'keys', 'handover-ed25519.pem')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(ws1, 'keys', 'handover-ed25519.pem'), 'utf8')).toBe(hubKey);

    // ws2 follows the new hub (and remembers it), and gets numbers above everything seen
    const newAddress = String(promoted.lines().find((o) => 'listening' in o)?.listening);
    const c = openRemote({ dir: ws2, address: newAddress, role: 'cli', lang: 'en' });
    try {
      expect(c.epoch).toBe(2);
      const t = c.issue('civil').ticket.label;
      expect(Number(t.slice(1))).toBe(Number(lastTicket.slice(1)) + 4);
      const d = c.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' }).code;
      expect(Number(d.slice(-4))).toBeGreaterThan(Number(lastCode.slice(-4)));
      expect([...codes, lastCode]).not.toContain(d);
    } finally {
      c.close();
    }
    // the log holds across the promotion: the copy's entries and the new hub's, one keyed chain
    const verified = cli(newDb, ['--json', 'audit', 'verify']);
    expect([verified.status, verified.stderr]).toEqual([0, '']);
    expect(JSON.parse(verified.stdout)).toMatchObject({ problemCount: 0 });
    expect(readStation(ws2)?.epoch).toBe(2);
    expect(readStation(ws2)?.hub).toBe(newAddress);

    // the old hub comes back: the workstation refuses it
    hub = await startHub(db, hub.port);
    procs.push(hub);
    let refused = '';
    try {
      openRemote({ dir: ws2, address: hub.address, role: 'cli', lang: 'en' }).close();
    } catch (e) {
      refused = e instanceof DomainError ? e.code : String(e);
    }
    expect(refused).toBe('err.hub.oldEpoch');
  }, 180_000);

  it('a copy whose newest log segment was cut when the hub laptop died: promoted from the segment before, and the supervisor is told', async () => {
    const home = join(base, 'cut');
    mkdirSync(base, { recursive: true, mode: 0o700 });
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const db = join(home, 'hub', 'luudong.db');
    const hub: HubProc = await startHub(db);
    procs.push(hub);
    expect(cli(db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']).status).toBe(0);
    const ws = join(home, 'ws');
    pairWorkstation(hub, ws);
    const s: StandbyProc = await startStandby(ws);
    procs.push(s);
    for (let i = 0; i < 100 && generations(s.replica).length === 0; i++) await sleep(100);
    expect(generations(s.replica)).toHaveLength(1);

    // work a second apart: several log segments (Litestream syncs every second)
    const a = openRemote({ dir: ws, role: 'cli', lang: 'en' });
    a.citizenFromInput({ id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, Xã Mỹ Đức' });
    for (let i = 0; i < 4; i++) {
      a.issue('civil');
      a.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
      await sleep(1300);
    }
    await sleep(1500);
    process.kill(Number(readFileSync(join(home, 'hub', 'litestream.pid'), 'utf8')), 'SIGKILL');
    await hub.kill();
    a.close();

    // the hub laptop died while its Litestream was writing the newest segment: that segment is cut
    const wal = join(s.replica, 'generations', generations(s.replica)[0] as string, 'wal');
    const segs = readdirSync(wal).sort();
    expect(segs.length).toBeGreaterThan(2);
    const newest = join(wal, segs.at(-1) as string);
    const size = statSync(newest).size;
    truncateSync(newest, Math.floor(size / 2));
    expect(lz4Whole(readFileSync(newest))).toBe(false);
    const wholeUntil = replicaPosition(s.replica)?.newestAt as number;

    const promoted = await startJsonProcess(['--db', join(ws, 'station.db'), '--json', 'hub', 'promote', '--listen', '127.0.0.1:0'], {}, (o) => 'listening' in o);
    procs.push({ stop: async () => void (promoted.proc.kill('SIGTERM'), await promoted.exited) });
    const report = (promoted.lines().find((o) => 'promoted' in o) as { promoted: PromoteReport }).promoted;
    // where the cut segment is kept: the replica's damaged folder, as it was (never deleted)
    expect(report.cutSegment?.kept).toHaveLength(1);
    const kept = report.cutSegment?.kept[0] as string;
    expect(kept.startsWith(join(s.replica, 'damaged') + '/')).toBe(true);
    expect(statSync(kept).size).toBe(Math.floor(size / 2));
    expect(existsSync(newest)).toBe(false);
    // how far the restored copy goes: the segment before the cut one, and the events it holds
    const upTo = report.cutSegment?.restoredUpTo as number;
    expect(upTo).toBeGreaterThan(0);
    expect(upTo).toBeLessThanOrEqual(wholeUntil);
    expect(report.replicaAt).toBe(upTo);
    const check = new Database(join(ws, 'station.db'), { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    const events = (check.prepare('SELECT coalesce(max(id), 0) AS n FROM queue_events').get() as { n: number }).n;
    check.close();
    expect(report.restoredEvents).toBeGreaterThan(0);
    expect(report.restoredEvents).toBe(events);
    expect(report.restoredEvents).toBeLessThanOrEqual(dbRows<{ n: number }>(db, 'SELECT max(id) AS n FROM queue_events')[0]?.n as number);

    // what the supervisor reads, in either language
    const vi = promotedLines(report, translator('vi')).join('\n');
    const en = promotedLines(report, translator('en')).join('\n');
    expect(vi).toContain(`bị cắt ngang khi máy chủ cũ tắt đột ngột (lúc đang chép): đã để riêng, giữ tại ${kept}`);
    expect(vi).toContain(`Bản khôi phục chỉ đến ${displayDateTime(upTo)}, đoạn trước đó (sự kiện hàng chờ đến số ${report.restoredEvents})`);
    expect(en).toContain(`cut short when the old hub laptop died (it was being copied): it is moved out of the copy, kept at ${kept}`);
    expect(en).toContain(`The restored copy goes up to ${displayDateTime(upTo)}, the segment before it (queue events up to no. ${report.restoredEvents})`);
  }, 180_000);
});
