// The citizen's rating keypad, decoded from boot-keyboard report buffers (pure: src/core/rater.ts).
// The driver and the rating recorded against a ticket: tests/integration/rater.test.ts.
import { describe, expect, it } from 'vitest';
import { answerOf, KeypadDecoder, keyboardReport } from '../../src/core/rater.js';

const KEY_1 = 0x1e;
const KP_1 = 0x59;
const up = () => keyboardReport([]);
const down = (...codes: number[]) => keyboardReport(codes);

describe('the answer of a key', () => {
  it('1-5 on the top row and on the number pad, nothing next to them', () => {
    expect([0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23].map(answerOf)).toEqual([undefined, 1, 2, 3, 4, 5, undefined]);
    expect([0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e].map(answerOf)).toEqual([undefined, 1, 2, 3, 4, 5, undefined]);
    expect([0x00, 0x01, 0x27, 0x62].map(answerOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('keyboard reports from the keypad', () => {
  it('a boot report: modifiers, a reserved byte, then up to six keys', () => {
    expect([...keyboardReport([KEY_1, KP_1], 0x02)]).toEqual([0x02, 0, KEY_1, KP_1, 0, 0, 0, 0]);
    expect([...keyboardReport([1, 2, 3, 4, 5, 6, 7])]).toEqual([0, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('reads 1-5 from the top row and the number pad, once per press, and nothing from a palm or a modifier', () => {
    const d = new KeypadDecoder();
    expect(d.push(down(KEY_1 + 2))).toBe(3);
    expect(d.push(down(KEY_1 + 2))).toBeUndefined(); // held: the same report again
    expect(d.push(up())).toBeUndefined();
    expect(d.push(down(KP_1 + 4))).toBe(5);
    expect(d.push(up())).toBeUndefined();
    expect(d.push(down(KEY_1, KEY_1 + 1))).toBeUndefined(); // two keys at once
    expect(d.push(up())).toBeUndefined();
    expect(d.push(keyboardReport([KEY_1], 0x02))).toBeUndefined(); // shift+1
    expect(d.push(up())).toBeUndefined();
    expect(d.push(down(KEY_1 + 5))).toBeUndefined(); // 6 is not an answer
    expect(d.push(up())).toBeUndefined();
  });

  it('a key found in any of the six places of the report, after empty ones', () => {
    const d = new KeypadDecoder();
    const r = up();
    r[7] = KEY_1 + 1;
    expect(d.push(r)).toBe(2);
  });

  it('a report ID in front (9 bytes) is skipped; any other length is not a keyboard report', () => {
    const d = new KeypadDecoder();
    expect(d.push(Uint8Array.from([0x01, ...down(KEY_1 + 3)]))).toBe(4);
    expect(d.push(up())).toBeUndefined();
    expect(d.push(Uint8Array.from([1, 2, 3]))).toBeUndefined();
    expect(d.push(down(KEY_1).subarray(0, 7))).toBeUndefined();
    expect(d.push(Uint8Array.from([0, 0, 0, ...down(KEY_1)]))).toBeUndefined(); // 11 bytes
    expect(d.push(Uint8Array.from([0, ...down(KEY_1), 0]))).toBeUndefined(); // 10 bytes
  });

  it('while two keys are down nothing counts, nor when one of them is let go', () => {
    const d = new KeypadDecoder();
    expect(d.push(down(KEY_1))).toBe(1);
    expect(d.push(down(KEY_1, KEY_1 + 1))).toBeUndefined();
    expect(d.push(down(KEY_1 + 1))).toBeUndefined(); // 2 was pressed with 1 still down
    expect(d.push(up())).toBeUndefined();
    expect(d.push(down(KEY_1 + 1))).toBe(2);
  });

  it('after a rollover error (0x01) or a reset, a key still down counts as pressed', () => {
    const d = new KeypadDecoder();
    expect(d.push(down(KEY_1))).toBe(1);
    expect(d.push(down(0x01, 0x01, 0x01, 0x01, 0x01, 0x01))).toBeUndefined();
    expect(d.push(down(KEY_1))).toBe(1);
    expect(d.push(down(KEY_1, 0x01))).toBeUndefined(); // an error code among the keys
    expect(d.push(down(KEY_1))).toBe(1);
    d.reset();
    expect(d.push(down(KEY_1))).toBe(1);
    expect(d.push(down(KEY_1))).toBeUndefined();
  });
});
