// @ts-nocheck
// HID POS reassembly fed garbage, property (the round trip of good reports is in
// tests/unit/hidpos.test.ts). Proves, for random buffers of any size, reports with bad length bytes,
// other report IDs and stray continuation bits, mixed with real scans:
//  - push() never throws, and what it holds never exceeds maxBytes;
//  - every scan it gives is non-empty, without a trailing line ending, at most maxBytes long;
//  - reports of another report ID between a scan's reports change nothing: the scan arrives whole;
//  - whatever garbage came before, once one real scan has gone through, the next arrives whole and
//    exactly (garbage can spoil at most the scan right after it, never one further on);
//  - buffers of a size no report has reset the reassembler: the scan that follows them arrives whole.
import { describe, it } from 'vitest';
import { HID_POS_DATA_MAX, HidPosReassembler, hidPosReports, type HidPosScan } from '../../src/core/scan/hidpos.js';
import { assert, char, forAll, often, type Rng, same, text } from '../helpers/property.js';

const MAX = 300;
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Bytes the reassembler holds between reports (its private buffer): the memory a stuck scanner can take. */
const held = (r: HidPosReassembler) => (r as unknown as { size: number }).size;

/** One report of garbage: random bytes of a random size, or a report of the right shape but a wrong field. */
function garbage(r: Rng, withId: boolean): Uint8Array {
  const full = withId ? 64 : 63;
  return r.weighted<Uint8Array>([
    [2, () => r.bytes(r.pick([0, 1, 2, 8, 62, full - 1, full + 1, 65, 128, r.int(0, 200)]))], // a size no report has
    [2, () => r.bytes(full)], // right size, random content: any ID, length, flags
    [2, () => {
      // a Scanned Data report whose length byte is over 56, continued or not
      const b = hidPosReports(text(r, 40), { reportId: withId, chunk: () => r.int(1, HID_POS_DATA_MAX) })[0]!.slice();
      b[withId ? 1 : 0] = r.int(HID_POS_DATA_MAX + 1, 255);
      if (r.chance(0.5)) b[b.length - 1]! |= 1;
      return b;
    }],
    [2, () => {
      // a well-formed report of this layout that starts a scan and never ends it (continuation set)
      const b = hidPosReports(text(r, 56), { reportId: withId })[0]!.slice();
      b[b.length - 1]! |= 1;
      return b;
    }],
  ]);
}

/** A report with another report ID (a keyboard or status report on the same interface). */
function otherReport(r: Rng): Uint8Array {
  const b = r.bytes(64);
  b[0] = r.pick([0x00, 0x01, 0x03, 0x04, 0x80, 0xff]);
  return b;
}

/** A scan's text that fits maxBytes and survives the trip (no trailing line ending, not empty). */
function scanText(r: Rng): string {
  for (;;) {
    const s = text(r, 120, char).replace(/[\r\n]+$/, '');
    if (s && utf8(s).length <= MAX) return s;
  }
}

/** A scan as the classifier may receive it (plain checks: these run a hundred thousand times). */
function check(out: HidPosScan, r: HidPosReassembler) {
  if (out.text === '' || /[\r\n]$/.test(out.text)) throw new Error(`empty or line-ended scan: ${JSON.stringify(out)}`);
  // every byte decodes to one UTF-16 unit at most
  if (out.text.length > MAX) throw new Error(`scan of ${out.text.length} units, over maxBytes ${MAX}`);
  if (out.symbology.length > 3) throw new Error(`symbology ${JSON.stringify(out.symbology)}`);
  bounded(r);
}

function bounded(r: HidPosReassembler) {
  if (held(r) > MAX) throw new Error(`holds ${held(r)} bytes, over maxBytes ${MAX}`);
}

