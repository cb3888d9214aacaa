// The serial scan framer, property. Proves: (1) a stream of scans, each ended by CR, LF or CR LF
// (blank lines between them sometimes), cut into random chunks (a CR LF and a Vietnamese letter's
// bytes split between two reads included) at random times, gives back exactly the scans, in order;
// (2) with no terminator, scans separated by a quiet line longer than idleMs, their bytes arriving
// faster than that, are framed by the quiet alone; (3) random bytes never throw, and every scan out
// is non-empty, holds no CR or LF and is at most maxBytes long.
import { describe, it } from 'vitest';
import { ScanFramer } from '../../src/core/scan/framing.js';
import { assert, char, chunk, forAll, same, text, type Rng } from '../helpers/property.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const MAX = 512;

/** What a scanner may send as one scan: any text but line breaks, not empty, under maxBytes. */
function scan(r: Rng): string {
  for (;;) {
    const s = text(r, 150, char).replace(/[\r\n]/g, '');
    if (s && utf8(s).length < MAX) return s;
  }
}

/** Feed the stream in random chunks, `gap(r)` ms apart; then let it go quiet. */
function feed(r: Rng, f: ScanFramer, bytes: Uint8Array, gap: (r: Rng) => number): string[] {
  const out: string[] = [];
  let at = 1000;
  for (const piece of chunk(r, bytes, 40)) out.push(...f.push(piece, (at += gap(r))));
  out.push(...f.flushIfIdle(at + 60_000));
  return out;
}

describe('serial scan framer, property', () => {
  it('4,000 streams of terminated scans, randomly chunked and timed: the same scans, in order', () => {
    forAll(
      'terminated',
      {
        seed: 0xf4a3,
        runs: 4000,
        gen: (r) => {
          const scans = Array.from({ length: r.int(1, 6) }, () => scan(r));
          const ending = () => r.pick(['\r', '\n', '\r\n']) + (r.chance(0.1) ? r.pick(['\r\n', '\n', '\r']) : '');
          return { scans, stream: scans.map((s) => s + ending()).join(''), idleMs: r.pick([0, 50]) };
        },
      },
      ({ scans, stream, idleMs }, r) => {
        const f = new ScanFramer({ idleMs, maxBytes: MAX });
        // with a quiet-line limit, bytes of one scan come faster than it; without, any pace
        const got = feed(r, f, utf8(stream), (x) => (idleMs ? x.int(0, idleMs - 1) : x.int(0, 5000)));
        same(got, scans, 'scans');
      },
    );
  });

  it('3,000 streams of scans with no terminator, a quiet line between them: framed by the quiet alone', () => {
    forAll(
      'idle',
      { seed: 0xf4a4, runs: 3000, gen: (r) => ({ scans: Array.from({ length: r.int(1, 5) }, () => scan(r)), idleMs: r.pick([20, 50, 100]) }) },
      ({ scans, idleMs }, r) => {
        const f = new ScanFramer({ idleMs, maxBytes: MAX });
        const got: string[] = [];
        let at = 0;
        for (const s of scans) {
          at += idleMs + r.int(0, 500); // the quiet line before the scan
          const pieces = chunk(r, utf8(s), 30);
          for (const [i, piece] of pieces.entries()) {
            if (i > 0) at += r.int(0, idleMs - 1);
            got.push(...f.push(piece, at));
          }
          // the driver's timer may look too early (nothing yet) or any time after the line went quiet
          if (r.chance(0.5)) got.push(...f.flushIfIdle(at + r.int(0, 3 * idleMs)));
        }
        got.push(...f.flushIfIdle(at + idleMs + 1));
        same(got, scans, 'scans');
        same(f.pendingMs(at + idleMs + 2), null, 'nothing pending at the end');
      },
    );
  });

  it('50 streams of 100 chunks of random bytes: no throw; scans non-empty, without line breaks, within maxBytes', () => {
    let scans = 0;
    const runs = forAll(
      'noise',
      { seed: 0xf4a5, runs: 50, gen: (r) => Array.from({ length: 100 }, () => ({ bytes: r.chance(0.2) ? utf8(text(r, 60)) : r.bytes(r.int(0, 120)), dt: r.int(0, 120) })) },
      (chunks) => {
        const f = new ScanFramer({ idleMs: 50, maxBytes: 200 });
        let at = 0;
        for (const { bytes, dt } of chunks) {
          for (const s of f.push(bytes, (at += dt))) {
            scans++;
            assert(s !== '' && !/[\r\n]/.test(s), () => `scan ${JSON.stringify(s)}`);
            // at most one UTF-16 unit per byte
            assert(s.length <= 200, () => `scan of ${s.length} units`);
          }
          const wait = f.pendingMs(at);
          assert(wait === null || (wait >= 0 && wait <= 50), () => `pendingMs ${wait}`);
        }
      },
    );
    assert(scans > runs * 20, `only ${scans} scans in ${runs} streams`); // 1,000 at full scale
  });
});
