// The vehicle's HTTPS link to the centre (node:https). The centre's certificate is pinned: the
// connection trusts exactly the certificate kept at enrolment (as its only authority) and checks its
// SHA-256 fingerprint instead of a host name, so a centre reached through any address works and no
// other certificate does, whoever signed it. Every request is signed with the vehicle's key over
// method, path, body hash, time and a fresh nonce (src/core/sync.ts).
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { Agent, request } from 'node:https';
import { connect, type PeerCertificate } from 'node:tls';
import { canonicalRequest, HEADER, normalizeFingerprint } from '../../src/core/sync.js';
import { LinkError, type CentreLink, type CentreResponse } from '../../src/ports/centre.js';

export interface HttpsLinkOptions {
  /** https://host:port */
  url: string;
  certPem: string;
  fingerprint: string;
  /** The vehicle's id at the centre ("enrol" before it has one). */
  vehicle: string;
  /** Ed25519 signature (base64) of these bytes with the vehicle's key. */
  sign: (bytes: Buffer) => string;
  timeoutMs?: number;
  now?: () => number;
}

function parseUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LinkError('protocol', `not an address: ${url}`);
  }
  if (u.protocol !== 'https:') throw new LinkError('protocol', `not https: ${url}`);
  return u;
}

const fingerprintOf = (cert: PeerCertificate | undefined) => (cert?.fingerprint256 ? normalizeFingerprint(cert.fingerprint256) : undefined);

function linkError(e: unknown): LinkError {
  if (e instanceof LinkError) return e;
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error).message ?? String(e);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /pinned|certificate|self.signed|CERT_/i.test(code + msg)) return new LinkError('certificate', msg);
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return new LinkError('timeout', msg);
  return new LinkError('unreachable', `${code} ${msg}`.trim());
}

/**
 * Look at the certificate a centre presents, trusting nothing yet: for enrolment, where the staff's
 * fingerprint is compared with it before anything is sent.
 */
export function probeCertificate(url: string, timeoutMs = 15_000): Promise<{ pem: string; fingerprint: string }> {
  const u = parseUrl(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 443), rejectUnauthorized: false, ...(/^[\d.:]+$/.test(u.hostname) ? {} : { servername: u.hostname }) }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      if (!cert?.raw) return reject(new LinkError('certificate', 'the centre presented no certificate'));
      const pem = new X509Certificate(cert.raw).toString();
      resolve({ pem, fingerprint: fingerprintOf(cert) as string });
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new LinkError('timeout', `no answer from ${u.host} in ${timeoutMs / 1000} s`)));
    socket.on('error', (e) => reject(linkError(e)));
  });
}

export function httpsLink(o: HttpsLinkOptions): CentreLink {
  const u = parseUrl(o.url);
  const pinned = normalizeFingerprint(o.fingerprint);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 2,
    ca: [o.certPem],
    checkServerIdentity: (_host, cert) => (fingerprintOf(cert) === pinned ? undefined : new LinkError('certificate', `the centre's certificate ${fingerprintOf(cert)} is not the one pinned at enrolment (${pinned})`)),
  });
  const now = o.now ?? Date.now;
  return {
    request(method, path, body, raw): Promise<CentreResponse> {
      const bytes = raw ?? (body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)));
      const time = now();
      const nonce = randomBytes(16).toString('hex');
      const bodySha256 = createHash('sha256').update(bytes).digest('hex');
      const signature = o.sign(Buffer.from(canonicalRequest({ method, path, bodySha256, time, nonce, vehicle: o.vehicle })));
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: u.hostname,
            port: Number(u.port || 443),
            method,
            path,
            agent,
            ...(/^[\d.:]+$/.test(u.hostname) ? {} : { servername: u.hostname }),
            headers: {
              'content-type': raw ? 'application/octet-stream' : 'application/json',
              'content-length': bytes.length,
              [HEADER.vehicle]: o.vehicle,
              [HEADER.time]: String(time),
              [HEADER.nonce]: nonce,
              [HEADER.signature]: signature,
            },
            timeout: o.timeoutMs ?? 60_000,
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('error', (e) => reject(linkError(e)));
            res.on('end', () => {
              const text = Buffer.concat(parts).toString('utf8');
              let parsed: unknown;
              try {
                parsed = text ? JSON.parse(text) : {};
              } catch {
                return reject(new LinkError('protocol', `the centre answered ${res.statusCode} with something that is not JSON`));
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
          },
        );
        req.on('timeout', () => req.destroy(new LinkError('timeout', `no answer in ${(o.timeoutMs ?? 60_000) / 1000} s`)));
        req.on('error', (e) => reject(linkError(e)));
        req.end(bytes);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
