// A workstation's standby (`luudong hub standby`) as a real process: its SSH server, its endpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ensureBuilt } from './build.js';

export interface StandbyProc {
  proc: ChildProcess;
  port: number;
  chroot: boolean;
  replica: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Start a long-running CLI command that prints one JSON line when ready; resolves with that line. */
export async function startJsonProcess(args: string[], env: Record<string, string> = {}, wait = (o: Record<string, unknown>) => true): Promise<{ proc: ChildProcess; first: Record<string, unknown>; lines: () => Record<string, unknown>[]; log: () => string; exited: Promise<number | null> }> {
  ensureBuilt();
  const proc = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LUUDONG_LANG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const lines: Record<string, unknown>[] = [];
  proc.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (c) => r(c)));
  const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')}: not ready: ${err}`)), 60_000);
    proc.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      let i;
      while ((i = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, i);
        out = out.slice(i + 1);
        if (!line.startsWith('{')) continue;
        const o = JSON.parse(line) as Record<string, unknown>;
        lines.push(o);
        if (wait(o)) {
          clearTimeout(timer);
          resolve(o);
        }
      }
    });
    void exited.then((c) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited ${c}: ${err}`));
    });
  });
  return { proc, first, lines: () => lines, log: () => err, exited };
}

export async function startStandby(dir: string): Promise<StandbyProc> {
  const p = await startJsonProcess(['--db', join(dir, 'station.db'), '--json', 'hub', 'standby', '--listen', '127.0.0.1:0']);
  return {
    proc: p.proc,
    port: Number(String(p.first.standby).split(':').pop()),
    chroot: p.first.chroot === true,
    replica: String(p.first.replica),
    log: p.log,
    stop: async () => {
      p.proc.kill('SIGTERM');
      await p.exited;
    },
  };
}
