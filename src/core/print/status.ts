// ESC/POS real-time status (DLE EOT n): the three queries a two-way printer link sends before and
// after a job, and the reading of the three answer bytes. Pure: no I/O. The printer port speaks the
// same types (./printer.ts), so the drivers hand this result on unchanged.
import type { PrinterStatus, PrintFailure } from './printer.js';

/** n of DLE EOT n: 1 printer status, 2 offline cause, 4 roll paper sensor; asked in this order. */
export const STATUS_QUERIES = [1, 2, 4] as const;
export type StatusQuery = (typeof STATUS_QUERIES)[number];

const DLE = 0x10;
const EOT = 0x04;

/** The bytes of the query DLE EOT n. */
export function statusRequest(n: StatusQuery): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

// Every DLE EOT answer has bit0 = 0, bit1 = 1, bit4 = 1, bit7 = 0. Anything else on the line is not
// an answer: XON/XOFF (0x11, 0x13) have bit0 set, a stray zero has bit1 and bit4 clear.
const FIXED_BITS = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;

/** Whether a byte received from the printer can be a DLE EOT answer at all. */
export function isStatusByte(b: number): boolean {
  return Number.isInteger(b) && b >= 0 && b <= 0xff && (b & FIXED_BITS) === FIXED_VALUE;
}

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

/** The printer's state from the answers to DLE EOT 1, 2 and 4; a byte that is not an answer throws. */
export function parseStatus(b1: number, b2: number, b4: number): PrinterStatus {
  for (const [n, b] of [[1, b1], [2, b2], [4, b4]] as const) {
    if (!isStatusByte(b)) throw new RangeError(`not an answer to DLE EOT ${n}: 0x${b.toString(16)}`);
  }
  return {
    online: !bit(b1, 3),
    coverOpen: bit(b2, 2),
    // Printers differ in which sensor bit they set (either of the pair, or both).
    paperNearEnd: bit(b4, 2) || bit(b4, 3),
    // Paper end on the roll sensor, or printing already stopped because of it.
    paperOut: bit(b4, 5) || bit(b4, 6) || bit(b2, 5),
    error: bit(b2, 6),
  };
}

/**
 * Why this printer cannot take a job, or null when it can. A printer reports itself offline while
 * its cover is open or its paper is out, so the specific cause is named first: it is what the
 * operator can fix. Paper near its end still prints.
 */
export function statusFailure(s: PrinterStatus): Extract<PrintFailure, 'coverOpen' | 'paperOut' | 'error' | 'offline'> | null {
  if (s.coverOpen) return 'coverOpen';
  if (s.paperOut) return 'paperOut';
  if (s.error) return 'error';
  if (!s.online) return 'offline';
  return null;
}
