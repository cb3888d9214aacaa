// The vehicle's LAN transport: TLS 1.2 with ECDHE-PSK. Both ends prove they hold the same 256-bit
// key without certificates (the bus Wi-Fi may be open to citizens: a laptop that has not been
// paired cannot even finish the handshake), and the ephemeral ECDH gives forward secrecy: a
// recording of today's traffic stays closed even if a key leaks later. TLS 1.3 would be preferable
// but Node's TLS 1.3 does not take external PSKs, hence 1.2 with an AEAD cipher.
// The identity sent in the clear is the workstation's id (or 'pair' during pairing): no secret.
import type { ConnectionOptions, PSKCallbackNegotation, TlsOptions } from 'node:tls';

export const PSK_CIPHERS = 'ECDHE-PSK-CHACHA20-POLY1305';

/** What the server knows of an identity: its key, or nothing (the handshake then fails). */
export type PskLookup = (identity: string, socket: object) => Buffer | null;

export function serverTlsOptions(lookup: PskLookup): TlsOptions {
  return {
    ciphers: PSK_CIPHERS,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
    // Node asks for a certificate unless told that PSK is all there is.
    pskCallback: (socket, identity) => {
      if (typeof identity !== 'string' || identity.length > 64) return null;
      const key = lookup(identity, socket);
      return key ?? null;
    },
    pskIdentityHint: 'luudong',
  } as TlsOptions;
}

export function clientTlsOptions(identity: string, key: Buffer): ConnectionOptions {
  return {
    ciphers: PSK_CIPHERS,
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
    pskCallback: (): PSKCallbackNegotation => ({ identity, psk: key }),
    // There is no certificate to check: the key is the proof (a wrong one fails the Finished MAC).
    checkServerIdentity: () => undefined,
  };
}
