// The pure rules of backups and retention at their edges: names whose ".db" is not at the end, the
// metadata file beside a backup, checksum files written with other line ends or malformed, and the
// bounds of a retention period.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backupChecksumFile, backupFilesDir, backupMetaFile, checksumFor, checksumLine, DAY_MS, dbStem, isStoredPath, MAX_RETENTION_DAYS, retentionCutoff } from '../../src/core/retention.js';
import { refusal } from '../helpers/refusal.js';

// Mon 2026-11-23 09:15 local (the tests run in Asia/Ho_Chi_Minh, see vitest.config.ts)
const at = new Date(2026, 10, 23, 9, 15, 42).getTime();
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('backup names where ".db" is not only at the end', () => {
  it('only a final ".db" is the extension: a ".db" inside the name stays', () => {
    expect(dbStem('luudong.dbx.db')).toBe('luudong.dbx');
    expect(dbStem('my.dbfile')).toBe('my.dbfile');
    expect(backupFilesDir('/media/usb/a.dbak-2026-11-23-0915.db')).toBe('/media/usb/a.dbak-2026-11-23-0915.files');
    expect(backupChecksumFile('/media/usb/a.dbak-2026-11-23-0915.db')).toBe('/media/usb/a.dbak-2026-11-23-0915.sha256');
    expect(backupMetaFile('/media/usb/a.dbak-2026-11-23-0915.db')).toBe('/media/usb/a.dbak-2026-11-23-0915.json');
  });

  it('keep the metadata beside the backup: X.db -> X.json, any case of ".db"', () => {
    expect(backupMetaFile('/media/usb/luudong-2026-11-23-0915.db')).toBe('/media/usb/luudong-2026-11-23-0915.json');
    expect(backupMetaFile('/media/usb/luudong-2026-11-23-0915-2.DB')).toBe('/media/usb/luudong-2026-11-23-0915-2.json');
    expect(backupMetaFile('copy')).toBe('copy.json');
  });
});

describe('checksum files', () => {
  const sum = sha('the database');

  it('read a checksum file written with Windows line ends (CRLF) or indented', () => {
    const crlf = checksumLine(sum, 'luudong-2026-11-23-0915.db').replace('\n', '\r\n');
    expect(checksumFor(crlf, 'luudong-2026-11-23-0915.db')).toBe(sum);
    expect(checksumFor(`  ${sum}  luudong.db  `, 'luudong.db')).toBe(sum);
  });

  it('a hash of 65 hex digits, or one after other text on its line, is not a checksum', () => {
    expect(checksumFor(`f${sum}  luudong.db\n`, 'luudong.db')).toBeUndefined();
    expect(checksumFor(`sha256=${sum}  luudong.db\n`, 'luudong.db')).toBeUndefined();
  });

  it('a name is matched whole: a line broken by a lone carriage return names nothing', () => {
    // Old Mac line ends: one line holding two entries; neither name is read from it.
    const cr = `${sum}  a.db\r${sha('b')}  b.db\r`;
    expect(checksumFor(cr, 'a.db')).toBeUndefined();
    expect(checksumFor(`${sum}  a.db\u2028b.db\n`, 'a.db')).toBeUndefined();
  });
});

describe('stored paths', () => {
  it('a relative name with spaces and punctuation is a stored path', () => {
    for (const good of ['Stryker was here!', 'files/Giấy khai sinh (bản sao).pdf', 'a', 'x/y.z']) expect(isStoredPath(good), good).toBe(true);
  });
});

describe('retention period bounds', () => {
  it('a period of 1 day and of 36500 days (a hundred years) are accepted', () => {
    expect(MAX_RETENTION_DAYS).toBe(36_500);
    expect(retentionCutoff(at, 1)).toBe(at - DAY_MS);
    expect(retentionCutoff(at, 36_500)).toBe(at - 36_500 * DAY_MS);
    expect(retentionCutoff(at, 365)).toBe(at - 365 * 86_400_000);
  });

  it('a period out of range is refused naming the value and the maximum', () => {
    for (const [days, value] of [
      [0, '0'],
      [36_501, '36501'],
      [1.5, '1.5'],
      [-30, '-30'],
      [NaN, 'NaN'],
    ] as const) {
      const e = refusal(() => retentionCutoff(at, days));
      expect({ code: e.code, params: e.params }, value).toEqual({ code: 'err.retention.days', params: { value, max: 36_500 } });
    }
  });
});
