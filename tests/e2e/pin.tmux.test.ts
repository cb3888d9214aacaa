// A new PIN typed at the terminal: a weak one is refused as soon as it is typed, not after typing it
// twice (issue 13, item 20). Real terminal (tmux), real database file.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/luudong.js');
const SOCKET = `luudong-pin-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-J', '-t', 'p');

async function waitFor(probe: () => boolean, what: string, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${screen()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe('a new PIN at the terminal', () => {
  it('a weak PIN is refused at once; a good one is asked again and taken', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'luudong-pin-')), 'bus.db');
    tmux('new-session', '-d', '-s', 'p', '-x', '80', '-y', '24', `env -u CI node ${BIN} --db ${db} operator add Mai --role admin; echo "exit=$?"; sleep 30`);
    await waitFor(() => screen().includes('Mã PIN mới cho Mai:'), 'the PIN prompt');
    tmux('send-keys', '-t', 'p', '1111', 'Enter');
    await waitFor(() => screen().includes('exit='), 'the command to end');
    const s = screen();
    expect(s).toContain('Mã PIN quá dễ đoán');
    expect(s).not.toContain('Nhập lại mã PIN');
    expect(s).toContain('exit=1');

    tmux('respawn-pane', '-k', '-t', 'p', `env -u CI node ${BIN} --db ${db} operator add Mai --role admin; echo "exit=$?"; sleep 30`);
    await waitFor(() => screen().includes('Mã PIN mới cho Mai:'), 'the PIN prompt again');
    tmux('send-keys', '-t', 'p', '2580', 'Enter');
    await waitFor(() => screen().includes('Nhập lại mã PIN'), 'the second prompt');
    tmux('send-keys', '-t', 'p', '2580', 'Enter');
    await waitFor(() => screen().includes('exit='), 'the command to end');
    const done = screen();
    expect(done, done).toContain('exit=0');
  });
});
