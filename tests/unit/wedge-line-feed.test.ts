// The keyboard-wedge router and line feeds: only the LF of a CR LF that ended a scan belongs to that
// scan. Every other LF (Ctrl+J, or the Enter of a terminal that sends LF) is a key the operator
// pressed and reaches the screen.
import { describe, expect, it } from 'vitest';
import { WedgeRouter } from '../../src/core/scan/wedge.js';
import { outputs } from '../helpers/wedge.js';

describe('line feeds around scans', () => {
  it('an LF as the very first input is a key', () => {
    expect(new WedgeRouter().push('\n', 0)).toEqual([{ kind: 'keys', raw: '\n' }]);
    expect(new WedgeRouter().push('\n', 5_000)).toEqual([{ kind: 'keys', raw: '\n' }]);
  });

  it('an LF right after an arrow key is a key', () => {
    const r = new WedgeRouter();
    expect(r.push('\x1b[A', 0)).toEqual([{ kind: 'keys', raw: '\x1b[A' }]);
    expect(r.push('\n', 50)).toEqual([{ kind: 'keys', raw: '\n' }]);
  });

  it('after a scan ended by CR, an arrow key and then an LF are both keys', () => {
    expect(outputs([['A012\r', 0], ['\x1b[B', 1], ['\n', 2]])).toEqual([
      { kind: 'echo', raw: 'A012' },
      { kind: 'scan', text: 'A012', echoed: 'A012' },
      { kind: 'keys', raw: '\x1b[B' },
      { kind: 'keys', raw: '\n' },
    ]);
  });

  it('a scan ended by LF: an LF after it is another Enter, a key', () => {
    expect(outputs([['A012\n', 0], ['\n', 100]])).toEqual([
      { kind: 'echo', raw: 'A012' },
      { kind: 'scan', text: 'A012', echoed: 'A012' },
      { kind: 'keys', raw: '\n' },
    ]);
    // in one chunk too
    expect(outputs([['A012\n\n', 0]])).toEqual([
      { kind: 'echo', raw: 'A012' },
      { kind: 'scan', text: 'A012', echoed: 'A012' },
      { kind: 'keys', raw: '\n' },
    ]);
  });

  it('with a prefix: an LF after a scan ended by LF or by Tab is a key; after CR it is the scan ending', () => {
    expect(outputs([['\x02A012\n', 0], ['\n', 100]], { prefix: '\x02' })).toEqual([
      { kind: 'scan', text: 'A012', echoed: '' },
      { kind: 'keys', raw: '\n' },
    ]);
    expect(outputs([['\x02A012\t', 0], ['\n', 100]], { prefix: '\x02', suffix: 'tab' })).toEqual([
      { kind: 'scan', text: 'A012', echoed: '' },
      { kind: 'keys', raw: '\n' },
    ]);
    expect(outputs([['\x02A012\r', 0], ['\n', 1]], { prefix: '\x02' })).toEqual([{ kind: 'scan', text: 'A012', echoed: '' }]);
  });
});
