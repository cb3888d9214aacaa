// The devices plugged into a workstation, at its counter screen against a real hub process: a ticket
// issued there prints on the workstation's own printer from the screen's in-process print worker
// (no `print-worker --hub` service running), and not on the hub laptop's; its serial scanner (a socat
// PTY pair) is opened by the screen, and what it reads goes to the hub (an ID card opens the receipt
// with the citizen's name; a scan that is nothing is kept in the hub's scan log under the scanner's
// name). On workstations with no printer of their own (one in English, one in Vietnamese), a ticket
// printed on the hub laptop's printer is said on the screen, whole, at 80x24.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ensureBuilt } from '../helpers/build.js';
import { decodeEscPos } from '../helpers/escpos-decode.js';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { ptyPair, send } from '../helpers/serial-pty.js';
import { fits80, needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('hubdev');
const { press } = kit;
const waitScreen = (s: string, pred: (text: string) => boolean, what: string, ms = 10_000) => kit.waitScreen(s, pred, what, ms);
const start = (session: string, args: string[]) => kit.startApp(session, args, 'LUUDONG_LANG=');

/** Until `pred` holds (a printer's bytes, the hub's scan log). */
async function until(pred: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return pred();
}

/** The ticket labels a thermal printer's bytes show (decoded back from ESC/POS). */
function labels(file: string): string[] {
  if (!existsSync(file)) return [];
  const d = decodeEscPos(new Uint8Array(readFileSync(file)));
  return d.lines.map((l) => l.text.trim()).filter((x) => /^A\d{3}$/.test(x));
}

let hub: HubProc | undefined;
let socat: ChildProcess | undefined;
beforeAll(() => {
  needTmux();
  if (spawnSync('socat', ['-V']).error) throw new Error('socat is required (apt-get install socat)');
  ensureBuilt();
});
afterAll(async () => {
  kit.kill();
  socat?.kill();
  await hub?.stop();
});

describe('a workstation’s own printer and scanner at its counter screen', () => {
  it('prints there from the screen, scans there into the hub, and says when the hub’s printer took a job', async () => {
    const dir = mkdtempSync(join(tmpdir(), `luudong-hubdev-${process.pid}-`));
    const hubDb = join(dir, 'hub', 'bus.db');
    hub = await startHub(hubDb);
    const [ws1, ws2, ws3] = ['ws1', 'ws2', 'ws3'].map((n) => join(dir, n)) as [string, string, string];
    for (const w of [ws1, ws2, ws3]) pairWorkstation(hub, w);
    const through = (w: string, ...args: string[]) => cli(join(w, 'station.db'), ['--hub', hub!.address, ...args]);
    expect(cli(hubDb, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']).status).toBe(0);
    // The hub laptop's ticket printer (its own worker is not running: its jobs wait in the spool).
    const hubPaper = join(dir, 'hub-paper.bin');
    expect(cli(hubDb, ['printer', 'add', 've-may-chu', '--kind', 'file', '--target', hubPaper, '--role', 'tickets']).status).toBe(0);
    // Workstation 1: a ticket printer and a serial scanner of its own, added from it.
    const wsPaper = join(dir, 'ws1-paper.bin');
    const added = through(ws1, 'printer', 'add', 've-ban-1', '--kind', 'file', '--target', wsPaper, '--role', 'tickets');
    expect(added.status, added.stderr).toBe(0);
    const pty = await ptyPair(dir);
    socat = pty.socat;
    const sc1 = through(ws1, 'scanner', 'add', 'quay-1', '--kind', 'serial', '--target', pty.app);
    expect(sc1.status, sc1.stderr).toBe(0);

    const [d1, d2, d3] = ['desk1', 'desk2', 'desk3'];
    start(d1, ['--db', join(ws1, 'station.db'), '--hub', hub.address]);
    await waitScreen(d1, (x) => x.includes('Đồi Dùng'), 'the trip from the hub');
    // The scanner is opened by the screen (after its first frame).
    await waitScreen(d1, (x) => x.includes('Máy quét quay-1 đã kết nối'), 'the scanner opened at the workstation');
    press(d1, 'F2');
    await waitScreen(d1, (x) => x.includes('chọn nhóm dịch vụ'), 'the group picker');
    press(d1, 'a');
    await waitScreen(d1, (x) => x.includes('ưu tiên?'), 'the priority picker');
    press(d1, 'Enter');
    let sc = await waitScreen(d1, (x) => x.includes('Đã cấp số A001'), 'ticket A001');
    expect(fits80(sc)).toBe(true);
    // Printed at the workstation, by the screen's own worker; nothing on the hub's printer.
    expect(await until(() => labels(wsPaper).includes('A001'))).toBe(true);
    expect(existsSync(hubPaper)).toBe(false);

    // The ID card read by the workstation's scanner, in UTF-8 over its serial line: the receipt opens.
    send(pty.wire, '001152012345||Nguyễn Thị Hường|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức|01012021\r\n');
    sc = await waitScreen(d1, (x) => x.includes('Nguyễn Thị Hường'), 'the citizen read at the workstation');
    expect(fits80(sc)).toBe(true);
    // A scan that is nothing is refused on screen and kept in the hub's log under the scanner's name.
    send(pty.wire, 'KHONG-PHAI-MA\r\n');
    await waitScreen(d1, (x) => x.includes('KHONG-PHAI-MA'), 'the unknown scan said');

    // Workstations with no printer of their own: the hub's printer takes the ticket, and the screen says so.
    start(d2, ['--db', join(ws2, 'station.db'), '--hub', hub.address, '--lang', 'en']);
    start(d3, ['--db', join(ws3, 'station.db'), '--hub', hub.address]);
    await waitScreen(d2, (x) => x.includes('Đồi Dùng'), 'desk 2 up');
    await waitScreen(d3, (x) => x.includes('Đồi Dùng'), 'desk 3 up');
    press(d2, 'F2', 'a', 'Enter');
    const en = await waitScreen(d2, (x) => x.includes('No printer here for “Queue ticket”: printed on the hub’s (ve-may-chu).'), 'the fallback said in English');
    expect(fits80(en)).toBe(true);
    expect(en.split('\n')[1]).not.toContain('…');
    press(d3, 'F2', 'a', 'Enter');
    const vi = await waitScreen(d3, (x) => x.includes('Máy này không có máy in cho “Số thứ tự”: đã in ở máy chủ (ve-may-chu).'), 'the fallback said in Vietnamese');
    expect(fits80(vi)).toBe(true);
    expect(vi.split('\n')[1]).not.toContain('…');

    for (const s of [d1, d2, d3]) {
      press(s, 'C-c');
      await waitScreen(s, (x) => x.includes('EXITED 0'), `${s} exits cleanly`);
    }
    const db = new Database(hubDb, { readonly: true });
    try {
      const jobs = db.prepare("SELECT ref, printer, state FROM print_jobs WHERE kind = 'ticket' ORDER BY id").all();
      expect(jobs).toEqual([
        { ref: 'A001', printer: 've-ban-1', state: 'done' },
        { ref: 'A002', printer: 've-may-chu', state: 'queued' },
        { ref: 'A003', printer: 've-may-chu', state: 'queued' },
      ]);
      const logged = db.prepare('SELECT source, raw FROM scan_log').all();
      expect(logged).toEqual([{ source: 'quay-1', raw: 'KHONG-PHAI-MA' }]);
    } finally {
      db.close();
    }
  }, 180_000);
});
