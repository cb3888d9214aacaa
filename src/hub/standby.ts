// `luudong hub standby` on a workstation: keeps the standby copy of the hub's database. Runs an SSH
// server of its own (Debian's openssh-server) that listens on loopback only, takes only the hub's key,
// allows only SFTP and (run as root) is chrooted to the replica folder; and an endpoint on the LAN
// that the hub reaches with TLS-PSK (this laptop's own key): a tunnel to that SSH server for the
// hub's Litestream, and the numbers this workstation has seen, for a promotion.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { connect as netConnect, createServer as netServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import { userMessage, type Translate } from '../i18n/index.js';
import { SeenNumbers } from '../store/seen.js';
import { installVehicleKey } from '../store/vehicleKey.js';
import { encodeFrame, FrameReader } from './frames.js';
import { replicaPosition } from './litestream.js';
import { openRemote } from './open.js';
import type { RemoteLuudong } from './remote.js';
import { parseAddress, readStation, seenFile } from './station.js';
import { serverTlsOptions } from './tlsPsk.js';

export const STANDBY_PORT = 7421;

export interface StandbyPaths {
  /** sshd's configuration, host key, authorized key, pid */
  dir: string;
  /** The chroot: root-owned, holding the replica folder. */
  root: string;
  /** Where Litestream writes the copy. */
  replica: string;
  /**
   * Not a file: the name whose keys/ folder (src/store/vehicleKey.ts keyFile) holds the vehicle's key
   * the hub hands this standby, outside the chroot the hub's SFTP writes into.
   */
  keyHome: string;
}

export function standbyPaths(stationDir: string): StandbyPaths {
  const dir = join(stationDir, 'standby');
  const root = join(dir, 'root');
  return { dir, root, replica: join(root, 'replica'), keyHome: join(dir, 'copy.db') };
}

/** sshd chroots only into a path whose every folder is root's and writable by no one else. */
function chrootable(path: string): boolean {
  if (process.getuid?.() !== 0) return false;
  for (let p = path; ; p = dirname(p)) {
    try {
      const st = statSync(p);
      if (st.uid !== 0 || (st.mode & 0o022) !== 0) return false;
    } catch {
      return false;
    }
    if (p === dirname(p)) return true;
  }
}

