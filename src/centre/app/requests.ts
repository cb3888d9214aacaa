// Every request from a vehicle, checked before it is served: the vehicle known, enrolled and not
// revoked; the time within MAX_SKEW_MS of the centre's clock; the nonce never seen from it (a replay
// is refused, across every instance of the centre, since the nonces are in the database); the body's
// hash and the Ed25519 signature over method, path, body hash, time, nonce and vehicle id.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import { canonicalRequest, HEADER, MAX_SKEW_MS, NONCE, NONCE_KEEP_MS } from '../../core/sync.js';
import { VehicleRepo, type Vehicle } from '../store/vehicles.js';
import type { Centre } from './centre.js';

export interface SignedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const header = (r: SignedRequest, name: string): string => {
  const v = r.headers[name];
  return typeof v === 'string' ? v : '';
};

export interface RequestAuth {
  time: number;
  nonce: string;
  vehicle: string;
  bodySha256: string;
  verify(key: KeyObject): boolean;
}

/** The signature headers, read and checked for form and time (not yet for the key). */
export function readAuth(r: SignedRequest, now: number): RequestAuth {
  const time = Number(header(r, HEADER.time));
  const nonce = header(r, HEADER.nonce);
  const vehicle = header(r, HEADER.vehicle);
  const sig = Buffer.from(header(r, HEADER.signature), 'base64');
  if (!Number.isSafeInteger(time) || !NONCE.test(nonce) || vehicle === '' || sig.length !== 64) throw new DomainError('err.centre.unsigned');
  if (Math.abs(now - time) > MAX_SKEW_MS) throw new DomainError('err.centre.clock', { minutes: Math.round((time - now) / 60_000) });
  const bodySha256 = createHash('sha256').update(r.body).digest('hex');
  const bytes = Buffer.from(canonicalRequest({ method: r.method, path: r.path, bodySha256, time, nonce, vehicle }));
  return { time, nonce, vehicle, bodySha256, verify: (key) => verify(null, bytes, key, sig) };
}

/**
 * Before reading a body (a bundle's file may be large): the headers in form, the time within
 * bounds, the vehicle enrolled and not revoked. The signature is checked once the body is here.
 */
export async function precheck(centre: Centre, headers: SignedRequest['headers']): Promise<void> {
  const now = centre.now();
  const time = Number(header({ headers } as SignedRequest, HEADER.time));
  const vehicle = header({ headers } as SignedRequest, HEADER.vehicle);
  if (!Number.isSafeInteger(time) || !NONCE.test(header({ headers } as SignedRequest, HEADER.nonce)) || !/^\d{1,9}$/.test(vehicle)) throw new DomainError('err.centre.unsigned');
  if (Math.abs(now - time) > MAX_SKEW_MS) throw new DomainError('err.centre.clock', { minutes: Math.round((time - now) / 60_000) });
  const v = await new VehicleRepo(centre.pool).byId(Number(vehicle));
  if (!v || v.publicKey === null) throw new DomainError('err.centre.unknownVehicle');
  if (v.revokedAt !== null) throw new DomainError('err.centre.revoked', { name: v.name });
}

/** The vehicle that signed this request; refused if anything about it is wrong. */
export async function authenticate(centre: Centre, r: SignedRequest): Promise<Vehicle> {
  const now = centre.now();
  const auth = readAuth(r, now);
  const id = /^\d{1,9}$/.test(auth.vehicle) ? Number(auth.vehicle) : 0;
  const repo = new VehicleRepo(centre.pool);
  const v = id ? await repo.byId(id) : undefined;
  if (!v || v.publicKey === null) throw new DomainError('err.centre.unknownVehicle');
  if (v.revokedAt !== null) throw new DomainError('err.centre.revoked', { name: v.name });
  if (!auth.verify(createPublicKey(v.publicKey))) throw new DomainError('err.centre.signature');
  // Only a correctly signed request spends a nonce: nobody else can fill a vehicle's table.
  if (!(await repo.useNonce(v.id, auth.nonce, now))) throw new DomainError('err.centre.replay');
  await repo.seen(v.id, now);
  return v;
}

/** Nonces older than any request still accepted; run now and then (the server does, every few minutes). */
export async function forgetOldNonces(centre: Centre): Promise<number> {
  return new VehicleRepo(centre.pool).forgetNonces(centre.now() - NONCE_KEEP_MS);
}
