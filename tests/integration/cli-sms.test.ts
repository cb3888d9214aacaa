// The modem and SMS commands of the built CLI, against the AT emulator on a socat PTY pair: a modem
// added and refused with the reason, tested live (a test message sent), its status and the queue in
// --json, the office's settings, a receipt that asks for messages, and doctor looking at the modem.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, Submit } from 'node-pdu';
import { afterEach, describe, expect, it } from 'vitest';
import { plugModem, type PluggedModem } from '../helpers/modem-emulator.js';

const ROOT = resolve(import.meta.dirname, '../..');
const plugged: PluggedModem[] = [];
afterEach(async () => {
  for (const p of plugged.splice(0)) await p.close();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), `luudong-cli-sms-${process.pid}-`));
  const db = join(dir, 'bus.db');
  const env = { ...process.env, LUUDONG_LANG: '', LUUDONG_SIM_PIN: '' };
  const args = (...a: string[]) => [join(ROOT, 'bin/luudong.js'), '--db', db, ...a];
  const cli = (...a: string[]) => spawnSync(process.execPath, args(...a), { encoding: 'utf8', env });
  /** For commands that talk to the emulator, which lives in this process: its event loop must run. */
  const cliAsync = (a: string[], extraEnv: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(process.execPath, args(...a), { env: { ...env, ...extraEnv } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('close', (status) => done({ status, stdout, stderr }));
    });
  return { dir, db, cli, cliAsync };
}

describe('CLI: the modem and text messages', () => {
  it('adds a modem (one per vehicle), refuses bad settings in the operator\'s language, and keeps the SIM PIN out of the database', async () => {
    const { cli, cliAsync, dir, db } = setup();
    expect(cli('--lang', 'en', 'modem', 'add', 'm', '--port', 'ttyUSB2').stderr).toContain('A modem needs a port path');
    expect(cli('modem', 'add', 'm', '--port', '/dev/ttyUSB2', '--baud', '1234').stderr).toContain('Tốc độ 1234 không dùng được');
    const added = await cliAsync(['modem', 'add', 'e3372', '--port', '/dev/ttyUSB2', '--sim-pin', '--json'], { LUUDONG_SIM_PIN: '2468' });
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'e3372', port: '/dev/ttyUSB2', baudRate: 115200, simPin: true });
    const pinFile = join(dir, 'keys', 'sim-e3372.pin');
    expect(existsSync(pinFile)).toBe(true);
    expect(statSync(pinFile).mode & 0o077).toBe(0);
    expect(spawnSync('sqlite3', [db, '.dump'], { encoding: 'utf8' }).stdout ?? '').not.toContain('2468');
    expect(cli('modem', 'add', 'other', '--port', '/dev/ttyUSB3').stderr).toContain('Xe đã có modem “e3372”');
    const list = JSON.parse(cli('modem', 'list', '--json').stdout) as { configured: { name: string }[] };
    expect(list.configured.map((m) => m.name)).toEqual(['e3372']);
    expect(cli('--lang', 'en', 'sms', 'config', '--alphabet', 'gsm7', '--daily-cap', '50').stdout).toContain('Alphabet gsm7');
    expect(JSON.parse(cli('sms', 'config', '--json').stdout)).toMatchObject({ alphabet: 'gsm7', dailyCap: 50, turnNear: 3 });
    expect(cli('--lang', 'en', 'sms', 'config', '--reminder-from', '25:00').stderr).toContain('cannot be used for reminder-from');
    expect(cli('modem', 'remove', 'e3372').status).toBe(0);
    expect(existsSync(pinFile)).toBe(false);
  });

  it('modem test reads the modem live and sends a test message; status and doctor say what they saw', async () => {
    const { cli, cliAsync } = setup();
    const modem = await plugModem();
    plugged.push(modem);
    expect(cli('modem', 'add', 'e3372', '--port', modem.path).status).toBe(0);
    const r = await cliAsync(['--lang', 'en', 'modem', 'test', '--to', '0912 345 678']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Modem e3372: ready; signal -71 dBm (3/3); network home, Viettel');
    expect(r.stdout).toMatch(/Message #1 sent/);
    expect(modem.emulator.taken).toHaveLength(1);
    const s = parse(modem.emulator.taken[0]!.hex) as Submit;
    expect(s.address.phone).toBe('84912345678');
    expect(s.data.getText()).toContain('Tin nhắn thử');

    const status = JSON.parse(cli('modem', 'status', '--json').stdout) as { status: { state: string; operator: string }; counts: Record<string, number> };
    expect(status.status).toMatchObject({ state: 'ready', operator: 'Viettel' });
    expect(status.counts.sent).toBe(1);
    const listed = JSON.parse(cli('sms', 'list', '--json').stdout) as { phone: string; state: string; kind: string }[];
    expect(listed).toEqual([expect.objectContaining({ kind: 'test', state: 'sent', phone: '0912***678' })]);

    const doctor = await cliAsync(['--lang', 'en', 'doctor', '--json']);
    const checks = JSON.parse(doctor.stdout) as { check: string; level: string; detail: string }[];
    expect(checks.find((c) => c.check === 'Modem e3372')).toMatchObject({ level: 'ok', detail: expect.stringContaining('ready') });

    // Unplugged: the test says so in words, exits 1, and doctor fails the modem.
    await modem.unplug();
    const gone = await cliAsync(['--lang', 'en', 'modem', 'test']);
    expect(gone.status).toBe(1);
    expect(gone.stdout + gone.stderr).toContain('modem not found (unplugged?)');
    const after = JSON.parse((await cliAsync(['--lang', 'en', 'doctor', '--json'])).stdout) as { check: string; level: string }[];
    expect(after.find((c) => c.check === 'Modem e3372')?.level).toBe('fail');
  });

  it('a ticket with --phone is refused for a number that is not a mobile one, and waits for its turn otherwise', () => {
    const { cli } = setup();
    expect(cli('modem', 'add', 'e3372', '--port', '/dev/ttyUSB2').status).toBe(0);
    expect(cli('trip', 'open', '--commune', 'Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan').status).toBe(0);
    const bad = cli('--lang', 'en', 'queue', 'issue', 'civil', '--phone', '024 3825 1234');
    expect(bad.stderr).toContain('is not a Vietnamese mobile number');
    expect(cli('queue', 'issue', 'civil', '--phone', '0912345678').status).toBe(0);
    expect(JSON.parse(cli('sms', 'list', '--json').stdout)).toEqual([]);
  });
});
