// The centre's TLS certificate: self-signed, made once with the openssl command line (Debian's
// `openssl`; Node's crypto makes keys but not X.509 certificates), an ECDSA P-256 key, ten years.
// Vehicles do not trust it through any authority: each pins its SHA-256 fingerprint at enrolment
// (given by the centre's staff with the enrolment code), so a certificate made anywhere else is refused.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.js';
import { normalizeFingerprint } from '../../core/sync.js';

export const CERT_FILE = 'centre-cert.pem';
export const KEY_FILE = 'centre-key.pem';

export function certFingerprint(pem: string | Buffer): string {
  return normalizeFingerprint(new X509Certificate(pem).fingerprint256) as string;
}

/** Make the key and certificate in `dir` for these host names or addresses; never over existing ones. */
export function makeCertificate(dir: string, names: readonly string[]): { cert: string; key: string; fingerprint: string } {
  const cert = join(dir, CERT_FILE);
  const key = join(dir, KEY_FILE);
  if (existsSync(cert) || existsSync(key)) throw new DomainError('err.centre.certExists', { dir });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const san = (names.length ? names : ['localhost', '127.0.0.1']).map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '3650', '-subj', '/O=luudong/CN=luudong-centre', '-addext', `subjectAltName=${san}`],
    { encoding: 'utf8' },
  );
  if (r.error || r.status !== 0) throw new DomainError('err.centre.openssl', { detail: (r.error?.message ?? r.stderr ?? '').trim().slice(0, 300) });
  chmodSync(key, 0o600);
  return { cert, key, fingerprint: certFingerprint(readFileSync(cert)) };
}
