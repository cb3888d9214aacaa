// Standby copies and promotion, with real processes: the hub streams its database through
// Litestream to an SSH server on each workstation's standby (over a TLS-PSK tunnel); the hub
// laptop dies (the hub and its Litestream SIGKILLed); a supervisor promotes a workstation, which
// restores the copy, says how far behind it was, asks the other workstation what numbers it saw,
// starts every numbering above them, and serves; the others follow it and refuse the old hub.
// As root, in a folder under /var/lib (sshd chroots only into root-owned paths).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { startJsonProcess, startStandby, type StandbyProc } from '../helpers/standby.js';
import { openRemote } from '../../src/hub/open.js';
import { readStation } from '../../src/hub/station.js';
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
    mkdirSync(base, { mode: 0o700 });
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
});
