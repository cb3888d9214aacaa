// The keyboard-wedge router with a configured prefix: what follows it is a scan whatever the timing,
// never echoed; a prefix of several characters is taken out whole; a stuck trigger after a prefix is
// cut at maxLength like any other; a stray prefix (no suffix within half a second) gives back what
// followed it as keys and leaves the router as it was, so the next scan and the next typing are
// unharmed.
import { describe, expect, it } from 'vitest';
import { WedgeRouter } from '../../src/core/scan/wedge.js';
import { outputs } from '../helpers/wedge.js';

describe('wedge scans after a prefix', () => {
  it('a prefix of several characters is taken out whole, however the scan arrives', () => {
    expect(outputs([['#S:A012\r', 0]], { prefix: '#S:' })).toEqual([{ kind: 'scan', text: 'A012', echoed: '' }]);
    expect(outputs([['#S:001152012345\r', 0]], { prefix: '#S:' })).toEqual([{ kind: 'scan', text: '001152012345', echoed: '' }]);
    expect(outputs([['ab', 0], ['#S:A012', 5], ['\r', 300]], { prefix: '#S:' })).toEqual([
      { kind: 'echo', raw: 'ab' },
      { kind: 'typed', raw: 'ab' },
      { kind: 'scan', text: 'A012', echoed: '' },
    ]);
  });

  it('a stuck trigger after a prefix is cut at maxLength; what follows the cut is a burst of its own', () => {
    const x = (n: number) => 'x'.repeat(n);
    expect(outputs([[`\x02${x(25)}`, 0]], { prefix: '\x02', maxLength: 10 })).toEqual([
      { kind: 'scan', text: x(10), echoed: '' },
      { kind: 'echo', raw: x(10) },
      { kind: 'scan', text: x(10), echoed: x(10) },
      { kind: 'echo', raw: x(5) },
      { kind: 'typed', raw: x(5) },
    ]);
    // exactly maxLength: one scan of them all, nothing held
    expect(outputs([[`\x02${x(10)}`, 0]], { prefix: '\x02', maxLength: 10 })).toEqual([{ kind: 'scan', text: x(10), echoed: '' }]);
    // the next prefixed scan is its own text only
    expect(outputs([[`\x02${x(10)}`, 0], ['\x02A012\r', 100]], { prefix: '\x02', maxLength: 10 })).toEqual([
      { kind: 'scan', text: x(10), echoed: '' },
      { kind: 'scan', text: 'A012', echoed: '' },
    ]);
  });

  it('a stray prefix gives its keys back after half a second, not before', () => {
    const r = new WedgeRouter({ prefix: '\x02' });
    expect(r.push('\x02ab', 1000)).toEqual([]);
    expect(r.flushIfQuiet(1499)).toEqual([]);
    expect(r.flushIfQuiet(1500)).toEqual([]);
    expect(r.flushIfQuiet(1501)).toEqual([{ kind: 'keys', raw: 'ab' }]);
    expect(r.flushIfQuiet(3000)).toEqual([]);
    expect(r.pendingMs(3000)).toBeNull();
  });

  it('after a stray prefix, typing is typing and the next scan is its own text', () => {
    const r = new WedgeRouter({ prefix: '\x02' });
    expect(r.push('\x02ab', 0)).toEqual([]);
    expect(r.flushIfQuiet(600)).toEqual([{ kind: 'keys', raw: 'ab' }]);
    // typing after it is echoed at once, as without a prefix
    expect(r.push('c', 700)).toEqual([{ kind: 'echo', raw: 'c' }]);
    expect(r.flushIfQuiet(800)).toEqual([{ kind: 'typed', raw: 'c' }]);
    expect(r.push('\x02A012\r', 900)).toEqual([{ kind: 'scan', text: 'A012', echoed: '' }]);
  });
});
