// Pairing, the workstation's side: one TLS-PSK handshake with the code the hub shows as a one-time
// key. ECDHE means a recording of it gives nothing to try codes against offline; someone on the
// Wi-Fi gets one guess per handshake, and the hub allows a few per code. Inside that handshake the
// hub hands this laptop its id and long-term key.
import { hostname } from 'node:os';
import { connect } from 'node:tls';
import { DomainError } from '../core/errors.js';
import { pairingKey } from '../app/hub.js';
import { encodeFrame, FrameReader } from './frames.js';
import { clientTlsOptions } from './tlsPsk.js';
import type { StationConfig } from './station.js';

export async function joinHub(address: { host: string; port: number }, code: string, name = hostname(), timeoutMs = 10_000): Promise<StationConfig> {
  const c = code.trim();
  if (!/^\d{6}$/.test(c)) throw new DomainError('err.hub.pairCode', {});
  return new Promise<StationConfig>((resolve, reject) => {
    const s = connect({ host: address.host, port: address.port, ...clientTlsOptions('pair', pairingKey(c)) });
    const reader = new FrameReader(64 * 1024);
    let failure = '';
    let done = false;
    const finish = (e: Error | null, v?: StationConfig) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      if (e) reject(e);
      else resolve(v as StationConfig);
    };
    const timer = setTimeout(() => finish(new DomainError('err.hub.unreachable', { address: `${address.host}:${address.port}` })), timeoutMs);
    s.on('secureConnect', () => s.write(encodeFrame({ t: 'join', name: name.slice(0, 40) })));
    s.on('data', (chunk: Buffer) => {
      try {
        for (const m of reader.push(chunk)) {
          if (m.t !== 'joined' || typeof m.id !== 'string' || !/^ws-[0-9a-f]{8}$/.test(m.id) || typeof m.psk !== 'string' || !/^[0-9a-f]{64}$/.test(m.psk)) {
            return finish(new DomainError('err.hub.protocol', {}));
          }
          return finish(null, { hub: `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`, id: m.id, psk: m.psk, station: String(m.station ?? ''), epoch: Number(m.epoch ?? 1), joinedAt: Date.now(), ...(typeof m.replicaPub === 'string' && /^ssh-ed25519 [A-Za-z0-9+/=]+( [\w@.-]*)?$/.test(m.replicaPub) ? { replicaPub: m.replicaPub } : {}) });
        }
      } catch {
        finish(new DomainError('err.hub.protocol', {}));
      }
    });
    s.on('error', (e: NodeJS.ErrnoException) => void (failure = e.code ?? e.message));
    s.on('close', () => {
      const refused = /PSK|BAD_RECORD_MAC|DECRYPT|HANDSHAKE_FAILURE|ECONNRESET/.test(failure);
      const where = { address: `${address.host}:${address.port}` };
      finish(refused ? new DomainError('err.hub.pairRefused', where) : new DomainError('err.hub.unreachable', where));
    });
  });
}
