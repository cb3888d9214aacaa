// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), and septet
// packing (TS 23.038 §6.1.2.1.1). Pure.

/** The basic table: index = septet value. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Characters reached through the escape septet 0x1B. */
const EXTENSION: Record<string, number> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };

export const ESC = 0x1b;

const basicIndex = new Map<string, number>();
for (let i = 0; i < BASIC.length; i++) if (i !== ESC) basicIndex.set(BASIC[i] as string, i);

/**
 * The septets of a text (an extension character takes two: ESC and its code), or undefined when a
 * character has no place in the alphabet.
 */
export function gsm7Septets(text: string): number[] | undefined {
  const out: number[] = [];
  for (const ch of text) {
    const b = basicIndex.get(ch);
    if (b !== undefined) {
      out.push(b);
      continue;
    }
    const e = EXTENSION[ch];
    if (e === undefined) return undefined;
    out.push(ESC, e);
  }
  return out;
}

/** The text of septets (for tests and for alphanumeric addresses in reports). */
export function gsm7Text(septets: readonly number[]): string {
  let s = '';
  for (let i = 0; i < septets.length; i++) {
    const v = septets[i] as number;
    if (v === ESC && i + 1 < septets.length) {
      const next = septets[++i] as number;
      s += Object.keys(EXTENSION).find((k) => EXTENSION[k] === next) ?? ' ';
    } else s += BASIC[v] ?? '?';
  }
  return s;
}

/**
 * Pack septets LSB first into octets, the first septet starting `skip` septets in: the header of a
 * concatenated message takes the first septet positions (its octets are written over them, and the
 * bits left between header and text are the fill bits, zero).
 */
export function packSeptets(septets: readonly number[], skip = 0): Uint8Array {
  const bits = (skip + septets.length) * 7;
  const out = new Uint8Array(Math.ceil(bits / 8));
  septets.forEach((v, i) => {
    const at = (skip + i) * 7;
    const byte = at >> 3;
    const shift = at & 7;
    out[byte] = (out[byte] as number) | ((v << shift) & 0xff);
    if (shift > 1) out[byte + 1] = (out[byte + 1] as number) | (v >> (8 - shift));
  });
  return out;
}

/** The inverse of packSeptets, for `count` septets after `skip`. */
export function unpackSeptets(octets: Uint8Array, count: number, skip = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = (skip + i) * 7;
    const byte = at >> 3;
    const shift = at & 7;
    let v = (octets[byte] ?? 0) >> shift;
    if (shift > 1) v |= (octets[byte + 1] ?? 0) << (8 - shift);
    out.push(v & 0x7f);
  }
  return out;
}
