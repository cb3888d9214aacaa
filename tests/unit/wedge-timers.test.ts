// How long the keyboard-wedge router asks its caller to wait before deciding (pendingMs): the caller
// runs one timer for it, so it must count from the last key, on any clock, and must also count for a
// prefix still waiting for its scan (without a timer a stray prefix would hold the keys after it
// until the next key came).
import { describe, expect, it } from 'vitest';
import { WedgeRouter } from '../../src/core/scan/wedge.js';

describe('the wedge router timer', () => {
  it('an undecided burst waits gapMs from its last key, on a clock well past zero', () => {
    const r = new WedgeRouter({ gapMs: 30 });
    const t0 = 1_733_300_000_000;
    expect(r.pendingMs(t0)).toBeNull();
    r.push('a', t0);
    expect(r.pendingMs(t0)).toBe(30);
    expect(r.pendingMs(t0 + 10)).toBe(20);
    r.push('b', t0 + 12);
    expect(r.pendingMs(t0 + 20)).toBe(22);
    expect(r.pendingMs(t0 + 100)).toBe(0);
  });

  it('a prefix waits half a second from the last character of its scan', () => {
    const r = new WedgeRouter({ prefix: '\x02' });
    const t0 = 90_000;
    r.push('\x02', t0);
    expect(r.pendingMs(t0)).toBe(500);
    expect(r.pendingMs(t0 + 100)).toBe(400);
    r.push('A0', t0 + 300);
    expect(r.pendingMs(t0 + 400)).toBe(400);
    expect(r.pendingMs(t0 + 800)).toBe(0);
    expect(r.pendingMs(t0 + 5_000)).toBe(0);
  });

  it("a caller that waits as told (pendingMs + 1, as the screen's timer does) gets the stray prefix's keys back", () => {
    const r = new WedgeRouter({ prefix: '\x02' });
    r.push('\x02ab', 2_000);
    const wait = r.pendingMs(2_000);
    expect(wait).toBe(500);
    expect(r.flushIfQuiet(2_000 + (wait as number) + 1)).toEqual([{ kind: 'keys', raw: 'ab' }]);
    expect(r.pendingMs(2_600)).toBeNull();
  });
});
