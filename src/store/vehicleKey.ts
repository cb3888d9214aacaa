// The vehicle's key: one Ed25519 private key kept beside the database (keys/handover-ed25519.pem,
// file 0600 in a 0700 folder), never inside it, never in a backup or a handover bundle. It signs
// handover bundles (src/app/handoverKey.ts), and secrets derived from it (HKDF-SHA256, one per use)
// key the audit chain (src/store/audit.ts) and pepper the operators' PIN hashes
// (src/app/operators.ts): a copy of the database file alone, a stolen backup, gives neither a PIN
// nor the means to rebuild the audit chain.
//
// It is made on first use (two processes racing make one), and never made again for a database that
// already names it: a database whose key is missing says so (err.key.missing) rather than start a
// second key that nothing it holds was made with.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DomainError } from '../core/errors.js';
import { writeFileDurably } from './durable.js';

export interface VehicleKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, as written into bundles as vehicle.pub.pem. */
  publicPem: string;
  /** "sha256:" and the hex SHA-256 of the public key's DER (SPKI) form. */
  fingerprint: string;
  /** Where the private key is kept. */
  file: string;
  /** Made by this call (the first use on this database's folder). */
  created: boolean;
  /** A 32-byte secret for one use ('audit-chain', 'pin'), derived from the private key. */
  secret(purpose: KeyPurpose): Buffer;
}

export type KeyPurpose = 'audit-chain' | 'pin';

/** The private key's file for a database. */
export function keyFile(dbFile: string): string {
  return resolve(dirname(dbFile), 'keys', 'handover-ed25519.pem');
}

/** "sha256:" and the hex SHA-256 of the public key's DER (SPKI) form: what the office compares. */
export function fingerprint(publicKey: KeyObject): string {
  return 'sha256:' + createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

const cache = new Map<string, { mtimeMs: number; ino: number; key: VehicleKey }>();

/**
 * The vehicle's key for `dbFile`: read from its file, or made when there is none and `create` is
 * true. Refused (err.key.missing) when there is none and it may not be made.
 */
export function vehicleKey(dbFile: string, opts: { create?: boolean } = {}): VehicleKey {
  const file = keyFile(dbFile);
  let created = false;
  let st;
  try {
    st = statSync(file);
  } catch {
    if (opts.create === false) throw new DomainError('err.key.missing', { file });
    created = createKeyFile(file);
    st = statSync(file);
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.ino === st.ino) return created ? { ...hit.key, created } : hit.key;
  ownerOnly(file);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (e) {
    throw new DomainError('err.handover.keyBroken', { file, detail: (e as Error).message });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new DomainError('err.handover.keyBroken', { file, detail: `${privateKey.asymmetricKeyType} is not ed25519` });
  const publicKey = createPublicKey(privateKey);
  const ikm = privateKey.export({ type: 'pkcs8', format: 'der' });
  const secrets = new Map<KeyPurpose, Buffer>();
  const key: VehicleKey = {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    fingerprint: fingerprint(publicKey),
    file,
    created,
    secret(purpose) {
      let s = secrets.get(purpose);
      if (!s) secrets.set(purpose, (s = Buffer.from(hkdfSync('sha256', ikm, 'luudong vehicle key', `luudong ${purpose} v1`, 32))));
      return s;
    },
  };
  cache.set(file, { mtimeMs: st.mtimeMs, ino: st.ino, key: { ...key, created: false } });
  return key;
}

/** The key if its file is there, else undefined (never made here). */
export function existingVehicleKey(dbFile: string): VehicleKey | undefined {
  try {
    return vehicleKey(dbFile, { create: false });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'err.key.missing') return undefined;
    throw e;
  }
}

/** The private key as PEM (PKCS#8): what a hub hands to a workstation that keeps its standby copy. */
export function vehicleKeyPem(key: VehicleKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/**
 * Keep `pem` as the vehicle's key of `dbFile`: a standby's copy of the hub's key, which a promoted
 * hub carries on with (the chain and the PINs of the copy were made with it). Only an Ed25519 key is
 * taken; the same key already there is left as it is, another one is moved aside, never deleted.
 */
export function installVehicleKey(dbFile: string, pem: string): VehicleKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new DomainError('err.handover.keyBroken', { file: '(hub)', detail: (e as Error).message });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new DomainError('err.handover.keyBroken', { file: '(hub)', detail: `${privateKey.asymmetricKeyType} is not ed25519` });
  const wanted = fingerprint(createPublicKey(privateKey));
  const file = keyFile(dbFile);
  if (existsSync(file)) {
    let there: string | null = null;
    try {
      there = vehicleKey(dbFile, { create: false }).fingerprint;
    } catch {
      there = null; // unreadable: moved aside below
    }
    if (there === wanted) return vehicleKey(dbFile, { create: false });
    renameSync(file, `${file}.replaced-${Date.now()}`);
  }
  createKeyFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  return vehicleKey(dbFile, { create: false });
}

/**
 * Write a new key without ever replacing one: a durable temporary file, then a hard link to the
 * final name, which fails if another process made the key first. False when it lost that race.
 */
function createKeyFile(file: string, pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string): boolean {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.new`);
  writeFileDurably(tmp, Buffer.from(pem)); // creates keys/ as 0700, the file as 0600
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  const fd = openSync(dirname(file), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A key file or directory that others could read (copied in, restored by hand) is closed again. */
function ownerOnly(file: string): void {
  for (const [path, mode] of [[dirname(file), 0o700], [file, 0o600]] as const) {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
  }
}
