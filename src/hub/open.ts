// Opening a workstation's app: its folder's hub.json says which hub and with which key; the link
// comes up (or the hub is said to be unreachable or refusing), and the numbers the hub gives are
// recorded in the folder as they are seen.
import { DomainError } from '../core/errors.js';
import type { Lang } from '../core/lang.js';
import { SeenNumbers } from '../store/seen.js';
import { HubLink } from './link.js';
import type { Role } from './protocol.js';
import { RemoteLuudong } from './remote.js';
import { RemotePrintSpool } from './remoteSpool.js';
import { parseAddress, readStation, seenFile, writeStation } from './station.js';

export interface OpenRemoteOptions {
  /** The workstation's folder (hub.json, seen.db). */
  dir: string;
  /** Another address than the one paired with (e.g. a promoted hub's). */
  address?: string;
  role: Role;
  lang: Lang;
  operator?: string | null;
  keepAlive?: boolean;
  callTimeoutMs?: number;
  /** A standby says where its endpoint is: "user@port" (the hub takes the host from the link). */
  standby?: string;
  /** A standby keeps the vehicle's key the hub hands it. */
  onVehicleKey?: (pem: string) => void;
}

export function openRemote(o: OpenRemoteOptions): RemoteLuudong {
  const cfg = readStation(o.dir);
  if (!cfg) throw new DomainError('err.hub.notJoined', {});
  const address = parseAddress(o.address ?? cfg.hub);
  const seen = new SeenNumbers(seenFile(o.dir));
  const link = new HubLink({
    host: address.host,
    port: address.port,
    identity: cfg.id,
    key: Buffer.from(cfg.psk, 'hex'),
    hello: { role: o.role, lang: o.lang, operator: o.operator ?? null, ...(o.standby ? { standby: o.standby } : {}) },
    epoch: cfg.epoch,
    ...(o.keepAlive ? { keepAlive: true } : {}),
    ...(o.callTimeoutMs ? { callTimeoutMs: o.callTimeoutMs } : {}),
  });
  let app: RemoteLuudong;
  try {
    app = new RemoteLuudong({ link, lang: o.lang, folder: o.dir, onMarks: (m, last) => seen.record(m, last), ...(o.onVehicleKey ? { onVehicleKey: o.onVehicleKey } : {}) });
  } catch (e) {
    seen.close();
    throw e;
  }
  // A newer hub (after a promotion): remember it, and refuse older ones from now on.
  if (app.epoch > cfg.epoch || app.station !== cfg.station) writeStation(o.dir, { ...cfg, epoch: Math.max(cfg.epoch, app.epoch), station: app.station, ...(o.address ? { hub: o.address } : {}) });
  return app;
}

/** A workstation's print worker's spool: the hub's, through a link of its own (role 'worker', no operator). */
export function openRemoteSpool(o: { dir: string; address?: string; lang: Lang; onChange: () => void; callTimeoutMs?: number }): { spool: RemotePrintSpool; workstation: string; link: HubLink } {
  const cfg = readStation(o.dir);
  if (!cfg) throw new DomainError('err.hub.notJoined', {});
  const address = parseAddress(o.address ?? cfg.hub);
  const link = new HubLink({
    host: address.host,
    port: address.port,
    identity: cfg.id,
    key: Buffer.from(cfg.psk, 'hex'),
    hello: { role: 'worker', lang: o.lang, operator: null },
    epoch: cfg.epoch,
    keepAlive: true,
    ...(o.callTimeoutMs ? { callTimeoutMs: o.callTimeoutMs } : {}),
  });
  let welcome: Record<string, unknown> | undefined;
  const off = link.on((e) => {
    if (e.kind === 'welcome') welcome ??= e.msg;
  });
  link.connect();
  link.drain();
  off();
  if (!welcome) throw new DomainError('err.hub.unreachable', {});
  const workstation = typeof welcome.workstation === 'string' ? welcome.workstation : cfg.id;
  const spool = new RemotePrintSpool(link, typeof welcome.now === 'number' ? welcome.now : Date.now(), process.pid, o.onChange, workstation);
  return { spool, workstation, link };
}
