// The citizen's rating keypad: which answer (1-5) a USB keyboard's input report presses. A keypad is
// any keyboard in boot protocol (8 bytes: modifiers, reserved, up to six key codes, HID Usage Tables
// §10); the digits 1-5 count from the top row (0x1E-0x22) and the number pad (0x59-0x5D), only on
// the report where they go down (a held key repeats nothing), and only alone: a palm on the keys or a
// rollover (several keys down at once) records nothing. Pure: the driver hands the bytes in.

const TOP_ROW_1 = 0x1e;
const KEYPAD_1 = 0x59;

/** 1-5 for a key code that is one of the answers, else undefined. */
export function answerOf(code: number): number | undefined {
  if (code >= TOP_ROW_1 && code < TOP_ROW_1 + 5) return code - TOP_ROW_1 + 1;
  if (code >= KEYPAD_1 && code < KEYPAD_1 + 5) return code - KEYPAD_1 + 1;
  return undefined;
}

export class KeypadDecoder {
  private down = new Set<number>();

  /** The answer pressed by this report, if it presses exactly one answer key and nothing else new. */
  push(report: Uint8Array): number | undefined {
    // Some keypads put a report ID in front: 9 bytes. Anything else is not a boot keyboard report.
    const r = report.length === 9 ? report.subarray(1) : report;
    if (r.length !== 8) return undefined;
    const codes = [...r.subarray(2)].filter((c) => c !== 0);
    // 0x01: rollover error (too many keys): the keypad does not know what is down.
    if (codes.some((c) => c === 0x01)) {
      this.down = new Set();
      return undefined;
    }
    const fresh = codes.filter((c) => !this.down.has(c));
    this.down = new Set(codes);
    if (codes.length !== 1 || fresh.length !== 1 || r[0] !== 0) return undefined;
    return answerOf(fresh[0] as number);
  }

  reset(): void {
    this.down = new Set();
  }
}

/** A boot keyboard report with these keys down (tests, and the fake keypad). */
export function keyboardReport(codes: number[], modifiers = 0): Uint8Array {
  const r = new Uint8Array(8);
  r[0] = modifiers;
  codes.slice(0, 6).forEach((c, i) => (r[2 + i] = c));
  return r;
}
