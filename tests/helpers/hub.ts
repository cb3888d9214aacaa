// A real hub process (the built CLI's `hub serve`) on loopback, its own data folder, and
// workstations paired with it the way an operator pairs them (`hub pair` on the hub, `hub join`
// on the workstation), each with a folder of its own.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, ensureBuilt } from './build.js';

export interface HubProc {
  proc: ChildProcess;
  port: number;
  address: string;
  db: string;
  log: () => string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

const env = (extra: Record<string, string> = {}) => ({ ...process.env, LUUDONG_LANG: '', ...extra });

export function cli(db: string, args: string[], extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, '--db', db, ...args], { encoding: 'utf8', env: env(extra) });
}

/** Start `luudong hub serve` on the database `db`; resolves once it listens. */
export async function startHub(db: string, port = 0, extraArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<HubProc> {
  ensureBuilt();
  mkdirSync(join(db, '..'), { recursive: true });
  const proc = spawn(process.execPath, [BIN, '--db', db, '--json', ...extraArgs, 'hub', 'serve', '--listen', `127.0.0.1:${port}`], { env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const listening = await new Promise<{ port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${err}`)), 20_000);
    proc.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ port: Number((JSON.parse(line) as { listening: string }).listening.split(':')[1]) });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited ${code}: ${err}`));
    });
  });
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  return {
    proc,
    port: listening.port,
    address: `127.0.0.1:${listening.port}`,
    db,
    log: () => err,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Pair a workstation whose folder is `dir` (its --db lives there, unused: the folder is what counts). */
export function pairWorkstation(hub: { db: string; address: string }, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const p = cli(hub.db, ['--json', 'hub', 'pair']);
  if (p.status !== 0) throw new Error(`hub pair: ${p.stderr}`);
  const { code } = JSON.parse(p.stdout) as { code: string };
  const j = cli(join(dir, 'station.db'), ['--json', 'hub', 'join', hub.address], { LUUDONG_PAIR_CODE: code });
  if (j.status !== 0) throw new Error(`hub join: ${j.stderr}`);
  return (JSON.parse(j.stdout) as { workstation: string }).workstation;
}

/** The rows a query gives on a database file, read-only (the hub's, to check what it recorded). */
export function dbRows<T>(file: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}
