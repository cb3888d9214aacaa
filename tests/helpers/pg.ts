// A real, throwaway PostgreSQL cluster for the centre's tests: initdb in a temporary folder and a
// postmaster listening only on a Unix socket in that folder (no TCP port to collide with anyone's).
// PostgreSQL refuses to run as root: as root the cluster is made and run by the `postgres` account
// (runuser), otherwise by the current user.
//
// One cluster per test run: the first test file that asks starts it (a lock folder keeps two forks
// from both starting one), later files reuse it, and the global teardown (tests/helpers/pg-global.ts)
// stops it. Each test file gets a database of its own, so files never see each other's rows.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where the cluster of this test run lives: named after the vitest main process (a fork's parent). */
export function clusterDir(runPid = Number(process.env.LUUDONG_TEST_RUN_PID || process.ppid)): string {
  return join(tmpdir(), `luudong-pg-${runPid}`);
}

/** The folder of PostgreSQL's programs: LUUDONG_PG_BIN, else the newest Debian install. */
export function pgBin(): string {
  if (process.env.LUUDONG_PG_BIN) return process.env.LUUDONG_PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('PostgreSQL is not installed (apt-get install postgresql; scripts/setup.sh does it)');
  return join(base, versions[0], 'bin');
}

const asRoot = () => process.getuid?.() === 0;

/** Run one of PostgreSQL's programs as the account that owns the cluster. */
function pgRun(program: string, args: string[]): void {
  const cmd = join(pgBin(), program);
  const r = asRoot() ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

export interface Cluster {
  dir: string;
  /** A connection URL to a database of the cluster (the socket folder as host). */
  url(db: string): string;
}

const PORT = 5432; // only names the socket file: the cluster listens on no TCP port

function urlFor(dir: string, db: string): string {
  return `postgresql://postgres@${encodeURIComponent(dir)}:${PORT}/${db}`;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The cluster of this run, started on first use. */
export function cluster(): Cluster {
  const dir = clusterDir();
  const ready = join(dir, 'ready');
  const lock = join(`${dir}.lock`);
  for (let waited = 0; !existsSync(ready); waited += 100) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // another test file is starting it
    }
    if (mine) {
      try {
        if (!existsSync(ready)) start(dir);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    if (waited > 60_000) throw new Error(`the test cluster in ${dir} did not start`);
    sleep(100);
  }
  return { dir, url: (db) => urlFor(dir, db) };
}

function start(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { mode: 0o700 });
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  // --no-sync and fsync=off: a test cluster that dies with the machine is simply made again.
  pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
  const opts = `-k ${dir} -c listen_addresses='' -p ${PORT} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB`;
  pgRun('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'postgres.log'), '-o', opts]);
  writeFileSync(join(dir, 'ready'), String(Date.now()));
}

/** Stop the cluster of a run and remove it (the global teardown). */
export function stopCluster(dir: string): void {
  if (!existsSync(join(dir, 'data'))) return;
  try {
    pgRun('pg_ctl', ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w']);
  } catch {
    // already gone
  }
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh, empty database in the run's cluster, for one test file. */
export async function freshDatabase(prefix = 'centre'): Promise<string> {
  const c = cluster();
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: c.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return c.url(name);
}

/** The postmaster's log, for a failing test's message. */
export function clusterLog(): string {
  try {
    return readFileSync(join(clusterDir(), 'postgres.log'), 'utf8');
  } catch {
    return '';
  }
}
