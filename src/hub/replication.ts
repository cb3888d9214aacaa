// The hub's side of the standby copies. Litestream streams the database's write-ahead log to an
// SFTP replica on each paired workstation that runs a standby (`luudong hub standby`). Litestream
// v0.3.13 does not check an SFTP server's host key, and the bus Wi-Fi may be open: so its SFTP
// connections never go over the LAN as they are. Each goes to a port on the hub's loopback, and from
// there through a TLS-PSK tunnel authenticated with that workstation's own key to its standby,
// which hands it to an SSH server listening on its loopback only. A laptop pretending to be a
// workstation gets nothing; the hub's SSH key alone opens nothing from the LAN.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import type { HubDesk } from '../app/hub.js';
import { encodeFrame, FrameReader } from './frames.js';
import { litestreamBinary, litestreamConfig, type ReplicaSpec } from './litestream.js';
import { clientTlsOptions } from './tlsPsk.js';

/** An ed25519 key pair for Litestream's SFTP logins, made by OpenSSH's ssh-keygen. */
export function makeReplicaKeys(): { key: string; pub: string } {
  const dir = mkdtempSync(join(tmpdir(), 'luudong-key-'));
  try {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'luudong-hub', '-f', join(dir, 'k')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr || r.error?.message}`);
    return { key: readFileSync(join(dir, 'k'), 'utf8'), pub: readFileSync(join(dir, 'k.pub'), 'utf8').trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Open a tunnel to a workstation's standby: TLS-PSK with its key, then raw bytes to its SSH server. */
export function openTunnel(target: { host: string; port: number }, psk: Buffer, onReady: (s: Socket) => void, onFail: () => void): void {
  const s = connect({ host: target.host, port: target.port, ...clientTlsOptions('hub', psk) });
  const reader = new FrameReader(4096);
  let ready = false;
  const timer = setTimeout(() => s.destroy(), 5000);
  s.on('secureConnect', () => s.write(encodeFrame({ t: 'tunnel' })));
  const onData = (b: Buffer) => {
    try {
      const msgs = reader.push(b);
      if (msgs[0]?.t !== 'ok') return;
    } catch {
      s.destroy();
      return;
    }
    ready = true;
    clearTimeout(timer);
    s.off('data', onData);
    const rest = reader.rest();
    if (rest.length) s.unshift(rest);
    onReady(s);
  };
  s.on('data', onData);
  s.on('error', () => undefined);
  s.on('close', () => {
    clearTimeout(timer);
    if (!ready) onFail();
  });
}

interface Forward {
  key: string;
  server: Server;
  port: number;
}

export interface ReplicationOptions {
  desk: HubDesk;
  dbFile: string;
  /** The hub's folder, for Litestream's key and configuration. */
  dir: string;
  log: (line: string) => void;
  /** Litestream owns checkpointing from now on (true), or no longer (false). */
  onReplicated?: (on: boolean) => void;
}

/** Litestream and its tunnels, rebuilt when the workstations' standbys change. */
export class Replication {
  private forwards = new Map<string, Forward>();
  private child: ChildProcess | null = null;
  private config = '';
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly keyFile: string;
  private readonly configFile: string;
  private readonly pidFile: string;
  private bin: string | null = null;

  constructor(private readonly o: ReplicationOptions) {
    this.keyFile = join(o.dir, 'hub-replica.key');
    this.configFile = join(o.dir, 'litestream.yml');
    this.pidFile = join(o.dir, 'litestream.pid');
  }

  /** Set up what the standbys need now, and follow changes from then on (`update`). */
  async start(): Promise<void> {
    try {
      this.bin = litestreamBinary();
    } catch (e) {
      this.o.log(`standby copies off: ${(e as Error).message}`);
      return;
    }
    let keys: { key: string; pub: string };
    try {
      keys = this.o.desk.replicaKeys(makeReplicaKeys);
    } catch (e) {
      this.o.log(`standby copies off: ${(e as Error).message}`);
      this.bin = null;
      return;
    }
    writeFileSync(this.keyFile, keys.key, { mode: 0o600 });
    await this.endOrphan();
    await this.update();
  }

  /** The workstations with a standby: tunnels for each, and Litestream restarted when they changed. */
  async update(): Promise<void> {
    if (!this.bin || this.stopped) return;
    // Not to itself: a promoted workstation was one of them.
    const self = this.o.desk.identity().station;
    const ws = this.o.desk.workstations().filter((w) => w.revokedAt === null && w.standby && w.id !== self);
    const specs: ReplicaSpec[] = [];
    const keep = new Set<string>();
    for (const w of ws) {
      const m = /^([a-z_][a-z0-9_-]{0,31})@(.+):(\d{1,5})$/.exec(w.standby as string);
      if (!m) continue;
      const key = `${w.id}|${w.standby}`;
      keep.add(key);
      let f = this.forwards.get(key);
      if (!f) {
        const target = { host: (m[2] as string).replace(/^\[|\]$/g, ''), port: Number(m[3]) };
        const server = createServer((local) => {
          local.pause();
          openTunnel(
            target,
            w.psk,
            (remote) => {
              local.pipe(remote).pipe(local);
              local.resume();
              local.on('close', () => remote.destroy());
              remote.on('close', () => local.destroy());
              local.on('error', () => undefined);
            },
            () => local.destroy(),
          );
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        f = { key, server, port: (server.address() as { port: number }).port };
        this.forwards.set(key, f);
      }
      specs.push({ name: w.id, host: `127.0.0.1:${f.port}`, user: m[1] as string });
    }
    for (const [key, f] of this.forwards) {
      if (!keep.has(key)) {
        f.server.close();
        this.forwards.delete(key);
      }
    }
    const config = litestreamConfig(this.o.dbFile, this.keyFile, specs);
    if (config === this.config && (this.child || specs.length === 0)) return;
    this.config = config;
    await this.stopChild();
    this.o.desk.setReplicated(specs.length > 0);
    this.o.onReplicated?.(specs.length > 0);
    if (specs.length === 0) return;
    writeFileSync(this.configFile, config, { mode: 0o600 });
    this.spawnChild();
  }

  /**
   * A hub that was killed leaves its Litestream running: two on one database would write the same
   * replicas. The one this folder's pid file names, if it is still Litestream on this configuration,
   * is stopped first.
   */
  private async endOrphan(): Promise<void> {
    let pid: number;
    try {
      pid = Number(readFileSync(this.pidFile, 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 1) return;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('replicate') || !cmd.includes(this.configFile)) return;
    } catch {
      return;
    }
    this.o.log(`stopping the litestream (pid ${pid}) a previous hub left running`);
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 100; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }

  private spawnChild(): void {
    if (this.stopped || !this.bin) return;
    const child = spawn(this.bin, ['replicate', '-config', this.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    if (child.pid) writeFileSync(this.pidFile, String(child.pid), { mode: 0o600 });
    const relay = (b: Buffer) => {
      for (const line of b.toString().split('\n')) if (/level=(WARN|ERROR)|error/i.test(line)) this.o.log(`litestream: ${line.trim()}`);
    };
    child.stdout?.on('data', relay);
    child.stderr?.on('data', relay);
    this.o.log(`standby copies: litestream replicating to ${this.forwards.size} workstation(s)`);
    child.on('exit', (code) => {
      if (this.child !== child) return;
      this.child = null;
      if (this.stopped) return;
      this.o.log(`litestream exited (${code}); starting it again`);
      this.restartTimer = setTimeout(() => this.spawnChild(), 2000);
    });
  }

  private async stopChild(): Promise<void> {
    const c = this.child;
    if (!c) return;
    this.child = null;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.stopChild();
    for (const f of this.forwards.values()) f.server.close();
    this.forwards.clear();
  }
}
