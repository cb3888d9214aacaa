// The SIM's PIN, when it has one: kept beside the database in keys/sim-<modem>.pin (file 0600 in a
// 0700 folder, like the vehicle's signing key), never in the database (whose backups travel), never
// on a command line (ps shows those), never in a log or an error's text.
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DomainError } from '../../core/errors.js';
import { writeFileDurably } from '../../store/durable.js';

export function simPinFile(dbFile: string, modem: string): string {
  return resolve(dirname(dbFile), 'keys', `sim-${modem}.pin`);
}

/** A SIM PIN is 4 to 8 digits (3GPP TS 31.101). */
export function checkPin(pin: string): string {
  const p = pin.trim();
  if (!/^\d{4,8}$/.test(p)) throw new DomainError('err.modem.pinFormat', {});
  return p;
}

export function writeSimPin(dbFile: string, modem: string, pin: string): void {
  writeFileDurably(simPinFile(dbFile, modem), new TextEncoder().encode(checkPin(pin) + '\n'));
}

/** The PIN, or null when none is kept; a file others could read is closed again first. */
export function readSimPin(dbFile: string, modem: string): string | null {
  const file = simPinFile(dbFile, modem);
  try {
    for (const [path, mode] of [[dirname(file), 0o700], [file, 0o600]] as const) {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
    }
    return checkPin(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
}

export function removeSimPin(dbFile: string, modem: string): void {
  rmSync(simPinFile(dbFile, modem), { force: true });
}
