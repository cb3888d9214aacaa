// Backups and the retention of personal data, as pure rules: how backup files and the copies kept by
// a restore are named, which stored paths may be touched, and which dossiers have kept their
// citizen's personal data long enough. No I/O: src/app/backup.ts and src/app/retention.ts read and
// write; data/retention.json holds the period (it is set by the office's rules, not by code).
import { Checker } from './check.js';
import { DomainError } from './errors.js';
import { DOSSIER_STATES, isFinal, type DossierState } from './lifecycle.js';
import { hhmm, localDate } from './time.js';

export const DAY_MS = 86_400_000;

/** Local date and time to the minute, for file names: 2026-11-23-0915. */
function stamp(ms: number): string {
  return `${localDate(ms)}-${hhmm(ms).replace(':', '')}`;
}

const nth = (n: number) => (n > 1 ? `-${n}` : '');

/** The name that starts a database's backups and kept copies: luudong.db -> luudong. */
export function dbStem(fileName: string): string {
  return fileName.replace(/\.db$/i, '') || fileName;
}

/**
 * The n-th backup name of a minute: luudong-2026-11-23-0915.db, then luudong-2026-11-23-0915-2.db;
 * a backup never replaces another.
 */
export function backupName(stem: string, at: number, n = 1): string {
  return `${stem}-${stamp(at)}${nth(n)}.db`;
}

/** What a restore keeps the replaced database as: luudong.before-restore-2026-11-23-0915.db. */
export function beforeRestoreName(stem: string, at: number, n = 1): string {
  return `${stem}.before-restore-${stamp(at)}${nth(n)}.db`;
}

/** The folder of a backup's attached files, beside it: X.db -> X.files. */
export function backupFilesDir(backupFile: string): string {
  return `${backupFile.replace(/\.db$/i, '')}.files`;
}

/** The checksum file of a backup, in `sha256sum` format: X.db -> X.sha256. */
export function backupChecksumFile(backupFile: string): string {
  return `${backupFile.replace(/\.db$/i, '')}.sha256`;
}

/** A backup's metadata beside it: when, of what, and the audit chain's head it holds (an anchor). */
export function backupMetaFile(backupFile: string): string {
  return `${backupFile.replace(/\.db$/i, '')}.json`;
}

/** One line of `sha256sum` output, so a backup can be checked by hand: `sha256sum -c X.sha256`. */
export function checksumLine(sha256: string, name: string): string {
  return `${sha256}  ${name}\n`;
}

/** The hash a checksum file gives for `name`, if it lists it. */
export function checksumFor(text: string, name: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m && m[2] === name) return m[1];
  }
  return undefined;
}

/**
 * A stored file's path (dossier_files.path) that stays inside the data directory: relative, no '..'.
 * Paths come from a database, which may be a backup from elsewhere: a restore writes files and a
 * purge deletes them only where this holds.
 */
export function isStoredPath(p: string): boolean {
  if (p === '' || p.startsWith('/') || /[\\\x00]/.test(p)) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

// ---- retention ------------------------------------------------------------------------------

export interface RetentionPolicy {
  /** Days after a dossier is finished (and handed over) before its personal data is removed. */
  personalDataDays: number;
}

export const MAX_RETENTION_DAYS = 36_500;

/** A retention period in days: a whole number from 1 (a day) to a hundred years. */
export function checkRetentionDays(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) throw new DomainError('err.retention.days', { value: String(days), max: MAX_RETENTION_DAYS });
  return days;
}

export function checkRetention(json: unknown, file = 'retention.json'): RetentionPolicy {
  const c = new Checker(file);
  const o = c.obj(json, '$');
  c.int(o.version, '$.version', 1, 1);
  c.bool(o.verified, '$.verified');
  return { personalDataDays: c.int(o.personalDataDays, '$.personalDataDays', 1, MAX_RETENTION_DAYS) };
}

/** The states a dossier ends in: returned, refused, cancelled. */
export const FINAL_STATES: readonly DossierState[] = DOSSIER_STATES.filter(isFinal);

/** Dossiers finished before this time are past a retention period of `days` at `now`. */
export function retentionCutoff(now: number, days: number): number {
  return now - checkRetentionDays(days) * DAY_MS;
}

/** What the rule looks at in a dossier. */
export interface RetentionFacts {
  state: DossierState;
  /** When it reached its state. */
  stateAt: number;
  /** Whether it went to the commune's one-stop office (its state history, or a handover of its trip). */
  handedOver: boolean;
}

/**
 * Whether a dossier's personal data has been kept long enough: it was handed over to the commune
 * office (which keeps the official record), it is finished (returned, refused or cancelled: nothing
 * more will happen at the vehicle), and it finished before the cut-off.
 */
export function isPastRetention(d: RetentionFacts, cutoff: number): boolean {
  return d.handedOver && isFinal(d.state) && d.stateAt < cutoff;
}

/**
 * The citizen a dossier points at once its personal data is removed. dossiers.citizen_id must name a
 * citizens row (NOT NULL, a foreign key) and a citizens row must have a gender (a CHECK): one
 * anonymous row per gender keeps the dossier's gender, an anonymous figure, and nothing that tells
 * one citizen from another. The ids are not 12 digits: no card scan or citizen entry creates or
 * changes these rows.
 */
export const ANONYMOUS_CITIZEN: Record<'male' | 'female', string> = { male: 'anonymous-male', female: 'anonymous-female' };
