// Arrival order is the issue time, not the ticket number nor the order the log holds the tickets in:
// two kiosks whose clocks differ by seconds can give ticket 2 an earlier time than ticket 1. The
// counters call (and the forecast lists) the earlier arrival first, priority and ordinary alike.
import { describe, expect, it } from 'vitest';
import { callOrder, forecast, pickNext } from '../../src/core/queue/rules.js';
import { QueueState } from '../../src/core/queue/state.js';
import type { QueueEvent } from '../../src/core/queue/types.js';
import { C1, GROUPS, MIN, RULES, T0 } from './queue-sim.js';

const SEC = 1000;

function issued(id: number, label: string, at: number, priority: string | null = null): QueueEvent {
  return { id, ticketId: id, label, type: 'issued', at, counter: null, group: 'civil', priority, operator: null };
}

/** A001, A002 priority; A003, A004 ordinary; each second ticket stamped earlier than the one before it. */
function skewed(): QueueState {
  return QueueState.from([
    issued(1, 'A001', T0 + 30 * SEC, 'elderly'),
    issued(2, 'A002', T0 + 10 * SEC, 'elderly'),
    issued(3, 'A003', T0 + 50 * SEC),
    issued(4, 'A004', T0 + 40 * SEC),
  ]);
}

describe('arrival order when ticket numbers and issue times disagree', () => {
  it('callOrder takes each rank by issue time', () => {
    expect(callOrder(skewed(), C1, RULES).map((t) => t.label)).toEqual(['A002', 'A001', 'A004', 'A003']);
  });

  it('pickNext calls the earliest priority arrival, then (with no priority waiting) the earliest ordinary one', () => {
    expect(pickNext(skewed(), C1, RULES)?.label).toBe('A002');
    const ordOnly = QueueState.from([issued(1, 'A001', T0 + 30 * SEC), issued(2, 'A002', T0 + 10 * SEC)]);
    expect(pickNext(ordOnly, C1, RULES)?.label).toBe('A002');
  });

  it('the forecast lists the group in the same order, a typical service (8 min) apart', () => {
    const line = forecast(skewed(), GROUPS, [C1], RULES, T0 + MIN).get('civil')!;
    expect(line.map((w) => [w.ticket.label, w.ahead, w.estimateMs])).toEqual([
      ['A002', 0, 0],
      ['A001', 1, 8 * MIN],
      ['A004', 2, 16 * MIN],
      ['A003', 3, 24 * MIN],
    ]);
  });

  it('a counter whose priority streak is spent still calls priority citizens when no ordinary one waits', () => {
    const prioOnly = QueueState.from([issued(1, 'A001', T0, 'elderly'), issued(2, 'A002', T0 + SEC, 'pregnant'), issued(3, 'A003', T0 + 2 * SEC, 'disability')]);
    const order = callOrder(prioOnly, C1, RULES, RULES.maxPriorityInARow).map((t) => t.label);
    expect(order).toEqual(['A001', 'A002', 'A003']);
  });
});
