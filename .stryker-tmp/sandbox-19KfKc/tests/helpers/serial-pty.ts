// @ts-nocheck
// A scanner's serial line for tests: a real PTY pair made by socat, the end the app opens and the end
// the "scanner" writes to.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A PTY pair: `app` is the scanner's device for the driver, `wire` the end the "scanner" writes to. */
export async function ptyPair(dir: string): Promise<{ app: string; wire: string; socat: ChildProcess }> {
  const app = join(dir, 'scanner');
  const wire = join(dir, 'wire');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${app}`, `pty,raw,echo=0,link=${wire}`], { stdio: 'ignore' });
  const until = Date.now() + 5000;
  while (!(existsSync(app) && existsSync(wire))) {
    if (Date.now() > until) throw new Error('socat did not make the PTY pair');
    await new Promise((r) => setTimeout(r, 10));
  }
  return { app, wire, socat };
}

export function send(wire: string, ...chunks: (string | Uint8Array)[]): void {
  const fd = openSync(wire, 'w');
  for (const c of chunks) writeSync(fd, typeof c === 'string' ? Buffer.from(c) : c);
  closeSync(fd);
}

export async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

