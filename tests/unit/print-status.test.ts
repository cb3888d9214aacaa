// The ESC/POS status reading (DLE EOT answers to PrinterStatus, and which failure it means) and the
// test emulator's side of the same protocol, which every transport test relies on.
import { Duplex } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isStatusByte, parseStatus, STATUS_QUERIES, statusFailure, statusRequest } from '../../src/core/print/status.js';
import type { PrinterStatus } from '../../src/ports/printer.js';
import { PrinterEmulator } from '../helpers/printer-emulator.js';

const READY: PrinterStatus = { online: true, coverOpen: false, paperNearEnd: false, paperOut: false, error: false };

describe('DLE EOT queries', () => {
  it('asks for printer status, offline cause and paper sensor, in that order', () => {
    expect(STATUS_QUERIES.map((n) => [...statusRequest(n)])).toEqual([
      [0x10, 0x04, 1],
      [0x10, 0x04, 2],
      [0x10, 0x04, 4],
    ]);
  });
});

describe('isStatusByte', () => {
  it('accepts exactly the bytes with bit0 = 0, bit1 = 1, bit4 = 1, bit7 = 0', () => {
    const accepted = Array.from({ length: 256 }, (_, b) => b).filter(isStatusByte);
    const expected = Array.from({ length: 256 }, (_, b) => b).filter(
      (b) => (b & 1) === 0 && (b & 2) === 2 && (b & 16) === 16 && (b & 128) === 0,
    );
    expect(accepted).toEqual(expected);
    expect(accepted).toHaveLength(16); // four free bits
  });

  it('tells answers from noise on the line', () => {
    expect(isStatusByte(0x12)).toBe(true); // all clear
    expect(isStatusByte(0x7e)).toBe(true); // every paper bit
    expect(isStatusByte(0x11)).toBe(false); // XON
    expect(isStatusByte(0x13)).toBe(false); // XOFF
    expect(isStatusByte(0x00)).toBe(false);
    expect(isStatusByte(0x92)).toBe(false); // bit7
    expect(isStatusByte(-1)).toBe(false);
    // A negative number whose low byte is an answer's (0x12 - 256): bit operations see 0x...ff12.
    expect(isStatusByte(0x12 - 256)).toBe(false);
    expect(isStatusByte(0x112)).toBe(false);
  });
});

describe('parseStatus', () => {
  it('reads a ready printer', () => {
    expect(parseStatus(0x12, 0x12, 0x12)).toEqual(READY);
  });

  it('reads offline from DLE EOT 1 bit3', () => {
    expect(parseStatus(0x1a, 0x12, 0x12)).toEqual({ ...READY, online: false });
  });

  it('reads cover open, paper stop and error from DLE EOT 2', () => {
    expect(parseStatus(0x1a, 0x16, 0x12)).toEqual({ ...READY, online: false, coverOpen: true });
    expect(parseStatus(0x1a, 0x32, 0x12)).toEqual({ ...READY, online: false, paperOut: true });
    expect(parseStatus(0x1a, 0x52, 0x12)).toEqual({ ...READY, online: false, error: true });
  });

  it('reads paper near end and paper end from either bit of their pair in DLE EOT 4', () => {
    for (const b4 of [0x16, 0x1a, 0x1e]) expect(parseStatus(0x12, 0x12, b4)).toEqual({ ...READY, paperNearEnd: true });
    for (const b4 of [0x32, 0x52, 0x72]) expect(parseStatus(0x12, 0x12, b4)).toEqual({ ...READY, paperOut: true });
    expect(parseStatus(0x1a, 0x32, 0x7e)).toEqual({ ...READY, online: false, paperNearEnd: true, paperOut: true });
  });

  it('refuses a byte that is not an answer, naming the query', () => {
    expect(() => parseStatus(0x12, 0x13, 0x12)).toThrow(/DLE EOT 2: 0x13/);
    expect(() => parseStatus(0x00, 0x12, 0x12)).toThrow(RangeError);
    expect(() => parseStatus(0x12, 0x12, 0xff)).toThrow(/DLE EOT 4/);
  });

  it("reads back every state of the test emulator's answers", () => {
    const emulator = new PrinterEmulator();
    for (let mask = 0; mask < 32; mask++) {
      const s = {
        online: (mask & 1) === 0,
        coverOpen: (mask & 2) !== 0,
        paperNearEnd: (mask & 4) !== 0,
        paperOut: (mask & 8) !== 0,
        error: (mask & 16) !== 0,
      };
      Object.assign(emulator.state, s);
      const parsed = parseStatus(emulator.statusByte(1), emulator.statusByte(2), emulator.statusByte(4));
      // A real printer is offline while it cannot print; the emulator behaves the same.
      expect(parsed).toEqual({ ...s, online: s.online && !s.coverOpen && !s.paperOut && !s.error });
    }
  });
});

describe('statusFailure', () => {
  it('is null for a printer that can print, paper near its end included', () => {
    expect(statusFailure(READY)).toBeNull();
    expect(statusFailure({ ...READY, paperNearEnd: true })).toBeNull();
  });

  it('names the cause the operator can fix before the offline it brings', () => {
    expect(statusFailure({ ...READY, online: false })).toBe('offline');
    expect(statusFailure({ ...READY, online: false, error: true })).toBe('error');
    expect(statusFailure({ ...READY, online: false, paperOut: true, error: true })).toBe('paperOut');
    expect(statusFailure({ ...READY, online: false, coverOpen: true, paperOut: true })).toBe('coverOpen');
  });
});

describe('the test emulator', () => {
  it('answers queries split across reads and keeps DLE that starts no query as data', async () => {
    const emulator = new PrinterEmulator();
    emulator.state.paperOut = true;
    const answers: number[] = [];
    const host = new Duplex({
      read: () => undefined,
      write: (chunk: Buffer, _encoding, done) => {
        answers.push(...chunk);
        done();
      },
    });
    emulator.attach(host);
    for (const piece of [[0x41, 0x10], [0x04], [0x04, 0x10, 0x42, 0x10, 0x04, 0x09, 0x10], [0x10, 0x04], [0x02]]) {
      host.push(Buffer.from(piece));
    }
    await tick();
    expect([...emulator.received]).toEqual([0x41, 0x10, 0x42, 0x10, 0x04, 0x09, 0x10]);
    expect(answers).toEqual([0x72, 0x32]);
    expect(emulator.answered).toBe(2);
  });
});
