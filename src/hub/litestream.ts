// Litestream (v0.3.13, shipped by the npm package @flydotio/litestream for this platform): the
// engine that keeps the standby copies. It streams the hub's write-ahead log, page by page as it is
// committed, to a replica on each paired workstation, and restores a database from such a replica.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** Restore the newest state of a local replica folder into `out` (which must not exist). */
export function restoreReplica(replicaDir: string, out: string): void {
  const r = spawnSync(litestreamBinary(), ['restore', '-o', out, `file://${replicaDir}`], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new DomainError('err.hub.restoreFailed', { detail: (r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? '' });
}
