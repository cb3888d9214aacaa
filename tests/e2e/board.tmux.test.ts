// The citizen-facing board in its own terminal on the same database: it follows calls made by
// another process within a second, and reads them aloud through espeak-ng when asked.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/luudong.js');
const SOCKET = `luudong-board-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (s: string) => tmux('capture-pane', '-p', '-t', s);
const cli = (db: string, ...args: string[]) => execFileSync('node', [BIN, '--db', db, ...args], { encoding: 'utf8' });

async function waitFor<T>(probe: () => T | undefined | false, what: string, ms = 8000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/luudong.js'))) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT });
});
afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-board-'));
  const db = join(dir, 'bus.db');
  cli(db, 'trip', 'open', '--commune', 'Phường Phương Đức', '--place', 'Nhà văn hóa thôn Kim Long Thượng', '--staff', 'Lan', '--counter', '1=*', '--counter', '2=*');
  cli(db, 'queue', 'issue', 'A');
  cli(db, 'queue', 'issue', 'A');
  return { dir, db };
}

describe('luudong board', () => {
  it('shows a call made in another process within a second, and speaks it in Vietnamese', async () => {
    const { dir, db } = setup();
    const wavDir = join(dir, 'speech');
    execFileSync('mkdir', ['-p', wavDir]);
    tmux('new-session', '-d', '-s', 'b', '-x', '80', '-y', '24', `env -u CI LUUDONG_SPEECH_OUT=${wavDir} node ${BIN} --db ${db} board --speak; sleep 30`);
    await waitFor(() => screen('b').includes('Kim Long Thượng'), 'the board');
    expect(screen('b')).toContain('MỜI CÔNG DÂN');

    const t0 = Date.now();
    cli(db, 'queue', 'call', '--counter', '2');
    await waitFor(() => screen('b').includes('SỐ A001 → Quầy 2'), 'the call on the board', 3000);
    const shownAfter = Date.now() - t0;
    // The CLI call itself (a Node start) is part of that time; the board must follow within a second.
    expect(shownAfter).toBeLessThan(1000 + 600);
    expect(screen('b')).toContain('█');

    const wav = await waitFor(() => readdirSync(wavDir).find((f) => f.endsWith('.wav')), 'a spoken announcement', 5000);
    await waitFor(() => statSync(join(wavDir, wav)).size > 10_000, 'a non-empty WAV file', 5000);

    cli(db, 'queue', 'call', '--counter', '1');
    const f = await waitFor(() => (screen('b').includes('SỐ A002 → Quầy 1') ? screen('b') : undefined), 'the second call', 3000);
    expect(f).toMatch(/A001\s+→ Quầy 2/);
  });

  it('without a speech engine, warns on screen and keeps working', async () => {
    const { db } = setup();
    const node = process.execPath;
    // A PATH with node but without espeak-ng.
    tmux('new-session', '-d', '-s', 'q', '-x', '80', '-y', '24', `env -u CI PATH=/nonexistent ${node} ${BIN} --db ${db} board --speak; sleep 30`);
    await waitFor(() => screen('q').includes('espeak-ng'), 'the missing-speech warning');
    cli(db, 'queue', 'call', '--counter', '1');
    await waitFor(() => screen('q').includes('SỐ A001 → Quầy 1'), 'the call on the board', 3000);
  });
});
