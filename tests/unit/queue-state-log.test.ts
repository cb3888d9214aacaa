// The queue's state folded from its log, where the counter screen, the board and the ratings read it:
// a ticket issued with no group, the numbering of a prefix, the time spans at a counter that a trip's
// close or a transfer ends, the board's list of calls, and which ticket a counter finished last.
import { describe, expect, it } from 'vitest';
import { QueueState, RECENT_CALLS } from '../../src/core/queue/state.js';
import { ev, MIN, served, T0 } from './queue-sim.js';

describe('tickets and their numbers', () => {
  it('a ticket issued without a group is in no group (the empty code), as it was issued', () => {
    const s = QueueState.from([ev(1, 1, 'A001', 'issued', T0)]);
    expect([s.tickets.get(1)?.group, s.tickets.get(1)?.originalGroup]).toEqual(['', '']);
  });

  it('the next number of a prefix is above the highest issued, even when a lower one comes later in the log', () => {
    // A restored or merged log can hold A007 after A009: A010 must come next, never a second A008.
    const s = QueueState.from([ev(1, 1, 'A009', 'issued', T0, { group: 'civil' }), ev(2, 2, 'A007', 'issued', T0 + MIN, { group: 'civil' }), ev(3, 3, 'B002', 'issued', T0 + MIN, { group: 'land' })]);
    expect([...s.lastSeq]).toEqual([
      ['A', 9],
      ['B', 2],
    ]);
  });
});

describe('time at a counter', () => {
  const issued = ev(1, 1, 'A001', 'issued', T0, { group: 'civil' });
  const called = ev(2, 1, 'A001', 'called', T0 + MIN, { counter: 1 });
  const started = ev(3, 1, 'A001', 'started', T0 + 2 * MIN, { counter: 1 });

  it('the trip closing on a called ticket ends its time at the counter (not as a service)', () => {
    const s = QueueState.from([issued, called, ev(3, 1, 'A001', 'closed', T0 + 5 * MIN)]);
    expect(s.spans).toEqual([{ ticketId: 1, counter: 1, group: 'civil', start: T0 + MIN, end: T0 + 5 * MIN, endReason: 'closed' }]);
    expect(s.tickets.get(1)?.status).toBe('unserved');
  });

  it('the trip closing on a ticket being served ends its time from the start of service', () => {
    const s = QueueState.from([issued, called, started, ev(4, 1, 'A001', 'closed', T0 + 5 * MIN)]);
    expect(s.spans).toEqual([{ ticketId: 1, counter: 1, group: 'civil', start: T0 + 2 * MIN, end: T0 + 5 * MIN, endReason: 'closed' }]);
  });

  it('a called ticket transferred to another group ends its time at the counter, then waits in the new group', () => {
    const s = QueueState.from([issued, called, ev(3, 1, 'A001', 'transferred', T0 + 4 * MIN, { group: 'land' })]);
    expect(s.spans).toEqual([{ ticketId: 1, counter: 1, group: 'civil', start: T0 + MIN, end: T0 + 4 * MIN, endReason: 'transferred' }]);
    expect(s.tickets.get(1)).toMatchObject({ status: 'waiting', group: 'land', originalGroup: 'civil', counter: null });
  });
});

describe("the board's calls", () => {
  it(`keeps the ${RECENT_CALLS} newest calls, no fewer`, () => {
    const events = Array.from({ length: RECENT_CALLS + 1 }, (_, i) => [
      ev(2 * i + 1, i + 1, `A${String(i + 1).padStart(3, '0')}`, 'issued', T0, { group: 'civil' }),
      ev(2 * i + 2, i + 1, `A${String(i + 1).padStart(3, '0')}`, 'called', T0 + i * MIN, { counter: 1 }),
    ]).flat();
    const s = QueueState.from(events);
    expect(s.recentCalls.map((c) => c.label)).toEqual(Array.from({ length: RECENT_CALLS }, (_, i) => `A${String(RECENT_CALLS + 1 - i).padStart(3, '0')}`));
  });
});

