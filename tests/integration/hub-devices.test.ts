// A workstation's own printers and scanners at its command line, through the hub (real processes on
// loopback, the workstation's thermal printer on a real serial line: a socat PTY with the printer
// emulator answering status queries): `printer list|status|test|remove` act on the printers plugged
// into that workstation, and only on them; `scanner add|list|remove` keep the scanner with the
// workstation it is plugged into (the hub's `host` column), apart from the hub laptop's own. The
// workstation's print worker is woken by the hub's pushes only when a job for its printers was queued.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { cli, dbRows, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { startSerialEmulator, type SerialEmulator } from '../helpers/printer-emulator.js';
import { openRemoteSpool } from '../../src/hub/open.js';
import { ptyPair, send, until } from '../helpers/serial-pty.js';

let dir: string;
let hub: HubProc;
let ws1: string;
let ws1Id: string;
let ws2: string;
let printer: SerialEmulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), `luudong-hub-devices-${process.pid}-`));
  const db = join(dir, 'hub', 'bus.db');
  hub = await startHub(db);
  ws1 = join(dir, 'ws1');
  ws1Id = pairWorkstation(hub, ws1);
  ws2 = join(dir, 'ws2');
  pairWorkstation(hub, ws2);
  printer = await startSerialEmulator();
  expect(cli(db, ['printer', 'add', 've-may-chu', '--kind', 'file', '--target', join(dir, 'hub-paper.bin'), '--role', 'tickets']).status).toBe(0);
}, 90_000);
afterAll(async () => {
  await hub?.stop();
  await printer?.stop();
});

const at = (ws: string, ...args: string[]) => cli(join(ws, 'station.db'), ['--lang', 'en', '--hub', hub.address, ...args]);
/** The same without blocking this process: the printer emulator here must answer the command's status queries. */
function atAsync(ws: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const p = spawn(process.execPath, [BIN, '--db', join(ws, 'station.db'), '--lang', 'en', '--hub', hub.address, ...args], { env: { ...process.env, LUUDONG_LANG: '' } });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => p.on('close', (status) => resolve({ status, stdout, stderr })));
}
const hubRows = <T>(sql: string, ...args: unknown[]): T[] => dbRows<T>(hub.db, sql, ...args);

