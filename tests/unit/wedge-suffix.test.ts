// The keyboard-wedge router's suffix decides what ends a scan, and nothing else does: with 'none' a
// Tab or an Enter inside a quick burst is part of the scan (the quiet after it ends it); with 'tab'
// an Enter is; with 'enter' a Tab is.
import { describe, expect, it } from 'vitest';
import { decidedOnly, WedgeRouter, type WedgeOptions } from '../../src/core/scan/wedge.js';

/** Chunks at 1 ms apart, then quiet: what was decided. */
function decide(chunks: string[], opts: Partial<WedgeOptions>) {
  const r = new WedgeRouter(opts);
  const out = chunks.flatMap((c, i) => r.push(c, i));
  return decidedOnly([...out, ...r.flushIfQuiet(1000)]);
}

describe('only the configured suffix ends a scan', () => {
  it("suffix 'none': a Tab inside the burst is part of the one scan", () => {
    expect(decide(['ABCD\tEFGH'], { suffix: 'none' })).toEqual([{ kind: 'scan', text: 'ABCD\tEFGH' }]);
    expect(decide(['ABCD', '\t', 'EFGH'], { suffix: 'none' })).toEqual([{ kind: 'scan', text: 'ABCD\tEFGH' }]);
  });

  it("suffix 'tab': the Tab ends it and an Enter inside is part of it", () => {
    expect(decide(['ABCD\tEFGH\t'], { suffix: 'tab' })).toEqual([{ kind: 'scan', text: 'ABCD' }, { kind: 'scan', text: 'EFGH' }]);
    expect(decide(['ABCD\rEFGH\t'], { suffix: 'tab' })).toEqual([{ kind: 'scan', text: 'ABCD\rEFGH' }]);
  });

  it("suffix 'enter': a Tab inside is part of it", () => {
    expect(decide(['ABCD\tEFGH\r'], { suffix: 'enter' })).toEqual([{ kind: 'scan', text: 'ABCD\tEFGH' }]);
  });
});