describe('the ticket a counter finished last (the one a rating is for)', () => {
  const A1 = ev(1, 1, 'A001', 'issued', T0, { group: 'civil' });
  const A2 = ev(2, 2, 'A002', 'issued', T0 + MIN, { group: 'civil' });

  it('none while the counter has only called a ticket', () => {
    const s = QueueState.from([A1, ev(3, 1, 'A001', 'called', T0 + 2 * MIN, { counter: 1 })]);
    expect(s.lastFinishedAt(1)).toBe(undefined);
  });

  it("each counter's own: a later finish at another counter does not count", () => {
    const s = QueueState.from([
      A1,
      A2,
      ...served(3, 1, 'A001', 1, T0 + 2 * MIN, T0 + 5 * MIN),
      ...served(5, 2, 'A002', 2, T0 + 3 * MIN, T0 + 6 * MIN),
    ]);
    expect([s.lastFinishedAt(1)?.label, s.lastFinishedAt(2)?.label, s.lastFinishedAt(3)]).toEqual(['A001', 'A002', undefined]);
  });

  it('the one finished last, not the one issued last', () => {
    // A002 (a priority citizen) called and finished first, then A001.
    const s = QueueState.from([
      A1,
      A2,
      ...served(3, 2, 'A002', 1, T0 + 2 * MIN, T0 + 5 * MIN),
      ...served(5, 1, 'A001', 1, T0 + 6 * MIN, T0 + 9 * MIN),
    ]);
    expect(s.lastFinishedAt(1)?.label).toBe('A001');
  });

  it('two finished in the same millisecond: the later in the log', () => {
    for (const [first, second] of [
      ['A001', 'A002'],
      ['A002', 'A001'],
    ] as const) {
      const id = (l: string) => (l === 'A001' ? 1 : 2);
      const s = QueueState.from([
        A1,
        A2,
        ...served(3, id(first), first, 1, T0 + 2 * MIN, T0 + 5 * MIN),
        ...served(5, id(second), second, 1, T0 + 5 * MIN, T0 + 5 * MIN),
      ]);
      expect(s.lastFinishedAt(1)?.label).toBe(second);
    }
  });

  it('by the log, when the clock that stamped the later finish was behind', () => {
    const s = QueueState.from([
      A1,
      A2,
      ...served(3, 1, 'A001', 1, T0 + 2 * MIN, T0 + 5 * MIN),
      ...served(5, 2, 'A002', 1, T0 + 3 * MIN, T0 + 4 * MIN),
    ]);
    expect(s.lastFinishedAt(1)?.label).toBe('A002');
  });
});

describe('the last finished ticket, once the log moves it on', () => {
  it('a finished ticket called again (back at the counter) is not the one rated; the one finished before it is', () => {
    const s = QueueState.from([
      ev(1, 1, 'A001', 'issued', T0, { group: 'civil' }),
      ev(2, 2, 'A002', 'issued', T0, { group: 'civil' }),
      ...served(3, 1, 'A001', 1, T0 + MIN, T0 + 2 * MIN),
      ...served(5, 2, 'A002', 1, T0 + 3 * MIN, T0 + 4 * MIN),
      ev(7, 2, 'A002', 'resumed', T0 + 5 * MIN, { counter: 1 }),
    ]);
    expect(s.lastFinishedAt(1)?.label).toBe('A001');
  });

  it('a ticket finished again (a second finish in the log) is the last finished from then on', () => {
    const s = QueueState.from([
      ev(1, 1, 'A001', 'issued', T0, { group: 'civil' }),
      ev(2, 2, 'A002', 'issued', T0, { group: 'civil' }),
      ...served(3, 1, 'A001', 1, T0 + MIN, T0 + 2 * MIN),
      ...served(5, 2, 'A002', 1, T0 + 3 * MIN, T0 + 4 * MIN),
      ev(7, 1, 'A001', 'finished', T0 + 5 * MIN, { counter: 1 }),
    ]);
    expect(s.lastFinishedAt(1)?.label).toBe('A001');
  });
});
