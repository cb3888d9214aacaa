// The counter screen sends the citizens' text messages itself when the modem is plugged into its
// laptop (issue 18): the screen runs in tmux as an operator has it, the modem is the AT emulator on a
// socat PTY pair, and a print worker started beside it finds the modem held and stands by.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, Submit } from 'node-pdu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/build.js';
import { plugModem } from '../helpers/modem-emulator.js';
import { needTmux, tmuxKit } from '../helpers/tmux.js';

const kit = tmuxKit('smstui');
const cli = (db: string, ...args: string[]) => execFileSync('node', [BIN, '--db', db, ...args], { encoding: 'utf8' });

/** Until `ok` holds (the modem, the worker's log). */
async function waitFor(ok: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(needTmux);
afterAll(() => kit.kill());

describe('the counter screen and the modem', () => {
  it('sends what is queued through the modem of its laptop; a print worker beside it stands by', async () => {
    const modem = await plugModem();
    try {
      const db = join(mkdtempSync(join(tmpdir(), `luudong-smstui-${process.pid}-`)), 'bus.db');
      cli(db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan', '--counter', '1=*');
      cli(db, 'modem', 'add', 'e3372', '--port', modem.path);
      kit.startApp('s', ['--db', db, '--lang', 'en']);
      await kit.waitScreen('s', (x) => x.includes('Counter 1'), 'the counter screen', 20_000);
      // A citizen who waits outside asks to be told (the fifth ticket, four ahead); the queue moves.
      const turnNear = async (phone: string, label: string, before: number) => {
        for (let i = 0; i < 4; i++) cli(db, 'queue', 'issue', 'A');
        cli(db, 'queue', 'issue', 'A', '--phone', phone);
        // The queue moves until the message is due (committed to the outbox with the call that
        // causes it), and no further: the screen's sender may take seconds on a loaded machine, and
        // calling on would empty the queue (CI: "nobody waiting for counter 1").
        const due = () => (JSON.parse(cli(db, '--json', 'sms', 'list')) as { kind: string }[]).filter((m) => m.kind === 'turn_near').length;
        const dueBefore = due();
        for (let i = 0; i < 5 && due() === dueBefore; i++) {
          cli(db, 'queue', 'call', '--counter', '1');
          cli(db, 'queue', 'finish', '--counter', '1');
        }
        expect(due(), `the message to ${phone} in the outbox`).toBe(dueBefore + 1);
        await waitFor(() => modem.emulator.taken.length > before, `the message to ${phone} at the modem`);
        await new Promise((r) => setTimeout(r, 500)); // its other parts
        const parts = modem.emulator.taken.slice(before).map((x) => parse(x.hex) as Submit);
        expect(new Set(parts.map((p) => p.address.phone))).toEqual(new Set([phone.replace(/^0/, '84')]));
        expect(parts.map((p) => p.data.parts[0]!.text).join('')).toContain(label);
        return modem.emulator.taken.length;
      };
      // Nobody else runs: the counter screen is the one that sends.
      const first = await turnNear('0912345678', 'A005', 0);
      // A print worker started beside it finds the modem held and stands by; the screen sends on.
      const worker = spawn(process.execPath, [BIN, '--db', db, '--lang', 'en', 'print-worker'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      worker.stdout.on('data', (b: Buffer) => (log += b.toString()));
      try {
        await waitFor(() => log.length > 0, 'the print worker');
        await turnNear('0987654321', 'A010', first);
        await waitFor(() => log.includes('stands by'), 'the print worker to stand by', 15_000);
        expect(log).not.toMatch(/Message #\d+ sent/);
        const sms = JSON.parse(cli(db, '--json', 'sms', 'list')) as { kind: string; state: string }[];
        expect(sms.filter((m) => m.kind === 'turn_near').map((m) => m.state)).toEqual(['sent', 'sent']);
      } finally {
        worker.kill('SIGTERM');
      }
      kit.tmux('kill-session', '-t', 's');
    } finally {
      await modem.close();
    }
  }, 90_000);
});
