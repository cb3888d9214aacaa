// @ts-nocheck
// The vehicle's Ed25519 key that signs handover bundles (node:crypto). The office keeps the public
// key, given once (`luudong handover key`), and checks every bundle against it: a bundle altered on
// the way, or made by another machine, fails. The private key is made on first use and kept next to
// the database (keys/handover-ed25519.pem, file 0600 in a 0700 directory); it never goes into a bundle.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DomainError } from '../core/errors.js';
import { writeFileDurably } from '../store/durable.js';

export interface VehicleKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, as written into bundles as vehicle.pub.pem. */
  publicPem: string;
  fingerprint: string;
  /** Where the private key is kept. */
  file: string;
  /** Made by this call (the first use on this database). */
  created: boolean;
}

/** The private key's file for a database. */
export function keyFile(dbFile: string): string {
  return resolve(dirname(dbFile), 'keys', 'handover-ed25519.pem');
}

/** "sha256:" and the hex SHA-256 of the public key's DER (SPKI) form: what the office compares. */
export function fingerprint(publicKey: KeyObject): string {
  return 'sha256:' + createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** The vehicle's key, made (once, even with two processes racing) if there is none yet. */
export function vehicleKey(dbFile: string): VehicleKey {
  const file = keyFile(dbFile);
  let created = false;
  try {
    statSync(file);
  } catch {
    created = createKeyFile(file);
  }
  ownerOnly(file);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (e) {
    throw new DomainError('err.handover.keyBroken', { file, detail: (e as Error).message });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new DomainError('err.handover.keyBroken', { file, detail: `${privateKey.asymmetricKeyType} is not ed25519` });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string, fingerprint: fingerprint(publicKey), file, created };
}

/**
 * Write a new key without ever replacing one: a durable temporary file, then a hard link to the
 * final name, which fails if another process made the key first. False when it lost that race.
 */
function createKeyFile(file: string): boolean {
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
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

/** A public key from a PEM file (the office's kept copy, or the bundle's own). */
export function readPublicKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(readFileSync(file));
  } catch (e) {
    throw new DomainError('err.handover.keyFile', { file, detail: (e as Error).message });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new DomainError('err.handover.keyFile', { file, detail: `${key.asymmetricKeyType} is not ed25519` });
  return key;
}

export function signManifest(key: KeyObject, manifest: Uint8Array): string {
  return sign(null, manifest, key).toString('base64') + '\n';
}

/** Whether `signature` (base64, as in manifest.sig) is the key's signature of these exact bytes. */
export function checkSignature(key: KeyObject, manifest: Uint8Array, signature: string): boolean {
  const sig = Buffer.from(signature.trim(), 'base64');
  return sig.length === 64 && verify(null, manifest, key, sig);
}