async function freeLoopbackPort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Write sshd's files for the standby; returns its configuration file and whether it is chrooted. */
export function prepareSshd(p: StandbyPaths, hubPub: string, port: number): { config: string; chroot: boolean; user: string } {
  mkdirSync(p.replica, { recursive: true });
  chmodSync(p.dir, 0o755);
  chmodSync(p.root, 0o755);
  const hostKey = join(p.dir, 'ssh_host_ed25519_key');
  if (!existsSync(hostKey)) {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'luudong-standby', '-f', hostKey], { encoding: 'utf8' });
    if (r.status !== 0) throw new DomainError('err.hub.sshd', { detail: `ssh-keygen: ${r.stderr || r.error?.message}` });
  }
  const auth = join(p.dir, 'authorized_keys');
  // The hub's key may do nothing but SFTP (restrict: no forwarding, no terminal, no agent).
  writeFileSync(auth, `restrict ${hubPub.trim()}\n`, { mode: 0o600 });
  const user = userInfo().username;
  const chroot = chrootable(p.root);
  const config = join(p.dir, 'sshd_config');
  const lines = [
    '# written by luudong hub standby: the standby copy of the hub database, nothing else',
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(p.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${auth}`,
    'AuthenticationMethods publickey',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    `AllowUsers ${user}`,
    ...(user === 'root' ? ['PermitRootLogin prohibit-password'] : []),
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PermitTTY no',
    'PermitTunnel no',
    'Subsystem sftp internal-sftp',
    ...(chroot ? [`ChrootDirectory ${p.root}`, 'ForceCommand internal-sftp -d /replica'] : [`ForceCommand internal-sftp -d ${p.replica}`]),
  ];
  writeFileSync(config, lines.join('\n') + '\n', { mode: 0o600 });
  return { config, chroot, user };
}

export interface StandbyOptions {
  dir: string;
  listen: string;
  lang: Lang;
  t: Translate;
  json: boolean;
}

export async function runStandby(o: StandbyOptions): Promise<number> {
  const { t } = o;
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const cfg = readStation(o.dir);
  try {
    if (!cfg) throw new DomainError('err.hub.notJoined', {});
    if (!cfg.replicaPub) throw new DomainError('err.hub.noReplicaKey', {});
  } catch (e) {
    process.stderr.write(t('cli.error', { text: userMessage(t, e) }) + '\n');
    return 1;
  }
  const paths = standbyPaths(o.dir);
  const listen = parseAddress(o.listen, STANDBY_PORT, true);
  const sshPort = await freeLoopbackPort();
  let sshd: ChildProcess | null = null;
  let stopping = false;
  const startSshd = (config: string) => {
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    sshd = child;
    child.stderr?.on('data', (b: Buffer) => {
      for (const line of b.toString().split('\n')) if (line.trim() && !/^(Accepted|Received disconnect|Disconnected|Server listening|Connection closed)/.test(line.trim())) log(`sshd: ${line.trim()}`);
    });
    child.on('error', (e) => log(`sshd: ${e.message}`));
    child.on('exit', (code) => {
      if (stopping) return;
      log(`sshd exited (${code}); starting it again`);
      setTimeout(() => startSshd(config), 2000);
    });
  };
  let prepared: { config: string; chroot: boolean; user: string };
  try {
    prepared = prepareSshd(paths, cfg.replicaPub, sshPort);
    // sshd's privilege separation folder, which the system's ssh service makes at its start (/run is
    // emptied at each boot): made here when this runs as root, as Debian's init script does; its
    // check below fails without it.
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const test = spawnSync('/usr/sbin/sshd', ['-t', '-f', prepared.config], { encoding: 'utf8' });
    if (test.status !== 0) throw new DomainError('err.hub.sshd', { detail: (test.stderr || test.error?.message || '').trim() });
  } catch (e) {
    process.stderr.write(t('cli.error', { text: userMessage(t, e) }) + '\n');
    return 1;
  }
  startSshd(prepared.config);

  const seen = new SeenNumbers(seenFile(o.dir));
  const psk = Buffer.from(cfg.psk, 'hex');
  // Only the hub, proving this laptop's own key, gets in.
  const server = createServer({ ...serverTlsOptions((identity) => (identity === 'hub' ? psk : null)), handshakeTimeout: 5000 }, (s: TLSSocket) => {
    const reader = new FrameReader(4096);
    const onData = (b: Buffer) => {
      let m: Record<string, unknown> | undefined;
      try {
        m = reader.push(b)[0];
      } catch {
        s.destroy();
        return;
      }
      if (!m) return;
      s.off('data', onData);
      if (m.t === 'tunnel') {
        const up = netConnect(sshPort, '127.0.0.1', () => {
          s.write(encodeFrame({ t: 'ok' }));
          const rest = reader.rest();
          if (rest.length) up.write(rest);
          s.pipe(up).pipe(s);
        });
        up.on('error', () => s.destroy());
        s.on('close', () => up.destroy());
        up.on('close', () => s.destroy());
      } else if (m.t === 'marks') {
        let position = null;
        try {
          position = replicaPosition(paths.replica);
        } catch {
          position = null;
        }
        s.end(encodeFrame({ t: 'marks', marks: seen.all(), last: seen.last() ?? null, replica: position }));
      } else s.destroy();
    };
    s.on('data', onData);
    s.on('error', () => undefined);
  });
  server.on('tlsClientError', (e, s) => log(`refused ${s.remoteAddress ?? '?'}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => resolve());
    });
  } catch (e) {
    stopping = true;
    (sshd as ChildProcess | null)?.kill('SIGTERM');
    process.stderr.write(t('cli.error', { text: t('err.hub.listen', { address: o.listen, detail: (e as Error).message }) }) + '\n');
    return 1;
  }
  const port = (server.address() as { port: number }).port;

  // The link to the hub, as a standby: it says where this endpoint is, and records what is pushed.
  let remote: RemoteLuudong | null = null;
  const connectHub = () => {
    if (stopping) return;
    try {
      remote = openRemote({
        dir: o.dir,
        role: 'standby',
        lang: o.lang,
        keepAlive: true,
        standby: `${prepared.user}@${port}`,
        onVehicleKey: (pem) => {
          try {
            installVehicleKey(paths.keyHome, pem);
          } catch (e) {
            log(`the vehicle's key from the hub could not be kept: ${userMessage(t, e)}`);
          }
        },
      });
      log(`linked to the hub ${remote.station} (epoch ${remote.epoch})`);
    } catch (e) {
      log(`hub not reachable (${e instanceof DomainError ? e.code : (e as Error).message}); trying again`);
      setTimeout(connectHub, 3000);
    }
  };
  connectHub();
  const line = o.json
    ? JSON.stringify({ standby: `${listen.host}:${port}`, ssh: `127.0.0.1:${sshPort}`, chroot: prepared.chroot, replica: paths.replica, pid: process.pid })
    : t('hub.standbyUp', { address: `${listen.host}:${port}`, replica: paths.replica });
  process.stdout.write(line + '\n');
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  stopping = true;
  (remote as RemoteLuudong | null)?.close();
  server.close();
  (sshd as ChildProcess | null)?.kill('SIGTERM');
  seen.close();
  // A link or tunnel still closing must not keep a stopped service alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
  return 0;
}
