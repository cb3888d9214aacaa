// Vehicles of the fleet: added by an admin with a one-time enrolment code, enrolled by the vehicle
// itself with the Ed25519 key that signs its handover bundles (proving it holds the key by signing
// the enrolment request), revoked when a laptop is lost. Every later request is signed by that key
// (src/centre/app/requests.ts).
import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import { cleanText, fold } from '../../core/text.js';
import { VehicleRepo, type Vehicle } from '../store/vehicles.js';
import type { Centre } from './centre.js';

/** An enrolment code is good for this long after it is made. */
export const ENROL_DAYS = 7;

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read out over the phone
/** 20 characters of 32: 100 bits, in groups of four. */
export function newEnrolCode(): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => ALPHABET[b & 31] as string).join('');
  return (chars.match(/.{4}/g) as string[]).join('-');
}

export function codeHash(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[^A-Z0-9]/g, '')).digest('hex');
}

export function keyFingerprint(key: KeyObject): string {
  return 'sha256:' + createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** A vehicle's public key from the PEM it sent: Ed25519 only. */
export function parseVehicleKey(pem: unknown): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(String(pem));
  } catch {
    throw new DomainError('err.centre.key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new DomainError('err.centre.key');
  return key;
}

function checkName(name: string): { name: string; key: string } {
  const n = cleanText(name);
  if (!n || n.length > 60) throw new DomainError('err.centre.vehicleName', { name });
  return { name: n, key: fold(n).replace(/\s+/g, ' ') };
}

export async function addVehicle(centre: Centre, name: string): Promise<{ vehicle: Vehicle; code: string }> {
  await centre.guard('vehicle.manage');
  const n = checkName(name);
  const code = newEnrolCode();
  const at = centre.now();
  const v = await new VehicleRepo(centre.pool).add(n.name, n.key, codeHash(code), at + ENROL_DAYS * 86_400_000, at, centre.staff?.name ?? null);
  if (!v) throw new DomainError('err.centre.vehicleExists', { name: n.name });
  return { vehicle: v, code };
}

export async function vehicleByName(centre: Centre, name: string): Promise<Vehicle> {
  const v = await new VehicleRepo(centre.pool).byNameKey(checkName(name).key);
  if (!v) throw new DomainError('err.centre.noVehicle', { name });
  return v;
}

/** A new code for a vehicle (the old one lost, or a new laptop): its next enrolment replaces the key. */
export async function renewEnrolCode(centre: Centre, name: string): Promise<{ vehicle: Vehicle; code: string }> {
  await centre.guard('vehicle.manage');
  const v = await vehicleByName(centre, name);
  const code = newEnrolCode();
  await new VehicleRepo(centre.pool).renewCode(v.id, codeHash(code), centre.now() + ENROL_DAYS * 86_400_000);
  return { vehicle: (await new VehicleRepo(centre.pool).byId(v.id)) as Vehicle, code };
}

export async function listVehicles(centre: Centre): Promise<Vehicle[]> {
  await centre.guard('report');
  return new VehicleRepo(centre.pool).list();
}

/** A lost or stolen laptop: its key is refused from now on; what it sent stays. */
export async function revokeVehicle(centre: Centre, name: string): Promise<Vehicle> {
  await centre.guard('vehicle.manage');
  const v = await vehicleByName(centre, name);
  await new VehicleRepo(centre.pool).revoke(v.id, centre.now());
  return (await new VehicleRepo(centre.pool).byId(v.id)) as Vehicle;
}

/**
 * Enrol: the code names the vehicle; the key in the request (whose signature the caller has checked
 * against that same key) becomes its key. The code is used up; a code past its time is refused.
 */
export async function enrol(centre: Centre, code: string, key: KeyObject, checkSignature: (key: KeyObject) => boolean, nonce: string): Promise<Vehicle> {
  if (!checkSignature(key)) throw new DomainError('err.centre.signature');
  const pem = key.export({ type: 'spki', format: 'pem' }) as string;
  const fp = keyFingerprint(key);
  return centre.tx(async (c) => {
    const repo = new VehicleRepo(c);
    const v = await repo.byCodeForUpdate(codeHash(code));
    const now = centre.now();
    if (!v || v.enrolExpiresAt === null || v.enrolExpiresAt < now) throw new DomainError('err.centre.enrolCode');
    if (!(await repo.useNonce(v.id, nonce, now))) throw new DomainError('err.centre.replay');
    if (!(await repo.enrol(v.id, pem, fp, now))) throw new DomainError('err.centre.keyTaken');
    return (await repo.byId(v.id)) as Vehicle;
  });
}
