// The paths a bundle may hold: how long one may be, which names are fine, and what the vehicle says
// when a dossier's stored file cannot be copied into its bundle.
import { describe, expect, it } from 'vitest';
import { attachmentPath, isSafeBundlePath } from '../../src/core/handover.js';
import { HANDOVER_CODE } from '../helpers/handover.js';

describe('a path fit for a bundle', () => {
  it('is at most 512 characters long: 512 is fit, 513 is not', () => {
    const dir = `attachments/${HANDOVER_CODE}/`;
    const of = (n: number) => dir + 'a'.repeat(n - dir.length - 4) + '.pdf';
    expect(of(512).length).toBe(512);
    expect(isSafeBundlePath(of(512))).toBe(true);
    expect(isSafeBundlePath(of(513))).toBe(false);
    expect(isSafeBundlePath('a'.repeat(513))).toBe(false);
  });

  it('may have spaces and punctuation in its names; only the empty path is refused for being empty', () => {
    // Any printable name is fit, the text Stryker substitutes for '' among them: the check for the
    // empty path refuses that path alone.
    for (const p of ['Stryker was here!', 'attachments/x/Giấy khai sinh (bản sao).pdf', 'a b/c!d', '-', ' ']) expect(isSafeBundlePath(p), p).toBe(true);
    expect(isSafeBundlePath('')).toBe(false);
  });
});

describe("a dossier's stored file unfit for a bundle", () => {
  it('is refused with the stored path and the dossier code', () => {
    expect(() => attachmentPath(HANDOVER_CODE, 'files/..')).toThrow(new Error(`handover: a stored file unfit for a bundle: "files/.." of ${HANDOVER_CODE}`));
    expect(() => attachmentPath(HANDOVER_CODE, 'files/scan\u0007.jpg')).toThrow(new Error(`handover: a stored file unfit for a bundle: "files/scan\\u0007.jpg" of ${HANDOVER_CODE}`));
  });
});
