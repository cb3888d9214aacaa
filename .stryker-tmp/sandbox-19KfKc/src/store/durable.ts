// @ts-nocheck
// Writing a file so a power cut leaves either the old file or the new one, never half of it: a
// temporary file in the same directory, fsync, rename over, fsync the directory. Owner-only modes.
// A full disk is refused as err.dbFull, leaving no partial file.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DomainError } from '../core/errors.js';

export function writeFileDurably(file: string, bytes: Uint8Array): void {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirDurable(dir);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    fsyncDir(dir);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw diskError(e);
  }
}

/** Create a directory and any missing parents, each made durable in its parent. */
function mkdirDurable(dir: string): void {
  if (existsSync(dir)) return;
  mkdirDurable(dirname(dir));
  mkdirSync(dir, { mode: 0o700 });
  fsyncDir(dirname(dir));
}

/** A rename or a new entry is only on disk once its directory is synced. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function diskError(e: unknown): unknown {
  const code = (e as { code?: string }).code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' ? new DomainError('err.dbFull') : e;
}
