// The text of a scan as it is kept (the supervisor's log of refused scans) and shown (the "unknown
// scan" message): the scanner's text minus a leading BOM and the line ending after it, and nothing
// else taken out, so what the log shows is what the scanner sent.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { classifyScan, cleanScan } from '../../src/core/scan/classify.js';

const { provinces } = loadDomainData();

describe('the text of a scan', () => {
  it('loses its whole line ending, CR, LF, CR LF or a doubled one', () => {
    for (const end of ['', '\r', '\n', '\r\n', '\r\n\r\n', '\n\n']) expect(cleanScan(`8935049501234${end}`), JSON.stringify(end)).toBe('8935049501234');
    expect(cleanScan('\uFEFFABC\r\n')).toBe('ABC');
  });

  it('keeps a line break inside it: a scan broken in two is kept as sent, and is no ticket', () => {
    expect(cleanScan('LINE 1\r\nLINE 2\r\n')).toBe('LINE 1\r\nLINE 2');
    expect(cleanScan('A0\n12\r')).toBe('A0\n12');
    expect(classifyScan('A0\n12\r', provinces, '2026-11-23')).toEqual({ kind: 'unknown' });
  });
});
