// Litestream (v0.3.13, shipped by the npm package @flydotio/litestream for this platform): the
// engine that keeps the standby copies. It streams the hub's write-ahead log, page by page as it is
// committed, to a replica on each paired workstation, and restores a database from such a replica.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DomainError } from '../core/errors.js';

export function litestreamBinary(): string {
  const req = createRequire(import.meta.url);
  try {
    const bin = join(dirname(req.resolve(`@flydotio/litestream-${process.platform}-${process.arch}/package.json`)), 'litestream');
    if (existsSync(bin)) return bin;
  } catch {
    // not installed for this platform
  }
  throw new DomainError('err.hub.noLitestream', { platform: `${process.platform}-${process.arch}` });
}

export interface ReplicaSpec {
  name: string;
  /** 127.0.0.1:port of the hub's end of the tunnel to the workstation's SSH server. */
  host: string;
  user: string;
}

/** The configuration of `litestream replicate`: one SFTP replica per workstation standby. */
export function litestreamConfig(dbFile: string, keyFile: string, replicas: readonly ReplicaSpec[]): string {
  const lines = ['# written by luudong hub: one SFTP replica per paired workstation standby', 'dbs:', `  - path: ${JSON.stringify(dbFile)}`, '    replicas:'];
  for (const r of replicas) {
    lines.push(
      `      - name: ${JSON.stringify(r.name)}`,
      '        type: sftp',
      `        host: ${JSON.stringify(r.host)}`,
      `        user: ${JSON.stringify(r.user)}`,
      `        key-path: ${JSON.stringify(keyFile)}`,
      // relative to the directory the workstation's SFTP server starts in: its replica folder
      '        path: "."',
      '        sync-interval: 1s',
    );
  }
  return lines.join('\n') + '\n';
}

export interface ReplicaPosition {
  generation: string;
  /** When the newest piece of the log in the replica was written (ms), or null when it has none. */
  newestAt: number | null;
}

/** Where a local replica folder stands: its newest generation and the time of its last log segment. */
export function replicaPosition(replicaDir: string): ReplicaPosition | null {
  const r = spawnSync(litestreamBinary(), ['wal', `file://${replicaDir}`], { encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) return null;
  let best: ReplicaPosition | null = null;
  for (const line of r.stdout.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const at = Date.parse(f[5] as string);
    if (!best || (Number.isFinite(at) && at > (best.newestAt ?? 0))) best = { generation: f[1] as string, newestAt: Number.isFinite(at) ? at : null };
  }
  return best;
}

/**
 * Restore the newest state of a local replica folder into `out` (which must not exist).
 *
 * A hub that dies while its Litestream is writing a log segment to this replica leaves that last
 * segment cut short (the SFTP replica writes it in place), and Litestream's restore then stops at
 * it ("cannot download wal …: EOF"), restoring nothing. Only the newest segment of a generation can
 * be cut so: when it is not a whole LZ4 frame it is moved aside into the replica's `damaged` folder
 * (kept, never deleted) and the restore is tried again, up to the segment before it; what that
 * segment held had not been wholly copied anyway. A damaged segment anywhere else is not guessed
 * about: the restore fails with Litestream's reason.
 */
export function restoreReplica(replicaDir: string, out: string): { setAside: string[] } {
  const setAside: string[] = [];
  for (;;) {
    const r = spawnSync(litestreamBinary(), ['restore', '-o', out, `file://${replicaDir}`], { encoding: 'utf8', timeout: 300_000 });
    if (r.status === 0) return { setAside };
    const detail = (r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? '';
    const cut = setAside.length < 3 ? cutLastSegment(replicaDir) : null;
    if (!cut) throw new DomainError('err.hub.restoreFailed', { detail });
    const damaged = join(replicaDir, 'damaged');
    mkdirSync(damaged, { recursive: true, mode: 0o700 });
    const kept = join(damaged, `${Date.now()}-${cut.split('/').slice(-3).join('_')}`);
    renameSync(cut, kept);
    setAside.push(kept);
    for (const f of [out, `${out}.tmp`, `${out}-wal`, `${out}-shm`]) rmSync(f, { force: true });
  }
}

/** The newest log segment of the newest generation, when it is not a whole LZ4 frame. */
function cutLastSegment(replicaDir: string): string | null {
  const gens = join(replicaDir, 'generations');
  const list = (d: string) => {
    try {
      return readdirSync(d).sort();
    } catch {
      return [];
    }
  };
  const newest = list(gens)
    .map((g) => ({ g, at: statSync(join(gens, g)).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0];
  if (!newest) return null;
  // Segments are wal/<index>_<offset>.wal.lz4 (v0.3.13), or wal/<index>/<offset>.wal.lz4 in older
  // replicas: names of fixed-width hex, so the last by name is the newest.
  const wal = join(gens, newest.g, 'wal');
  const all = list(wal).flatMap((x) => (x.endsWith('.wal.lz4') ? [join(wal, x)] : /^[0-9a-f]+$/i.test(x) ? list(join(wal, x)).filter((y) => y.endsWith('.wal.lz4')).map((y) => join(wal, x, y)) : []));
  const file = all.sort((a, b) => (a.slice(wal.length) < b.slice(wal.length) ? -1 : 1)).at(-1);
  if (!file) return null;
  return lz4Whole(readFileSync(file)) ? null : file;
}

/**
 * Is `b` whole LZ4 frames (the format of Litestream's segments), ending exactly at its last byte?
 * Walks each frame's header, its blocks by their sizes and its end mark; checksums are not checked
 * (a segment cut short fails the walk; Litestream checks the rest when it restores).
 */
export function lz4Whole(b: Buffer): boolean {
  let p = 0;
  if (b.length === 0) return false;
  while (p < b.length) {
    if (p + 7 > b.length || b.readUInt32LE(p) !== 0x184d2204) return false;
    const flg = b[p + 4] as number;
    if (flg >> 6 !== 1) return false; // version 01
    const blockSum = (flg >> 4) & 1;
    const contentSize = (flg >> 3) & 1;
    const contentSum = (flg >> 2) & 1;
    const dict = flg & 1;
    p += 4 + 2 + (contentSize ? 8 : 0) + (dict ? 4 : 0) + 1;
    for (;;) {
      if (p + 4 > b.length) return false;
      const raw = b.readUInt32LE(p);
      p += 4;
      if (raw === 0) break;
      p += (raw & 0x7fffffff) + (blockSum ? 4 : 0);
      if (p > b.length) return false;
    }
    p += contentSum ? 4 : 0;
    if (p > b.length) return false;
  }
  return p === b.length;
}
