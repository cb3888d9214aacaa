// The printed ticket's barcode: its label and the day it was issued (yymmdd), so that a ticket kept
// from another day is told from today's ticket with the same label when it is scanned.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { classifyScan, ticketScanCode } from '../../src/core/scan/classify.js';

const { provinces } = loadDomainData();
const TODAY = '2026-11-23';

describe('ticket barcodes', () => {
  it('hold the label and the issue day as yymmdd', () => {
    expect(ticketScanCode('A012', '2026-11-23')).toBe('A012.261123');
    expect(ticketScanCode('B007', '2027-01-05')).toBe('B007.270105');
    expect(ticketScanCode('C100', '2026-12-31')).toBe('C100.261231');
  });

  it("today's ticket scans as the ticket; one from another day says which day", () => {
    expect(classifyScan(ticketScanCode('A012', TODAY), provinces, TODAY)).toEqual({ kind: 'ticket', label: 'A012' });
    expect(classifyScan(`${ticketScanCode('A012', '2026-11-22')}\r\n`, provinces, TODAY)).toEqual({ kind: 'ticket', label: 'A012', otherDay: '2026-11-22' });
    expect(classifyScan('b007.251123', provinces, TODAY)).toEqual({ kind: 'ticket', label: 'B007', otherDay: '2025-11-23' });
    // a label alone (a ticket printed without the day) is taken as today's
    expect(classifyScan('A012', provinces, TODAY)).toEqual({ kind: 'ticket', label: 'A012' });
  });

  it('a day that is not yymmdd is no ticket', () => {
    expect(classifyScan('A012.2611', provinces, TODAY)).toEqual({ kind: 'unknown' });
    expect(classifyScan('A012.20261123', provinces, TODAY)).toEqual({ kind: 'unknown' });
  });
});