describe('HID POS reassembly with garbage, property', () => {
  it('4,000 streams of garbage then two real scans: no throw, bounded memory, the second scan exact', () => {
    let spoiled = 0;
    const runs = forAll(
      'garbage then scans',
      {
        seed: 0x41d,
        runs: 4000,
        gen: (r) => {
          const withId = r.chance(0.7);
          return { withId, junk: Array.from({ length: r.int(1, 12) }, () => garbage(r, withId)), first: scanText(r), second: scanText(r), chunk: r.int(1, HID_POS_DATA_MAX) };
        },
      },
      ({ withId, junk, first, second, chunk }) => {
        const re = new HidPosReassembler({ maxBytes: MAX, reportId: 'auto' });
        const out: HidPosScan[] = [];
        for (const report of junk) {
          const s = re.push(report);
          if (s) out.push(s);
          bounded(re);
        }
        const fromGarbage = out.length;
        for (const report of [...hidPosReports(first, { reportId: withId, chunk }), ...hidPosReports(second, { reportId: withId, chunk })]) {
          const s = re.push(report);
          if (s) out.push(s);
        }
        for (const s of out) check(s, re);
        // the second scan arrives exactly; the first, unless the garbage before it held a scan open
        const mine = out.slice(fromGarbage);
        same(mine.at(-1), { text: second, symbology: ']Q1', truncated: false }, 'the second scan');
        assert(mine.length <= 2, () => `${mine.length} scans from two`);
        if (mine.length < 2 || mine[0]!.text !== first) spoiled++;
        assert(held(re) === 0, 'bytes held after a complete scan');
      },
    );
    // the garbage is varied enough to spoil some first scans, not all of them
    often(spoiled, runs / 40, 'first scans spoiled');
    often(runs - spoiled, runs / 4, 'first scans whole');
  });

  it('3,000 scans with other reports, and buffers of sizes no report has, between them: each scan whole', () => {
    forAll(
      'interleaved',
      {
        seed: 0x41e,
        runs: 3000,
        gen: (r) => {
          const scans = Array.from({ length: r.int(1, 4) }, () => scanText(r));
          const events: ({ report: Uint8Array } | { other: Uint8Array } | { runt: Uint8Array })[] = [];
          for (const s of scans) {
            // a wrong-size buffer resets the reassembler: only between scans does it lose nothing
            if (r.chance(0.3)) events.push({ runt: r.bytes(r.pick([0, 3, 10, 63 + 2, 100])) });
            for (const report of hidPosReports(s, { chunk: () => r.int(1, HID_POS_DATA_MAX) })) {
              while (r.chance(0.3)) events.push({ other: otherReport(r) });
              events.push({ report });
            }
          }
          return { scans, events };
        },
      },
      ({ scans, events }) => {
        const re = new HidPosReassembler({ maxBytes: MAX });
        const got: string[] = [];
        for (const e of events) {
          const s = re.push('report' in e ? e.report : 'other' in e ? e.other : e.runt);
          if (s) {
            check(s, re);
            got.push(s.text);
          }
        }
        same(got, scans, 'scans');
        same(re.counts.ignored, events.filter((e) => 'other' in e).length, 'ignored');
        same(re.counts.malformed, events.filter((e) => 'runt' in e).length, 'malformed');
      },
    );
  });

  it('50 streams of 400 buffers of noise (any size, any content, most of them shaped like Scanned Data reports): no throw, memory within maxBytes, every scan well-formed', () => {
    const noise = (r: Rng) =>
      r.weighted<Uint8Array>([
        [1, () => r.bytes(64)],
        [1, () => r.bytes(63)],
        [1, () => r.bytes(r.int(0, 130))],
        [12, () => {
          // ID 2, any length byte, continued mostly: long scans, some cut at maxBytes
          const b = r.bytes(64);
          b[0] = 2;
          b[1] = r.chance(0.9) ? r.int(0, HID_POS_DATA_MAX) : r.int(0, 255);
          b[63] = r.chance(0.96) ? 1 : r.int(0, 255);
          return b;
        }],
      ]);
    const total = { scans: 0, malformed: 0, ignored: 0, truncated: 0 };
    const runs = forAll('noise', { seed: 0x41f, runs: 50, gen: (r) => Array.from({ length: 400 }, () => noise(r)) }, (buffers) => {
      const re = new HidPosReassembler({ maxBytes: MAX });
      for (const buf of buffers) {
        const s = re.push(buf);
        if (s) {
          check(s, re);
          total.scans++;
        }
        bounded(re);
      }
      total.malformed += re.counts.malformed;
      total.ignored += re.counts.ignored;
      total.truncated += re.counts.truncated;
    });
    // the noise reaches every branch: scans made, reports dropped, other IDs ignored, runaway scans cut
    for (const [k, n] of Object.entries(total)) often(n, runs / 5, k);
  });
});
