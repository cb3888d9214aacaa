// The pure rules of backups and retention: names of backups and kept copies, checksum lines, stored
// paths a restore or a purge may touch, and which dossiers are past the retention period.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/check.js';
import {
  backupChecksumFile,
  backupFilesDir,
  backupName,
  beforeRestoreName,
  checkRetention,
  checksumFor,
  checksumLine,
  DAY_MS,
  dbStem,
  FINAL_STATES,
  isPastRetention,
  isStoredPath,
  retentionCutoff,
} from '../../src/core/retention.js';
import { refusal } from '../helpers/refusal.js';

// Mon 2026-11-23 09:15 local (the tests run in Asia/Ho_Chi_Minh, see vitest.config.ts)
const at = new Date(2026, 10, 23, 9, 15, 42).getTime();

describe('backup names', () => {
  it('name backups after the database and the local minute, never twice the same', () => {
    expect(dbStem('luudong.db')).toBe('luudong');
    expect(dbStem('demo.DB')).toBe('demo');
    expect(dbStem('bus')).toBe('bus');
    expect(backupName('luudong', at)).toBe('luudong-2026-11-23-0915.db');
    expect(backupName('luudong', at, 2)).toBe('luudong-2026-11-23-0915-2.db');
    expect(beforeRestoreName('luudong', at)).toBe('luudong.before-restore-2026-11-23-0915.db');
    expect(beforeRestoreName('luudong', at, 3)).toBe('luudong.before-restore-2026-11-23-0915-3.db');
  });

  it('keep the attached files and the checksum beside the backup', () => {
    expect(backupFilesDir('/media/usb/luudong-2026-11-23-0915.db')).toBe('/media/usb/luudong-2026-11-23-0915.files');
    expect(backupChecksumFile('/media/usb/luudong-2026-11-23-0915.db')).toBe('/media/usb/luudong-2026-11-23-0915.sha256');
    expect(backupFilesDir('copy')).toBe('copy.files');
  });

  it('write and read checksums in sha256sum format', () => {
    const sum = 'ab'.repeat(32);
    const text = checksumLine(sum, 'luudong-2026-11-23-0915.db');
    expect(text).toBe(`${sum}  luudong-2026-11-23-0915.db\n`);
    expect(checksumFor(text, 'luudong-2026-11-23-0915.db')).toBe(sum);
    expect(checksumFor(`${'cd'.repeat(32)} *other.db\n${text}`, 'other.db')).toBe('cd'.repeat(32));
    expect(checksumFor(text, 'other.db')).toBeUndefined();
    expect(checksumFor('not a checksum\n', 'x.db')).toBeUndefined();
  });

  it('touch stored files only inside the data directory', () => {
    expect(isStoredPath('attachments/ab/abcd.pdf')).toBe(true);
    expect(isStoredPath('files/000.00.20.H26-261123-0001/slip.pdf')).toBe(true);
    for (const bad of ['', '/etc/passwd', '../x.pdf', 'files/../../x', 'files//x', './x', 'a\\b', 'a\0b']) expect(isStoredPath(bad), bad).toBe(false);
  });
});

describe('retention', () => {
  const cutoff = retentionCutoff(at, 30);

  it('counts the period back from now in days', () => {
    expect(cutoff).toBe(at - 30 * DAY_MS);
    expect(refusal(() => retentionCutoff(at, 0)).code).toBe('err.retention.days');
    expect(refusal(() => retentionCutoff(at, 1.5)).code).toBe('err.retention.days');
    expect(refusal(() => retentionCutoff(at, 36_501)).code).toBe('err.retention.days');
  });

  it('covers dossiers handed over, finished, and finished before the cut-off', () => {
    expect([...FINAL_STATES].sort()).toEqual(['cancelled', 'refused', 'returned']);
    const old = cutoff - 1;
    for (const state of FINAL_STATES) expect(isPastRetention({ state, stateAt: old, handedOver: true }, cutoff), state).toBe(true);
    // not finished, however old
    for (const state of ['received', 'handed_over', 'processing', 'supplement_requested', 'result_ready'] as const) {
      expect(isPastRetention({ state, stateAt: old, handedOver: true }, cutoff), state).toBe(false);
    }
    // finished at or after the cut-off
    expect(isPastRetention({ state: 'returned', stateAt: cutoff, handedOver: true }, cutoff)).toBe(false);
    // never handed over: the office has no record of it, the vehicle keeps it
    expect(isPastRetention({ state: 'returned', stateAt: old, handedOver: false }, cutoff)).toBe(false);
  });

  it('reads the period from data/retention.json with a schema check', () => {
    expect(checkRetention({ version: 1, personalDataDays: 365, verified: false })).toEqual({ personalDataDays: 365 });
    const bad = (json: unknown) => {
      try {
        checkRetention(json);
      } catch (e) {
        if (e instanceof DataError) return e.path;
        throw e;
      }
      throw new Error('expected a DataError');
    };
    expect(bad({ version: 1, personalDataDays: 0, verified: false })).toBe('$.personalDataDays');
    expect(bad({ version: 1, personalDataDays: '365', verified: false })).toBe('$.personalDataDays');
    expect(bad({ version: 2, personalDataDays: 365, verified: false })).toBe('$.version');
    expect(bad({ version: 1, personalDataDays: 365 })).toBe('$.verified');
  });
});
