// With operators set up, a workstation's counter screen opens its own serial scanner (a socat PTY
// pair) once the operator has logged in: the hub answers nothing before the first login, and the
// screen asks again for its scanners until it does. In English, at 80x24, against a real hub process.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';
import { cli, pairWorkstation, startHub, type HubProc } from '../helpers/hub.js';
import { ptyPair, send } from '../helpers/serial-pty.js';
import { fits80, needTmux, tmuxKit } from '../helpers/tmux.js';

const { press, waitScreen, startApp, kill } = tmuxKit('hubscan');

let hub: HubProc | undefined;
let socat: ChildProcess | undefined;
beforeAll(() => {
  needTmux();
  ensureBuilt();
});
afterAll(async () => {
  kill();
  socat?.kill();
  await hub?.stop();
});

describe('a workstation’s scanner with operators set up', () => {
  it('opens once the operator has logged in, and what it reads goes to the hub', async () => {
    const dir = mkdtempSync(join(tmpdir(), `luudong-hubscan-${process.pid}-`));
    const hubDb = join(dir, 'hub', 'bus.db');
    hub = await startHub(hubDb);
    const ws = join(dir, 'ws1');
    pairWorkstation(hub, ws);
    expect(cli(hubDb, ['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']).status).toBe(0);
    const pty = await ptyPair(dir);
    socat = pty.socat;
    const added = cli(join(ws, 'station.db'), ['--hub', hub.address, 'scanner', 'add', 'quay-1', '--kind', 'serial', '--target', pty.app]);
    expect(added.status, added.stderr).toBe(0);
    expect(cli(hubDb, ['operator', 'add', 'Lan', '--role', 'admin'], { LUUDONG_NEW_PIN: '2580' }).status).toBe(0);

    const s = 'desk';
    startApp(s, ['--db', join(ws, 'station.db'), '--hub', hub.address, '--lang', 'en'], 'LUUDONG_LANG=');
    await waitScreen(s, (x) => x.includes('Log in'), 'the login');
    // Well past the half second after the first frame when the screen first asks for its scanners.
    await new Promise((r) => setTimeout(r, 2000));
    // Typed as a person types (a fast burst would be taken for a keyboard-wedge scan).
    for (const k of ['L', 'a', 'n', 'Enter', '2', '5', '8', '0', 'Enter']) press(s, k);
    // The greeting stays on the status line only until the scanner's news replaces it (half a second
    // or less once the hub answers): either shows the login went through.
    await waitScreen(s, (x) => !x.includes('Log in') && (x.includes('Hello Lan') || x.includes('Scanner quay-1 connected.')), 'the operator logged in');
    const sc = await waitScreen(s, (x) => x.includes('Scanner quay-1 connected.'), 'the scanner opened after the login', 12_000);
    expect(fits80(sc)).toBe(true);
    send(pty.wire, '001152012345||Nguyễn Thị Hường|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức|01012021\r\n');
    await waitScreen(s, (x) => x.includes('Nguyễn Thị Hường'), 'the card read at the workstation');
    press(s, 'C-c');
    await waitScreen(s, (x) => x.includes('EXITED 0'), 'a clean exit');
  }, 120_000);
});
