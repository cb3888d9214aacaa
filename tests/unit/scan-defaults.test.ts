// A scanner as it comes out of its box, and the links an operator can add one on
// (src/core/scan/config.ts, src/core/scan/wedge.ts).
import { describe, expect, it } from 'vitest';
import { SCANNER_KINDS } from '../../src/core/scan/config.js';
import { WEDGE_DEFAULTS, WedgeRouter } from '../../src/core/scan/wedge.js';

describe('scanner defaults', () => {
  it('a keyboard-wedge scanner’s defaults: no prefix, Enter at the end, keys 30 ms apart at most, 4 at least, cut at 4096', () => {
    // Most scanners leave the factory sending the code and Enter, nothing before it: a prefix (STX…)
    // is something the operator sets on the scanner and then here, never assumed.
    expect(WEDGE_DEFAULTS).toEqual({ gapMs: 30, minLength: 4, prefix: '', suffix: 'enter', maxLength: 4096 });
    expect(new WedgeRouter().opts).toEqual(WEDGE_DEFAULTS);
    expect(new WedgeRouter({ prefix: '\x02' }).opts).toEqual({ ...WEDGE_DEFAULTS, prefix: '\x02' });
  });

  it('a scanner is added on one of three links: serial, HID POS or keyboard wedge', () => {
    expect([...SCANNER_KINDS].sort()).toEqual(['hid', 'serial', 'wedge']);
  });
});
