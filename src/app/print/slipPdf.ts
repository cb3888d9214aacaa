// Keeps a dossier's A4 slip as a PDF next to the database: <db dir>/files/<dossier code>/slip.pdf, with
// a dossier_files row. Written so a power cut leaves either the old file or the new one, never half a
// PDF: temporary file in the same directory, fsync, rename over, fsync the directory.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Dossier } from '../../core/dossier.js';
import { DomainError } from '../../core/errors.js';
import { storeError, type Db } from '../../store/db.js';
import { FileRepo } from '../../store/files.js';

const NAME = 'slip.pdf';

/** Where the slip of a dossier is kept, relative to the database's directory. */
export function slipPdfPath(code: string): string {
  // The code becomes a directory name: it must stay one (agency codes are digits, letters, dots).
  if (!/^[0-9A-Za-z][0-9A-Za-z.-]*$/.test(code)) throw new Error(`slip pdf: a dossier code unfit for a file name: ${JSON.stringify(code)}`);
  return join('files', code, NAME);
}

/**
 * Write the slip durably (mode 0600, directories 0700) and record it. Writing a dossier's slip again
 * replaces the file and adds a row. A full disk is refused as err.dbFull, leaving no partial file.
 * Returns the file's absolute path.
 */
export function storeSlipPdf(db: Db, dbFile: string, dossier: Dossier, pdf: Uint8Array, at: number): { path: string } {
  const rel = slipPdfPath(dossier.code);
  const file = resolve(dirname(dbFile), rel);
  const dir = dirname(file);
  const tmp = join(dir, `.${NAME}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirDurable(dir);
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      for (let off = 0; off < pdf.length; ) off += writeSync(fd, pdf, off, pdf.length - off);
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
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  try {
    new FileRepo(db).add(dossier.id, 'slip_pdf', rel, 'application/pdf', pdf.length, sha256, at);
  } catch (e) {
    throw storeError(e, dbFile);
  }
  return { path: file };
}

/** Create a directory and any missing parents, each made durable in its parent. */
function mkdirDurable(dir: string): void {
  if (existsSync(dir)) return;
  mkdirDurable(dirname(dir));
  mkdirSync(dir, { mode: 0o700 });
  fsyncDir(dirname(dir));
}

/** A rename or a new entry is only on disk once its directory is synced. */
function fsyncDir(dir: string): void {
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