describe('a workstation’s own printers and scanners from its command line', () => {
  it('printer list, status, test and remove act on the workstation’s printers only', async () => {
    expect(at(ws1, 'printer', 'add', 've-ban-1', '--kind', 'serial', '--target', printer.path, '--baud', '9600', '--role', 'tickets').status).toBe(0);
    expect(at(ws1, 'printer', 'add', 'hoa-don', '--kind', 'file', '--target', join(dir, 'ws1-slips.bin'), '--role', 'slips').status).toBe(0);

    const list = at(ws1, '--json', 'printer', 'list');
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string; host: string }[]).map((p) => [p.name, p.host])).toEqual([
      ['hoa-don', ws1Id],
      ['ve-ban-1', ws1Id],
    ]);
    // Another workstation has none of its own.
    const none = at(ws2, 'printer', 'list');
    expect(none.status, none.stderr).toBe(0);
    expect(none.stdout).not.toContain('ve-ban-1');
    expect(none.stdout).not.toContain('ve-may-chu');

    // The state read where the printer is plugged in (the emulator answers DLE EOT).
    const status = await atAsync(ws1, 'printer', 'status', 've-ban-1');
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toContain('Printer ve-ban-1: ready.');
    const other = at(ws1, 'printer', 'status', 've-may-chu');
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('There is no printer “ve-may-chu”');

    // A test page queued on the hub for the workstation's printer, printed here at once.
    const before = printer.emulator.received.length;
    const test = await atAsync(ws1, '--json', 'printer', 'test', 've-ban-1');
    expect(test.status, test.stderr).toBe(0);
    expect(JSON.parse(test.stdout)).toMatchObject([{ printer: 've-ban-1', kind: 'test', state: 'done' }]);
    const page = decodeEscPos(printer.emulator.received.slice(before));
    expect(page.unknown).toEqual([]);
    expect(page.lines.length).toBeGreaterThan(2);
    // Not the hub's printer: refused, nothing queued for it.
    const notOwn = at(ws1, 'printer', 'test', 've-may-chu');
    expect(notOwn.status).toBe(1);
    expect(notOwn.stderr).toContain('There is no printer “ve-may-chu”');
    expect(hubRows("SELECT id FROM print_jobs WHERE printer = 've-may-chu'")).toEqual([]);

    // Removing: the hub's printer is not the workstation's to remove; its own goes.
    const taken = at(ws1, 'printer', 'remove', 've-may-chu');
    expect(taken.status).toBe(1);
    expect(at(ws2, 'printer', 'remove', 'hoa-don').status).toBe(1);
    const removed = at(ws1, 'printer', 'remove', 'hoa-don');
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Printer hoa-don removed.');
    expect(hubRows<{ name: string }>('SELECT name FROM printers ORDER BY name').map((p) => p.name)).toEqual(['ve-ban-1', 've-may-chu']);
  }, 90_000);

  it('a workstation’s print worker is woken by the hub’s pushes only for jobs of its own printers', async () => {
    let woken = 0;
    const { spool, link } = openRemoteSpool({ dir: ws1, address: hub.address, lang: 'en', onChange: () => woken++ });
    const settle = () => new Promise((r) => setTimeout(r, 1500));
    try {
      await settle();
      woken = 0;
      // Commits that queue nothing for this workstation: a trip opened, a ticket issued at the hub
      // (its job for the hub's printer), one at another workstation with no printer (the hub's too).
      expect(cli(hub.db, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']).status).toBe(0);
      expect(cli(hub.db, ['queue', 'issue', 'A']).status).toBe(0);
      expect(at(ws2, 'queue', 'issue', 'A').status).toBe(0);
      await settle();
      expect(woken).toBe(0);
      // A ticket issued at this workstation: its job is for its own printer, and its worker looks.
      expect(at(ws1, 'queue', 'issue', 'A').status).toBe(0);
      await settle();
      expect(woken).toBeGreaterThan(0);
      expect(hubRows<{ printer: string }>("SELECT printer FROM print_jobs WHERE kind = 'ticket' ORDER BY id").map((j) => j.printer)).toEqual(['ve-may-chu', 've-may-chu', 've-ban-1']);
    } finally {
      spool.close();
      link.close();
    }
  }, 60_000);

  it('scanner add, list and remove keep the scanner with the workstation it is plugged into', () => {
    const added = at(ws1, '--json', 'scanner', 'add', 'quay-1', '--kind', 'serial', '--target', '/dev/serial/by-id/usb-Honeywell-if00', '--idle', '50');
    expect(added.status, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'quay-1', kind: 'serial', host: ws1Id, options: { idleMs: 50 } });
    expect(hubRows('SELECT name, host FROM scanners')).toEqual([{ name: 'quay-1', host: ws1Id }]);
    const mine = at(ws1, '--json', 'scanner', 'list');
    expect(mine.status, mine.stderr).toBe(0);
    expect((JSON.parse(mine.stdout) as { configured: { name: string }[] }).configured.map((s) => s.name)).toEqual(['quay-1']);
    // Not the hub laptop's, not another workstation's.
    const hubs = cli(hub.db, ['--json', 'scanner', 'list']);
    expect((JSON.parse(hubs.stdout) as { configured: unknown[] }).configured).toEqual([]);
    expect((JSON.parse(at(ws2, '--json', 'scanner', 'list').stdout) as { configured: unknown[] }).configured).toEqual([]);
    const taken = at(ws2, 'scanner', 'add', 'quay-1', '--kind', 'serial', '--target', '/dev/ttyACM0');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain('The scanner name “quay-1” belongs to another machine on the vehicle');
    const notHers = at(ws2, 'scanner', 'remove', 'quay-1');
    expect(notHers.status).toBe(1);
    expect(notHers.stderr).toContain('No scanner named “quay-1”');
    const gone = at(ws1, 'scanner', 'remove', 'quay-1');
    expect(gone.status, gone.stderr).toBe(0);
    expect(hubRows('SELECT name FROM scanners')).toEqual([]);
  }, 60_000);

  it('scanner test reads the workstation’s own scanner there; the hub says what each scan is', async () => {
    const pty = await ptyPair(dir);
    try {
      expect(at(ws1, 'scanner', 'add', 'quay-2', '--kind', 'serial', '--target', pty.app).status).toBe(0);
      const p = spawn(process.execPath, [BIN, '--db', join(ws1, 'station.db'), '--lang', 'en', '--hub', hub.address, '--json', 'scanner', 'test', 'quay-2', '--count', '2', '--seconds', '60'], { env: { ...process.env, LUUDONG_LANG: '' } });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const closed = new Promise<number | null>((resolve) => p.on('close', (code) => resolve(code)));
      await until(() => stderr.length > 0, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      send(pty.wire, '001152012345||Nguyễn Thị Hường|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức|01012021\r\n');
      await new Promise((r) => setTimeout(r, 300));
      send(pty.wire, 'KHONG-PHAI-MA\r\n');
      expect(await closed, stderr).toBe(0);
      const seen = JSON.parse(stdout) as { source: string; kind: string }[];
      expect(seen.map((x) => [x.source, x.kind])).toEqual([
        ['quay-2', 'citizen'],
        ['quay-2', 'unknown'],
      ]);
      // Classified on the hub: the scan that is nothing is in the hub's log, under the scanner's name.
      expect(hubRows('SELECT source, raw FROM scan_log')).toEqual([{ source: 'quay-2', raw: 'KHONG-PHAI-MA' }]);
    } finally {
      pty.socat.kill();
    }
  }, 60_000);
});
