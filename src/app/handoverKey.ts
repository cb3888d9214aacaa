// The vehicle's Ed25519 key that signs handover bundles (node:crypto). The office keeps the public
// key, given once (`luudong handover key`), and checks every bundle against it: a bundle altered on
// the way, or made by another machine, fails. The private key is made on first use and kept next to
// the database (keys/handover-ed25519.pem, file 0600 in a 0700 directory); it never goes into a bundle.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DomainError } from '../core/errors.js';
import { fingerprint, keyFile, vehicleKey, type VehicleKey } from '../store/vehicleKey.js';

// The key's file, its making and its fingerprint live with the store (src/store/vehicleKey.ts): the
// same key keys the audit chain and peppers PIN hashes.
export { fingerprint, keyFile, vehicleKey, type VehicleKey };

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
