// A workstation's own folder: hub.json (which hub, this laptop's id and long-term key, the highest
// hub epoch seen) and seen.db (./store/seen.ts). Owner-only, like the database.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../core/errors.js';

export interface StationConfig {
  /** host:port of the hub */
  hub: string;
  /** This workstation's id: its TLS-PSK identity. */
  id: string;
  /** Its long-term key, hex. */
  psk: string;
  /** The hub's station id and the highest epoch seen. */
  station: string;
  epoch: number;
  joinedAt: number;
  /** The hub's SSH public key, which may write this laptop's standby copy (`hub standby`). */
  replicaPub?: string;
}

export const configFile = (dir: string) => join(dir, 'hub.json');
export const seenFile = (dir: string) => join(dir, 'seen.db');

export function readStation(dir: string): StationConfig | undefined {
  const file = configFile(dir);
  if (!existsSync(file)) return undefined;
  let c: StationConfig;
  try {
    c = JSON.parse(readFileSync(file, 'utf8')) as StationConfig;
  } catch (e) {
    throw new DomainError('err.hub.config', { file, detail: (e as Error).message });
  }
  if (typeof c.hub !== 'string' || !/^ws-[0-9a-f]{8}$/.test(c.id) || !/^[0-9a-f]{64}$/.test(c.psk) || typeof c.epoch !== 'number') {
    throw new DomainError('err.hub.config', { file, detail: 'hub, id, psk, epoch' });
  }
  return c;
}

export function writeStation(dir: string, c: StationConfig): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = configFile(dir);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** host:port (IPv6 in brackets), with the default port; port 0 (any free one) only to listen on. */
export function parseAddress(text: string, defaultPort = HUB_PORT, listen = false): { host: string; port: number } {
  const t = text.trim();
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(t) ?? /^([^:\s]+)(?::(\d{1,5}))?$/.exec(t);
  const port = m?.[2] ? Number(m[2]) : defaultPort;
  if (!m || !m[1] || port < (listen ? 0 : 1) || port > 65535) throw new DomainError('err.hub.address', { value: text });
  return { host: m[1], port };
}

/** The hub's TCP port unless told otherwise. */
export const HUB_PORT = 7420;
