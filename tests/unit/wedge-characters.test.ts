// The keyboard-wedge router counts characters (code points), not UTF-16 units, against minLength:
// a short burst of emoji or other characters outside the BMP stays typing; characters high in the
// BMP (fullwidth letters, U+FFFD from a scanner in the wrong mode) count like any other.
import { describe, expect, it } from 'vitest';
import { decidedOnly, WedgeRouter, type WedgeOptions } from '../../src/core/scan/wedge.js';

/** One chunk at time 0, then quiet: what was decided. */
function decide(raw: string, opts: Partial<WedgeOptions> = {}) {
  const r = new WedgeRouter(opts);
  return decidedOnly([...r.push(raw, 0), ...r.flushIfQuiet(1000)]);
}

describe('characters counted against minLength', () => {
  it('three characters outside the BMP and Enter are typed keys, not a scan', () => {
    // U+1F600 (low half DE00), U+1F400 (low half DC00, the first), U+1F3FF (low half DFFF, the last)
    for (const ch of ['😀', '🐀', '🏿', '𠀀']) expect(decide(`${ch.repeat(3)}\r`), ch).toEqual([{ kind: 'keys', raw: ch.repeat(3) }, { kind: 'keys', raw: '\r' }]);
  });

  it('four of them are a scan, whole', () => {
    for (const ch of ['😀', '🐀', '🏿']) expect(decide(`${ch.repeat(4)}\r`), ch).toEqual([{ kind: 'scan', text: ch.repeat(4) }]);
  });

  it('characters above the surrogates count one each', () => {
    expect(decide('ＡＢＣＤ\r')).toEqual([{ kind: 'scan', text: 'ＡＢＣＤ' }]);
    expect(decide('AB\uFFFDD\r')).toEqual([{ kind: 'scan', text: 'AB\uFFFDD' }]);
    expect(decide('ＡＢＣ\r')).toEqual([{ kind: 'keys', raw: 'ＡＢＣ' }, { kind: 'keys', raw: '\r' }]);
    // the same with suffix none: quiet after four is a scan, after three typing
    expect(decide('\uFFFD\uFFFD\uFFFD\uFFFD', { suffix: 'none' })).toEqual([{ kind: 'scan', text: '\uFFFD\uFFFD\uFFFD\uFFFD' }]);
    expect(decide('\uFFFD\uFFFD\uFFFD', { suffix: 'none' })).toEqual([{ kind: 'keys', raw: '\uFFFD\uFFFD\uFFFD' }]);
  });
});
