// @ts-nocheck
// Printer status bytes (DLE EOT 1, 2, 4 answers), property. Proves: (1) parseStatus reads every
// triple whose three bytes are answers and refuses, with its own RangeError naming the query, every
// triple with one that is not (each byte 0..255 in each position, and numbers that are no byte at
// all), never another exception; (2) what it reads depends on the documented bits only, flags
// checked bit by bit against the ESC/POS definition; (3) the failure it reports is null exactly when
// the printer can print; (4) answers picked out of a random noisy, randomly chunked byte stream by
// the printer link arrive in order and unchanged.
import { describe, expect, it } from 'vitest';
import { PrinterLink } from '../../drivers/printer/link.js';
import { isStatusByte, parseStatus, statusFailure, type StatusQuery } from '../../src/core/print/status.js';
import { chunk, forAll } from '../helpers/property.js';

const bit = (b: number, n: number) => ((b >> n) & 1) === 1;
const ALL = Array.from({ length: 256 }, (_, b) => b);
const ANSWERS = ALL.filter((b) => (b & 0b1001_0011) === 0b0001_0010);
const NOISE = ALL.filter((b) => !ANSWERS.includes(b));

/** The status an Epson-compatible printer means by these answers (ESC/POS DLE EOT, n = 1, 2, 4). */
function oracle(b1: number, b2: number, b4: number) {
  return {
    online: !bit(b1, 3),
    coverOpen: bit(b2, 2),
    paperNearEnd: bit(b4, 2) || bit(b4, 3),
    paperOut: bit(b4, 5) || bit(b4, 6) || bit(b2, 5),
    error: bit(b2, 6),
  };
}

describe('printer status bytes, property', () => {
  it('each byte 0..255 in each position, beside answers in the others (all 256 pairs for an answer, 16 for the rest): read right or refused as not an answer', () => {
    expect(ANSWERS).toHaveLength(16);
    let read = 0;
    let refused = 0;
    for (const pos of [0, 1, 2] as const) {
      for (const b of ALL) {
        for (const x of ANSWERS) {
          for (const y of isStatusByte(b) ? ANSWERS : [ANSWERS[(b + x) % 16] as number]) {
            const triple = [x, y] as number[];
            triple.splice(pos, 0, b);
            const [b1, b2, b4] = triple as [number, number, number];
            let got;
            try {
              got = parseStatus(b1, b2, b4);
            } catch (e) {
              const n = ([1, 2, 4] as StatusQuery[])[pos];
              if (!(e instanceof RangeError) || !e.message.includes(`DLE EOT ${n}`) || isStatusByte(b)) {
                throw new Error(`parseStatus(0x${b1.toString(16)}, 0x${b2.toString(16)}, 0x${b4.toString(16)}) threw ${String(e)}`);
              }
              refused++;
              continue;
            }
            read++;
            if (!isStatusByte(b)) throw new Error(`0x${b.toString(16)} in position ${pos} was read as an answer`);
            const want = oracle(b1, b2, b4);
            if (JSON.stringify(got) !== JSON.stringify(want)) {
              throw new Error(`parseStatus(0x${b1.toString(16)}, 0x${b2.toString(16)}, 0x${b4.toString(16)}) = ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
            }
            // (3) the failure named is null exactly when nothing stops printing, and the cause the operator can fix comes first
            const f = statusFailure(got);
            const expected = want.coverOpen ? 'coverOpen' : want.paperOut ? 'paperOut' : want.error ? 'error' : !want.online ? 'offline' : null;
            if (f !== expected) throw new Error(`statusFailure(${JSON.stringify(got)}) = ${f}, expected ${expected}`);
          }
        }
      }
    }
    expect(read).toBe(3 * 16 * 256);
    expect(refused).toBe(3 * 240 * 16);
  });

  it('numbers that are no byte at all (negative, over 255, fractions, NaN, infinities) are refused, never misread', () => {
    const odd = [-1, -0x12, 256, 0x112, 0x12 + 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53 + 0x12];
    for (const v of odd) {
      for (const pos of [0, 1, 2]) {
        const args = [0x12, 0x12, 0x12];
        args[pos] = v;
        expect(() => parseStatus(args[0]!, args[1]!, args[2]!), `value ${v} in position ${pos}`).toThrow(RangeError);
      }
    }
  });

  it('3,000 random noisy streams: the printer link keeps the answers, in order, however the bytes are chunked', async () => {
    const cases: { stream: Uint8Array; answers: number[]; sizes: Uint8Array[] }[] = [];
    forAll(
      'status stream',
      {
        seed: 0x5747,
        runs: 3000,
        gen: (r) => {
          // XON/XOFF, zeros and anything else a serial line carries, with the three answers among it
          const answers = [r.pick(ANSWERS), r.pick(ANSWERS), r.pick(ANSWERS)];
          const bytes: number[] = [];
          for (const a of answers) {
            for (let k = r.int(0, 20); k > 0; k--) bytes.push(r.chance(0.3) ? r.pick([0x11, 0x13, 0x00]) : r.pick(NOISE));
            bytes.push(a);
          }
          for (let k = r.int(0, 5); k > 0; k--) bytes.push(r.pick(NOISE));
          const stream = Uint8Array.from(bytes);
          return { stream, answers, sizes: chunk(r, stream, 8) };
        },
      },
      (c) => void cases.push(c),
    );
    for (const [i, c] of cases.entries()) {
      const link = new PrinterLink();
      for (const piece of c.sizes) link.received(piece);
      const got = [await link.nextAnswer(1, 10), await link.nextAnswer(2, 10), await link.nextAnswer(4, 10)];
      expect(got, `run ${i} (seed 0x5747): stream ${Buffer.from(c.stream).toString('hex')}`).toEqual(c.answers);
      const [b1, b2, b4] = got as [number, number, number];
      expect(parseStatus(b1, b2, b4)).toEqual(oracle(b1, b2, b4));
    }
  });
});
