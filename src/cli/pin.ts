// A PIN for the command line: from LUUDONG_PIN (scripts, the print worker's service), or typed at
// the terminal without echo. Never an option: options show in `ps` and the shell's history.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { escapeTerminal } from '../core/text.js';

export function readPin(prompt: string, envName: string | null = 'LUUDONG_PIN'): string | null {
  const fromEnv = envName === null ? undefined : process.env[envName];
  if (fromEnv !== undefined) return fromEnv.trim();
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return null; // no terminal (a script, CI): the caller says how to give it
  }
  try {
    writeSync(fd, escapeTerminal(prompt)); // the name in it is as typed on the command line
    spawnSync('stty', ['-echo'], { stdio: [fd, 'ignore', 'ignore'] });
    const buf = Buffer.alloc(64);
    let s = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      s += buf.subarray(0, n).toString('utf8');
      if (s.includes('\n')) break;
    }
    return s.split('\n')[0]?.trim() ?? '';
  } finally {
    spawnSync('stty', ['echo'], { stdio: [fd, 'ignore', 'ignore'] });
    writeSync(fd, '\n');
    closeSync(fd);
  }
}
