// What a receiver learns comparing a bundle's manifest with the files on the stick: each list in path
// order whatever the order of the manifest or the folder, and a bundle with any one kind of fault
// not intact. And a key's fingerprint as read out over the phone.
import { describe, expect, it } from 'vitest';
import { compareBundle, groupFingerprint, isIntact } from '../../src/core/handover.js';
import { HANDOVER_CODE, sha } from '../helpers/handover.js';

// The manifest's list out of path order (a manifest is a receiver's input, not always as built).
const LISTED = [
  { path: 'events.jsonl', bytes: 40, sha256: sha('4') },
  { path: 'citizens.jsonl', bytes: 30, sha256: sha('3') },
  { path: `attachments/${HANDOVER_CODE}/slip.pdf`, bytes: 20, sha256: sha('2') },
  { path: 'dossiers.jsonl', bytes: 10, sha256: sha('1') },
];

describe('the files found compared with the manifest', () => {
  it('lists the missing files in path order', () => {
    expect(compareBundle(LISTED, [LISTED[3]!])).toEqual({
      missing: [`attachments/${HANDOVER_CODE}/slip.pdf`, 'citizens.jsonl', 'events.jsonl'],
      altered: [],
      extra: [],
      matching: 1,
    });
  });

  it('lists the altered files in path order', () => {
    const found = LISTED.map((f) => ({ ...f, bytes: f.bytes + 1 }));
    expect(compareBundle(LISTED, found)).toEqual({ missing: [], altered: [`attachments/${HANDOVER_CODE}/slip.pdf`, 'citizens.jsonl', 'dossiers.jsonl', 'events.jsonl'], extra: [], matching: 0 });
  });

  it('lists the extra files in path order, whatever order the folder was read in', () => {
    const found = [...LISTED, { path: 'zz-notes.txt', bytes: 1, sha256: sha('5') }, { path: 'a-copy.pdf', bytes: 1, sha256: sha('6') }, { path: 'manifest.sig', bytes: 1, sha256: sha('7') }];
    expect(compareBundle(LISTED, found)).toEqual({ missing: [], altered: [], extra: ['a-copy.pdf', 'zz-notes.txt'], matching: 4 });
  });
});

describe('a bundle is intact only with nothing missing, altered or extra', () => {
  it('one file gone is enough to make it not intact', () => {
    expect(isIntact(compareBundle(LISTED, LISTED.slice(1)))).toBe(false);
  });

  it('one file changed is enough', () => {
    expect(isIntact(compareBundle(LISTED, [{ ...LISTED[0]!, sha256: sha('9') }, ...LISTED.slice(1)]))).toBe(false);
  });

  it('one file added is enough', () => {
    expect(isIntact(compareBundle(LISTED, [...LISTED, { path: 'notes.txt', bytes: 1, sha256: sha('5') }]))).toBe(false);
  });

  it('the files as listed, and the envelope beside them, are intact', () => {
    expect(isIntact(compareBundle(LISTED, [...LISTED, { path: 'manifest.json', bytes: 1, sha256: sha('5') }]))).toBe(true);
  });
});

describe('a fingerprint read out in groups of four', () => {
  it('bare hex digits, without "sha256:", are grouped with no prefix', () => {
    expect(groupFingerprint('0123456789abcdef0123')).toBe('0123 4567 89ab cdef 0123');
  });

  it('a fingerprint with no digits shows the prefix alone, or nothing', () => {
    expect(groupFingerprint('sha256:')).toBe('sha256: ');
    expect(groupFingerprint('')).toBe('');
  });
});
